import { describe, expect, it } from 'vitest';
import { definePlugin, validatePlugin } from './manifest';
import { type Product, validateProducts } from './product-catalogue';

const savings: Product = {
  id: 'SAV-EASY',
  name: 'Easy Saver',
  type: 'savings-account',
  summary: 'Instant-access savings.',
  currency: 'EUR',
  regions: ['EU'],
  fees: [{ kind: 'cash-withdrawal', frequency: 'per-event', amount: { minor: '200', currency: 'EUR' } }],
  rates: [
    { kind: 'interest', basisPoints: 225, type: 'variable' },
    {
      kind: 'interest',
      basisPoints: 275,
      type: 'variable',
      fromAmount: { minor: '1000000', currency: 'EUR' },
    },
  ],
  limits: { amount: { min: { minor: '100', currency: 'EUR' }, max: { minor: '10000000', currency: 'EUR' } } },
  eligibility: { minAge: 18, residency: ['DE', 'AT'], creditCheck: 'none' },
  disclosures: [
    {
      kind: 'terms',
      title: 'Terms',
      url: 'https://bank.example/terms',
      version: '2026-01',
      language: 'de-AT',
    },
  ],
};

/** `savings` with `changes` deep-merged at `path` (a dotted path into the product). */
function productWith(path: string, value: unknown): Record<string, unknown> {
  const product = structuredClone(savings) as unknown as Record<string, unknown>;
  const parts = path.split('.');
  let node = product as Record<string, unknown>;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  if (value === undefined) delete node[parts.at(-1)!];
  else node[parts.at(-1)!] = value;
  return product;
}

const problemsOf = (value: unknown) => {
  const result = validateProducts(value);
  return result.ok ? [] : result.problems;
};

describe('validateProducts', () => {
  it('accepts a complete product list and returns it', () => {
    const result = validateProducts([savings]);
    expect(result).toEqual({ ok: true, products: [savings] });
  });

  it('accepts an empty catalogue', () => {
    expect(validateProducts([])).toEqual({ ok: true, products: [] });
  });

  it('accepts a name and summary in other languages, and refuses a translation that is empty, unknown or not by language', () => {
    const translated = {
      ...savings,
      translations: { sl: { name: 'Preprosto varčevanje' }, de: { summary: 'Sparen.' } },
    };
    expect(validateProducts([translated])).toEqual({ ok: true, products: [translated] });
    expect(problemsOf([productWith('translations', { sl: {} })])).toEqual([
      { path: '$[0].translations.sl', message: 'must NOT have fewer than 1 properties' },
    ]);
    expect(
      problemsOf([productWith('translations', { sl: { name: 'Varčevanje', colour: 'modra' } })]),
    ).toEqual([{ path: '$[0].translations.sl.colour', message: expect.any(String) }]);
    expect(problemsOf([productWith('translations', { sl: { name: '' } })])).toEqual([
      { path: '$[0].translations.sl.name', message: 'must NOT have fewer than 1 characters' },
    ]);
    expect(problemsOf([productWith('translations', { 'sl-SI': { name: 'Varčevanje' } })])).toEqual([
      {
        path: '$[0].translations',
        message: '"sl-SI" is not a language: use an ISO 639 code in lower case (e.g. sl)',
      },
    ]);
  });

  it.each([
    [
      'not a list',
      { products: [] },
      [{ path: '$', message: 'a catalogue must be a JSON array of products' }],
    ],
    ['a missing type', [productWith('type', undefined)], [{ path: '$[0].type', message: 'is required' }]],
    [
      'an unknown type',
      [productWith('type', 'crypto')],
      [{ path: '$[0].type', message: expect.stringMatching(/^"crypto" is not one of current-account, /) }],
    ],
    [
      'an unknown attribute',
      [productWith('colour', 'blue')],
      [{ path: '$[0].colour', message: 'is not a product attribute; remove it' }],
    ],
    [
      'a decimal amount',
      [
        productWith('fees', [
          { kind: 'annual', frequency: 'annually', amount: { minor: '2.50', currency: 'EUR' } },
        ]),
      ],
      [{ path: '$[0].fees[0].amount.minor', message: expect.stringContaining('whole, non-negative number') }],
    ],
    [
      'a fee in another currency',
      [
        productWith('fees', [
          { kind: 'annual', frequency: 'annually', amount: { minor: '250', currency: 'USD' } },
        ]),
      ],
      [{ path: '$[0].fees[0].amount.currency', message: 'is USD; the product is in EUR' }],
    ],
    [
      'a fee with both an amount and a percentage',
      [
        productWith('fees', [
          {
            kind: 'annual',
            frequency: 'annually',
            amount: { minor: '250', currency: 'EUR' },
            basisPoints: 10,
          },
        ]),
      ],
      [{ path: '$[0].fees[0]', message: expect.stringContaining('exactly one of amount') }],
    ],
    [
      'a fractional rate',
      [productWith('rates', [{ kind: 'aer', basisPoints: 2.5, type: 'fixed' }])],
      [{ path: '$[0].rates[0].basisPoints', message: 'must be integer' }],
    ],
    [
      'a variable rate fixed for months',
      [productWith('rates', [{ kind: 'apr', basisPoints: 990, type: 'variable', fixedForMonths: 12 }])],
      [{ path: '$[0].rates[0].fixedForMonths', message: 'applies to fixed rates only' }],
    ],
    [
      'a minimum above the maximum',
      [productWith('limits.amount.min', { minor: '20000000', currency: 'EUR' })],
      [{ path: '$[0].limits.amount.max', message: 'is below min' }],
    ],
    [
      'terms in the wrong order',
      [productWith('limits.termMonths', { min: 24, max: 12 })],
      [{ path: '$[0].limits.termMonths.max', message: 'is below min' }],
    ],
    [
      'ages in the wrong order',
      [productWith('eligibility.maxAge', 16)],
      [{ path: '$[0].eligibility.maxAge', message: 'is below minAge' }],
    ],
    [
      'a lower-case country',
      [productWith('eligibility.residency', ['de'])],
      [{ path: '$[0].eligibility.residency[0]', message: expect.stringContaining('ISO 3166-1 alpha-2') }],
    ],
    [
      'no credit-check statement',
      [productWith('eligibility.creditCheck', undefined)],
      [{ path: '$[0].eligibility.creditCheck', message: 'is required' }],
    ],
    [
      'a disclosure without a URL scheme',
      [
        productWith('disclosures', [
          { kind: 'terms', title: 'Terms', url: 'bank.example/terms', version: '1', language: 'en' },
        ]),
      ],
      [{ path: '$[0].disclosures[0].url', message: 'must be an http or https URL' }],
    ],
    [
      'a disclosure in no language',
      [
        productWith('disclosures', [
          { kind: 'kid', title: 'KID', url: 'https://bank.example/kid', version: '1', language: 'English' },
        ]),
      ],
      [{ path: '$[0].disclosures[0].language', message: expect.stringContaining('BCP 47') }],
    ],
    [
      'no region',
      [productWith('regions', [])],
      [{ path: '$[0].regions', message: 'must NOT have fewer than 1 items' }],
    ],
    [
      'a repeated id',
      [savings, { ...savings, name: 'Easy Saver 2' }],
      [{ path: '$[1].id', message: '"SAV-EASY" is the id of $[0] already; ids are unique' }],
    ],
  ])('refuses %s, naming the path', (_label, value, expected) => {
    expect(problemsOf(value)).toEqual(expected);
  });

  it('reports every problem of every product at once, a malformed product hiding none of the others', () => {
    const problems = problemsOf([
      productWith('type', 'crypto'),
      { ...productWith('currency', 'euro'), id: 'SAV-2' },
      { ...productWith('limits.termMonths', { min: 24, max: 12 }), id: 'SAV-3' },
      productWith('name', 'Same id'),
    ]);
    expect(problems.map((problem) => problem.path)).toEqual([
      '$[0].type',
      '$[1].currency',
      '$[2].limits.termMonths.max',
      '$[3].id',
    ]);
  });
});

describe('a product-catalogue plugin', () => {
  const manifest = {
    id: 'catalogue-acme',
    name: 'Acme products',
    version: '1.0.0',
    publisher: 'Acme',
    sdk: '^0.1.0',
    capabilities: ['product-catalogue'],
    settings: { type: 'object' },
    permissions: { data: [], hosts: [] },
    regions: ['EU'],
    trust: 'first-party',
  } as const;

  it('passes validatePlugin when it implements listProducts', () => {
    const plugin = definePlugin({
      manifest,
      extensions: { 'product-catalogue': { listProducts: () => [savings] } },
    });
    expect(validatePlugin(plugin)).toEqual({ ok: true, manifest });
  });

  it('fails validatePlugin when it declares the catalogue but implements none', () => {
    expect(validatePlugin(definePlugin({ manifest, extensions: {} }))).toEqual({
      ok: false,
      problems: [
        {
          path: '$.capabilities[0]',
          message: '"product-catalogue" is declared but the plugin implements no product-catalogue',
        },
      ],
    });
  });
});
