// Prompts after notable transactions against real PostgreSQL (row-level security) and Keycloak tokens:
// created after a sync run for its customer (large amount, first payment to a merchant), capped per week,
// idempotent, answered in-app (a wrong category re-categorises the transaction), counted for staff.
import { EntityManager } from '@mikro-orm/postgresql';
import type { SourceTransaction } from '@finpersona/plugin-sdk';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CustomersService } from '../customers';
import { DEMO_CUSTOMER_SUBJECT } from '../onboarding';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { grantAggregationConsent, seedSourceData } from '../testing/customer-data';
import { demoAccessTokens } from '../testing/demo-tokens';
import { withRulePack } from '../testing/rule-packs';
import { demoBank, demoBankCustomers } from '../testing/seed';
import { insertLiveConsent } from '../testing/survey-fixtures';
import { rowsAsTenant } from '../testing/tenant-rows';
import { TransactionPromptsService } from './transaction-prompts.service';

const promptsQuery = `{ transactionPrompts { id transactionId reason question text amount { minor currency } merchant category answer } }`;
const answer = `mutation($input: AnswerTransactionPromptInput!) { answerTransactionPrompt(input: $input) { id answer category } }`;
const stats = `query($from: DateTime!, $to: DateTime!) { transactionPromptStats(from: $from, to: $to) {
  reason prompted answered answerRate expected unexpected categoryRight categoryWrong } }`;

interface PromptNode {
  id: string;
  transactionId: string;
  reason: string;
  question: string;
  text: string;
  merchant: string | null;
}

describe('prompts after notable transactions', () => {
  let api: ApiFixture;
  let bank: TenantRef;
  let anaId: string;
  let tokens: Awaited<ReturnType<typeof demoAccessTokens>>;
  let runId: string;
  let ikea: string;
  let cafe: string;

  const call = async <T>(token: string, query: string, variables?: Record<string, unknown>) => {
    const { body } = await api.graphql<T>(query, { token, variables });
    return { data: body.data, code: body.errors?.[0]?.extensions.code, errors: body.errors };
  };
  const sql = (text: string, values: unknown[]) =>
    runAsTenant(bank, () =>
      api.running.app.get(EntityManager).transactional((tx) => tx.execute(text, values)),
    );
  const createAfterSync = () =>
    runAsTenant(bank, () => api.running.app.get(TransactionPromptsService).createAfterSync(runId));

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    const tenancy = api.running.app.get(TenancyService);
    bank = tenantRef(await withRulePack(api.running.app, tenancy.upsertTenant(demoBank)));
    await api.running.app.get(CustomersService).upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    const [ana] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bank.id,
      'select id from customer where subject = $1',
      [DEMO_CUSTOMER_SUBJECT],
    );
    anaId = ana!.id;
    tokens = await demoAccessTokens();
    const consentId = await grantAggregationConsent(api.running.app, bank, anaId);
    const debit = (sourceId: string, minor: string, day: string): SourceTransaction => ({
      sourceId,
      sourceAccountId: 'acc',
      amount: { minor, currency: 'EUR' },
      direction: 'debit',
      status: 'booked',
      bookingDate: day,
    });
    const account = [{ sourceId: 'acc', type: 'current' as const, currency: 'EUR', identifiers: [] }];
    // A month of history: twelve groceries of about €45 at Grocer A, stored a month ago.
    const history = await seedSourceData(api.running.app, bank, anaId, consentId, {
      accounts: account,
      transactions: Array.from({ length: 12 }, (_, index) =>
        debit(`h${index}`, String(4000 + index * 100), `2026-10-${String(index + 1).padStart(2, '0')}`),
      ),
    });
    await sql(
      `update account_transaction set merchant_display_name = 'Grocer A', category = 'groceries', category_source = 'rule', category_confidence = 1,
              created_at = now() - interval '30 days' where id = any(?::uuid[])`,
      [`{${history.transactionIds.join(',')}}`],
    );
    // The run: €1,240 at IKEA (large, and a new merchant), €38 at Cafe Nova (new merchant, categorised),
    // €45 at Grocer A (nothing notable).
    runId = randomUUID();
    await sql(
      `insert into sync_run (id, tenant_id, customer_id, connection_id, trigger, status, started_at, finished_at)
       values (?, ?, ?, ?, 'schedule', 'succeeded', now() - interval '1 minute', now())`,
      [runId, bank.id, anaId, history.connectionId],
    );
    const fresh = await seedSourceData(api.running.app, bank, anaId, consentId, {
      accounts: account,
      transactions: [
        debit('n1', '124000', '2026-11-20'),
        debit('n2', '3800', '2026-11-21'),
        debit('n3', '4500', '2026-11-22'),
      ],
    });
    [ikea, cafe] = fresh.transactionIds as [string, string];
    const merchants = [
      ['IKEA', 'shopping'],
      ['Cafe Nova', 'eating-out'],
      ['Grocer A', 'groceries'],
    ];
    for (const [index, id] of fresh.transactionIds.entries()) {
      await sql(
        `update account_transaction set merchant_display_name = ?, category = ?, category_source = 'rule', category_confidence = 0.9 where id = ?`,
        [merchants[index]![0], merchants[index]![1], id],
      );
    }
  });
  afterAll(async () => {
    await api?.close();
  });

  it('nothing is prompted without a live personalisation consent', async () => {
    expect(await createAfterSync()).toBe(0);
  });

  it('a run prompts about its notable debits, most important first, once', async () => {
    await insertLiveConsent(api.running.app, bank, anaId, 'personalisation');
    expect(await createAfterSync()).toBe(2);
    // A retried step (or the next run) prompts about nothing twice, and the weekly cap (2) is reached.
    expect(await createAfterSync()).toBe(0);
    const listed = await call<{ transactionPrompts: PromptNode[] }>(tokens.customer, promptsQuery);
    expect(listed.errors).toBeUndefined();
    const byTransaction = new Map(listed.data!.transactionPrompts.map((row) => [row.transactionId, row]));
    expect(byTransaction.get(ikea)).toMatchObject({
      reason: 'LARGE_AMOUNT',
      question: 'EXPECTED',
      merchant: 'IKEA',
    });
    expect(byTransaction.get(ikea)!.text).toBe('Was this 1240.00 EUR at IKEA expected?');
    expect(byTransaction.get(cafe)).toMatchObject({ reason: 'NEW_MERCHANT', question: 'CATEGORY' });
    expect(byTransaction.get(cafe)!.text).toContain('Eating out');
    expect(byTransaction.size).toBe(2);
  });

  it('a wrong category answer re-categorises the transaction as the customer; answers are checked and once only', async () => {
    const listed = await call<{ transactionPrompts: PromptNode[] }>(tokens.customer, promptsQuery);
    const cafePrompt = listed.data!.transactionPrompts.find((row) => row.transactionId === cafe)!;
    const ikeaPrompt = listed.data!.transactionPrompts.find((row) => row.transactionId === ikea)!;
    const wrongKind = await call(tokens.customer, answer, {
      input: { promptId: cafePrompt.id, answer: 'EXPECTED' },
    });
    expect(wrongKind.code).toBe('INVALID');
    const noCategory = await call(tokens.customer, answer, {
      input: { promptId: cafePrompt.id, answer: 'CATEGORY_WRONG', category: 'not-a-category' },
    });
    expect(noCategory.code).toBe('INVALID');
    const [unchanged] = await rowsAsTenant<{ category: string; answer: string | null }>(
      api.database.ownerUrl,
      bank.id,
      `select t.category, p.answer from account_transaction t join transaction_prompt p on p.transaction_id = t.id
        where t.id = $1`,
      [cafe],
    );
    expect(unchanged).toEqual({ category: 'eating-out', answer: null });

    const answered = await call(tokens.customer, answer, {
      input: { promptId: cafePrompt.id, answer: 'CATEGORY_WRONG', category: 'groceries' },
    });
    expect(answered.errors).toBeUndefined();
    const [labelled] = await rowsAsTenant<{ category: string; category_source: string; labels: string }>(
      api.database.ownerUrl,
      bank.id,
      `select t.category, t.category_source,
              (select count(*) from category_label l where l.transaction_id = t.id) as labels
         from account_transaction t where t.id = $1`,
      [cafe],
    );
    expect(labelled).toEqual({ category: 'groceries', category_source: 'customer', labels: '1' });
    expect(
      (await call(tokens.customer, answer, { input: { promptId: cafePrompt.id, answer: 'CATEGORY_RIGHT' } }))
        .code,
    ).toBe('CONFLICT');
    await call(tokens.customer, answer, { input: { promptId: ikeaPrompt.id, answer: 'UNEXPECTED' } });
    const open = await call<{ transactionPrompts: PromptNode[] }>(tokens.customer, promptsQuery);
    expect(open.data!.transactionPrompts).toEqual([]);
    // Staff may neither read nor answer a customer's prompts.
    expect((await call(tokens.bankAdmin, promptsQuery)).code).toBe('FORBIDDEN');
  });

  it('staff read answer rates per reason and set the weekly cap (0: no prompts)', async () => {
    const window = {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    };
    const read = await call<{
      transactionPromptStats: {
        reason: string;
        prompted: number;
        answered: number;
        answerRate: number | null;
        categoryWrong: number;
        unexpected: number;
      }[];
    }>(tokens.complianceOfficer, stats, window);
    expect(read.errors).toBeUndefined();
    const byReason = new Map(read.data!.transactionPromptStats.map((row) => [row.reason, row]));
    expect(byReason.get('LARGE_AMOUNT')).toMatchObject({
      prompted: 1,
      answered: 1,
      answerRate: 1,
      unexpected: 1,
    });
    expect(byReason.get('NEW_MERCHANT')).toMatchObject({ prompted: 1, answered: 1, categoryWrong: 1 });
    expect(byReason.get('NEW_RECURRING')).toMatchObject({ prompted: 0, answerRate: null });
    expect((await call(tokens.customer, stats, window)).code).toBe('FORBIDDEN');

    const bad = await call(
      tokens.bankAdmin,
      `mutation { updateTransactionPromptSettings(input: { weeklyCap: 99, largeAmountMultiple: 0.5 }) { weeklyCap } }`,
    );
    expect(bad.code).toBe('INVALID');
    const set = await call<{ updateTransactionPromptSettings: { weeklyCap: number; isDefault: boolean } }>(
      tokens.bankAdmin,
      `mutation { updateTransactionPromptSettings(input: { weeklyCap: 0 }) { weeklyCap isDefault } }`,
    );
    expect(set.data!.updateTransactionPromptSettings).toEqual({ weeklyCap: 0, isDefault: false });
    await sql(`delete from transaction_prompt where customer_id = ?`, [anaId]);
    expect(await createAfterSync()).toBe(0);
  });
});
