import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { FieldEncryptionService } from '../crypto';
import { runAsTenant, type TenantRef } from '../request-context';

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
