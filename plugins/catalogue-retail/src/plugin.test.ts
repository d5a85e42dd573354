import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type PluginContext,
  PluginSettingsError,
  productTypes,
  settingsAjv,
  validatePlugin,
  validateProducts,
} from '@finpersona/plugin-sdk';
import { describe, expect, it } from 'vitest';
import { defaultCatalogue } from './default-catalogue';
import { importCatalogue } from './import-catalogue';
import { retailCataloguePlugin } from './plugin';

const example = (name: string) => readFileSync(join(__dirname, '..', 'examples', name), 'utf8');
const context = (region: PluginContext['region'], settings: Record<string, unknown> = {}): PluginContext => ({
  tenantId: 'bank',
  region,
  settings,
});
const listProducts = (ctx: PluginContext) =>
  retailCataloguePlugin.extensions['product-catalogue']!.listProducts(ctx);
const problemsOf = (text: string, format: 'json' | 'csv') => {
  const result = importCatalogue(text, format);
  return result.ok ? [] : result.problems;
};

describe('the retail catalogue plugin', () => {
  it('passes validatePlugin (manifest, settings schema, hooks and the catalogue implemented)', () => {
    expect(validatePlugin(retailCataloguePlugin)).toMatchObject({ ok: true });
  });

  it('refuses a catalogue setting without its format (settings schema)', () => {
    const validate = settingsAjv().compile(retailCataloguePlugin.manifest.settings);
    expect(validate({ catalogue: '[]' })).toBe(false);
    expect(validate({ catalogue: '[]', format: 'json' })).toBe(true);
    expect(validate({ catalogue: '[]', format: 'xml' })).toBe(false);
    expect(validate({})).toBe(true);
  });
});

describe('the default catalogue', () => {
  it.each([
    ['EU', 'EUR'],
    ['UK', 'GBP'],
    ['US', 'USD'],
  ] as const)(
    'for %s banks covers all eight product types in %s, valid and marked as examples',
    async (region, currency) => {
      const products = await listProducts(context(region));
      expect(validateProducts(products)).toMatchObject({ ok: true });
      expect([...new Set(products.map((product) => product.type))].sort()).toEqual([...productTypes].sort());
      expect(
        products.every((product) => product.currency === currency && product.illustrative === true),
      ).toBe(true);
      expect(products.every((product) => product.regions.length === 1 && product.regions[0] === region)).toBe(
        true,
      );
      // Every product tells the customer something: a rate or a fee, and at least one disclosure document.
      for (const product of products) {
        expect(product.fees.length + product.rates.length, product.id).toBeGreaterThan(0);
        expect(product.disclosures.length, product.id).toBeGreaterThan(0);
      }
    },
  );

  it('asks for the credit checks credit needs (cards, loans and mortgages: a hard check)', () => {
    for (const region of ['EU', 'UK', 'US'] as const) {
      for (const product of defaultCatalogue(region)) {
        if (['credit-card', 'personal-loan', 'mortgage'].includes(product.type)) {
          expect(product.eligibility.creditCheck, product.id).toBe('hard');
        }
      }
    }
  });
});

describe('JSON import', () => {
  it('reads a valid document and serves it instead of the default catalogue', async () => {
    const text = example('bank-catalogue.json');
    const products = await listProducts(context('EU', { catalogue: text, format: 'json' }));
    expect(products).toEqual(JSON.parse(text));
    expect(products.map((product) => product.id)).toEqual(['CA-GIRO']);
  });

  it('round-trips the default catalogue', () => {
    const products = defaultCatalogue('UK');
    expect(importCatalogue(JSON.stringify(products), 'json')).toEqual({ ok: true, products });
  });

  it.each([
    ['a missing value', '[\n  { "id": "A",\n    "name": }\n]', 3],
    ['a trailing comma', '[\n  { "id": "A",\n    "name": "B", }\n]', 3],
    ['a bare word', '[\n  {\n    "id": A\n  }\n]', 3],
    ['an unclosed list', '[\n  { "id": "A" }\n', 3],
  ])('reports a syntax error (%s) with its line', (_label, text, line) => {
    expect(problemsOf(text, 'json')).toEqual([
      { path: '$', line, message: expect.stringMatching(/^is not valid JSON: /) },
    ]);
  });

  it('reports every invalid attribute by JSON path', () => {
    const [product] = JSON.parse(example('bank-catalogue.json'));
    const bad = [
      { ...product, type: 'crypto-wallet', rates: [{ kind: 'apr', basisPoints: 9.9, type: 'variable' }] },
      {
        ...product,
        fees: [{ kind: 'annual', frequency: 'annually', amount: { minor: '100', currency: 'USD' } }],
      },
    ];
    expect(problemsOf(JSON.stringify(bad), 'json')).toEqual([
      { path: '$[0].type', message: expect.stringMatching(/^"crypto-wallet" is not one of /) },
      { path: '$[0].rates[0].basisPoints', message: 'must be integer' },
      { path: '$[1].fees[0].amount.currency', message: 'is USD; the product is in EUR' },
      { path: '$[1].id', message: '"CA-GIRO" is the id of $[0] already; ids are unique' },
    ]);
  });

  it('refuses an empty catalogue (leave the setting out for the default one)', () => {
    expect(problemsOf('[]', 'json')).toEqual([
      { path: '$', message: expect.stringContaining('has no products') },
    ]);
  });
});

describe('CSV import', () => {
  it('reads the documented layout: lists, items with parts, amounts in major units, percentages', () => {
    const result = importCatalogue(example('bank-catalogue.csv'), 'csv');
    expect(result.ok).toBe(true);
    const products = result.ok ? result.products : [];
    expect(products.map((product) => product.id)).toEqual(['CA-GIRO', 'SA-TAGESGELD', 'ML-BAU10']);
    // The same product as the JSON example, written the CSV way.
    expect(products[0]).toEqual(JSON.parse(example('bank-catalogue.json'))[0]);
    expect(products[2]).toEqual({
      id: 'ML-BAU10',
      name: 'Baufinanzierung 10 Jahre',
      type: 'mortgage',
      currency: 'EUR',
      regions: ['EU'],
      fees: [{ kind: 'arrangement', frequency: 'once', basisPoints: 50 }],
      rates: [
        { kind: 'interest', type: 'fixed', basisPoints: 335, fixedForMonths: 120 },
        { kind: 'apr', type: 'fixed', basisPoints: 341 },
      ],
      limits: {
        amount: { min: { minor: '5000000', currency: 'EUR' }, max: { minor: '100000000', currency: 'EUR' } },
        termMonths: { min: 60, max: 360 },
      },
      eligibility: {
        minAge: 18,
        maxAge: 75,
        residency: ['DE'],
        minAnnualIncome: { minor: '3000000', currency: 'EUR' },
        creditCheck: 'hard',
        maxLoanToValueBasisPoints: 8000,
        notes: ['Property in Germany', 'Employed for at least 6 months'],
      },
      disclosures: [
        {
          kind: 'pre-contract',
          title: 'ESIS',
          url: 'https://bank.example/docs/esis.pdf',
          version: '2026-02',
          language: 'de',
        },
      ],
    });
  });

  it('serves an imported CSV catalogue through the plugin', async () => {
    const products = await listProducts(
      context('EU', { catalogue: example('bank-catalogue.csv'), format: 'csv' }),
    );
    expect(products).toHaveLength(3);
  });

  it('accepts columns in any order, a byte-order mark and CRLF line ends', () => {
    const text =
      '\uFEFFcredit_check,regions,currency,type,name,id\r\nnone,UK,GBP,savings-account,Saver,S1\r\n';
    expect(importCatalogue(text, 'csv')).toEqual({
      ok: true,
      products: [
        {
          id: 'S1',
          name: 'Saver',
          type: 'savings-account',
          currency: 'GBP',
          regions: ['UK'],
          fees: [],
          rates: [],
          limits: {},
          eligibility: { creditCheck: 'none' },
          disclosures: [],
        },
      ],
    });
  });

  it('refuses a header with unknown, repeated or missing columns', () => {
    expect(problemsOf('id,name,kind,name,currency,regions\nA,B,C,D,EUR,EU\n', 'csv')).toEqual([
      { line: 1, column: 'kind', message: expect.stringMatching(/^is not a column of the catalogue layout/) },
      { line: 1, column: 'name', message: 'appears twice in the header' },
      { line: 1, column: 'type', message: 'is a required column' },
      { line: 1, column: 'credit_check', message: 'is a required column' },
    ]);
  });

  it('names the line and column of every bad cell, and what is wrong with it', () => {
    const header =
      'id,name,type,currency,regions,fees,rates,min_amount,max_amount,min_age,credit_check,disclosures';
    const text = [
      header,
      'OK-1,Fine,savings-account,EUR,EU,,interest|variable|2.00,1.00,,18,none,',
      'BAD-FEE,Card,credit-card,EUR,EU,annual|annually|39.999;oops,purchase-apr|variable|17.5%,,,18,hard,',
      'BAD-RATE,Loan,personal-loan,EUR,EU,,apr|fixed|6.905,,,eighteen,hard,terms|T|ftp://x|1|en',
      'BAD-TYPE,Thing,crypto,EUR,MARS,,,,,,maybe,terms|Terms|https://bank.example/t|1',
      'SHORT,Row,mortgage,EUR',
      'BAD-RANGE,Deposit,fixed-term-deposit,EUR,EU,,interest|fixed|2.50|12,1000.00,500.00,18,none,',
    ].join('\n');
    expect(problemsOf(text, 'csv')).toEqual([
      {
        line: 3,
        column: 'fees',
        message: 'item 1 ("annual|annually|39.999"): Amount "39.999" has 3 decimals; EUR has 2.',
      },
      {
        line: 3,
        column: 'fees',
        message: 'item 2 ("oops"): write fees as kind|frequency|amount (or percent%)[|description]',
      },
      {
        line: 4,
        column: 'rates',
        message: 'item 1 ("apr|fixed|6.905"): "6.905" is not a percentage with at most two decimals',
      },
      { line: 4, column: 'min_age', message: '"eighteen" is not a whole number' },
      { line: 4, column: 'disclosures', message: 'item 1.url: must be an http or https URL' },
      {
        line: 5,
        column: 'type',
        message: expect.stringMatching(/^"crypto" is not one of current-account, /),
      },
      { line: 5, column: 'regions', message: 'item 1: "MARS" is not one of EU, UK, US' },
      { line: 5, column: 'credit_check', message: '"maybe" is not one of none, soft, hard' },
      {
        line: 5,
        column: 'disclosures',
        message:
          'item 1 ("terms|Terms|https://bank.example/t|1"): write disclosures as kind|title|url|version|language',
      },
      { line: 6, message: 'has 4 fields; the header has 12 (quote cells that contain commas)' },
      { line: 7, column: 'max_amount', message: 'is below min' },
    ]);
  });

  it('reports an unclosed quote by the line it opens on', () => {
    expect(
      problemsOf('id,name,type,currency,regions,credit_check\nA,"Saver,savings-account,EUR,EU,none\n', 'csv'),
    ).toEqual([{ line: 2, message: expect.stringContaining('never closed') }]);
  });

  it('refuses a document with a header and no products', () => {
    expect(problemsOf('id,name,type,currency,regions,credit_check\n', 'csv')).toEqual([
      { line: 1, message: expect.stringContaining('has no products') },
    ]);
  });
});

describe('the configure hook', () => {
  const configure = (settings: Record<string, unknown>) =>
    retailCataloguePlugin.hooks!.configure!(context('EU', settings));

  it('accepts a valid document and no document (the default catalogue)', () => {
    expect(() => configure({ catalogue: example('bank-catalogue.csv'), format: 'csv' })).not.toThrow();
    expect(() => configure({})).not.toThrow();
  });

  it('refuses a bad CSV with PluginSettingsError naming line and column of each problem', () => {
    const text =
      'id,name,type,currency,regions,credit_check,min_age\nA,Saver,savings-account,EUR,EU,none,x\n';
    let thrown: unknown;
    try {
      configure({ catalogue: text, format: 'csv' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(PluginSettingsError);
    expect((thrown as PluginSettingsError).problems).toEqual([
      { field: 'catalogue (line 2, column min_age)', problem: '"x" is not a whole number' },
    ]);
  });

  it('refuses a bad JSON document naming the JSON path', () => {
    expect(() => configure({ catalogue: '[{"id": "A"}]', format: 'json' })).toThrow(
      expect.objectContaining({
        problems: expect.arrayContaining([{ field: 'catalogue (at $[0].name)', problem: 'is required' }]),
      }),
    );
  });
});
