import { type Localized, requestLocale, type RequestLocale } from '../request-context';
import { categories, type CategoryId } from './taxonomy';

/**
 * The taxonomy's labels in every language of the request locales (`categories[].label` is the English one).
 * Ids stay the same in every language; only these labels follow the request (`Accept-Language`). The
 * Slovenian words are the ones the insights and transaction prompts already use (insights-core), so a
 * customer meets one name per category everywhere.
 */
export const categoryLabels: Localized<Readonly<Record<CategoryId, string>>> = {
  en: Object.fromEntries(categories.map((category) => [category.id, category.label])) as Record<
    CategoryId,
    string
  >,
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

/** A category's label in `locale` (the current request's by default). */
export function categoryLabel(id: CategoryId, locale: RequestLocale = requestLocale()): string {
  return categoryLabels[locale][id];
}
