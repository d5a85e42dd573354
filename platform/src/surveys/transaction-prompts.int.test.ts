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
  reason prompted answered respondents answerRate expected unexpected categoryRight categoryWrong suppressed suppressionReason } }`;

interface StatsNode {
  reason: string;
  prompted: number;
  answered: number;
  respondents: number;
  answerRate: number | null;
  expected: number | null;
  unexpected: number | null;
  categoryRight: number | null;
  categoryWrong: number | null;
  suppressed: boolean;
  suppressionReason: string | null;
}

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
    // No consent of Ana's records a language yet: English.
    expect(byTransaction.get(ikea)!.text).toBe('Was this €1,240.00 at IKEA expected?');
    expect(byTransaction.get(cafe)).toMatchObject({ reason: 'NEW_MERCHANT', question: 'CATEGORY' });
    expect(byTransaction.get(cafe)!.text).toBe('Is "Eating out" the right category for €38.00 at Cafe Nova?');
    expect(byTransaction.size).toBe(2);
  });

  it("asks in the customer's language: the locale of their newest consent text (sl-SI), figures in it too", async () => {
    await sql(
      `update consent set proof = jsonb_build_object('locale', 'sl-SI') where customer_id = ? and purpose = 'personalisation'`,
      [anaId],
    );
    try {
      const listed = await call<{ transactionPrompts: PromptNode[] }>(tokens.customer, promptsQuery);
      expect(listed.errors).toBeUndefined();
      const texts = new Map(listed.data!.transactionPrompts.map((row) => [row.transactionId, row.text]));
      expect(texts.get(ikea)).toBe('Ali ste pričakovali to plačilo (1240,00\u00a0€, IKEA)?');
      expect(texts.get(cafe)).toBe(
        'Ali je »Hrana zunaj doma« prava kategorija za to plačilo (38,00\u00a0€, Cafe Nova)?',
      );
    } finally {
      await sql(`update consent set proof = '{}'::jsonb where customer_id = ?`, [anaId]);
    }
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
    const read = await call<{ transactionPromptStats: StatsNode[] }>(tokens.complianceOfficer, stats, window);
    expect(read.errors).toBeUndefined();
    const byReason = new Map(read.data!.transactionPromptStats.map((row) => [row.reason, row]));
    // One customer answered: below the bank's minimum audience (default 10), how she answered is hidden.
    expect(byReason.get('LARGE_AMOUNT')).toEqual({
      reason: 'LARGE_AMOUNT',
      prompted: 1,
      answered: 1,
      respondents: 1,
      answerRate: 1,
      expected: null,
      unexpected: null,
      categoryRight: 0,
      categoryWrong: 0,
      suppressed: true,
      suppressionReason:
        'Fewer than 10 customers answered prompts of this reason: how they answered is hidden so that no one can be singled out.',
    });
    expect(byReason.get('NEW_MERCHANT')).toMatchObject({
      prompted: 1,
      answered: 1,
      suppressed: true,
      expected: null,
      unexpected: null,
      categoryRight: null,
      categoryWrong: null,
    });
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

  it('answer counts are held to the minimum audience of survey results: shown, hidden with a complement, hidden whole', async () => {
    // Eleven more customers of the bank; the bank's minimum audience at its floor (5).
    const others = Array.from({ length: 11 }, (_, index) => ({
      subject: `prompt-respondent-${index}-${Date.now().toString(36)}`,
      displayName: `Respondent ${index}`,
    }));
    await api.running.app.get(CustomersService).upsertDemoCustomers(demoBank.slug, others);
    const ids = (
      await rowsAsTenant<{ id: string }>(
        api.database.ownerUrl,
        bank.id,
        'select id from customer where subject = any($1::text[]) order by subject',
        [others.map((other) => other.subject)],
      )
    ).map((row) => row.id);
    await sql(
      `insert into survey_settings (tenant_id, minimum_audience, updated_at) values (?, 5, now())
       on conflict (tenant_id) do update set minimum_audience = 5`,
      [bank.id],
    );
    // [reason, question, answer, customer]: each prompt about a transaction of its own (the figures only
    // count prompts and customers, so Ana's stored transactions serve as theirs).
    const answered: [string, string, string, number][] = [
      ...[0, 1, 2, 3, 4, 5].map(
        (who) => ['large-amount', 'expected', 'expected', who] as [string, string, string, number],
      ),
      ...[6, 7, 8, 9, 10].map(
        (who) => ['large-amount', 'expected', 'unexpected', who] as [string, string, string, number],
      ),
      ...[0, 1, 2, 3, 4, 5].map(
        (who) => ['new-merchant', 'expected', 'expected', who] as [string, string, string, number],
      ),
      ...[6, 7, 8, 9, 10].map(
        (who) => ['new-merchant', 'expected', 'unexpected', who] as [string, string, string, number],
      ),
      ...[0, 1, 2, 3, 4].map(
        (who) => ['new-merchant', 'category', 'category-right', who] as [string, string, string, number],
      ),
      ['new-merchant', 'category', 'category-wrong', 5],
      // One customer answering six times is still one customer.
      ...[0, 0, 0, 0, 0, 0].map(
        (who) => ['new-recurring', 'expected', 'expected', who] as [string, string, string, number],
      ),
    ];
    const consentId = await grantAggregationConsent(api.running.app, bank, anaId);
    const transactions = await seedSourceData(api.running.app, bank, anaId, consentId, {
      accounts: [{ sourceId: 'acc', type: 'current', currency: 'EUR', identifiers: [] }],
      transactions: answered.map((_, index) => ({
        sourceId: `stats-${index}`,
        sourceAccountId: 'acc',
        amount: { minor: '1000', currency: 'EUR' },
        direction: 'debit' as const,
        status: 'booked' as const,
        bookingDate: '2026-11-23',
      })),
    });
    for (const [index, [reason, question, answer, who]] of answered.entries()) {
      await sql(
        `insert into transaction_prompt (id, tenant_id, customer_id, transaction_id, reason, question, answer, answered_at)
         values (gen_random_uuid(), ?, ?, ?, ?, ?, ?, now())`,
        [bank.id, ids[who], transactions.transactionIds[index], reason, question, answer],
      );
    }
    const window = {
      from: new Date(Date.now() - 3_600_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    };
    const read = await call<{ transactionPromptStats: StatsNode[] }>(tokens.bankAdmin, stats, window);
    expect(read.errors).toBeUndefined();
    const byReason = new Map(read.data!.transactionPromptStats.map((row) => [row.reason, row]));
    expect(byReason.get('LARGE_AMOUNT')).toMatchObject({
      answered: 11,
      respondents: 11,
      expected: 6,
      unexpected: 5,
      suppressed: false,
      suppressionReason: null,
    });
    // One small answer (1 customer said "wrong category"): it and the smallest other are hidden, so it
    // cannot be worked out from the 17 answers.
    expect(byReason.get('NEW_MERCHANT')).toMatchObject({
      answered: 17,
      respondents: 11,
      expected: 6,
      unexpected: null,
      categoryRight: 5,
      categoryWrong: null,
      suppressed: false,
      suppressionReason: expect.stringMatching(
        /^2 of 4 answer counts are hidden: an answer needs at least 5 customers/,
      ),
    });
    expect(byReason.get('NEW_RECURRING')).toMatchObject({
      answered: 6,
      respondents: 1,
      expected: null,
      unexpected: null,
      suppressed: true,
    });
  });
});
