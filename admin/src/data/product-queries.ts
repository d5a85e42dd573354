// GraphQL documents of the staff's Products page (the API's code-first schema in platform/src/products is the
// source of truth): the bank's products from its enabled product-catalogue plugins, read only.
import { connectionDocuments } from './queries.ts';

/** The SDK's product types (`ProductType`), as the API's enum. */
export type ProductType =
  | 'CURRENT_ACCOUNT'
  | 'SAVINGS_ACCOUNT'
  | 'FIXED_TERM_DEPOSIT'
  | 'CREDIT_CARD'
  | 'PERSONAL_LOAN'
  | 'MORTGAGE'
  | 'INVESTMENT_FUND'
  | 'INSURANCE';

export type ProductRegion = 'EU' | 'UK' | 'US';

/** An amount in integer minor units (a decimal string) and its ISO 4217 currency. */
export interface MoneyNode {
  minor: string;
  currency: string;
}

export interface ProductFeeNode {
  kind: string;
  frequency: string;
  amount: MoneyNode | null;
  basisPoints: number | null;
  description: string | null;
}

export interface ProductRateNode {
  kind: string;
  basisPoints: number;
  type: string;
  fixedForMonths: number | null;
  fromAmount: MoneyNode | null;
  description: string | null;
}

/** One of the bank's products; `id` is unique within its `catalogue` (the plugin id) only. */
export interface ProductNode {
  id: string;
  catalogue: string;
  name: string;
  type: ProductType;
  summary: string | null;
  currency: string;
  regions: ProductRegion[];
  fees: ProductFeeNode[];
  rates: ProductRateNode[];
  limits: {
    minAmount: MoneyNode | null;
    maxAmount: MoneyNode | null;
    minTermMonths: number | null;
    maxTermMonths: number | null;
  };
  eligibility: {
    minAge: number | null;
    maxAge: number | null;
    residency: string[];
    minAnnualIncome: MoneyNode | null;
    creditCheck: string;
    maxLoanToValueBasisPoints: number | null;
    notes: string[];
  };
  disclosures: { kind: string; title: string; url: string; version: string; language: string }[];
  illustrative: boolean;
}

const MONEY = 'minor currency';

const productsConnection = connectionDocuments({
  operation: 'Products',
  args: '$first: Int!, $after: String, $type: ProductType, $region: Region',
  call: 'products(first: $first, after: $after, filter: { type: $type, region: $region })',
  node: `
    id catalogue name type summary currency regions illustrative
    fees { kind frequency amount { ${MONEY} } basisPoints description }
    rates { kind basisPoints type fixedForMonths fromAmount { ${MONEY} } description }
    limits { minAmount { ${MONEY} } maxAmount { ${MONEY} } minTermMonths maxTermMonths }
    eligibility {
      minAge maxAge residency minAnnualIncome { ${MONEY} } creditCheck maxLoanToValueBasisPoints notes
    }
    disclosures { kind title url version language }
  `,
});
export const PRODUCTS_PAGE = productsConnection.page;
export const PRODUCTS_CURSORS = productsConnection.cursors;
