// The bank's products through GraphQL, against the real API, PostgreSQL and Keycloak: bank B (UK) imports
// its own catalogue as CSV through the plugin host and its customers see the products offered in the UK
// while its staff see all; the demo bank A (EU) serves the retail catalogue's default EU products; neither
// bank ever sees the other's; roles without products are refused; catalogues are read once per
// installation revision, and one that fails or lists invalid products serves nothing while the bank's
// other catalogues still serve.
import { definePlugin, type Product } from '@finpersona/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomersService } from '../customers';
import { PluginCatalogue } from '../plugins';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { demoAccessTokens } from '../testing/demo-tokens';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';

const productFields = `id catalogue name type summary currency regions illustrative
  fees { kind frequency amount { minor currency } basisPoints description }
  rates { kind basisPoints type fixedForMonths fromAmount { minor currency } description }
  limits { minAmount { minor currency } maxAmount { minor currency } minTermMonths maxTermMonths }
  eligibility { minAge maxAge residency minAnnualIncome { minor currency } creditCheck maxLoanToValueBasisPoints notes }
  disclosures { kind title url version language }`;
const productsQuery = `query($filter: ProductFilter, $first: Int, $after: String) {
  products(filter: $filter, first: $first, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } edges { cursor node { ${productFields} } } } }`;
const install = `mutation($pluginId: String!, $settings: String) {
  installPlugin(pluginId: $pluginId, settings: $settings) { status } }`;
const configure = `mutation($pluginId: String!, $settings: String!) {
  configurePlugin(pluginId: $pluginId, settings: $settings) { status } }`;
const enable = `mutation($pluginId: String!) { enablePlugin(pluginId: $pluginId) { status } }`;
const disable = `mutation($pluginId: String!) { disablePlugin(pluginId: $pluginId) { status } }`;

/** Bank B's own catalogue: two products for UK customers (one also for US ones) and one for US customers. */
const bankBCsv = [
  'id,name,type,currency,regions,fees,rates,min_amount,max_amount,min_age,credit_check,disclosures',
  'B-UK-SAVER,B Saver,savings-account,GBP,UK,,aer|variable|4.10,1.00,250000.00,16,none,key-facts|Summary box|https://bank-b.example/saver.pdf|2026-01|en-GB',
  'B-TRAVEL-CARD,B Travel Card,credit-card,GBP,UK;US,annual|annually|95.00,purchase-apr|variable|22.9,250.00,15000.00,18,hard,',
  'B-US-CD,B Dollar CD,fixed-term-deposit,USD,US,,apy|fixed|4.50|12,500.00,,18,none,',
].join('\n');

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: { cursor: string; node: Record<string, unknown> & { id: string; catalogue: string } }[];
}

describe('products', () => {
  let api: ApiFixture;
  let realm: BankRealm;
  let bankA: { id: string; slug: string; realm: string };
  let bankB: { id: string; slug: string; realm: string };
  let tokens: {
    adminA: string;
    officerA: string;
    customerA: string;
    operator: string;
    adminB: string;
    officerB: string;
    customerB: string;
  };
  /** How often the fixture catalogue was asked for its products, and what it answers (its `mode` setting). */
  let fixtureCalls = 0;

  const gql = <T = Record<string, unknown>>(
    token: string | undefined,
    query: string,
    variables?: Record<string, unknown>,
    tenant?: string,
  ) => api.graphql<T>(query, { ...(token ? { token } : {}), variables, ...(tenant ? { tenant } : {}) });
  const products = async (token: string, variables: Record<string, unknown> = {}): Promise<Page> => {
    const { body } = await gql<{ products: Page }>(token, productsQuery, variables);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data!.products;
  };
  const idsOf = (page: Page) => page.edges.map((edge) => edge.node.id);
  const ok = async (token: string, query: string, variables: Record<string, unknown>) => {
    const { body } = await gql(token, query, variables);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
  };

  /** A catalogue plugin for the cache and failure tests: one valid product, an invalid one, or a throw. */
  const fixtureCatalogue = definePlugin({
    manifest: {
      id: 'catalogue-fixture',
      name: 'Fixture catalogue',
      version: '1.0.0',
      publisher: 'FinPersona tests',
      sdk: '^0.1.0',
      capabilities: ['product-catalogue'],
      settings: {
        type: 'object',
        additionalProperties: false,
        properties: { mode: { type: 'string', enum: ['valid', 'other', 'invalid', 'throw'] } },
      },
      permissions: { data: [], hosts: [] },
      regions: ['EU'],
      trust: 'first-party',
    },
    extensions: {
      'product-catalogue': {
        listProducts({ settings }) {
          fixtureCalls += 1;
          const mode = String(settings.mode ?? 'valid');
          if (mode === 'throw') throw new Error('the catalogue service is down');
          const product: Product = {
            id: mode === 'other' ? 'FIX-OTHER' : 'FIX-1',
            name: 'Fixture product',
            type: 'insurance',
            currency: 'EUR',
            regions: ['EU'],
            fees: [],
            rates: [],
            limits: {},
            eligibility: { creditCheck: 'none' },
            disclosures: [],
          };
          // An invalid answer: a fee in another currency than the product's.
          return mode === 'invalid'
            ? [
                {
                  ...product,
                  fees: [
                    { kind: 'premium', frequency: 'monthly', amount: { minor: '100', currency: 'USD' } },
                  ],
                },
              ]
            : [product];
        },
      },
    },
  });

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    api.running.app.get(PluginCatalogue).register(fixtureCatalogue);
    bankA = tenantRef(await tenancy.upsertTenant(demoBank));
    await customers.upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    realm = await createBankRealm('products', { customers: ['petra'] });
    bankB = tenantRef(
      await tenancy.upsertTenant({
        ...otherBank,
        region: 'UK',
        slug: realm.realm,
        realm: realm.realm,
        name: 'Product Bank',
        appOrigins: { admin: [], customer: ['http://localhost:15174'] },
      }),
    );
    await customers.upsertDemoCustomers(realm.realm, [
      { subject: realm.customers[0]!.subject, displayName: 'Petra B', email: `petra@${realm.realm}.example` },
    ]);
    const demo = await demoAccessTokens();
    tokens = {
      adminA: demo.bankAdmin,
      officerA: demo.complianceOfficer,
      customerA: demo.customer,
      operator: demo.operator,
      adminB: await realm.bankAdminToken(),
      officerB: await realm.complianceOfficerToken(),
      customerB: await realm.customerToken('petra'),
    };
    // A: the retail catalogue with its default (EU) products. B: the retail catalogue with B's own CSV.
    await ok(tokens.adminA, install, { pluginId: 'catalogue-retail' });
    await ok(tokens.adminA, enable, { pluginId: 'catalogue-retail' });
    await ok(tokens.adminB, install, {
      pluginId: 'catalogue-retail',
      settings: JSON.stringify({ format: 'csv', catalogue: bankBCsv }),
    });
    await ok(tokens.adminB, enable, { pluginId: 'catalogue-retail' });
  }, 240_000);

  afterAll(async () => {
    await realm?.remove().catch(() => undefined);
    await api?.close();
  });

  it("customers see the products offered in their bank's region, staff all of the bank's, with every attribute", async () => {
    expect(idsOf(await products(tokens.customerB))).toEqual(['B-TRAVEL-CARD', 'B-UK-SAVER']);
    for (const staff of [tokens.adminB, tokens.officerB]) {
      expect(idsOf(await products(staff))).toEqual(['B-TRAVEL-CARD', 'B-UK-SAVER', 'B-US-CD']);
    }
    const saver = (await products(tokens.customerB)).edges[1]!.node;
    expect(saver).toEqual({
      id: 'B-UK-SAVER',
      catalogue: 'catalogue-retail',
      name: 'B Saver',
      type: 'SAVINGS_ACCOUNT',
      summary: null,
      currency: 'GBP',
      regions: ['UK'],
      illustrative: false,
      fees: [],
      rates: [
        {
          kind: 'aer',
          basisPoints: 410,
          type: 'variable',
          fixedForMonths: null,
          fromAmount: null,
          description: null,
        },
      ],
      limits: {
        minAmount: { minor: '100', currency: 'GBP' },
        maxAmount: { minor: '25000000', currency: 'GBP' },
        minTermMonths: null,
        maxTermMonths: null,
      },
      eligibility: {
        minAge: 16,
        maxAge: null,
        residency: [],
        minAnnualIncome: null,
        creditCheck: 'none',
        maxLoanToValueBasisPoints: null,
        notes: [],
      },
      disclosures: [
        {
          kind: 'key-facts',
          title: 'Summary box',
          url: 'https://bank-b.example/saver.pdf',
          version: '2026-01',
          language: 'en-GB',
        },
      ],
    });
  });

  it('filters by type and region (a customer only ever within their region) and pages by cursor', async () => {
    expect(idsOf(await products(tokens.adminB, { filter: { type: 'CREDIT_CARD' } }))).toEqual([
      'B-TRAVEL-CARD',
    ]);
    expect(idsOf(await products(tokens.adminB, { filter: { region: 'US' } }))).toEqual([
      'B-TRAVEL-CARD',
      'B-US-CD',
    ]);
    expect(idsOf(await products(tokens.customerB, { filter: { region: 'US' } }))).toEqual(['B-TRAVEL-CARD']);
    expect(idsOf(await products(tokens.customerB, { filter: { type: 'FIXED_TERM_DEPOSIT' } }))).toEqual([]);

    const first = await products(tokens.adminB, { first: 2 });
    expect([idsOf(first), first.totalCount, first.pageInfo.hasNextPage]).toEqual([
      ['B-TRAVEL-CARD', 'B-UK-SAVER'],
      3,
      true,
    ]);
    const second = await products(tokens.adminB, { first: 2, after: first.pageInfo.endCursor });
    expect([idsOf(second), second.totalCount, second.pageInfo.hasNextPage]).toEqual([['B-US-CD'], 3, false]);

    for (const variables of [{ first: 0 }, { first: 101 }, { after: 'not-a-cursor' }]) {
      const { body } = await gql(tokens.adminB, productsQuery, variables);
      expect(body.errors?.[0]?.extensions.code, JSON.stringify(variables)).toBe('INVALID');
    }
  });

  it("the demo bank serves the retail catalogue's default EU products (examples), and never bank B's", async () => {
    for (const token of [tokens.customerA, tokens.adminA, tokens.officerA]) {
      const page = await products(token);
      const retail = page.edges.filter((edge) => edge.node.catalogue === 'catalogue-retail');
      expect(retail).toHaveLength(8);
      expect(retail.every((edge) => edge.node.currency === 'EUR' && edge.node.illustrative === true)).toBe(
        true,
      );
      expect(JSON.stringify(page)).not.toMatch(/B-UK-SAVER|B-TRAVEL-CARD|B-US-CD/);
    }
    // B's customers and staff never see A's products either.
    for (const token of [tokens.customerB, tokens.adminB]) {
      expect(JSON.stringify(await products(token))).not.toMatch(/EU-SA-FLEX|EU-CA-EVERYDAY/);
    }
  });

  it('names a product in the request’s language when its catalogue translates it, else as the bank wrote it', async () => {
    const flexSavings = async (acceptLanguage?: string) => {
      const { body } = await api.graphql<{ products: Page }>(productsQuery, {
        token: tokens.customerA,
        acceptLanguage,
      });
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      const node = body.data!.products.edges.find((edge) => edge.node.id === 'EU-SA-FLEX')!.node;
      return { name: node.name, summary: node.summary };
    };
    expect(await flexSavings()).toEqual({
      name: 'Flex Savings',
      summary: 'Instant-access savings, with a higher rate from €50,000.',
    });
    expect(await flexSavings('sl-SI')).toEqual({
      name: 'Prilagodljivo varčevanje',
      summary: 'Varčevanje s takojšnjim dostopom in višjo obrestno mero od 50.000 €.',
    });
    // Bank B's CSV catalogue has no translations: its words as written, whatever the language asked.
    const { body } = await api.graphql<{ products: Page }>(productsQuery, {
      token: tokens.customerB,
      acceptLanguage: 'sl',
    });
    expect(body.data!.products.edges.map((edge) => edge.node.name)).toContain('B Saver');
  });

  it("a bank's users addressing the other bank get nothing of its catalogue", async () => {
    for (const [token, victim, marker] of [
      [tokens.adminB, bankA.slug, /EU-SA-FLEX/],
      [tokens.customerB, bankA.slug, /EU-SA-FLEX/],
      [tokens.adminA, bankB.slug, /B-UK-SAVER/],
      [tokens.customerA, bankB.slug, /B-UK-SAVER/],
    ] as const) {
      const { body } = await gql(token, productsQuery, {}, victim);
      expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      expect(JSON.stringify(body)).not.toMatch(marker);
    }
  });

  it('refuses roles without products: the platform operator (FORBIDDEN) and anonymous callers (UNAUTHENTICATED)', async () => {
    const operator = await gql(tokens.operator, productsQuery);
    expect(operator.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    expect(operator.body.data ?? null).toBeNull();
    const anonymous = await gql(undefined, productsQuery);
    expect(anonymous.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
  });

  it('a reconfigured catalogue serves its new products at once; a bad one is refused by line and column, changing nothing', async () => {
    const bad = await gql(tokens.adminB, configure, {
      pluginId: 'catalogue-retail',
      settings: JSON.stringify({
        format: 'csv',
        catalogue:
          'id,name,type,currency,regions,credit_check,min_age\nX,Saver,savings-account,GBP,UK,none,x\n',
      }),
    });
    expect(bad.body.errors?.[0]?.extensions).toMatchObject({
      code: 'INVALID',
      fields: [
        { field: 'settings.catalogue (line 2, column min_age)', problem: '"x" is not a whole number' },
      ],
    });
    expect(idsOf(await products(tokens.adminB))).toEqual(['B-TRAVEL-CARD', 'B-UK-SAVER', 'B-US-CD']);

    const smaller = bankBCsv.split('\n').slice(0, 2).join('\n');
    await ok(tokens.adminB, configure, {
      pluginId: 'catalogue-retail',
      settings: JSON.stringify({ format: 'csv', catalogue: smaller }),
    });
    expect(idsOf(await products(tokens.adminB))).toEqual(['B-UK-SAVER']);
    await ok(tokens.adminB, configure, {
      pluginId: 'catalogue-retail',
      settings: JSON.stringify({ format: 'csv', catalogue: bankBCsv }),
    });
    expect(idsOf(await products(tokens.adminB))).toEqual(['B-TRAVEL-CARD', 'B-UK-SAVER', 'B-US-CD']);

    // Disabled: the bank serves no products from it.
    await ok(tokens.adminB, disable, { pluginId: 'catalogue-retail' });
    expect(await products(tokens.customerB)).toMatchObject({ totalCount: 0, edges: [] });
    await ok(tokens.adminB, enable, { pluginId: 'catalogue-retail' });
    expect(idsOf(await products(tokens.customerB))).toEqual(['B-TRAVEL-CARD', 'B-UK-SAVER']);
  });

  it('reads a catalogue once per installation revision; a failing or invalid one serves nothing (and is asked again) while the others serve', async () => {
    await ok(tokens.adminA, install, { pluginId: 'catalogue-fixture', settings: '{"mode":"valid"}' });
    await ok(tokens.adminA, enable, { pluginId: 'catalogue-fixture' });
    const fixtureIds = async () =>
      (await products(tokens.adminA)).edges
        .filter((edge) => edge.node.catalogue === 'catalogue-fixture')
        .map((edge) => edge.node.id);
    const retailCount = async () =>
      (await products(tokens.adminA)).edges.filter((edge) => edge.node.catalogue === 'catalogue-retail')
        .length;

    const before = fixtureCalls;
    expect(await fixtureIds()).toEqual(['FIX-1']);
    expect(await fixtureIds()).toEqual(['FIX-1']);
    expect(fixtureCalls - before).toBe(1);

    // A new revision (reconfigured) is read afresh.
    await ok(tokens.adminA, configure, { pluginId: 'catalogue-fixture', settings: '{"mode":"other"}' });
    expect(await fixtureIds()).toEqual(['FIX-OTHER']);
    expect(fixtureCalls - before).toBe(2);

    for (const mode of ['invalid', 'throw']) {
      await ok(tokens.adminA, configure, {
        pluginId: 'catalogue-fixture',
        settings: JSON.stringify({ mode }),
      });
      const calls = fixtureCalls;
      expect(await fixtureIds(), mode).toEqual([]);
      expect(await retailCount(), mode).toBe(8);
      // Failures are not cached: each request asks again (two requests above).
      expect(fixtureCalls - calls, mode).toBe(2);
    }
    await ok(tokens.adminA, disable, { pluginId: 'catalogue-fixture' });
  });
});
