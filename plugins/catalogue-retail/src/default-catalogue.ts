/**
 * The default catalogue of a typical retail bank, one per region: the eight product kinds with fees, rates,
 * limits, eligibility and disclosures shaped like each market's (EU in EUR, UK in GBP, US in USD).
 *
 * EXAMPLE FIGURES. The rates and fees are plausible for late 2026 in each market, not any bank's offer;
 * every product is marked `illustrative: true` and its disclosures point at `docs.finpersona.example`. A bank
 * replaces it with its own catalogue (JSON or CSV, see README.md).
 */
import {
  type DisclosureDocument,
  type DisclosureKind,
  type Money,
  moneyFromDecimal,
  type PluginRegion,
  type Product,
} from '@finpersona/plugin-sdk';

/** The European Economic Area (EU 27 plus Iceland, Liechtenstein, Norway), ISO 3166-1 alpha-2. */
export const eeaCountries = [
  'AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU',
  'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE', 'IS', 'LI', 'NO',
] as const; // prettier-ignore

interface Market {
  region: PluginRegion;
  currency: string;
  residency: readonly string[];
  language: string;
}

const markets: Record<PluginRegion, Market> = {
  EU: { region: 'EU', currency: 'EUR', residency: eeaCountries, language: 'en' },
  UK: { region: 'UK', currency: 'GBP', residency: ['GB'], language: 'en-GB' },
  US: { region: 'US', currency: 'USD', residency: ['US'], language: 'en-US' },
};

/** A product of `market` from what differs between products; disclosures as `[kind, title]`. */
function product(
  market: Market,
  spec: Omit<Product, 'currency' | 'regions' | 'disclosures' | 'illustrative' | 'eligibility'> & {
    eligibility: Omit<Product['eligibility'], 'residency'>;
    disclosures: readonly [DisclosureKind, string][];
  },
): Product {
  const disclosures: DisclosureDocument[] = spec.disclosures.map(([kind, title]) => ({
    kind,
    title,
    url: `https://docs.finpersona.example/catalogue-retail/${market.region.toLowerCase()}/${spec.id.toLowerCase()}/${kind}.pdf`,
    version: '2026-11',
    language: market.language,
  }));
  return {
    ...spec,
    currency: market.currency,
    regions: [market.region],
    eligibility: { ...spec.eligibility, residency: [...market.residency] },
    disclosures,
    illustrative: true,
  };
}

function euProducts(): Product[] {
  const market = markets.EU;
  const eur = (amount: string): Money => moneyFromDecimal(amount, market.currency);
  return [
    product(market, {
      id: 'EU-CA-EVERYDAY',
      name: 'Everyday Account',
      type: 'current-account',
      summary: 'Current account with a debit card, instant SEPA transfers and an arranged overdraft.',
      translations: {
        sl: {
          name: 'Vsakdanji račun',
          summary: 'Tekoči račun z debetno kartico, takojšnjimi nakazili SEPA in dogovorjeno prekoračitvijo.',
        },
      },
      fees: [
        { kind: 'account-maintenance', frequency: 'monthly', amount: eur('4.90') },
        { kind: 'card-replacement', frequency: 'per-event', amount: eur('15.00') },
        {
          kind: 'foreign-transaction',
          frequency: 'per-event',
          basisPoints: 175,
          description: 'Card payments and withdrawals in currencies other than the euro',
        },
      ],
      rates: [{ kind: 'overdraft-apr', basisPoints: 1190, type: 'variable' }],
      limits: { amount: { max: eur('5000.00') } },
      eligibility: {
        minAge: 18,
        creditCheck: 'soft',
        notes: ['The overdraft limit depends on income received'],
      },
      disclosures: [
        ['fee-information', 'Fee information document'],
        ['terms', 'Terms and conditions'],
        ['privacy-notice', 'Privacy notice'],
      ],
    }),
    product(market, {
      id: 'EU-SA-FLEX',
      name: 'Flex Savings',
      type: 'savings-account',
      summary: 'Instant-access savings, with a higher rate from €50,000.',
      translations: {
        sl: {
          name: 'Prilagodljivo varčevanje',
          summary: 'Varčevanje s takojšnjim dostopom in višjo obrestno mero od 50.000 €.',
        },
      },
      fees: [],
      rates: [
        { kind: 'interest', basisPoints: 225, type: 'variable' },
        { kind: 'interest', basisPoints: 250, type: 'variable', fromAmount: eur('50000.00') },
      ],
      limits: { amount: { min: eur('1.00'), max: eur('1000000.00') } },
      eligibility: { minAge: 18, creditCheck: 'none' },
      disclosures: [
        ['key-facts', 'Depositor information sheet'],
        ['terms', 'Terms and conditions'],
      ],
    }),
    product(market, {
      id: 'EU-TD-12M',
      name: 'Fixed Term Deposit 12 months',
      type: 'fixed-term-deposit',
      summary: 'A fixed rate for twelve months; the money is locked in until maturity.',
      translations: {
        sl: {
          name: 'Vezana vloga za 12 mesecev',
          summary: 'Fiksna obrestna mera za dvanajst mesecev; denar je vezan do dospelosti.',
        },
      },
      fees: [
        {
          kind: 'early-withdrawal',
          frequency: 'once',
          basisPoints: 100,
          description: 'Only in hardship, on the amount withdrawn',
        },
      ],
      rates: [{ kind: 'interest', basisPoints: 260, type: 'fixed', fixedForMonths: 12 }],
      limits: { amount: { min: eur('5000.00'), max: eur('500000.00') }, termMonths: { min: 12, max: 12 } },
      eligibility: { minAge: 18, creditCheck: 'none' },
      disclosures: [
        ['key-facts', 'Depositor information sheet'],
        ['terms', 'Terms and conditions'],
      ],
    }),
    product(market, {
      id: 'EU-CC-CLASSIC',
      name: 'Classic Credit Card',
      type: 'credit-card',
      summary: 'Credit card with up to 45 days interest-free on purchases.',
      translations: {
        sl: {
          name: 'Klasična kreditna kartica',
          summary: 'Kreditna kartica z do 45 dnevi brez obresti za nakupe.',
        },
      },
      fees: [
        { kind: 'annual', frequency: 'annually', amount: eur('39.00') },
        { kind: 'foreign-transaction', frequency: 'per-event', basisPoints: 175 },
        { kind: 'cash-withdrawal', frequency: 'per-event', basisPoints: 300, description: 'At least €5.00' },
      ],
      rates: [
        { kind: 'purchase-apr', basisPoints: 1690, type: 'variable' },
        { kind: 'cash-advance-apr', basisPoints: 1890, type: 'variable' },
      ],
      limits: { amount: { min: eur('500.00'), max: eur('10000.00') } },
      eligibility: { minAge: 18, minAnnualIncome: eur('18000.00'), creditCheck: 'hard' },
      disclosures: [
        ['pre-contract', 'Standard European Consumer Credit Information (SECCI)'],
        ['terms', 'Card terms and conditions'],
      ],
    }),
    product(market, {
      id: 'EU-PL-FLEX',
      name: 'Personal Loan',
      type: 'personal-loan',
      summary: 'A fixed-rate loan from €1,000 to €75,000 over one to eight years.',
      translations: {
        sl: {
          name: 'Osebni kredit',
          summary: 'Kredit s fiksno obrestno mero od 1.000 € do 75.000 € za eno do osem let.',
        },
      },
      fees: [
        {
          kind: 'early-repayment',
          frequency: 'once',
          basisPoints: 100,
          description:
            'Of the amount repaid early, 0.5% when less than a year remains (Consumer Credit Directive)',
        },
      ],
      rates: [
        { kind: 'interest', basisPoints: 669, type: 'fixed' },
        { kind: 'representative-apr', basisPoints: 690, type: 'fixed' },
      ],
      limits: { amount: { min: eur('1000.00'), max: eur('75000.00') }, termMonths: { min: 12, max: 96 } },
      eligibility: { minAge: 18, minAnnualIncome: eur('15000.00'), creditCheck: 'hard' },
      disclosures: [
        ['pre-contract', 'Standard European Consumer Credit Information (SECCI)'],
        ['terms', 'Loan agreement terms'],
      ],
    }),
    product(market, {
      id: 'EU-MG-FIX10',
      name: 'Home Loan 10-year fixed',
      type: 'mortgage',
      summary: 'Mortgage with the rate fixed for ten years, up to 90% of the property value.',
      translations: {
        sl: {
          name: 'Stanovanjski kredit s 10-letno fiksno obrestno mero',
          summary:
            'Stanovanjski kredit z obrestno mero, fiksno za deset let, do 90 % vrednosti nepremičnine.',
        },
      },
      fees: [{ kind: 'arrangement', frequency: 'once', amount: eur('490.00') }],
      rates: [
        { kind: 'interest', basisPoints: 345, type: 'fixed', fixedForMonths: 120 },
        { kind: 'apr', basisPoints: 362, type: 'fixed' },
      ],
      limits: { amount: { min: eur('50000.00'), max: eur('1500000.00') }, termMonths: { min: 60, max: 420 } },
      eligibility: {
        minAge: 18,
        minAnnualIncome: eur('30000.00'),
        creditCheck: 'hard',
        maxLoanToValueBasisPoints: 9000,
        notes: ['The loan must be repaid before the borrower turns 80'],
      },
      disclosures: [
        ['pre-contract', 'European Standardised Information Sheet (ESIS)'],
        ['terms', 'Mortgage terms'],
      ],
    }),
    product(market, {
      id: 'EU-IF-GLOBAL',
      name: 'Global Equity Index Fund',
      type: 'investment-fund',
      summary: 'A UCITS fund tracking world equity markets; its value can fall as well as rise.',
      translations: {
        sl: {
          name: 'Globalni delniški indeksni sklad',
          summary: 'Sklad KNPVP, ki sledi svetovnim delniškim trgom; njegova vrednost lahko pade ali zraste.',
        },
      },
      fees: [{ kind: 'management', frequency: 'annually', basisPoints: 25, description: 'Ongoing charges' }],
      rates: [],
      limits: { amount: { min: eur('25.00') } },
      eligibility: {
        minAge: 18,
        creditCheck: 'none',
        notes: ['An appropriateness assessment is required before the first purchase (MiFID II)'],
      },
      disclosures: [
        ['kid', 'Key information document (PRIIPs)'],
        ['other', 'Prospectus'],
      ],
    }),
    product(market, {
      id: 'EU-IN-HOME',
      name: 'Home Contents Insurance',
      type: 'insurance',
      summary: 'Covers the contents of your home against fire, theft and water damage.',
      translations: {
        sl: {
          name: 'Zavarovanje premičnin v domu',
          summary: 'Krije premičnine v vašem domu pred požarom, krajo in škodo zaradi vode.',
        },
      },
      fees: [{ kind: 'premium', frequency: 'monthly', amount: eur('9.50') }],
      rates: [],
      limits: { amount: { max: eur('100000.00') } },
      eligibility: { minAge: 18, creditCheck: 'none' },
      disclosures: [
        ['ipid', 'Insurance product information document (IPID)'],
        ['terms', 'Policy wording'],
      ],
    }),
  ];
}

function ukProducts(): Product[] {
  const market = markets.UK;
  const gbp = (amount: string): Money => moneyFromDecimal(amount, market.currency);
  return [
    product(market, {
      id: 'UK-CA-EVERYDAY',
      name: 'Everyday Current Account',
      type: 'current-account',
      summary: 'No monthly fee, a contactless debit card and an arranged overdraft.',
      fees: [{ kind: 'foreign-transaction', frequency: 'per-event', basisPoints: 299 }],
      rates: [{ kind: 'overdraft-apr', basisPoints: 3990, type: 'variable' }],
      limits: { amount: { max: gbp('3000.00') } },
      eligibility: { minAge: 18, creditCheck: 'soft' },
      disclosures: [
        ['fee-information', 'Fee information document'],
        ['terms', 'Terms and conditions'],
        ['privacy-notice', 'Privacy notice'],
      ],
    }),
    product(market, {
      id: 'UK-SA-EASY',
      name: 'Easy Access Saver',
      type: 'savings-account',
      summary: 'Save and withdraw whenever you like.',
      fees: [],
      rates: [{ kind: 'aer', basisPoints: 410, type: 'variable' }],
      limits: { amount: { min: gbp('1.00'), max: gbp('250000.00') } },
      eligibility: { minAge: 16, creditCheck: 'none' },
      disclosures: [
        ['key-facts', 'Summary box'],
        ['other', 'FSCS information sheet'],
      ],
    }),
    product(market, {
      id: 'UK-TD-BOND1Y',
      name: '1 Year Fixed Rate Bond',
      type: 'fixed-term-deposit',
      summary: 'A fixed rate for one year; no withdrawals before maturity.',
      fees: [],
      rates: [{ kind: 'aer', basisPoints: 435, type: 'fixed', fixedForMonths: 12 }],
      limits: { amount: { min: gbp('1000.00'), max: gbp('250000.00') }, termMonths: { min: 12, max: 12 } },
      eligibility: { minAge: 18, creditCheck: 'none' },
      disclosures: [
        ['key-facts', 'Summary box'],
        ['terms', 'Terms and conditions'],
      ],
    }),
    product(market, {
      id: 'UK-CC-REWARDS',
      name: 'Rewards Credit Card',
      type: 'credit-card',
      summary: '0.5% cashback on purchases.',
      fees: [
        { kind: 'foreign-transaction', frequency: 'per-event', basisPoints: 299 },
        { kind: 'cash-withdrawal', frequency: 'per-event', basisPoints: 300, description: 'Minimum £3.00' },
        { kind: 'late-payment', frequency: 'per-event', amount: gbp('12.00') },
      ],
      rates: [
        { kind: 'representative-apr', basisPoints: 2490, type: 'variable' },
        { kind: 'purchase-apr', basisPoints: 2490, type: 'variable' },
        { kind: 'cash-advance-apr', basisPoints: 2990, type: 'variable' },
      ],
      limits: { amount: { min: gbp('250.00'), max: gbp('12000.00') } },
      eligibility: { minAge: 18, minAnnualIncome: gbp('10000.00'), creditCheck: 'hard' },
      disclosures: [
        ['key-facts', 'Summary box'],
        ['pre-contract', 'Pre-contract credit information'],
      ],
    }),
    product(market, {
      id: 'UK-PL-STANDARD',
      name: 'Personal Loan',
      type: 'personal-loan',
      summary: 'Borrow £1,000 to £35,000 over one to seven years at a fixed rate.',
      fees: [
        {
          kind: 'early-repayment',
          frequency: 'once',
          basisPoints: 100,
          description: 'Up to 58 days’ interest on the amount repaid early',
        },
      ],
      rates: [{ kind: 'representative-apr', basisPoints: 640, type: 'fixed' }],
      limits: { amount: { min: gbp('1000.00'), max: gbp('35000.00') }, termMonths: { min: 12, max: 84 } },
      eligibility: { minAge: 18, minAnnualIncome: gbp('12000.00'), creditCheck: 'hard' },
      disclosures: [
        ['pre-contract', 'Pre-contract credit information'],
        ['terms', 'Loan agreement terms'],
      ],
    }),
    product(market, {
      id: 'UK-MG-FIX2',
      name: '2 Year Fixed Mortgage',
      type: 'mortgage',
      summary: 'Fixed for two years, then the standard variable rate; up to 90% loan to value.',
      fees: [
        { kind: 'arrangement', frequency: 'once', amount: gbp('999.00') },
        {
          kind: 'early-repayment',
          frequency: 'once',
          basisPoints: 200,
          description: 'During the fixed period, of the amount repaid early',
        },
      ],
      rates: [
        { kind: 'interest', basisPoints: 419, type: 'fixed', fixedForMonths: 24 },
        {
          kind: 'interest',
          basisPoints: 749,
          type: 'variable',
          description: 'Standard variable rate afterwards',
        },
        { kind: 'apr', basisPoints: 710, type: 'variable', description: 'Overall cost for comparison' },
      ],
      limits: { amount: { min: gbp('25000.00'), max: gbp('1000000.00') }, termMonths: { min: 60, max: 420 } },
      eligibility: {
        minAge: 18,
        minAnnualIncome: gbp('25000.00'),
        creditCheck: 'hard',
        maxLoanToValueBasisPoints: 9000,
      },
      disclosures: [
        ['pre-contract', 'European Standardised Information Sheet (ESIS)'],
        ['terms', 'Mortgage conditions'],
      ],
    }),
    product(market, {
      id: 'UK-IF-ISA',
      name: 'Stocks and Shares ISA Global Tracker',
      type: 'investment-fund',
      summary: 'A global index tracker in a tax-free ISA wrapper; your capital is at risk.',
      fees: [
        { kind: 'management', frequency: 'annually', basisPoints: 22, description: 'Ongoing charges figure' },
        { kind: 'account-maintenance', frequency: 'annually', basisPoints: 25, description: 'Platform fee' },
      ],
      rates: [],
      limits: { amount: { min: gbp('25.00'), max: gbp('20000.00') } },
      eligibility: {
        minAge: 18,
        creditCheck: 'none',
        notes: ['ISA allowance: £20,000 a tax year across all ISAs', 'An appropriateness check is required'],
      },
      disclosures: [
        ['kid', 'Key investor information document'],
        ['terms', 'ISA terms'],
      ],
    }),
    product(market, {
      id: 'UK-IN-HOME',
      name: 'Home Insurance',
      type: 'insurance',
      summary: 'Buildings and contents cover in one policy.',
      fees: [{ kind: 'premium', frequency: 'monthly', amount: gbp('18.00') }],
      rates: [],
      limits: { amount: { max: gbp('75000.00') } },
      eligibility: { minAge: 18, creditCheck: 'none' },
      disclosures: [
        ['ipid', 'Insurance product information document (IPID)'],
        ['terms', 'Policy booklet'],
      ],
    }),
  ];
}

function usProducts(): Product[] {
  const market = markets.US;
  const usd = (amount: string): Money => moneyFromDecimal(amount, market.currency);
  return [
    product(market, {
      id: 'US-CA-CHECKING',
      name: 'Everyday Checking',
      type: 'current-account',
      summary: 'Checking with a debit card; the monthly fee is waived with $500 in direct deposits.',
      fees: [
        { kind: 'account-maintenance', frequency: 'monthly', amount: usd('12.00') },
        { kind: 'overdraft', frequency: 'per-event', amount: usd('35.00') },
        { kind: 'foreign-transaction', frequency: 'per-event', basisPoints: 300 },
      ],
      rates: [],
      limits: { amount: { min: usd('25.00') } },
      eligibility: { minAge: 18, creditCheck: 'none' },
      disclosures: [
        ['fee-information', 'Schedule of fees'],
        ['terms', 'Deposit account agreement'],
        ['privacy-notice', 'Privacy notice (GLBA)'],
      ],
    }),
    product(market, {
      id: 'US-SA-HIGHYIELD',
      name: 'High-Yield Savings',
      type: 'savings-account',
      summary: 'A variable APY with no monthly fee.',
      fees: [],
      rates: [{ kind: 'apy', basisPoints: 420, type: 'variable' }],
      limits: { amount: { min: usd('1.00') } },
      eligibility: { minAge: 18, creditCheck: 'none' },
      disclosures: [
        ['rate-disclosure', 'Truth in Savings disclosure'],
        ['terms', 'Deposit account agreement'],
      ],
    }),
    product(market, {
      id: 'US-TD-CD12',
      name: '12-Month CD',
      type: 'fixed-term-deposit',
      summary: 'A certificate of deposit with a fixed APY for twelve months.',
      fees: [
        {
          kind: 'early-withdrawal',
          frequency: 'once',
          basisPoints: 111,
          description: '90 days’ simple interest (about 1.1% of the amount at this rate)',
        },
      ],
      rates: [{ kind: 'apy', basisPoints: 450, type: 'fixed', fixedForMonths: 12 }],
      limits: { amount: { min: usd('500.00') }, termMonths: { min: 12, max: 12 } },
      eligibility: { minAge: 18, creditCheck: 'none' },
      disclosures: [
        ['rate-disclosure', 'Truth in Savings disclosure'],
        ['terms', 'CD agreement'],
      ],
    }),
    product(market, {
      id: 'US-CC-CASHBACK',
      name: 'Cash Back Card',
      type: 'credit-card',
      summary: '1.5% cash back on every purchase, no annual fee.',
      fees: [
        { kind: 'foreign-transaction', frequency: 'per-event', basisPoints: 300 },
        { kind: 'cash-withdrawal', frequency: 'per-event', basisPoints: 500, description: 'Minimum $10' },
        { kind: 'late-payment', frequency: 'per-event', amount: usd('32.00') },
      ],
      rates: [
        { kind: 'purchase-apr', basisPoints: 2124, type: 'variable' },
        { kind: 'cash-advance-apr', basisPoints: 2924, type: 'variable' },
      ],
      limits: { amount: { min: usd('500.00'), max: usd('25000.00') } },
      eligibility: { minAge: 18, minAnnualIncome: usd('20000.00'), creditCheck: 'hard' },
      disclosures: [
        ['rate-disclosure', 'Rates and fees table (Schumer box)'],
        ['terms', 'Cardmember agreement'],
      ],
    }),
    product(market, {
      id: 'US-PL-FIXED',
      name: 'Personal Loan',
      type: 'personal-loan',
      summary: 'Fixed-rate loans from $2,500 to $50,000 over two to seven years.',
      fees: [
        { kind: 'arrangement', frequency: 'once', basisPoints: 499, description: 'Origination fee, at most' },
      ],
      rates: [{ kind: 'apr', basisPoints: 1149, type: 'fixed' }],
      limits: { amount: { min: usd('2500.00'), max: usd('50000.00') }, termMonths: { min: 24, max: 84 } },
      eligibility: { minAge: 18, minAnnualIncome: usd('25000.00'), creditCheck: 'hard' },
      disclosures: [
        ['pre-contract', 'Truth in Lending disclosure'],
        ['terms', 'Loan agreement'],
      ],
    }),
    product(market, {
      id: 'US-MG-FIX30',
      name: '30-Year Fixed Mortgage',
      type: 'mortgage',
      summary: 'A conforming 30-year fixed-rate mortgage.',
      fees: [{ kind: 'arrangement', frequency: 'once', basisPoints: 100, description: 'Origination fee' }],
      rates: [
        { kind: 'interest', basisPoints: 663, type: 'fixed', fixedForMonths: 360 },
        { kind: 'apr', basisPoints: 678, type: 'fixed' },
      ],
      limits: {
        amount: { min: usd('100000.00'), max: usd('766550.00') },
        termMonths: { min: 120, max: 360 },
      },
      eligibility: {
        minAge: 18,
        creditCheck: 'hard',
        maxLoanToValueBasisPoints: 9700,
        notes: ['Private mortgage insurance is required above 80% loan to value'],
      },
      disclosures: [
        ['pre-contract', 'Loan estimate'],
        ['terms', 'Note and deed of trust'],
      ],
    }),
    product(market, {
      id: 'US-IF-SP500',
      name: 'S&P 500 Index Fund',
      type: 'investment-fund',
      summary: 'A low-cost fund tracking the S&P 500; not FDIC insured, may lose value.',
      fees: [{ kind: 'management', frequency: 'annually', basisPoints: 4, description: 'Expense ratio' }],
      rates: [],
      limits: { amount: { min: usd('1.00') } },
      eligibility: { minAge: 18, creditCheck: 'none', notes: ['Investor profile questionnaire (Reg BI)'] },
      disclosures: [
        ['other', 'Prospectus'],
        ['key-facts', 'Fund fact sheet'],
      ],
    }),
    product(market, {
      id: 'US-IN-RENTERS',
      name: 'Renters Insurance',
      type: 'insurance',
      summary: 'Covers your belongings and liability as a tenant.',
      fees: [{ kind: 'premium', frequency: 'monthly', amount: usd('15.00') }],
      rates: [],
      limits: { amount: { max: usd('50000.00') } },
      eligibility: { minAge: 18, creditCheck: 'none' },
      disclosures: [
        ['key-facts', 'Coverage summary'],
        ['terms', 'Policy'],
      ],
    }),
  ];
}

/** The default catalogue for banks in `region` (example figures, `illustrative: true`). */
export function defaultCatalogue(region: PluginRegion): Product[] {
  return { EU: euProducts, UK: ukProducts, US: usProducts }[region]();
}
