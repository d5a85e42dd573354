import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import {
  type CandidateInsight,
  definePlugin,
  type FeatureVector,
  type InsightInput,
  type PluginDefinition,
} from '@finpersona/plugin-sdk';
import { FieldEncryptionService } from '../crypto';
import { runAsTenant, type TenantRef } from '../request-context';

/**
 * A customer's insight input at `now` (pseudonym `p-ana`): the forecast expects the balance below zero in
 * four days (insights-core's upcoming-low-balance), one grocery debit, and `extra` features beside.
 */
export function lowBalanceInput(now: string, extra: Record<string, number> = {}): InsightInput {
  return {
    customer: 'p-ana',
    features: {
      'forecast.min-balance-30d': -25000,
      'forecast.days-to-min-balance': 4,
      ...extra,
    } as unknown as FeatureVector,
    transactions: {
      window: { from: new Date(Date.parse(now) - 400 * 86_400_000).toISOString(), to: now },
      items: [
        {
          id: 't-1',
          accountId: 'a-1',
          bookingDate: '2026-10-20',
          amount: { minor: '4599', currency: 'EUR' },
          direction: 'debit',
          category: 'groceries',
        },
      ],
    },
    now,
  };
}

/** The insight rows the generated suites' insight operations act on (`TargetWorld.insights`). */
export interface InsightWorld {
  /** A live insight of the customer: `respondToInsight` acts on it. */
  insightId: string;
}

/**
 * Inserts a live insight of `customerId` as `InsightsService` stores one (title and text sealed under the
 * customer's key, bound to the row) and returns its id. For fixtures that need insights without running
 * a generator on synced data.
 */
export async function insertInsight(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  options: {
    kind?: string;
    dedupeKey?: string;
    title?: string;
    text?: string;
    severity?: 'info' | 'warning';
    relevance?: number;
    createdAt?: Date;
    expiresAt?: Date;
  } = {},
): Promise<string> {
  const id = randomUUID();
  const createdAt = options.createdAt ?? new Date();
  const [titleEnc, bodyEnc] = await runAsTenant(tenant, () =>
    app.get(FieldEncryptionService).encryptForCustomer(customerId, [
      {
        address: { table: 'insight', column: 'title_enc', rowId: id },
        plaintext: options.title ?? 'Money resting',
      },
      {
        address: { table: 'insight', column: 'body_enc', rowId: id },
        plaintext: options.text ?? '€4,200.00 has rested in your current account.',
      },
    ]),
  );
  await runAsTenant(tenant, () =>
    app.get(EntityManager).transactional((tx) =>
      tx.execute(
        `insert into insight (id, tenant_id, customer_id, plugin_id, kind, dedupe_key, severity, relevance_hint,
           relevance, locale, title_enc, body_enc, created_at, expires_at)
         values (?, ?, ?, 'insights-core', ?, ?, ?, ?, ?, 'en-GB', ?, ?, ?, ?)`,
        [
          id,
          tenant.id,
          customerId,
          options.kind ?? 'idle-cash',
          options.dedupeKey ?? `fixture:${id}`,
          options.severity ?? 'info',
          options.relevance ?? 0.5,
          options.relevance ?? 0.5,
          titleEnc,
          bodyEnc,
          createdAt,
          options.expiresAt ?? new Date(createdAt.getTime() + 30 * 86_400_000),
        ],
      ),
    ),
  );
  return id;
}

/** One live insight of `customerId` for the generated suites (its text names `label`: evidence if it leaks). */
export async function prepareInsightWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  label: string,
): Promise<InsightWorld> {
  return { insightId: await insertInsight(app, tenant, customerId, { title: `${label} money resting` }) };
}

/**
 * A first-party insight-generator plugin for tests of the path from stored data to insights: it records
 * every input it is given (in `seen`) and proposes one insight about the latest transaction of the window
 * (kind `activity-summary`, keyed by that transaction: a later sync with newer data proposes a new one).
 * Declares two features and ten years of transactions, so fixture data of any date is in its window.
 */
export function fixtureInsightPlugin(id: string, seen: InsightInput[] = []): PluginDefinition {
  return definePlugin({
    manifest: {
      id,
      name: `Fixture insights ${id}`,
      version: '1.0.0',
      publisher: 'FinPersona tests',
      sdk: '^0.1.0',
      capabilities: ['insight-generator'],
      settings: { type: 'object', additionalProperties: false, properties: {} },
      permissions: { data: [], hosts: [] },
      regions: ['EU', 'UK', 'US'],
      trust: 'first-party',
    },
    extensions: {
      'insight-generator': {
        kinds: [{ kind: 'activity-summary', description: 'How many transactions the window holds.' }],
        features: ['transactions.monthly', 'forecast.min-balance-30d', 'forecast.days-to-min-balance'],
        transactionDays: 3650,
        create: () => ({
          generate: async (input): Promise<CandidateInsight[]> => {
            seen.push(input);
            const latest = input.transactions.items.at(-1);
            if (!latest) return [];
            return [
              {
                kind: 'activity-summary',
                title: 'Your accounts at a glance',
                body: '{count} transactions in the window, the latest on {on}.',
                parameters: {
                  count: { type: 'number', value: input.transactions.items.length },
                  on: { type: 'date', value: latest.bookingDate },
                },
                severity: 'info',
                relevance: 0.4,
                evidence: [{ kind: 'transaction', id: latest.id }],
                expiresAt: new Date(Date.parse(input.now) + 30 * 86_400_000).toISOString(),
                dedupeKey: `activity-summary:${latest.id}`,
              },
            ];
          },
        }),
      },
    },
  });
}
