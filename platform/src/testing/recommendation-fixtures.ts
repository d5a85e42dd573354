import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import type { ProductType } from '@finpersona/plugin-sdk';
import { FieldEncryptionService } from '../crypto';
import { periodOf } from '../recommendations';
import { runAsTenant, type TenantRef } from '../request-context';

/** The recommendation rows the generated suites' recommendation operations act on (`TargetWorld.recommendations`). */
export interface RecommendationWorld {
  /** A recommendation of the customer, active, without a review: respond, contest and request act on it. */
  recommendationId: string;
  /** An open review request of another recommendation of the customer: the staff decide it. */
  reviewId: string;
  /** That other recommendation (under review until decided). */
  reviewedRecommendationId: string;
}

/**
 * Inserts a delivered recommendation of `customerId` as `RecommendationsService` stores one (reason sealed
 * under the customer's key, bound to the row, decision record filled), in the period of `at` (default now),
 * and returns its id. For fixtures that need recommendations without a champion model and features.
 */
export async function insertRecommendation(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  options: {
    productId: string;
    productType?: ProductType;
    rank?: number;
    reason?: string;
    at?: Date;
    status?: 'active' | 'dismissed' | 'accepted' | 'withdrawn';
  },
): Promise<string> {
  const em = app.get(EntityManager);
  const encryption = app.get(FieldEncryptionService);
  const id = randomUUID();
  const at = options.at ?? new Date();
  const productType = options.productType ?? 'savings-account';
  await runAsTenant(tenant, () =>
    em.transactional(async (tx) => {
      const [reason] = await encryption.encryptForCustomer(customerId, [
        {
          address: { table: 'recommendation', column: 'reason_enc', rowId: id },
          plaintext: options.reason ?? 'Money has sat in your current account for 3 months.',
        },
      ]);
      await tx.execute(
        `insert into recommendation (id, tenant_id, customer_id, period, product_id, product_type, catalogue, rank,
           score, model_plugin_id, model_version, model_version_id, features, candidates, reason_enc, attributions,
           rule_pack_id, rule_pack_version, disclosures, status, delivered_at, status_changed_at)
         values (?, ?, ?, ?, ?, ?, 'catalogue-retail', ?, 0.8, 'model-fixture', '1', ?, ?::jsonb, ?::jsonb, ?,
           ?::jsonb, 'compliance-eu', '1.0.0', '[]'::jsonb, ?, ?, ?)`,
        [
          id,
          tenant.id,
          customerId,
          periodOf(at),
          options.productId,
          productType,
          options.rank ?? 1,
          randomUUID(),
          JSON.stringify({ 'balance.idle': 420_000, 'customer.age': 41 }),
          JSON.stringify([
            { productId: options.productId, productType, score: 0.8, outcome: 'delivered', refusals: [] },
          ]),
          reason,
          JSON.stringify([{ feature: 'balance.idle', value: 420_000, contribution: 0.31 }]),
          options.status ?? 'active',
          at,
          options.status && options.status !== 'active' ? at : null,
        ],
      );
    }),
  );
  return id;
}

/**
 * Two recommendations of `customerId` (product ids prefixed with `prefix`), the second with an open human
 * review request (as the customer's `requestHumanReview` writes it).
 */
export async function prepareRecommendationWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  prefix: string,
): Promise<RecommendationWorld> {
  const recommendationId = await insertRecommendation(app, tenant, customerId, {
    productId: `${prefix}-SAVER`,
  });
  const reviewed = await insertRecommendation(app, tenant, customerId, {
    productId: `${prefix}-FUND`,
    productType: 'insurance',
    rank: 2,
  });
  const reviewId = randomUUID();
  await runAsTenant(tenant, () =>
    app.get(EntityManager).transactional((tx) =>
      tx.execute(
        `insert into recommendation_review (id, tenant_id, customer_id, recommendation_id, trigger)
         values (?, ?, ?, ?, 'request')`,
        [reviewId, tenant.id, customerId, reviewed],
      ),
    ),
  );
  return { recommendationId, reviewId, reviewedRecommendationId: reviewed };
}
