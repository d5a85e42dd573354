/**
 * The customer's sentence in Slovenian (formal "vi", as banks address customers): the same clauses as
 * `sentence.ts`, with the cases Slovenian needs — a product after "že imate" in the accusative, after
 * "še nimate" in the genitive; counted nouns in the four plural forms (`Intl.PluralRules('sl')`: one, two,
 * few, other). Amounts and percentages in Slovenian notation (1.234; 12 %).
 */
import { type CategoryId, categoryLabels, isCategoryId } from '@finpersona/plugin-sdk';

type PluralForms = Readonly<Record<'one' | 'two' | 'few' | 'other', string>>;

const plurals = new Intl.PluralRules('sl');

/** "14 mesecev", "2 meseca", "3 mesece", "1 mesec": the form the number takes. */
function counted(count: number, forms: PluralForms, format: Intl.NumberFormat): string {
  const category = plurals.select(count) as keyof PluralForms;
  return `${format.format(count)} ${forms[category] ?? forms.other}`;
}

const months: PluralForms = { one: 'mesec', two: 'meseca', few: 'mesece', other: 'mesecev' };
const years: PluralForms = { one: 'leto', two: 'leti', few: 'leta', other: 'let' };
const days: PluralForms = { one: 'dan', two: 'dneva', few: 'dni', other: 'dni' };
const regularPayments: PluralForms = {
  one: 'redno plačilo',
  two: 'redni plačili',
  few: 'redna plačila',
  other: 'rednih plačil',
};
const payments: PluralForms = { one: 'plačilo', two: 'plačili', few: 'plačila', other: 'plačil' };

/**
 * What the money goes on, after "za" (accusative): the catalogue's label in lower case, except the labels
 * whose accusative differs from their nominative — an inflected case is this sentence's own, not a label.
 */
const accusativeCategoryNames: Readonly<Partial<Record<CategoryId, string>>> = {
  'household-bills': 'gospodinjske račune',
  'eating-out': 'hrano zunaj doma',
  entertainment: 'zabavo',
  'bank-fees': 'bančne stroške',
  taxes: 'davke',
  'other-spending': 'druge izdatke',
};

function categoryName(category: CategoryId): string {
  return accusativeCategoryNames[category] ?? categoryLabels.sl[category].toLocaleLowerCase('sl');
}

/** A product type in the accusative ("izberejo …", "že imate …") and the genitive ("še nimate …"). */
const productNames: Readonly<Record<string, { accusative: string; genitive: string }>> = {
  'current-account': { accusative: 'tekoči račun', genitive: 'tekočega računa' },
  'savings-account': { accusative: 'varčevalni račun', genitive: 'varčevalnega računa' },
  'fixed-term-deposit': { accusative: 'vezano vlogo', genitive: 'vezane vloge' },
  'credit-card': { accusative: 'kreditno kartico', genitive: 'kreditne kartice' },
  'personal-loan': { accusative: 'osebni kredit', genitive: 'osebnega kredita' },
  mortgage: { accusative: 'stanovanjski kredit', genitive: 'stanovanjskega kredita' },
  'investment-fund': { accusative: 'investicijski sklad', genitive: 'investicijskega sklada' },
  insurance: { accusative: 'zavarovalno polico', genitive: 'zavarovalne police' },
};
const anyProduct = { accusative: 'ta produkt', genitive: 'tega produkta' };

const numbers = new Intl.NumberFormat('sl', { maximumFractionDigits: 0 });
const percents = new Intl.NumberFormat('sl', { style: 'percent', maximumFractionDigits: 0 });

/** One clause about one feature's value, or null when the feature has nothing a customer would recognise. */
export function clauseSl(feature: string, value: number | null): string | null {
  if (value === null) return null;
  const money = (minor: number) =>
    `${minor < 0 ? '-' : ''}${numbers.format(Math.round(Math.abs(minor) / 100))}`;
  const percent = (ratio: number) => percents.format(Math.abs(ratio));
  const whole = (count: number) => Math.round(count);
  if (feature.startsWith('spend.category.')) {
    const category = feature.slice('spend.category.'.length);
    return isCategoryId(category)
      ? `za ${categoryName(category)} porabite približno ${money(value)} na mesec`
      : null;
  }
  if (feature.startsWith('products-held.')) {
    const product = productNames[feature.slice('products-held.'.length)] ?? anyProduct;
    return value > 0 ? `že imate ${product.accusative}` : `še nimate ${product.genitive}`;
  }
  switch (feature) {
    case 'customer.age':
      return `stari ste ${counted(whole(value), years, numbers)}`;
    case 'customer.tenure':
      return `pri nas ste stranka že ${counted(whole(value), months, numbers)}`;
    case 'income.monthly':
      return `vaš mesečni dohodek je približno ${money(value)}`;
    case 'income.regular':
      return value > 0 ? 'imate reden dohodek' : 'vaš dohodek ni reden';
    case 'income.change':
      return value >= 0
        ? `vaš dohodek se je zvišal za ${percent(value)}`
        : `vaš dohodek se je znižal za ${percent(value)}`;
    case 'spend.monthly':
      return `na mesec porabite približno ${money(value)}`;
    case 'spend.trend':
      return value >= 0
        ? `vaša poraba je ${percent(value)} nad običajno`
        : `vaša poraba je ${percent(value)} pod običajno`;
    case 'balance.mean':
      return `vaše povprečno stanje je ${money(value)}`;
    case 'balance.min':
      return `vaše stanje je padlo vse do ${money(value)}`;
    case 'balance.volatility':
      return `vaše stanje se spreminja za približno ${money(Math.abs(value))}`;
    case 'balance.idle':
      return value > 0 ? `${money(value)} že 3 mesece miruje na vašem tekočem računu` : null;
    case 'savings.rate':
      return value >= 0 ? `prihranite ${percent(value)} dohodka` : 'porabite več, kot zaslužite';
    case 'recurring.count':
      return `imate ${counted(whole(value), regularPayments, numbers)}`;
    case 'recurring.monthly':
      return `vaša redna plačila znašajo ${money(value)} na mesec`;
    case 'forecast.min-balance-30d':
      return `vaše stanje lahko ta mesec pade na ${money(value)}`;
    case 'forecast.days-to-min-balance':
      return null;
    case 'transactions.monthly':
      return `na mesec opravite približno ${counted(whole(value), payments, numbers)}`;
    case 'overdraft.days':
      return value > 0
        ? `vaš račun je bil ${counted(whole(value), days, numbers)} v minusu`
        : 'vaš račun ni bil v minusu';
    default:
      return null;
  }
}

/** The sentence from the chosen clauses (at most two, the strongest first). */
export function sentenceSl(clauses: readonly string[], product: string): string {
  const name = (productNames[product] ?? anyProduct).accusative;
  if (clauses.length === 0) return `Stranke s profilom, podobnim vašemu, pogosto izberejo ${name}.`;
  const joined = clauses.join(' in ');
  return `${joined.charAt(0).toUpperCase()}${joined.slice(1)}: stranke, kot ste vi, pogosto izberejo ${name}.`;
}
