// The Products page's side of the data provider: the bank's catalogue as a react-admin list (read only).
import type { RaRecord } from 'react-admin';
import type { ProductNode, ProductRegion, ProductType } from './product-queries.ts';

/**
 * A product as a react-admin row. Product ids are unique within their catalogue only (two catalogue plugins
 * may use the same one), so the row's `id` is `<catalogue>/<product id>`; `productId` is the bank's id.
 */
export type ProductRecord = Omit<ProductNode, 'id'> & RaRecord<string> & { productId: string };

export function toProductRecord(node: ProductNode): ProductRecord {
  return { ...node, id: `${node.catalogue}/${node.id}`, productId: node.id };
}

export const productTypes: readonly ProductType[] = [
  'CURRENT_ACCOUNT',
  'SAVINGS_ACCOUNT',
  'FIXED_TERM_DEPOSIT',
  'CREDIT_CARD',
  'PERSONAL_LOAN',
  'MORTGAGE',
  'INVESTMENT_FUND',
  'INSURANCE',
];
export const productRegions: readonly ProductRegion[] = ['EU', 'UK', 'US'];
