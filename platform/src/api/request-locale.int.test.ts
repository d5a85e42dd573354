// The request locale end to end on the real API, PostgreSQL and Keycloak: the same query answers the
// platform's own texts (category labels, a field problem, a recommendation availability message) in
// Slovenian when the request asks for `sl` in Accept-Language, and in English without it or for a language
// the platform does not write; ids and codes stay the same in every language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomersService } from '../customers';
import { TenancyService } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { demoAccessTokens } from '../testing/demo-tokens';
import { demoBank, demoBankCustomers } from '../testing/seed';

const categoriesQuery = '{ categories { id label } }';
const createBudget = `mutation($input: CreateBudgetInput!) { createBudget(input: $input) { id } }`;
const budgetsQuery = '{ budgets { id } }';
const recommendationsQuery = '{ recommendations { availability message } }';

interface Problem {
  field: string;
  problem: string;
}

describe('request locale: the platform’s texts in the language the request asks for', () => {
  let api: ApiFixture;
  let customerToken: string;

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    await api.running.app.get(TenancyService).upsertTenant(demoBank);
    await api.running.app.get(CustomersService).upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    customerToken = (await demoAccessTokens()).customer;
  });

  afterAll(async () => {
    await api?.close();
  });

  const labels = async (acceptLanguage?: string) => {
    const response = await api.graphql<{ categories: { id: string; label: string }[] }>(categoriesQuery, {
      token: customerToken,
      acceptLanguage,
    });
    expect(response.body.errors).toBeUndefined();
    return new Map(response.body.data!.categories.map((category) => [category.id, category.label]));
  };

  it('answers category labels in Slovenian for Accept-Language sl, in English without it, with the same ids', async () => {
    const english = await labels();
    const slovenian = await labels('sl');
    expect(english.get('groceries')).toBe('Groceries');
    expect(slovenian.get('groceries')).toBe('Živila');
    expect(slovenian.get('eating-out')).toBe('Hrana zunaj doma');
    expect([...slovenian.keys()]).toEqual([...english.keys()]);
    // A browser's usual header: the region and the weights decide as RFC 9110 says.
    expect((await labels('sl-SI,sl;q=0.9,en-US;q=0.8')).get('groceries')).toBe('Živila');
    expect((await labels('en-GB,sl;q=0.5')).get('groceries')).toBe('Groceries');
    // A language the platform does not write: English.
    expect((await labels('de-DE,de;q=0.9')).get('groceries')).toBe('Groceries');
  });

  it('names a refused budget’s problems in the request’s language, and creates nothing', async () => {
    const refused = async (acceptLanguage?: string) => {
      const response = await api.graphql(createBudget, {
        token: customerToken,
        acceptLanguage,
        variables: { input: { category: 'salary', amountMinor: '25000', currency: 'eur' } },
      });
      const error = response.body.errors?.[0] as unknown as {
        extensions: { code: string; fields: Problem[] };
      };
      expect(error.extensions.code).toBe('INVALID');
      return new Map(error.extensions.fields.map((item) => [item.field, item.problem]));
    };
    const english = await refused();
    const slovenian = await refused('sl');
    expect(english.get('input.currency')).toBe('must be an ISO 4217 currency code in capitals, e.g. "EUR"');
    expect(slovenian.get('input.currency')).toBe(
      'mora biti koda valute ISO 4217 z velikimi črkami, npr. »EUR«',
    );
    expect(slovenian.get('input.category')).toMatch(/^mora biti kategorija porabe: ena od housing, /);
    expect([...slovenian.keys()]).toEqual([...english.keys()]);
    const budgets = await api.graphql<{ budgets: unknown[] }>(budgetsQuery, { token: customerToken });
    expect(budgets.body.data!.budgets).toEqual([]);
  });

  it('says why there are no recommendations in the request’s language, with the same availability', async () => {
    const ask = async (acceptLanguage?: string) => {
      const response = await api.graphql<{ recommendations: { availability: string; message: string } }>(
        recommendationsQuery,
        { token: customerToken, acceptLanguage },
      );
      expect(response.body.errors).toBeUndefined();
      return response.body.data!.recommendations;
    };
    expect(await ask()).toEqual({
      availability: 'NO_PERSONALISATION_CONSENT',
      message:
        'Recommendations are personal: give your personalisation consent in the privacy centre to see them.',
    });
    expect(await ask('sl')).toEqual({
      availability: 'NO_PERSONALISATION_CONSENT',
      message: 'Priporočila so osebna: za ogled dajte privolitev za prilagajanje v središču za zasebnost.',
    });
  });

  it('says how to allow the analysis of one’s accounts in the request’s language (FORBIDDEN either way)', async () => {
    const refusal = async (acceptLanguage?: string) => {
      const response = await api.graphql('{ recurringPayments { key } }', {
        token: customerToken,
        acceptLanguage,
      });
      expect(response.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      return response.body.errors![0]!.message;
    };
    expect(await refusal()).toBe(
      'Your consent to aggregate your accounts is not active: grant or renew it in the privacy centre to see this.',
    );
    expect(await refusal('sl-SI')).toBe(
      'Vaša privolitev za združevanje računov ni veljavna: za ogled jo dajte ali obnovite v središču za zasebnost.',
    );
  });
});
