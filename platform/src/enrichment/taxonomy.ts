import { type CategoryId, categoryLabels } from '@finpersona/plugin-sdk';

/** A category id of the taxonomy: the SDK's catalogue (`categoryIds`), which plugins share. */
export type { CategoryId };

/**
 * The category taxonomy every transaction is sorted into (issue 6, enrichment). Ids are fixed (lower-case
 * kebab) because features (`spend.category.<id>`), budgets, rules and stored rows refer to them: ids may be
 * added, never renamed. `kind` says which way the money moves in the customer's eyes:
 * - `income`: money the customer earns or gets back;
 * - `spending`: money the customer spends (the only kind behind `spend.category.<id>` features);
 * - `transfer`: money moved between accounts (the customer's own or other people's) that is neither;
 * - `cash`: money turned into or out of cash.
 */
export type CategoryKind = 'income' | 'spending' | 'transfer' | 'cash';

export interface Category {
  readonly id: CategoryId;
  readonly kind: CategoryKind;
  /** A short English label for screens (the SDK's `categoryLabels.en`; other languages: `categoryLabel`). */
  readonly label: string;
  /** What belongs in the category (documentation, also shown to staff writing rules). */
  readonly description: string;
}

/** Each category's kind and description; ids and labels are the SDK's (`categoryIds`, `categoryLabels`). */
const definitions = [
  // income
  { id: 'salary', kind: 'income', description: 'Wages and salary from an employer.' },
  {
    id: 'pension',
    kind: 'income',
    description: 'State, occupational or private pension payments.',
  },
  {
    id: 'benefits',
    kind: 'income',
    description: 'Social security and other public benefits (child, unemployment, housing allowances).',
  },
  {
    id: 'interest-income',
    kind: 'income',
    description: 'Interest and dividends credited to the customer.',
  },
  {
    id: 'refunds',
    kind: 'income',
    description: 'Money returned by a merchant or a biller (card refunds, reversed charges).',
  },
  {
    id: 'other-income',
    kind: 'income',
    description: 'Income that fits no other category.',
  },
  // transfer
  {
    id: 'transfer-in',
    kind: 'transfer',
    description: 'Money received from another person or from another of the customer’s accounts.',
  },
  {
    id: 'transfer-out',
    kind: 'transfer',
    description: 'Money sent to another person or to another of the customer’s accounts.',
  },
  {
    id: 'savings-transfer',
    kind: 'transfer',
    description:
      'Money moved into savings or investment (standing orders to a savings account, fund purchases).',
  },
  // cash
  {
    id: 'cash-withdrawal',
    kind: 'cash',
    description: 'Cash taken out at an ATM or a branch.',
  },
  {
    id: 'cash-deposit',
    kind: 'cash',
    description: 'Cash paid in at an ATM or a branch.',
  },
  // spending
  { id: 'housing', kind: 'spending', description: 'Rent and mortgage payments.' },
  {
    id: 'household-bills',
    kind: 'spending',
    description: 'Utilities (energy, water, telecoms, broadband) and other household payments.',
  },
  { id: 'insurance', kind: 'spending', description: 'Insurance premiums of any kind.' },
  {
    id: 'groceries',
    kind: 'spending',
    description: 'Supermarkets, food and household shops.',
  },
  {
    id: 'eating-out',
    kind: 'spending',
    description: 'Restaurants, cafés, bars, fast food and food delivery.',
  },
  {
    id: 'transport',
    kind: 'spending',
    description: 'Fuel, public transport, taxis and ride hailing, parking, tolls, car maintenance.',
  },
  {
    id: 'shopping',
    kind: 'spending',
    description: 'Clothing, electronics, home goods, department stores and online marketplaces.',
  },
  {
    id: 'subscriptions',
    kind: 'spending',
    description: 'Recurring digital services: streaming, software, memberships.',
  },
  {
    id: 'entertainment',
    kind: 'spending',
    description: 'Cinema, events, games, hobbies and sport.',
  },
  {
    id: 'health',
    kind: 'spending',
    description: 'Pharmacies, doctors, dentists, opticians.',
  },
  {
    id: 'education',
    kind: 'spending',
    description: 'School and tuition fees, courses, books for study.',
  },
  {
    id: 'travel',
    kind: 'spending',
    description: 'Flights, trains for long journeys, hotels, car hire and travel agencies.',
  },
  {
    id: 'bank-fees',
    kind: 'spending',
    description: 'Account, card and payment fees charged by a bank.',
  },
  {
    id: 'interest-charges',
    kind: 'spending',
    description: 'Interest and penalty interest charged on overdrafts, cards and loans.',
  },
  {
    id: 'loan-repayment',
    kind: 'spending',
    description: 'Instalments of loans, leasing and credit-card balances (mortgages are housing).',
  },
  { id: 'taxes', kind: 'spending', description: 'Income, property and other taxes paid.' },
  {
    id: 'charity',
    kind: 'spending',
    description: 'Donations to charities and non-profits.',
  },
  {
    id: 'other-spending',
    kind: 'spending',
    description: 'Spending that fits no other category.',
  },
] as const satisfies readonly Omit<Category, 'label'>[];

// Compile-time check that the taxonomy describes every id of the SDK's catalogue (`satisfies` above checks
// the other direction: no id here that the SDK lacks); `taxonomy.test.ts` checks the same at run time.
const describesEveryId: Exclude<CategoryId, (typeof definitions)[number]['id']> extends never ? true : never =
  true;
void describesEveryId;

/** The taxonomy in its order, each category with its English label. */
export const categories: readonly Category[] = definitions.map((category) => ({
  ...category,
  label: categoryLabels.en[category.id],
}));

const kindById: ReadonlyMap<string, CategoryKind> = new Map(
  categories.map((category) => [category.id, category.kind]),
);

/** Whether a string is a category id of the taxonomy (for input from clients, rules and the database). */
export function isCategoryId(value: unknown): value is CategoryId {
  return typeof value === 'string' && kindById.has(value);
}

/** The kind of a category. */
export function categoryKind(id: CategoryId): CategoryKind {
  const kind = kindById.get(id);
  if (!kind) throw new RangeError(`Unknown category "${String(id)}"`);
  return kind;
}

/** The category ids of one kind, in taxonomy order. */
export function categoryIdsOf(kind: CategoryKind): readonly CategoryId[] {
  return categories.filter((category) => category.kind === kind).map((category) => category.id);
}

/** Who decided a transaction's category; a customer's choice is never overwritten by a sync or a model. */
export const categorySources = ['mcc', 'rule', 'model', 'customer'] as const;
export type CategorySource = (typeof categorySources)[number];
