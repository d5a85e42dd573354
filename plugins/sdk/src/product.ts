/**
 * The kinds of product a bank sells, shared by the extension points that talk about products: a product
 * catalogue lists them, a compliance rule pack restricts who may be offered which kind, a recommendation
 * model scores them. A bank's own product names and attributes live in its catalogue; these are the kinds
 * the platform reasons about.
 */
export const productTypes = [
  'current-account',
  'savings-account',
  'fixed-term-deposit',
  'credit-card',
  'personal-loan',
  'mortgage',
  'investment-fund',
  'insurance',
] as const;
export type ProductType = (typeof productTypes)[number];

/** Product kinds that lend the customer money (credit rules apply to them: arrears, affordability). */
export const creditProductTypes: readonly ProductType[] = ['credit-card', 'personal-loan', 'mortgage'];

/** Product kinds whose value can fall (investment suitability rules apply to them). */
export const investmentProductTypes: readonly ProductType[] = ['investment-fund'];
