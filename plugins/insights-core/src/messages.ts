/**
 * The generator's message catalogue: every title and body it writes, in English and Slovenian (the demo
 * bank's language). Templates keep the `{name}` placeholders of the English text; the platform formats
 * money, percentages and dates for the customer, so only words live here — and words that depend on a
 * number (Slovenian has four plural forms) or name a category are chosen here too. Sentences are built so
 * that a formatted value never needs a grammatical case it cannot have (a date after a label, a category
 * name in quotes after "v kategoriji"), rather than word-for-word from English.
 */
import { categoryLabels, type InsightInput, isCategoryId } from '@finpersona/plugin-sdk';
import { categoryWords } from './shared';

/** A category's label from the SDK's catalogue; an id outside it (none today) keeps its own words. */
function categoryLabel(category: string, locale: InsightLocale): string {
  return isCategoryId(category) ? categoryLabels[locale][category] : categoryWords(category);
}

export const insightLocales = ['en', 'sl'] as const;
export type InsightLocale = (typeof insightLocales)[number];

export interface InsightText {
  readonly title: string;
  readonly body: string;
}

export interface Messages {
  readonly unusualSpending: InsightText;
  /** The name of a category of the platform's taxonomy, as the text quotes it. */
  readonly category: (category: string) => string;
  readonly subscriptionPriceRise: { readonly merchant: InsightText; readonly unnamed: InsightText };
  readonly upcomingLowBalance: {
    readonly belowZeroTitle: string;
    readonly lowTitle: string;
    readonly body: string;
  };
  readonly idleCash: (months: number) => InsightText;
  readonly newRecurringPayment: {
    readonly merchantTitle: string;
    readonly title: string;
    readonly body: string;
  };
  readonly salaryChange: { readonly rise: InsightText; readonly fall: InsightText };
}

const english: Messages = {
  unusualSpending: {
    title: 'Unusual spending on {category}',
    body: 'You have spent {spent} on {category} so far this month; in a usual month it is {usual}.',
  },
  // Lower case inside the sentence ("Unusual spending on eating out").
  category: (category) => categoryLabel(category, 'en').toLowerCase(),
  subscriptionPriceRise: {
    merchant: {
      title: 'Your {merchant} payment went up',
      body: 'It rose from {oldAmount} to {newAmount}, {rise} more.',
    },
    unnamed: {
      title: 'A regular payment went up',
      body: 'A payment you make regularly rose from {oldAmount} to {newAmount}, {rise} more.',
    },
  },
  upcomingLowBalance: {
    belowZeroTitle: 'Your balance may fall below zero',
    lowTitle: 'Your balance may run low',
    body: 'We expect your balance to reach {lowest} around {date}, based on your regular income and payments.',
  },
  idleCash: () => ({
    title: 'Money you could put to work',
    body: '{amount} has sat in your current account for {months} months.',
  }),
  newRecurringPayment: {
    merchantTitle: 'New regular payment to {merchant}',
    title: 'New regular payment',
    body: 'You have a new regular payment of {amount}, first paid on {firstPaid}.',
  },
  salaryChange: {
    rise: {
      title: 'Your income went up by {change}',
      body: 'Your regular income over the last three months is {change} higher than in the three months before.',
    },
    fall: {
      title: 'Your income went down by {change}',
      body: 'Your regular income over the last three months is {change} lower than in the three months before.',
    },
  },
};

/** "mesec" after a number, in the accusative of a duration ("že 3 mesece"): one, two, few, other. */
function slovenianMonths(months: number): string {
  const forms = { one: 'mesec', two: 'meseca', few: 'mesece', other: 'mesecev' } as const;
  const form = new Intl.PluralRules('sl').select(months);
  return form in forms ? forms[form as keyof typeof forms] : forms.other;
}

const slovenian: Messages = {
  unusualSpending: {
    title: 'Nenavadna poraba v kategoriji »{category}«',
    body: 'Ta mesec ste v kategoriji »{category}« doslej porabili {spent}; v običajnem mesecu porabite {usual}.',
  },
  // The catalogue's label (nominative: the text quotes it after "v kategoriji").
  category: (category) => categoryLabel(category, 'sl'),
  subscriptionPriceRise: {
    merchant: {
      title: 'Plačilo za {merchant} se je podražilo',
      body: 'Prej ste plačevali {oldAmount}, zdaj {newAmount}, kar je {rise} več.',
    },
    unnamed: {
      title: 'Redno plačilo se je podražilo',
      body: 'Za redno plačilo ste prej plačevali {oldAmount}, zdaj {newAmount}, kar je {rise} več.',
    },
  },
  upcomingLowBalance: {
    belowZeroTitle: 'Stanje na računu lahko pade pod nič',
    lowTitle: 'Stanje na računu bo morda nizko',
    body: 'Glede na vaše redne prihodke in plačila pričakujemo, da bo stanje na vašem računu padlo na {lowest} (predviden datum: {date}).',
  },
  idleCash: (months) => ({
    title: 'Denar, ki bi lahko delal za vas',
    body: `Na vašem tekočem računu že {months} ${slovenianMonths(months)} miruje {amount}.`,
  }),
  newRecurringPayment: {
    merchantTitle: 'Novo redno plačilo: {merchant}',
    title: 'Novo redno plačilo',
    body: 'Imate novo redno plačilo v znesku {amount} (prvo plačilo: {firstPaid}).',
  },
  salaryChange: {
    rise: {
      title: 'Vaši prihodki so se zvišali za {change}',
      body: 'Vaši redni prihodki v zadnjih treh mesecih so za {change} višji kot v treh mesecih pred tem.',
    },
    fall: {
      title: 'Vaši prihodki so se znižali za {change}',
      body: 'Vaši redni prihodki v zadnjih treh mesecih so za {change} nižji kot v treh mesecih pred tem.',
    },
  },
};

const catalogue: Readonly<Record<InsightLocale, Messages>> = { en: english, sl: slovenian };

/**
 * The messages for the input's language: its `locale`'s language when the catalogue has it (`sl`, `sl-SI`),
 * else English (also when the platform names no locale).
 */
export function messagesFor(input: Pick<InsightInput, 'locale'>): Messages {
  const language = input.locale?.split('-')[0]?.toLowerCase();
  return (insightLocales as readonly string[]).includes(language ?? '')
    ? catalogue[language as InsightLocale]
    : english;
}
