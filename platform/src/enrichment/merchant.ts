/**
 * Merchant clean-up: card statements carry the acquirer's raw descriptor ("SQ *BLUE BOTTLE COFFEE #123
 * SAN FRANCISCO CA", "AMZN Mktp US*2K4L81", "TESCO STORES 3297 LONDON GB"); customers and rules want the
 * merchant ("Blue Bottle Coffee", "Amazon Marketplace", "Tesco Stores"). The steps, in order:
 *   1. payment-processor and wallet prefixes (`SQ *`, `PAYPAL *`, `SumUp *`, `ZETTLE_*`, `GOOGLE *` …)
 *      are dropped — they name who processed the payment, not who was paid;
 *   2. reference tails after `*` or `#` and store/terminal numbers are dropped;
 *   3. a trailing country code and, where a city list or a US state code makes it unambiguous, the city
 *      are dropped;
 *   4. legal-form suffixes (Ltd, LLC, GmbH, s.r.o., …) are dropped;
 *   5. known abbreviations are expanded (`AMZN MKTP` → Amazon Marketplace) and the rest is title-cased.
 * Pure and deterministic; it never throws (an empty result means "no usable name": the caller keeps null).
 */

/** Prefixes payment facilitators and wallets put before the merchant's own name. */
const processorPrefixes = [
  /^sq\s*\*\s*/i, // Square
  /^tst\s*\*\s*/i, // Toast
  /^paypal\s*\*\s*/i,
  /^pp\s*\*\s*/i, // PayPal's short form
  /^sumup\s*\*\s*/i,
  /^iz\s*\*\s*/i, // iZettle
  /^zettle_?\s*\*?\s*/i,
  /^sp\s*\*\s*/i, // Shopify Payments
  /^google\s*\*\s*/i,
  /^apple\.?com\/bill\b\s*/i,
  /^stripe\s*\*\s*/i,
  /^crv\s*\*\s*/i,
  /^pos\s+/i, // "POS TESCO …" (point-of-sale marker some banks prepend)
  /^card\s+payment\s+to\s+/i,
  /^vis\s+|^visa\s+/i,
];

/** Well-known raw descriptors and what they stand for (matched on the cleaned, lower-case name). */
const knownMerchants: readonly [RegExp, string][] = [
  [/^amzn\s*mktp\b.*|^amazon\s*mktpl?a?c?e?\b.*/, 'Amazon Marketplace'],
  [/^amzn\b.*|^amazon\.(com|co\.uk|de|fr)\b.*/, 'Amazon'],
  [/^uber\s*\*?\s*eats\b.*/, 'Uber Eats'],
  [/^uber\b.*/, 'Uber'],
  [/^netflix(\.com)?\b.*/, 'Netflix'],
  [/^spotify\b.*/, 'Spotify'],
  [/^apple\.com\b.*|^itunes\b.*/, 'Apple'],
  [/^mcdonald'?s\b.*/, "McDonald's"],
  [/^wm\s+supercenter\b.*|^wal-?mart\b.*/, 'Walmart'],
  [/^dd\s*\*?\s*doordash\b.*|^doordash\b.*/, 'DoorDash'],
];

/** Legal forms, as the last word(s) of a name. */
const legalSuffix =
  /[\s,]+(ltd\.?|limited|llc|l\.l\.c\.|inc\.?|incorporated|corp\.?|corporation|co\.?|plc|gmbh|ag|sa|s\.a\.|sas|sarl|bv|b\.v\.|nv|n\.v\.|s\.r\.o\.?|a\.s\.|spa|s\.p\.a\.|srl|oy|ab|as|aps|kg|ug|pty)$/i;

/** ISO 3166 alpha-2/alpha-3 codes common at the end of descriptors. */
const countryTail =
  /\s+(gb|gbr|uk|us|usa|de|deu|fr|fra|ie|irl|nl|nld|es|esp|it|ita|cz|cze|at|aut|be|bel|ch|che|se|swe|pl|pol)$/i;

const usStateTail =
  /\s+(al|ak|az|ar|ca|co|ct|de|fl|ga|hi|id|il|in|ia|ks|ky|la|me|md|ma|mi|mn|ms|mo|mt|ne|nv|nh|nj|nm|ny|nc|nd|oh|ok|or|pa|ri|sc|sd|tn|tx|ut|vt|va|wa|wv|wi|wy)$/i;

/** Cities that descriptors commonly end with (the US city before a state code is dropped anyway). */
const cityTail =
  /\s+(london|manchester|birmingham|leeds|glasgow|edinburgh|bristol|liverpool|dublin|berlin|munich|muenchen|münchen|hamburg|paris|lyon|madrid|barcelona|rome|milan|amsterdam|rotterdam|brussels|vienna|wien|prague|praha|brno|zurich|geneva|stockholm|warsaw|luxembourg|lisbon|new york|san francisco|los angeles|seattle|chicago|boston|austin)$/i;

/** Words kept upper-case when title-casing. */
const upperWords = new Set([
  'uk',
  'us',
  'usa',
  'eu',
  'bp',
  'h&m',
  'ikea',
  'tk',
  'kfc',
  'dhl',
  'ups',
  'atm',
  'tv',
]);

/**
 * The display name of a raw merchant descriptor, or `''` when nothing usable is left (e.g. only a
 * reference number).
 */
export function cleanMerchantName(raw: string): string {
  let name = raw.normalize('NFKC').replace(/\s+/g, ' ').trim();
  for (let changed = true; changed;) {
    changed = false;
    for (const prefix of processorPrefixes) {
      const next = name.replace(prefix, '');
      if (next !== name && next.length > 0) {
        name = next.trim();
        changed = true;
      }
    }
  }
  const known = knownMerchant(name);
  if (known) return known;
  // Reference tails: "AMZN Mktp US*2K4L81" → "AMZN Mktp US"; "SHELL #04512" → "SHELL".
  name = name.replace(/\s*[*#].*$/, '');
  // Store / terminal numbers and long references: any word with a digit that is not the first word.
  const words = name.split(' ');
  name = [words[0] ?? '', ...words.slice(1).filter((word) => !/\d/.test(word))].join(' ').trim();
  if (/^\d[\d\W]*$/.test(name)) return '';
  for (let changed = true; changed;) {
    const before = name;
    name = name
      .replace(countryTail, '')
      .replace(usStateTail, '')
      .replace(cityTail, '')
      .replace(legalSuffix, '');
    name = name.replace(/[\s,.-]+$/, '');
    changed = name !== before && name.includes(' ');
  }
  return knownMerchant(name) ?? titleCase(name);
}

function knownMerchant(name: string): string | undefined {
  const lower = name.toLowerCase();
  return knownMerchants.find(([pattern]) => pattern.test(lower))?.[1];
}

function titleCase(name: string): string {
  return name
    .toLowerCase()
    .split(' ')
    .filter((word) => word.length > 0)
    .map((word) =>
      upperWords.has(word)
        ? word.toUpperCase()
        : word.replace(
            /(^|[-'&./])(\p{L})/gu,
            (_match, separator: string, letter: string) => `${separator}${letter.toUpperCase()}`,
          ),
    )
    .join(' ');
}

/**
 * A key for matching names loosely (rules, the classifier's text): lower case, accents removed,
 * punctuation as spaces, single spaces.
 */
export function normaliseText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}
