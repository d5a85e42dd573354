import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import type { AccountType, FeatureVector, TransactionDirection } from '@finpersona/plugin-sdk';
import { decodeCounterparty, personalField } from '../accounts';
import { Consent, ConsentClock, ConsentHooks, type ConsentEnded, isConsentLive } from '../consents';
import { FieldEncryptionService } from '../crypto';
import { callerCustomerId } from '../customers';
import { Forbidden, Invalid } from '../errors';
import { isCategoryId } from '../enrichment';
import { localized, requireContext } from '../request-context';
import { dayOf } from './calendar';
import { computeFeatures } from './features';
import { forecastCashFlow, forecastDays, maxForecastDays } from './forecast';
import type { CashFlowForecast, ForecastScenario } from './forecast-types';
import {
  type BehaviourHistory,
  type BehaviourTransaction,
  counterpartyKeyOf,
  productsHeldFrom,
} from './history';
import { detectSeries } from './recurring';
import type { RecurringPayment } from './recurring-types';
import { maxSpendingMonths, spendingByCategory, type SpendingByCategory } from './spending';

/** Customers loaded per round trip when many are asked for (datasets). */
const loadChunk = 200;

/** A stored recurring payment, with the party shown to its customer (their own counterparty, decrypted). */
export interface StoredRecurringPayment extends RecurringPayment {
  readonly id: string;
  readonly currency: string;
  /** The counterparty's name or account, else the merchant's name; null when the source named neither. */
  readonly party: string | null;
  readonly computedAt: string;
}

/** A what-if as a client sends it: categories are checked against the taxonomy before use. */
export interface ForecastScenarioInput {
  readonly removeRecurring?: readonly string[];
  readonly scaleRecurring?: readonly { readonly key: string; readonly percent: number }[];
  readonly scaleCategories?: readonly { readonly category: string; readonly percent: number }[];
}

/**
 * A customer's recent booked transactions as insight generators read them (`recentActivity`): stored ids,
 * money in minor units with the account's currency, and the recurring series each belongs to (the
 * `seriesKey` of its stored recurring payment), with the customer's latest stored features.
 */
export interface RecentActivity {
  readonly asOf: string;
  /** Null when the customer's features were never computed. */
  readonly features: FeatureVector | null;
  readonly transactions: readonly {
    readonly id: string;
    readonly accountId: string;
    readonly bookingDate: string;
    readonly amountMinor: number;
    readonly currency: string;
    readonly direction: TransactionDirection;
    readonly category?: string;
    readonly merchant?: string;
    readonly recurringKey?: string;
  }[];
}

interface LoadedHistory {
  readonly history: BehaviourHistory;
  /** The stored id of each transaction of the history (for what refers back to one). */
  readonly ids: Map<BehaviourTransaction, string>;
}

/**
 * Per-customer behaviour of the current tenant (ambient request context; row-level security applies):
 * histories loaded from the stored accounts, balances and transactions (counterparties decrypted only to
 * key them), features, recurring payments and the cash-flow forecast.
 */
@Injectable()
export class BehaviourService implements OnModuleInit {
  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    private readonly clock: ConsentClock,
    private readonly consentHooks: ConsentHooks,
  ) {}

  onModuleInit(): void {
    this.consentHooks.onConsentEnded((event) => this.forgetDerived(event));
  }

  /**
   * When a customer's aggregation consent ends, what was derived from their accounts goes with it, in the
   * transaction that ends the consent (processing stops at once): their stored features and recurring
   * payments. A later sync under a new consent derives them again.
   */
  async forgetDerived(event: ConsentEnded): Promise<void> {
    if (event.purpose !== 'aggregation') return;
    const em = this.em.getContext() as EntityManager;
    for (const table of ['customer_features', 'recurring_payment']) {
      await em.execute(`delete from ${table} where tenant_id = ? and customer_id = ?`, [
        tenantId(),
        event.customerId,
      ]);
    }
  }

  /**
   * Features of each customer computed from their stored data booked before `asOf` (accounts opened after
   * it left out), for time-split datasets. Customers of another tenant or unknown are absent from the map.
   */
  async featuresAsOf(customerIds: readonly string[], asOf: Date): Promise<Map<string, FeatureVector>> {
    const features = new Map<string, FeatureVector>();
    for (let start = 0; start < customerIds.length; start += loadChunk) {
      const loaded = await this.em.transactional((em) =>
        this.load(em, customerIds.slice(start, start + loadChunk), asOf),
      );
      for (const [customerId, { history }] of loaded) features.set(customerId, computeFeatures(history));
    }
    return features;
  }

  /** The latest stored features of each customer (recomputed after each sync); absent when never computed. */
  async latestFeatures(customerIds: readonly string[]): Promise<Map<string, FeatureVector>> {
    if (customerIds.length === 0) return new Map();
    const rows = await this.em.transactional((em) =>
      em.execute<{ customer_id: string; features: FeatureVector }[]>(
        `select customer_id, features from customer_features where tenant_id = ? and customer_id = any(?::uuid[])`,
        [tenantId(), uuidArray(customerIds)],
      ),
    );
    return new Map(rows.map((row) => [row.customer_id, row.features]));
  }

  /**
   * What insight generators read about one customer of the current tenant: their latest stored features
   * and their booked transactions of the `days` days before now, each tagged with the recurring series the
   * detector puts it in (the same detection `recompute` stores). Null for an unknown or erased customer.
   */
  async recentActivity(customerId: string, days: number): Promise<RecentActivity | null> {
    const asOf = this.clock.now();
    const loaded = await this.em.transactional(async (em) =>
      (await this.load(em, [customerId], asOf)).get(customerId),
    );
    if (!loaded) return null;
    const features = (await this.latestFeatures([customerId])).get(customerId) ?? null;
    const seriesOf = new Map<BehaviourTransaction, string>();
    for (const series of detectSeries(loaded.history)) {
      for (const transaction of series.transactions) seriesOf.set(transaction, series.payment.key);
    }
    const currencyOf = new Map(loaded.history.accounts.map((account) => [account.id, account.currency]));
    const from = dayOf(new Date(asOf.getTime() - days * 86_400_000));
    return {
      asOf: asOf.toISOString(),
      features,
      transactions: loaded.history.transactions
        .filter((transaction) => transaction.bookingDate >= from)
        .map((transaction) => ({
          id: loaded.ids.get(transaction)!,
          accountId: transaction.accountId,
          bookingDate: transaction.bookingDate,
          amountMinor: transaction.amountMinor,
          currency: currencyOf.get(transaction.accountId)!,
          direction: transaction.direction,
          ...(transaction.category ? { category: transaction.category } : {}),
          ...(transaction.merchant ? { merchant: transaction.merchant } : {}),
          ...(seriesOf.has(transaction) ? { recurringKey: seriesOf.get(transaction)! } : {}),
        })),
    };
  }

  /**
   * Recomputes and stores the features and recurring payments of the given customers as of now, each in
   * its own transaction (replacing what was stored). System work (the sync's bookkeeping); returns how long
   * each customer took, load to commit, in milliseconds.
   */
  async recompute(customerIds: readonly string[]): Promise<Map<string, number>> {
    const took = new Map<string, number>();
    for (const customerId of customerIds) {
      const started = performance.now();
      await this.em.transactional(async (em) => {
        const asOf = this.clock.now();
        const loaded = (await this.load(em, [customerId], asOf)).get(customerId);
        if (!loaded) return;
        const features = computeFeatures(loaded.history);
        const series = detectSeries(loaded.history);
        const now = new Date();
        const currencyOf = new Map(loaded.history.accounts.map((account) => [account.id, account.currency]));
        await em.execute(`delete from recurring_payment where tenant_id = ? and customer_id = ?`, [
          tenantId(),
          customerId,
        ]);
        for (const { payment, transactions } of series) {
          await em.execute(
            `insert into recurring_payment (id, tenant_id, customer_id, account_id, series_key, direction, cadence,
               interval_days, currency, typical_amount_minor, last_amount_minor, occurrences, first_date, last_date,
               next_expected_date, next_expected_amount_minor, price_change, active, category, merchant_name,
               last_transaction_id, computed_at)
             values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?)`,
            [
              randomUUID(),
              tenantId(),
              customerId,
              payment.accountId,
              payment.key,
              payment.direction,
              payment.cadence,
              payment.intervalDays,
              currencyOf.get(payment.accountId),
              payment.typicalAmountMinor,
              payment.lastAmountMinor,
              payment.occurrences,
              payment.firstDate,
              payment.lastDate,
              payment.nextExpectedDate,
              payment.nextExpectedAmountMinor,
              payment.priceChange === null ? null : JSON.stringify(payment.priceChange),
              payment.active,
              payment.category ?? null,
              payment.merchant ?? null,
              loaded.ids.get(transactions.at(-1)!) ?? null,
              now,
            ],
          );
        }
        const computationMs = Math.round(performance.now() - started);
        await em.execute(
          `insert into customer_features (id, tenant_id, customer_id, features, as_of, computed_at, computation_ms)
           values (?, ?, ?, ?::jsonb, ?, ?, ?)
           on conflict (tenant_id, customer_id) do update
             set features = excluded.features, as_of = excluded.as_of, computed_at = excluded.computed_at,
                 computation_ms = excluded.computation_ms`,
          [randomUUID(), tenantId(), customerId, JSON.stringify(features), asOf, now, computationMs],
        );
      });
      took.set(customerId, Math.round(performance.now() - started));
    }
    return took;
  }

  /**
   * After a sync run: recomputes its customer's behaviour when the run stored anything new or changed.
   * Returns the customer and how long it took, or null when there was nothing to do.
   */
  async recomputeAfterSync(runId: string): Promise<{ customerId: string; ms: number } | null> {
    const [run] = await this.em.transactional((em) =>
      em.execute<{ customer_id: string; changed: boolean }[]>(
        `select customer_id,
                coalesce((select sum((value->>'inserted')::int + (value->>'updated')::int
                                     + coalesce((value->'balances'->>'inserted')::int, 0)
                                     + coalesce((value->'balances'->>'updated')::int, 0))
                            from jsonb_each(report->'perAccount')), 0) > 0 as changed
           from sync_run where tenant_id = ? and id = ? and finished_at is not null`,
        [tenantId(), runId],
      ),
    );
    if (!run?.changed) return null;
    const took = await this.recompute([run.customer_id]);
    return { customerId: run.customer_id, ms: took.get(run.customer_id) ?? 0 };
  }

  // ---- the signed-in customer's own behaviour --------------------------------------------------------

  /** The signed-in customer's spending per category over the last `months` calendar months (1–24). */
  async spendByCategory(months: number): Promise<SpendingByCategory> {
    if (!Number.isInteger(months) || months < 1 || months > maxSpendingMonths) {
      throw Invalid.fields([
        { field: 'months', problem: `must be a whole number from 1 to ${maxSpendingMonths}` },
      ]);
    }
    const { history } = await this.ownHistory();
    return spendingByCategory(history, months);
  }

  /** The signed-in customer's recurring payments as last recomputed (active ones first, then by next date). */
  async recurringPayments(): Promise<StoredRecurringPayment[]> {
    return this.em.transactional(async (em) => {
      const customerId = await this.liveCustomer(em);
      const rows = await em.execute<RecurringRow[]>(
        `select r.*, t.counterparty_enc, t.merchant_name as transaction_merchant
           from recurring_payment r left join account_transaction t on t.id = r.last_transaction_id
          where r.tenant_id = ? and r.customer_id = ?
          order by r.active desc, r.next_expected_date, r.series_key`,
        [tenantId(), customerId],
      );
      const sealed = rows.filter((row) => row.counterparty_enc !== null);
      const plaintexts = await this.encryption.decryptMany(
        sealed.map((row) => ({
          stored: row.counterparty_enc!,
          address: personalField(
            { table: 'account_transaction', column: 'counterparty_enc' },
            row.last_transaction_id!,
          ),
        })),
      );
      const parties = new Map(
        sealed.map((row, index) => {
          const counterparty = decodeCounterparty(plaintexts[index]!);
          return [row.id, counterparty.name ?? counterparty.account];
        }),
      );
      return rows.map((row) => storedPayment(row, parties.get(row.id) ?? row.merchant_name ?? null));
    });
  }

  /**
   * The signed-in customer's cash-flow forecast from today for `days` days (1–366), with a what-if
   * `scenario`. Recurring payment keys in the scenario must be the customer's own (INVALID otherwise).
   */
  async cashFlowForecast(
    input: ForecastScenarioInput = {},
    days: number = forecastDays,
  ): Promise<CashFlowForecast> {
    const problems = scenarioProblems(input, days);
    if (problems.length > 0) throw Invalid.fields(problems);
    // Checked above: every category is a taxonomy id.
    const scenario = input as ForecastScenario;
    const { history } = await this.ownHistory();
    const keys = new Set(detectSeries(history).map((series) => series.payment.key));
    const unknown = [
      ...(scenario.removeRecurring ?? []).map((key, index) => ({
        key,
        field: `scenario.removeRecurring[${index}]`,
      })),
      ...(scenario.scaleRecurring ?? []).map(({ key }, index) => ({
        key,
        field: `scenario.scaleRecurring[${index}].key`,
      })),
    ].filter(({ key }) => !keys.has(key));
    if (unknown.length > 0) {
      throw Invalid.fields(
        unknown.map(({ field }) => ({
          field,
          problem: localized({
            en: 'is not one of your recurring payments (see recurringPayments)',
            sl: 'ni eno od vaših rednih plačil (glejte recurringPayments)',
          }),
        })),
      );
    }
    return forecastCashFlow(history, days, scenario);
  }

  private async ownHistory(): Promise<LoadedHistory> {
    return this.em.transactional(async (em) => {
      const customerId = await this.liveCustomer(em);
      const loaded = (await this.load(em, [customerId], this.clock.now())).get(customerId);
      return loaded ?? { history: emptyHistory(this.clock.now()), ids: new Map() };
    });
  }

  /**
   * The signed-in customer, when their aggregation consent is live: their accounts' data may be processed
   * only then (FORBIDDEN otherwise, saying how to allow it).
   */
  private async liveCustomer(em: EntityManager): Promise<string> {
    const customerId = await callerCustomerId(em);
    const consents = await em.find(Consent, { tenantId: tenantId(), customerId, purpose: 'aggregation' });
    const now = this.clock.now();
    if (!consents.some((consent) => isConsentLive(consent, now))) {
      throw new Forbidden(
        localized({
          en: 'Your consent to aggregate your accounts is not active: grant or renew it in the privacy centre to see this.',
          sl: 'Vaša privolitev za združevanje računov ni veljavna: za ogled jo dajte ali obnovite v središču za zasebnost.',
        }),
      );
    }
    return customerId;
  }

  /** Histories of the given customers of the current tenant as of `asOf` (absent: unknown or erased). */
  private async load(
    em: EntityManager,
    customerIds: readonly string[],
    asOf: Date,
  ): Promise<Map<string, LoadedHistory>> {
    if (customerIds.every((id) => !uuidPattern.test(id))) return new Map();
    const ids = uuidArray(customerIds);
    const asOfDay = dayOf(asOf);
    const tenant = tenantId();
    const customers = await em.execute<{ id: string }[]>(
      `select id from customer where tenant_id = ? and id = any(?::uuid[]) and erased_at is null`,
      [tenant, ids],
    );
    const accounts = await em.execute<AccountRow[]>(
      `select id, customer_id, type, currency, opened_on::text as opened_on from account
        where tenant_id = ? and customer_id = any(?::uuid[]) and (opened_on is null or opened_on < ?::date)
        order by created_at, id`,
      [tenant, ids, asOfDay],
    );
    const transactions = await em.execute<TransactionRow[]>(
      `select id, customer_id, account_id, booking_date::text as booking_date, amount_minor, direction,
              category, balance_after_minor, counterparty_enc, merchant_name
         from account_transaction
        where tenant_id = ? and customer_id = any(?::uuid[]) and status = 'booked' and booking_date < ?::date
        order by customer_id, booking_date, created_at, id`,
      [tenant, ids, asOfDay],
    );
    const balances = await em.execute<BalanceRow[]>(
      `select customer_id, account_id, amount_minor, as_of from balance
        -- What an account held: not 'available' (adds a credit line) or 'expected'.
        where tenant_id = ? and customer_id = any(?::uuid[]) and as_of < ? and type in ('booked', 'closing', 'interim')
        order by as_of, id`,
      [tenant, ids, asOf],
    );
    const sealed = transactions.filter((row) => row.counterparty_enc !== null);
    const plaintexts = await this.encryption.decryptMany(
      sealed.map((row) => ({
        stored: row.counterparty_enc!,
        address: personalField({ table: 'account_transaction', column: 'counterparty_enc' }, row.id),
      })),
    );
    const keys = new Map(
      sealed.map((row, index) => [row.id, counterpartyKeyOf(decodeCounterparty(plaintexts[index]!))]),
    );

    const loaded = new Map<string, LoadedHistory>();
    for (const { id: customerId } of customers) {
      const own = accounts.filter((account) => account.customer_id === customerId);
      const accountIds = new Set(own.map((account) => account.id));
      const idOf = new Map<BehaviourTransaction, string>();
      const history: BehaviourHistory = {
        asOf: asOf.toISOString(),
        customer: {
          ...(own.some((account) => account.opened_on)
            ? {
                firstAccountOpenedOn: own
                  .map((account) => account.opened_on)
                  .filter((day): day is string => !!day)
                  .sort()[0],
              }
            : {}),
        },
        accounts: own.map((account) => ({
          id: account.id,
          type: account.type,
          currency: account.currency.trim(),
          ...(account.opened_on ? { openedOn: account.opened_on } : {}),
        })),
        transactions: transactions
          .filter((row) => row.customer_id === customerId && accountIds.has(row.account_id))
          .map((row) => {
            const counterpartyKey = keys.get(row.id);
            const transaction: BehaviourTransaction = {
              bookingDate: row.booking_date,
              amountMinor: Number(row.amount_minor),
              direction: row.direction,
              accountId: row.account_id,
              ...(row.category && isCategoryId(row.category) ? { category: row.category } : {}),
              ...(row.balance_after_minor !== null
                ? { balanceAfterMinor: Number(row.balance_after_minor) }
                : {}),
              ...(counterpartyKey ? { counterpartyKey } : {}),
              ...(row.merchant_name ? { merchant: row.merchant_name } : {}),
            };
            idOf.set(transaction, row.id);
            return transaction;
          }),
        balances: balances
          .filter((row) => row.customer_id === customerId && accountIds.has(row.account_id))
          .map((row) => ({
            accountId: row.account_id,
            date: new Date(row.as_of).toISOString(),
            amountMinor: Number(row.amount_minor),
          })),
        productsHeld: productsHeldFrom(own),
      };
      loaded.set(customerId, { history, ids: idOf });
    }
    return loaded;
  }
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids as a PostgreSQL array literal (`{a,b}`), only well-formed UUIDs (anything else matches nothing). */
function uuidArray(ids: readonly string[]): string {
  return `{${[...new Set(ids)].filter((id) => uuidPattern.test(id)).join(',')}}`;
}

interface AccountRow {
  id: string;
  customer_id: string;
  type: AccountType;
  currency: string;
  opened_on: string | null;
}

interface TransactionRow {
  id: string;
  customer_id: string;
  account_id: string;
  booking_date: string;
  amount_minor: string;
  direction: TransactionDirection;
  category: string | null;
  balance_after_minor: string | null;
  counterparty_enc: string | null;
  merchant_name: string | null;
}

interface BalanceRow {
  customer_id: string;
  account_id: string;
  amount_minor: string;
  as_of: string | Date;
}

interface RecurringRow {
  id: string;
  account_id: string;
  series_key: string;
  direction: TransactionDirection;
  cadence: RecurringPayment['cadence'];
  interval_days: number;
  currency: string;
  typical_amount_minor: string;
  last_amount_minor: string;
  occurrences: number;
  first_date: string | Date;
  last_date: string | Date;
  next_expected_date: string | Date;
  next_expected_amount_minor: string;
  price_change: RecurringPayment['priceChange'];
  active: boolean;
  category: string | null;
  merchant_name: string | null;
  last_transaction_id: string | null;
  computed_at: string | Date;
  counterparty_enc: string | null;
}

function storedPayment(row: RecurringRow, party: string | null): StoredRecurringPayment {
  return {
    id: row.id,
    key: row.series_key,
    direction: row.direction,
    accountId: row.account_id,
    ...(row.merchant_name ? { merchant: row.merchant_name } : {}),
    ...(row.category && isCategoryId(row.category) ? { category: row.category } : {}),
    cadence: row.cadence,
    intervalDays: Number(row.interval_days),
    currency: row.currency.trim(),
    typicalAmountMinor: Number(row.typical_amount_minor),
    lastAmountMinor: Number(row.last_amount_minor),
    occurrences: row.occurrences,
    firstDate: dateText(row.first_date),
    lastDate: dateText(row.last_date),
    nextExpectedDate: dateText(row.next_expected_date),
    nextExpectedAmountMinor: Number(row.next_expected_amount_minor),
    priceChange: row.price_change,
    active: row.active,
    party,
    computedAt: new Date(row.computed_at).toISOString(),
  };
}

/** A `date` column as PostgreSQL's driver hands it (a string, or a Date at local midnight) → `YYYY-MM-DD`. */
function dateText(value: string | Date): string {
  if (typeof value === 'string') return value.slice(0, 10);
  const local = new Date(value.getTime() - value.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 10);
}

/** Bounds of a what-if: at most 50 items per list, percentages from −100 (none) to +1000. */
function scenarioProblems(
  scenario: ForecastScenarioInput,
  days: number,
): { field: string; problem: string }[] {
  const problems: { field: string; problem: string }[] = [];
  if (!Number.isInteger(days) || days < 1 || days > maxForecastDays) {
    problems.push({
      field: 'days',
      problem: localized({
        en: `must be a whole number from 1 to ${maxForecastDays}`,
        sl: `mora biti celo število od 1 do ${maxForecastDays}`,
      }),
    });
  }
  const lists = {
    removeRecurring: scenario.removeRecurring,
    scaleRecurring: scenario.scaleRecurring,
    scaleCategories: scenario.scaleCategories,
  };
  for (const [name, list] of Object.entries(lists)) {
    if ((list?.length ?? 0) > 50)
      problems.push({
        field: `scenario.${name}`,
        problem: localized({ en: 'must have at most 50 items', sl: 'ima lahko največ 50 postavk' }),
      });
  }
  const percents = [
    ...(scenario.scaleRecurring ?? []).map((item, index) => ({
      field: `scenario.scaleRecurring[${index}].percent`,
      percent: item.percent,
    })),
    ...(scenario.scaleCategories ?? []).map((item, index) => ({
      field: `scenario.scaleCategories[${index}].percent`,
      percent: item.percent,
    })),
  ];
  for (const { field, percent } of percents) {
    if (!Number.isFinite(percent) || percent < -100 || percent > 1000) {
      problems.push({
        field,
        problem: localized({
          en: 'must be a percentage from -100 to 1000',
          sl: 'mora biti odstotek od -100 do 1000',
        }),
      });
    }
  }
  (scenario.scaleCategories ?? []).forEach((item, index) => {
    if (!isCategoryId(item.category)) {
      problems.push({
        field: `scenario.scaleCategories[${index}].category`,
        problem: localized({
          en: 'must be a category id of the taxonomy (e.g. housing)',
          sl: 'mora biti id kategorije iz taksonomije (npr. housing)',
        }),
      });
    }
  });
  return problems;
}

function emptyHistory(asOf: Date): BehaviourHistory {
  return {
    asOf: asOf.toISOString(),
    customer: {},
    accounts: [],
    transactions: [],
    balances: [],
    productsHeld: {},
  };
}

function tenantId(): string {
  const tenant = requireContext().tenant;
  if (!tenant) throw new Error('Behaviour needs a tenant: run as a tenant (runAsTenant) or in a request.');
  return tenant.id;
}
