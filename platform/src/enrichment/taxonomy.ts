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
  readonly id: string;
  readonly kind: CategoryKind;
  /** A short English label for screens. */
  readonly label: string;
  /** What belongs in the category (documentation, also shown to staff writing rules). */
  readonly description: string;
}

export const categories = [
  // income
  { id: 'salary', kind: 'income', label: 'Salary', description: 'Wages and salary from an employer.' },
  {
    id: 'pension',
    kind: 'income',
    label: 'Pension',
    description: 'State, occupational or private pension payments.',
  },
  {
    id: 'benefits',
    kind: 'income',
    label: 'Benefits',
    description: 'Social security and other public benefits (child, unemployment, housing allowances).',
  },
  {
    id: 'interest-income',
    kind: 'income',
    label: 'Interest earned',
    description: 'Interest and dividends credited to the customer.',
  },
  {
    id: 'refunds',
    kind: 'income',
    label: 'Refunds',
    description: 'Money returned by a merchant or a biller (card refunds, reversed charges).',
  },
  {
    id: 'other-income',
    kind: 'income',
    label: 'Other income',
    description: 'Income that fits no other category.',
  },
  // transfer
  {
    id: 'transfer-in',
    kind: 'transfer',
    label: 'Transfer in',
    description: 'Money received from another person or from another of the customer’s accounts.',
  },
  {
    id: 'transfer-out',
    kind: 'transfer',
    label: 'Transfer out',
    description: 'Money sent to another person or to another of the customer’s accounts.',
  },
  {
    id: 'savings-transfer',
    kind: 'transfer',
    label: 'Savings',
    description:
      'Money moved into savings or investment (standing orders to a savings account, fund purchases).',
  },
  // cash
  {
    id: 'cash-withdrawal',
    kind: 'cash',
    label: 'Cash withdrawal',
    description: 'Cash taken out at an ATM or a branch.',
  },
  {
    id: 'cash-deposit',
    kind: 'cash',
    label: 'Cash deposit',
    description: 'Cash paid in at an ATM or a branch.',
  },
  // spending
  { id: 'housing', kind: 'spending', label: 'Housing', description: 'Rent and mortgage payments.' },
  {
    id: 'household-bills',
    kind: 'spending',
    label: 'Household bills',
    description: 'Utilities (energy, water, telecoms, broadband) and other household payments.',
  },
  { id: 'insurance', kind: 'spending', label: 'Insurance', description: 'Insurance premiums of any kind.' },
  {
    id: 'groceries',
    kind: 'spending',
    label: 'Groceries',
    description: 'Supermarkets, food and household shops.',
  },
  {
    id: 'eating-out',
    kind: 'spending',
    label: 'Eating out',
    description: 'Restaurants, cafés, bars, fast food and food delivery.',
  },
  {
    id: 'transport',
    kind: 'spending',
    label: 'Transport',
    description: 'Fuel, public transport, taxis and ride hailing, parking, tolls, car maintenance.',
  },
  {
    id: 'shopping',
    kind: 'spending',
    label: 'Shopping',
    description: 'Clothing, electronics, home goods, department stores and online marketplaces.',
  },
  {
    id: 'subscriptions',
    kind: 'spending',
    label: 'Subscriptions',
    description: 'Recurring digital services: streaming, software, memberships.',
  },
  {
    id: 'entertainment',
    kind: 'spending',
    label: 'Entertainment',
    description: 'Cinema, events, games, hobbies and sport.',
  },
  {
    id: 'health',
    kind: 'spending',
    label: 'Health',
    description: 'Pharmacies, doctors, dentists, opticians.',
  },
  {
    id: 'education',
    kind: 'spending',
    label: 'Education',
    description: 'School and tuition fees, courses, books for study.',
  },
  {
    id: 'travel',
    kind: 'spending',
    label: 'Travel',
    description: 'Flights, trains for long journeys, hotels, car hire and travel agencies.',
  },
  {
    id: 'bank-fees',
    kind: 'spending',
    label: 'Bank fees',
    description: 'Account, card and payment fees charged by a bank.',
  },
  {
    id: 'interest-charges',
    kind: 'spending',
    label: 'Interest charged',
    description: 'Interest and penalty interest charged on overdrafts, cards and loans.',
  },
  {
    id: 'loan-repayment',
    kind: 'spending',
    label: 'Loan repayments',
    description: 'Instalments of loans, leasing and credit-card balances (mortgages are housing).',
  },
  { id: 'taxes', kind: 'spending', label: 'Taxes', description: 'Income, property and other taxes paid.' },
  {
    id: 'charity',
    kind: 'spending',
    label: 'Charity',
    description: 'Donations to charities and non-profits.',
  },
  {
    id: 'other-spending',
    kind: 'spending',
    label: 'Other spending',
    description: 'Spending that fits no other category.',
  },
] as const satisfies readonly Category[];

/** A category id of the taxonomy. */
export type CategoryId = (typeof categories)[number]['id'];

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
