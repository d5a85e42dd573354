import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { type EnumValue, graphqlEnum } from '../graphql-enums';
import type { Money, ProductType } from '@finpersona/plugin-sdk';
import { MoneyView } from '../money';
import { PageInfoView } from '../pagination';
import { requestLocale } from '../request-context';
import { RegionValue } from '../tenancy';
import type { CatalogueProduct } from './products.service';

export const ProductTypeValue = graphqlEnum(
  'ProductType',
  {
    CURRENT_ACCOUNT: 'current-account',
    SAVINGS_ACCOUNT: 'savings-account',
    FIXED_TERM_DEPOSIT: 'fixed-term-deposit',
    CREDIT_CARD: 'credit-card',
    PERSONAL_LOAN: 'personal-loan',
    MORTGAGE: 'mortgage',
    INVESTMENT_FUND: 'investment-fund',
    INSURANCE: 'insurance',
  },
  { description: 'The kinds of product the platform reasons about (the SDK’s `ProductType`).' },
);
export type ProductTypeValue = EnumValue<typeof ProductTypeValue>;

const money = (value: Money | undefined) => (value ? MoneyView.of(value) : null);

@ObjectType('ProductFee', {
  description:
    'A fee: a fixed `amount` or `basisPoints` of what it applies to (1 bp = 0.01 %); the SDK lists the kinds and frequencies.',
})
export class ProductFeeView {
  @Field(() => String, { description: 'e.g. annual, foreign-transaction, early-repayment, premium.' })
  kind!: string;
  @Field(() => String, { description: 'once, monthly, quarterly, annually or per-event.' })
  frequency!: string;
  @Field(() => MoneyView, { nullable: true }) amount!: MoneyView | null;
  @Field(() => Int, { nullable: true }) basisPoints!: number | null;
  @Field(() => String, { nullable: true }) description!: string | null;
}

@ObjectType('ProductRate', { description: 'A rate in basis points (4.35 % is 435), fixed or variable.' })
export class ProductRateView {
  @Field(() => String, { description: 'interest, aer, apy, apr, representative-apr, purchase-apr, …' })
  kind!: string;
  @Field(() => Int) basisPoints!: number;
  @Field(() => String, { description: 'fixed or variable.' }) type!: string;
  @Field(() => Int, { nullable: true, description: 'Months a fixed rate is fixed for.' })
  fixedForMonths!: number | null;
  @Field(() => MoneyView, { nullable: true, description: 'For tiered rates: the balance it applies from.' })
  fromAmount!: MoneyView | null;
  @Field(() => String, { nullable: true }) description!: string | null;
}

@ObjectType('ProductLimits', { description: 'Amount (deposit, loan, credit limit, cover) and term bounds.' })
export class ProductLimitsView {
  @Field(() => MoneyView, { nullable: true }) minAmount!: MoneyView | null;
  @Field(() => MoneyView, { nullable: true }) maxAmount!: MoneyView | null;
  @Field(() => Int, { nullable: true }) minTermMonths!: number | null;
  @Field(() => Int, { nullable: true }) maxTermMonths!: number | null;
}

@ObjectType('ProductEligibility', { description: 'Who may hold the product.' })
export class ProductEligibilityView {
  @Field(() => Int, { nullable: true }) minAge!: number | null;
  @Field(() => Int, { nullable: true }) maxAge!: number | null;
  @Field(() => [String], { description: 'ISO 3166-1 alpha-2 countries of residence; empty: any.' })
  residency!: string[];
  @Field(() => MoneyView, { nullable: true }) minAnnualIncome!: MoneyView | null;
  @Field(() => String, { description: 'none, soft or hard.' }) creditCheck!: string;
  @Field(() => Int, { nullable: true, description: 'Highest loan-to-value in basis points.' })
  maxLoanToValueBasisPoints!: number | null;
  @Field(() => [String], { description: 'Criteria for people to read.' }) notes!: string[];
}

@ObjectType('ProductDisclosure', { description: 'A disclosure document (terms, key facts, KID, IPID, …).' })
export class ProductDisclosureView {
  @Field(() => String) kind!: string;
  @Field(() => String) title!: string;
  @Field(() => String) url!: string;
  @Field(() => String) version!: string;
  @Field(() => String, { description: 'BCP 47 language tag.' }) language!: string;
}

@ObjectType('Product', { description: "One of the bank's products, from its enabled catalogue plugin(s)." })
export class ProductView {
  @Field(() => ID, { description: "The bank's product id (unique within its catalogue)." }) id!: string;
  @Field(() => String, { description: 'The catalogue plugin it comes from (e.g. catalogue-retail).' })
  catalogue!: string;
  @Field(() => String, {
    description:
      'In the request’s language (`Accept-Language`) when the catalogue translates it, else as the bank wrote it.',
  })
  name!: string;
  @Field(() => ProductTypeValue) type!: ProductTypeValue;
  @Field(() => String, { nullable: true, description: 'Like `name`: translated when the catalogue has it.' })
  summary!: string | null;
  @Field(() => String, { description: 'ISO 4217 code; every amount of the product is in it.' })
  currency!: string;
  @Field(() => [RegionValue], { description: 'Regions of customers it is offered to.' })
  regions!: RegionValue[];
  @Field(() => [ProductFeeView]) fees!: ProductFeeView[];
  @Field(() => [ProductRateView]) rates!: ProductRateView[];
  @Field(() => ProductLimitsView) limits!: ProductLimitsView;
  @Field(() => ProductEligibilityView) eligibility!: ProductEligibilityView;
  @Field(() => [ProductDisclosureView]) disclosures!: ProductDisclosureView[];
  @Field(() => Boolean, { description: 'True when the figures are examples, not a live offer: say so.' })
  illustrative!: boolean;

  static of({ catalogue, product }: CatalogueProduct): ProductView {
    const { limits, eligibility } = product;
    // The bank's own words in the request's language when its catalogue has them, else as it wrote them.
    const translation = product.translations?.[requestLocale()];
    return Object.assign(new ProductView(), {
      id: product.id,
      catalogue,
      name: translation?.name ?? product.name,
      type: product.type as ProductTypeValue,
      summary: translation?.summary ?? product.summary ?? null,
      currency: product.currency,
      regions: product.regions.map((region) => region as RegionValue),
      fees: product.fees.map((fee) =>
        Object.assign(new ProductFeeView(), {
          kind: fee.kind,
          frequency: fee.frequency,
          amount: money(fee.amount),
          basisPoints: fee.basisPoints ?? null,
          description: fee.description ?? null,
        }),
      ),
      rates: product.rates.map((rate) =>
        Object.assign(new ProductRateView(), {
          kind: rate.kind,
          basisPoints: rate.basisPoints,
          type: rate.type,
          fixedForMonths: rate.fixedForMonths ?? null,
          fromAmount: money(rate.fromAmount),
          description: rate.description ?? null,
        }),
      ),
      limits: Object.assign(new ProductLimitsView(), {
        minAmount: money(limits.amount?.min),
        maxAmount: money(limits.amount?.max),
        minTermMonths: limits.termMonths?.min ?? null,
        maxTermMonths: limits.termMonths?.max ?? null,
      }),
      eligibility: Object.assign(new ProductEligibilityView(), {
        minAge: eligibility.minAge ?? null,
        maxAge: eligibility.maxAge ?? null,
        residency: [...(eligibility.residency ?? [])],
        minAnnualIncome: money(eligibility.minAnnualIncome),
        creditCheck: eligibility.creditCheck,
        maxLoanToValueBasisPoints: eligibility.maxLoanToValueBasisPoints ?? null,
        notes: [...(eligibility.notes ?? [])],
      }),
      disclosures: product.disclosures.map((document) =>
        Object.assign(new ProductDisclosureView(), document),
      ),
      illustrative: product.illustrative === true,
    });
  }
}

@ObjectType('ProductEdge')
export class ProductEdgeView {
  @Field(() => String) cursor!: string;
  @Field(() => ProductView) node!: ProductView;
}

@ObjectType('ProductConnection')
export class ProductConnectionView {
  @Field(() => [ProductEdgeView]) edges!: ProductEdgeView[];
  @Field(() => PageInfoView) pageInfo!: PageInfoView;
  @Field(() => Int, { description: 'Products matching the filter, over all pages.' }) totalCount!: number;
}

@InputType('ProductFilter')
export class ProductFilterValue {
  @Field(() => ProductTypeValue, { nullable: true }) type?: ProductTypeValue | null;
  @Field(() => RegionValue, {
    nullable: true,
    description: "Products offered in this region (customers see only their bank's region anyway).",
  })
  region?: RegionValue | null;
}

/** The SDK's product type of a GraphQL value (they are the same strings). */
export const productTypeOf = (value: ProductTypeValue): ProductType => value as ProductType;
