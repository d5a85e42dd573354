// Prompts after notable transactions, end to end through a real sync: Temporal's time-skipping server runs
// `syncConnection` with the real platform-backed activities (behaviour and prompts included) against a real
// PostgreSQL database, over the fixture connector. A first sync brings the customer's history (nothing is
// notable without one); a second brings payments to merchants they never paid before, and the customer
// then sees those prompts through the service the customer GraphQL resolver uses and re-categorises one by
// answering "wrong category".
import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantRef, TransactionPromptsService } from '@finpersona/platform';
import {
  createSyncConnection,
  FIXTURE_CONNECTOR_ID,
  syncTestBank,
  type FixtureSource,
  type SyncFixtureConnection,
} from '@finpersona/platform/testing';
import { asCustomer } from '../../test/bank-customer';
import { grantPersonalisation, runSync } from '../../test/sync-run';
import { startTimeSkippingFixture, type TimeSkippingFixture } from '../../test/time-skipping';
import type { PlatformContext } from '../index';

let fixture: TimeSkippingFixture;
let sql: pg.Pool;
let platform: PlatformContext;

beforeAll(async () => {
  fixture = await startTimeSkippingFixture();
  ({ sql, platform } = fixture);
});

afterAll(async () => {
  await fixture?.close();
});

/**
 * The fixture source's debits pay `Merchant <index % 40>` (all one merchant once cleaned up; MCC 5411,
 * groceries); one in five is a credit. From index 20 on, each debit pays a merchant of its own.
 */
const history: FixtureSource = {
  accounts: 1,
  transactionsPerAccount: 20,
  pageSize: 10,
  newMerchantsFrom: 20,
};
const withNewMerchants: FixtureSource = { ...history, transactionsPerAccount: 30 };

describe('transaction prompts through a sync', () => {
  it('a sync bringing payments to new merchants prompts the customer, whose "wrong category" re-categorises the payment', async () => {
    const connection = await createSyncConnection(
      platform,
      syncTestBank(`prompts-${randomBytes(4).toString('hex')}`),
      { connector: FIXTURE_CONNECTOR_ID },
    );
    await grantPersonalisation(fixture, connection);
    const customer = await signInAs(connection);
    const prompts = platform.get(TransactionPromptsService);
    const asTheCustomer = <T>(work: () => Promise<T>) => asCustomer(customer, work);
    const sync = (source: FixtureSource) =>
      runSync(fixture, connection, { source, derived: { prompts }, label: 'prompts-sync' });

    // The first sync is the customer's history: 16 debits, nothing before them to compare.
    expect((await sync(history)).status).toBe('succeeded');
    expect(await storedPrompts(connection)).toEqual([]);
    expect(await asTheCustomer(() => prompts.openForCaller())).toEqual([]);

    // The second brings 8 debits to merchants never paid before: new-merchant prompts, as many as the bank's
    // weekly cap (2 by default), largest first; each asks whether its category (groceries) is right.
    expect((await sync(withNewMerchants)).status).toBe('succeeded');
    const stored = await storedPrompts(connection);
    expect(stored.map((row) => [row.reason, row.question])).toEqual([
      ['new-merchant', 'category'],
      ['new-merchant', 'category'],
    ]);
    const { rows: newDebits } = await sql.query<{ id: string }>(
      `select id from account_transaction
        where customer_id = $1 and direction = 'debit'
          and (regexp_match(source_id, '^tx-0-([0-9]+)$'))[1]::int >= 20`,
      [connection.customerId],
    );
    expect(newDebits).toHaveLength(8);
    const newIds = new Set(newDebits.map((row) => row.id));
    expect(stored.every((row) => newIds.has(row.transaction_id))).toBe(true);

    // The customer sees them (what `transactionPrompts` returns) and answers one: wrong category.
    const open = await asTheCustomer(() => prompts.openForCaller());
    expect(open.map((record) => record.prompt.id).sort()).toEqual(stored.map((row) => row.id).sort());
    const [first] = open;
    expect(first).toMatchObject({
      category: 'groceries',
      merchant: expect.stringMatching(/^Market [A-Z][a-z]+$/),
    });
    const answered = await asTheCustomer(() =>
      prompts.answer(first!.prompt.id, 'category-wrong', 'eating-out'),
    );
    expect(answered).toMatchObject({ category: 'eating-out', prompt: { answer: 'category-wrong' } });
    const { rows: categorised } = await sql.query<{ category: string; category_source: string }>(
      `select category, category_source from account_transaction where id = $1`,
      [first!.prompt.transactionId],
    );
    expect(categorised).toEqual([{ category: 'eating-out', category_source: 'customer' }]);
    // Answered prompts are no longer open; the other one still is.
    const still = await asTheCustomer(() => prompts.openForCaller());
    expect(still.map((record) => record.prompt.id)).toEqual([open[1]!.prompt.id]);

    // A sync that changes nothing prompts nothing more.
    expect((await sync(withNewMerchants)).status).toBe('succeeded');
    expect(await storedPrompts(connection)).toHaveLength(2);
  });
});

/** Gives the connection's customer a sign-in subject, so they can act as themselves (`asCustomer`). */
async function signInAs(connection: SyncFixtureConnection) {
  const subject = randomUUID();
  await sql.query(`update customer set subject = $1 where id = $2`, [subject, connection.customerId]);
  return { tenant: tenantRef(connection.tenant), subject };
}

async function storedPrompts(connection: SyncFixtureConnection) {
  const { rows } = await sql.query<{ id: string; transaction_id: string; reason: string; question: string }>(
    `select id, transaction_id, reason, question from transaction_prompt where customer_id = $1
      order by created_at, id`,
    [connection.customerId],
  );
  return rows;
}
