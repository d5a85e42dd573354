/**
 * The platform's category taxonomy as plugins see it: every category id and its display label per language.
 * One copy for the platform (which adds each category's kind, description and MCC mapping in
 * `platform/src/enrichment/taxonomy.ts`) and for plugins (insight texts, model sentences), so a customer
 * meets one name per category everywhere. Ids are fixed (lower-case kebab): features
 * (`spend.category.<id>`), budgets, rules and stored rows refer to them, so ids may be added, never renamed.
 * Labels are nominatives in sentence case, as a list or a heading shows them; a sentence that needs another
 * grammatical form keeps only that form itself.
 */

/** Every category id of the taxonomy, in the taxonomy's order (income, transfer, cash, spending). */
export const categoryIds = [
  'salary',
  'pension',
  'benefits',
  'interest-income',
  'refunds',
  'other-income',
  'transfer-in',
  'transfer-out',
  'savings-transfer',
  'cash-withdrawal',
  'cash-deposit',
  'housing',
  'household-bills',
  'insurance',
  'groceries',
  'eating-out',
  'transport',
  'shopping',
  'subscriptions',
  'entertainment',
  'health',
  'education',
  'travel',
  'bank-fees',
  'interest-charges',
  'loan-repayment',
  'taxes',
  'charity',
  'other-spending',
] as const;

/** A category id of the taxonomy. */
export type CategoryId = (typeof categoryIds)[number];

/** The languages category labels are written in: those the platform answers requests in. */
export const categoryLabelLanguages = ['en', 'sl'] as const;
export type CategoryLabelLanguage = (typeof categoryLabelLanguages)[number];

/** Each category's display label, per language (every id in every language: the types demand it). */
export const categoryLabels: Readonly<Record<CategoryLabelLanguage, Readonly<Record<CategoryId, string>>>> = {
  en: {
    salary: 'Salary',
    pension: 'Pension',
    benefits: 'Benefits',
    'interest-income': 'Interest earned',
    refunds: 'Refunds',
    'other-income': 'Other income',
    'transfer-in': 'Transfer in',
    'transfer-out': 'Transfer out',
    'savings-transfer': 'Savings',
    'cash-withdrawal': 'Cash withdrawal',
    'cash-deposit': 'Cash deposit',
    housing: 'Housing',
    'household-bills': 'Household bills',
    insurance: 'Insurance',
    groceries: 'Groceries',
    'eating-out': 'Eating out',
    transport: 'Transport',
    shopping: 'Shopping',
    subscriptions: 'Subscriptions',
    entertainment: 'Entertainment',
    health: 'Health',
    education: 'Education',
    travel: 'Travel',
    'bank-fees': 'Bank fees',
    'interest-charges': 'Interest charged',
    'loan-repayment': 'Loan repayments',
    taxes: 'Taxes',
    charity: 'Charity',
    'other-spending': 'Other spending',
  },
  sl: {
    salary: 'Plača',
    pension: 'Pokojnina',
    benefits: 'Socialni prejemki',
    'interest-income': 'Prejete obresti',
    refunds: 'Vračila',
    'other-income': 'Drugi prihodki',
    'transfer-in': 'Prejeta nakazila',
    'transfer-out': 'Poslana nakazila',
    'savings-transfer': 'Varčevanje',
    'cash-withdrawal': 'Dvig gotovine',
    'cash-deposit': 'Polog gotovine',
    housing: 'Stanovanje',
    'household-bills': 'Gospodinjski računi',
    insurance: 'Zavarovanja',
    groceries: 'Živila',
    'eating-out': 'Hrana zunaj doma',
    transport: 'Prevoz',
    shopping: 'Nakupovanje',
    subscriptions: 'Naročnine',
    entertainment: 'Zabava',
    health: 'Zdravje',
    education: 'Izobraževanje',
    travel: 'Potovanja',
    'bank-fees': 'Bančni stroški',
    'interest-charges': 'Plačane obresti',
    'loan-repayment': 'Odplačila posojil',
    taxes: 'Davki',
    charity: 'Dobrodelnost',
    'other-spending': 'Drugi izdatki',
  },
};

/** Whether a string is a category id of the taxonomy (a feature name's suffix, a value from the platform). */
export function isCategoryId(value: unknown): value is CategoryId {
  return typeof value === 'string' && (categoryIds as readonly string[]).includes(value);
}
