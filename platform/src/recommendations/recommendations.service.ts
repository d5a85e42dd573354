import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { type Explanation, type FeatureVector, productTypes, type RuleRefusal } from '@finpersona/plugin-sdk';
import { requireStepUp } from '../access';
import { AuditService } from '../audit';
import { BehaviourService } from '../behaviour';
import { ComplianceRules } from '../compliance';
import { Consent, ConsentClock, ConsentsService, isConsentLive } from '../consents';
import { FieldEncryptionService } from '../crypto';
import { inTransaction } from '../database';
import { callerCustomerId } from '../customers';
import { Conflict, Invalid, NotFound } from '../errors';
import { MarketingService } from '../marketing';
import { type Cursor, decodeCursor, encodeCursor } from '../pagination';
import { type CatalogueProduct, ProductsService } from '../products';
import { requireContext, type TenantRef } from '../request-context';
import { OutboxService } from '../webhooks';
import { availabilityMessage } from './availability-messages';
import { ChampionModels, ChampionScorer } from './champion-scorer';
import {
  type CandidateDecision,
  customerFactsOf,
  type DeliveryCandidate,
  disclosuresFor,
  heldProductTypes,
  periodOf,
  rankCandidates,
  selectExplained,
} from './delivery-core';
import {
  Recommendation,
  RecommendationEvent,
  type RecommendationEventKind,
  RecommendationReview,
  RecommendationSettings,
  type RecommendationStatus,
} from './recommendation.entities';

/** What a bank gets until it changes them (`updateRecommendationSettings`). */
export const defaultRecommendationSettings = {
  /** Most recommendations a customer gets per period (calendar month, UTC). */
  maxPerPeriod: 3,
  /** Days after which a dismissed product may be recommended again; null: never ("not for me" is permanent). */
  dismissedReturnAfterDays: null as number | null,
} as const;

/** Why a customer has the recommendations they have (or none): what the app tells them. */
export const recommendationAvailabilities = [
  'DELIVERED',
  'NO_PERSONALISATION_CONSENT',
  'MARKETING_NOT_ALLOWED',
  'NO_MODEL',
  'NO_FEATURES',
  'NOTHING_SUITABLE',
] as const;
export type RecommendationAvailability = (typeof recommendationAvailabilities)[number];

export const recommendationOutcomes = ['OPENED', 'DISMISSED', 'ACCEPTED', 'RATED'] as const;
export type RecommendationOutcome = (typeof recommendationOutcomes)[number];

export const reviewDecisions = ['UPHELD', 'WITHDRAWN'] as const;
export type ReviewDecision = (typeof reviewDecisions)[number];

/** What a customer can do with a recommendation in its status. */
export type RecommendationAction =
  'OPEN' | 'ACCEPT' | 'DISMISS' | 'RATE' | 'CONTEST' | 'REQUEST_HUMAN_REVIEW';

export interface RecommendationRecord {
  id: string;
  customerId: string;
  period: string;
  productId: string;
  productType: string;
  catalogue: string;
  /** The product as the catalogue describes it now; null when it left the catalogue since. */
  product: CatalogueProduct | null;
  rank: number;
  score: number;
  reason: string;
  attributions: { feature: string; value: number | null; contribution: number }[];
  disclosures: { id: string; document: string; when: string }[];
  status: RecommendationStatus;
  actions: RecommendationAction[];
  deliveredAt: Date;
  modelPluginId: string;
  modelVersion: string;
  modelVersionId: string;
  rulePackId: string;
  rulePackVersion: string;
  features: FeatureVector;
  candidates: CandidateDecision[];
}

export interface RecommendationList {
  availability: RecommendationAvailability;
  /** A sentence for the customer: why these, or why none. */
  message: string;
  period: string;
  recommendations: RecommendationRecord[];
}

export interface ReviewRecord {
  id: string;
  recommendationId: string;
  trigger: 'contest' | 'request';
  customerText: string | null;
  status: 'requested' | 'decided';
  requestedAt: Date;
  decision: 'upheld' | 'withdrawn' | null;
  note: string | null;
  decidedAt: Date | null;
  /** The decision record under review (staff read it; customers see their own recommendation instead). */
  recommendation: RecommendationRecord | null;
}

export interface ReviewPage {
  edges: { cursor: string; node: ReviewRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface EngagementRow {
  productId: string;
  productType: string;
  modelPluginId: string;
  modelVersionId: string;
  delivered: number;
  shown: number;
  opened: number;
  accepted: number;
  dismissed: number;
}

export const maxReviewPageSize = 100;
export const maxCustomerTextLength = 2000;
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const address = (table: string, column: string, rowId: string) => ({ table, column, rowId });

/**
 * Recommendations of the bank's products to its customers, with the safeguards of automated decisions
 * (GDPR Art. 22): each delivered one has a reason and a decision record, the customer can say "not for me",
 * contest it or ask for a human review, and staff decide reviews. See platform/README.md "Recommendations".
 *
 * Delivery (`forCustomer`) for the signed-in customer: a live personalisation consent; the bank's rule pack
 * must allow in-app marketing to them (opt-in regions need their marketing consent, see `MarketingService`);
 * candidates are the bank's products for its region minus product types held and products dismissed;
 * eligibility, ranking, cap and reasons are the pure core's (`delivery-core.ts`) on the champion model's
 * scores (the model registry's champion through the plugin host) for the customer's latest features.
 * Everything delivered is stored with its decision record in the request's transaction. Within a period
 * the first delivery stands: asking again returns the same recommendations.
 */
@Injectable()
export class RecommendationsService {
  constructor(
    private readonly em: EntityManager,
    private readonly compliance: ComplianceRules,
    private readonly marketing: MarketingService,
    private readonly products: ProductsService,
    private readonly behaviour: BehaviourService,
    private readonly champions: ChampionModels,
    private readonly scorer: ChampionScorer,
    private readonly encryption: FieldEncryptionService,
    private readonly outbox: OutboxService,
    private readonly audit: AuditService,
    private readonly clock: ConsentClock,
    private readonly consents: ConsentsService,
  ) {}

  /** The signed-in customer's recommendations of this period (delivering them first when due). */
  async forCustomer(): Promise<RecommendationList> {
    return this.inTransaction(async (em) => {
      const tenant = requireTenant();
      const customerId = await callerCustomerId(em);
      const now = this.clock.now();
      const period = periodOf(now);
      const none = (availability: RecommendationAvailability, message: string): RecommendationList => ({
        availability,
        message,
        period,
        recommendations: [],
      });
      if (!(await this.personalisationLive(em, customerId, now))) {
        return none('NO_PERSONALISATION_CONSENT', availabilityMessage('noPersonalisationConsent'));
      }
      const permission = await this.marketing.permission(customerId, 'in-app');
      if (permission.decision !== 'allowed') {
        return none('MARKETING_NOT_ALLOWED', marketingMessage(permission.refusals));
      }
      // One delivery per customer at a time: a concurrent request waits here and then finds this one's rows.
      await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [
        `recommendations:${tenant.id}:${customerId}`,
      ]);
      const delivered = await em.find(
        Recommendation,
        { tenantId: tenant.id, customerId, period },
        { orderBy: { rank: 'asc', id: 'asc' } },
      );
      if (delivered.length > 0) {
        const visible = delivered.filter((row) => row.status !== 'withdrawn' && row.status !== 'dismissed');
        return {
          availability: 'DELIVERED',
          message: deliveredMessage(visible.length),
          period,
          recommendations: await this.records(em, visible),
        };
      }
      const settings = await this.currentSettings(em);
      const rules = await this.compliance.forCurrentTenant();
      const championVersion = await this.champions.champion();
      const champion = championVersion ? await this.scorer.load(championVersion) : null;
      if (!champion) {
        return none('NO_MODEL', availabilityMessage('noModel'));
      }
      const features = (await this.behaviour.latestFeatures([customerId])).get(customerId);
      if (!features) {
        return none('NO_FEATURES', availabilityMessage('noFeatures'));
      }
      const offered = await this.products.offeredInBankRegion();
      const candidates: DeliveryCandidate[] = offered.map(({ catalogue, product }) => ({
        productId: product.id,
        productType: product.type,
        catalogue,
      }));
      const held = heldProductTypes(features, productTypes);
      const heldIds = candidates.filter((c) => held.has(c.productType)).map((c) => c.productId);
      const scores = await champion.score(
        features,
        heldIds,
        candidates
          .filter((candidate) => !held.has(candidate.productType))
          .map((candidate) => ({ id: candidate.productId, type: candidate.productType })),
      );
      const ranking = rankCandidates({
        rules,
        facts: customerFactsOf(features),
        candidates,
        held,
        dismissed: await this.dismissedProductIds(em, customerId, settings.dismissedReturnAfterDays, now),
        scores,
        maxPerPeriod: settings.maxPerPeriod,
        deliveredThisPeriod: delivered.length,
      });
      // Reasons in the customer's language as far as the platform knows it (the locale of the consent text
      // they were shown last, as for insights); the model falls back to English for one it does not write.
      const reasonLocale = (await this.consents.customerLocale(customerId)) ?? 'en';
      const selection = await selectExplained(ranking, (candidate) =>
        champion.explain(features, { id: candidate.productId, type: candidate.productType }, reasonLocale),
      );
      if (selection.delivered.length === 0) {
        return none('NOTHING_SUITABLE', availabilityMessage('nothingSuitable'));
      }
      const rows = selection.delivered.map((chosen) => {
        const row = new Recommendation();
        Object.assign(row, {
          tenantId: tenant.id,
          customerId,
          period,
          productId: chosen.productId,
          productType: chosen.productType,
          catalogue: chosen.catalogue,
          rank: chosen.rank,
          score: chosen.score,
          modelPluginId: champion.pluginId,
          modelVersion: champion.version,
          modelVersionId: champion.versionId,
          features,
          candidates: selection.decisions,
          attributions: attributionsOf(chosen.explanation),
          rulePackId: rules.pack.pluginId,
          rulePackVersion: rules.pack.version,
          disclosures: disclosuresFor(rules, chosen.productType),
          deliveredAt: now,
        });
        return { row, sentence: chosen.explanation.sentence.trim() };
      });
      const reasons = await this.encryption.encryptForCustomer(
        customerId,
        rows.map(({ row, sentence }) => ({
          address: address('recommendation', 'reason_enc', row.id),
          plaintext: sentence,
        })),
      );
      rows.forEach(({ row }, index) => {
        row.reasonEnc = reasons[index]!;
        em.persist(row);
      });
      // The entities declare no relation, so the unit of work does not order the inserts: rows first.
      await em.flush();
      for (const { row } of rows) em.persist(this.event(row, 'shown'));
      await em.flush();
      await this.audit.record({
        action: 'recommendation.deliver',
        resourceType: 'customer',
        resourceId: customerId,
        changes: {
          period,
          recommendationIds: rows.map(({ row }) => row.id),
          productIds: rows.map(({ row }) => row.productId),
          modelPluginId: champion.pluginId,
          modelVersionId: champion.versionId,
          rulePack: `${rules.pack.pluginId}@${rules.pack.version}`,
        },
      });
      const stored = rows.map(({ row }) => row);
      return {
        availability: 'DELIVERED',
        message: deliveredMessage(stored.length),
        period,
        recommendations: await this.records(em, stored, offered),
      };
    });
  }

  /**
   * The signed-in customer's reaction to one of their recommendations: OPENED, DISMISSED ("not for me":
   * that product is not recommended again, unless the bank's setting lets it return after some days),
   * ACCEPTED (emits `recommendation.accepted` in the same transaction) or RATED (`rating` 1-5 and an
   * optional comment; a rating may also come with any other outcome). Accepting a dismissed one or
   * dismissing an accepted one is CONFLICT; repeating the same decision changes nothing. Audited.
   */
  async respond(input: {
    id: string;
    outcome: RecommendationOutcome;
    rating?: number | null;
    comment?: string | null;
  }): Promise<RecommendationRecord> {
    const comment = input.comment?.trim() || null;
    const problems: { field: string; problem: string }[] = [];
    if (!recommendationOutcomes.includes(input.outcome)) {
      problems.push({ field: 'outcome', problem: `must be one of ${recommendationOutcomes.join(', ')}` });
    }
    const rating = input.rating ?? null;
    if (rating !== null && (!Number.isInteger(rating) || rating < 1 || rating > 5)) {
      problems.push({ field: 'rating', problem: 'must be a whole number from 1 to 5' });
    }
    if (input.outcome === 'RATED' && rating === null) {
      problems.push({ field: 'rating', problem: 'is required to rate a recommendation' });
    }
    if (comment !== null && rating === null) {
      problems.push({ field: 'comment', problem: 'goes with a rating: give one' });
    }
    if (comment !== null && comment.length > maxCustomerTextLength) {
      problems.push({ field: 'comment', problem: `must be at most ${maxCustomerTextLength} characters` });
    }
    if (problems.length > 0) throw Invalid.fields(problems);
    return this.inTransaction(async (em) => {
      const row = await this.ownRecommendation(em, input.id);
      if (row.status === 'withdrawn') {
        throw new Conflict(
          'This recommendation was withdrawn after a review; there is nothing to respond to.',
        );
      }
      const before = row.status;
      if (input.outcome === 'DISMISSED' || input.outcome === 'ACCEPTED') {
        const next: RecommendationStatus = input.outcome === 'DISMISSED' ? 'dismissed' : 'accepted';
        if (before !== 'active' && before !== next) {
          throw new Conflict(
            `You already ${before} this recommendation; that decision stands. Contest it or ask for a human review instead.`,
          );
        }
        if (before === 'active') {
          row.status = next;
          row.statusChangedAt = this.clock.now();
          em.persist(this.event(row, next));
          if (next === 'accepted') {
            await this.outbox.record('recommendation.accepted', {
              recommendationId: row.id,
              customerId: row.customerId,
              productId: row.productId,
              acceptedAt: row.statusChangedAt.toISOString(),
            });
          }
        }
      }
      if (input.outcome === 'OPENED') em.persist(this.event(row, 'opened'));
      if (rating !== null) {
        const event = this.event(row, 'rated');
        event.rating = rating;
        if (comment !== null) {
          event.commentEnc = await this.encryptOne(
            row.customerId,
            'recommendation_event',
            'comment_enc',
            event.id,
            comment,
          );
        }
        em.persist(event);
      }
      await em.flush();
      await this.audit.record({
        action: 'recommendation.respond',
        resourceType: 'recommendation',
        resourceId: row.id,
        changes: {
          outcome: input.outcome,
          rating,
          commented: comment !== null,
          status: { from: before, to: row.status },
          productId: row.productId,
        },
      });
      return (await this.records(em, [row]))[0]!;
    });
  }

  /**
   * The signed-in customer contests one of their recommendations (`text`: why, 1-2000 characters) or asks
   * for a human review of it: a review request staff decide. While one is open, asking again returns it.
   * Audited (`recommendation.contest` / `recommendation.review-request`; never the text).
   */
  async requestReview(input: {
    id: string;
    trigger: 'contest' | 'request';
    text?: string | null;
  }): Promise<ReviewRecord> {
    const text = input.text?.trim() || null;
    if (input.trigger === 'contest' && (text === null || text.length > maxCustomerTextLength)) {
      throw Invalid.fields([
        { field: 'text', problem: `must say why, in 1 to ${maxCustomerTextLength} characters` },
      ]);
    }
    return this.inTransaction(async (em) => {
      const row = await this.ownRecommendation(em, input.id);
      const open = await em.findOne(RecommendationReview, {
        tenantId: row.tenantId,
        recommendationId: row.id,
        status: 'requested',
      });
      if (open) return (await this.reviewRecords(em, [open], false))[0]!;
      const review = new RecommendationReview();
      Object.assign(review, {
        tenantId: row.tenantId,
        customerId: row.customerId,
        recommendationId: row.id,
        trigger: input.trigger,
        requestedAt: this.clock.now(),
      });
      if (text !== null) {
        review.customerTextEnc = await this.encryptOne(
          row.customerId,
          'recommendation_review',
          'customer_text_enc',
          review.id,
          text,
        );
      }
      em.persist(review);
      if (input.trigger === 'contest') em.persist(this.event(row, 'contested'));
      await em.flush();
      await this.audit.record({
        action: input.trigger === 'contest' ? 'recommendation.contest' : 'recommendation.review-request',
        resourceType: 'recommendation',
        resourceId: row.id,
        changes: { reviewId: review.id, productId: row.productId },
      });
      return (await this.reviewRecords(em, [review], false))[0]!;
    });
  }

  /**
   * The bank's review requests for staff, oldest first (a queue), optionally only one status, each with
   * the decision record under review. Staff read customers' personal data here: audited
   * (`recommendation-review.list`, the review ids read).
   */
  async reviewQueue(options: {
    status?: 'requested' | 'decided' | null;
    first: number;
    after?: string | null;
  }): Promise<ReviewPage> {
    const { first } = options;
    if (!Number.isInteger(first) || first < 1 || first > maxReviewPageSize) {
      throw Invalid.fields([{ field: 'first', problem: `must be between 1 and ${maxReviewPageSize}` }]);
    }
    const after: Cursor | undefined = options.after ? decodeCursor(options.after) : undefined;
    return this.inTransaction(async (em) => {
      const tenant = requireTenant();
      const where: FilterQuery<RecommendationReview> = {
        tenantId: tenant.id,
        ...(options.status ? { status: options.status } : {}),
      };
      const rows = await em.find(
        RecommendationReview,
        {
          $and: [
            where,
            after
              ? {
                  $or: [
                    { requestedAt: { $gt: after.createdAt } },
                    { requestedAt: after.createdAt, id: { $gt: after.id } },
                  ],
                }
              : {},
          ],
        },
        { orderBy: { requestedAt: 'asc', id: 'asc' }, limit: first + 1 },
      );
      const page = rows.slice(0, first);
      const totalCount = await em.count(RecommendationReview, where);
      const nodes = await this.reviewRecords(em, page, true);
      await this.audit.record({
        action: 'recommendation-review.list',
        resourceType: 'recommendation_review',
        changes: { status: options.status ?? null, reviewIds: page.map((row) => row.id) },
      });
      const edges = nodes.map((node) => ({
        cursor: encodeCursor({ createdAt: node.requestedAt, id: node.id }),
        node,
      }));
      return {
        edges,
        pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
        totalCount,
      };
    });
  }

  /**
   * A staff member decides an open review (step-up): UPHELD keeps the recommendation, WITHDRAWN withdraws
   * it (the customer no longer sees it; it still counts against the period's cap). `note` (1-2000
   * characters) says why, for the customer's record. CONFLICT when already decided. Audited.
   */
  async decideReview(input: { id: string; decision: ReviewDecision; note: string }): Promise<ReviewRecord> {
    requireStepUp('decide recommendation reviews');
    const note = input.note?.trim() ?? '';
    const problems: { field: string; problem: string }[] = [];
    if (!reviewDecisions.includes(input.decision)) {
      problems.push({ field: 'decision', problem: `must be one of ${reviewDecisions.join(', ')}` });
    }
    if (note.length === 0 || note.length > maxCustomerTextLength) {
      problems.push({ field: 'note', problem: `must say why, in 1 to ${maxCustomerTextLength} characters` });
    }
    if (problems.length > 0) throw Invalid.fields(problems);
    return this.inTransaction(async (em) => {
      const tenant = requireTenant();
      const review = uuid.test(input.id)
        ? await em.findOne(RecommendationReview, { tenantId: tenant.id, id: input.id })
        : null;
      if (!review) throw new NotFound('No review request with this id in your bank; check the id.');
      if (review.status !== 'requested') {
        throw new Conflict('This review was decided already; its decision stands.');
      }
      const now = this.clock.now();
      review.status = 'decided';
      review.decision = input.decision === 'UPHELD' ? 'upheld' : 'withdrawn';
      review.decidedAt = now;
      review.decidedBy = requireContext().principal?.subject ?? null;
      review.noteEnc = await this.encryptOne(
        review.customerId,
        'recommendation_review',
        'note_enc',
        review.id,
        note,
      );
      if (review.decision === 'withdrawn') {
        const recommendation = await em.findOneOrFail(Recommendation, {
          tenantId: tenant.id,
          id: review.recommendationId,
        });
        recommendation.status = 'withdrawn';
        recommendation.statusChangedAt = now;
      }
      await em.flush();
      await this.audit.record({
        action: 'recommendation-review.decide',
        resourceType: 'recommendation_review',
        resourceId: review.id,
        changes: { decision: review.decision, recommendationId: review.recommendationId },
      });
      return (await this.reviewRecords(em, [review], true))[0]!;
    });
  }

  /**
   * How customers engage with recommendations delivered in `[from, to)` (default: the last 90 days), by
   * product and model version: delivered, and how many of those were shown, opened, accepted, dismissed.
   * Counts only; no customer is named.
   */
  async engagement(window: { from?: Date | null; to?: Date | null }): Promise<EngagementRow[]> {
    const to = window.to ?? this.clock.now();
    const from = window.from ?? new Date(to.getTime() - 90 * 86_400_000);
    if (!(from.getTime() < to.getTime())) {
      throw Invalid.fields([{ field: 'from', problem: 'must be before `to`' }]);
    }
    return this.inTransaction(async (em) => {
      const tenant = requireTenant();
      const rows = await em.execute<
        {
          product_id: string;
          product_type: string;
          model_plugin_id: string;
          model_version_id: string;
          delivered: string;
          shown: string;
          opened: string;
          accepted: string;
          dismissed: string;
        }[]
      >(
        `select r.product_id, r.product_type, r.model_plugin_id, r.model_version_id,
                count(*) as delivered,
                count(*) filter (where exists (select 1 from recommendation_event e where e.recommendation_id = r.id and e.kind = 'shown')) as shown,
                count(*) filter (where exists (select 1 from recommendation_event e where e.recommendation_id = r.id and e.kind = 'opened')) as opened,
                count(*) filter (where exists (select 1 from recommendation_event e where e.recommendation_id = r.id and e.kind = 'accepted')) as accepted,
                count(*) filter (where exists (select 1 from recommendation_event e where e.recommendation_id = r.id and e.kind = 'dismissed')) as dismissed
           from recommendation r
          where r.tenant_id = ? and r.delivered_at >= ? and r.delivered_at < ?
          group by r.product_id, r.product_type, r.model_plugin_id, r.model_version_id
          order by r.product_id, r.model_plugin_id, r.model_version_id`,
        [tenant.id, from, to],
      );
      return rows.map((row) => ({
        productId: row.product_id,
        productType: row.product_type,
        modelPluginId: row.model_plugin_id,
        modelVersionId: row.model_version_id,
        delivered: Number(row.delivered),
        shown: Number(row.shown),
        opened: Number(row.opened),
        accepted: Number(row.accepted),
        dismissed: Number(row.dismissed),
      }));
    });
  }

  /** The current bank's delivery settings (its own, or the defaults). */
  async settings(): Promise<{
    maxPerPeriod: number;
    dismissedReturnAfterDays: number | null;
    isDefault: boolean;
  }> {
    return this.inTransaction((em) => this.currentSettings(em));
  }

  /**
   * Changes the current bank's delivery settings (step-up): `maxPerPeriod` 0-20 (0 turns recommendations
   * off), `dismissedReturnAfterDays` 1-3650 or null (dismissed products never return). Audited.
   */
  async updateSettings(input: { maxPerPeriod: number; dismissedReturnAfterDays?: number | null }) {
    requireStepUp('change recommendation settings');
    const problems: { field: string; problem: string }[] = [];
    if (!Number.isInteger(input.maxPerPeriod) || input.maxPerPeriod < 0 || input.maxPerPeriod > 20) {
      problems.push({ field: 'maxPerPeriod', problem: 'must be a whole number from 0 to 20' });
    }
    const back = input.dismissedReturnAfterDays ?? null;
    if (back !== null && (!Number.isInteger(back) || back < 1 || back > 3650)) {
      problems.push({
        field: 'dismissedReturnAfterDays',
        problem: 'must be a whole number from 1 to 3650, or null',
      });
    }
    if (problems.length > 0) throw Invalid.fields(problems);
    return this.inTransaction(async (em) => {
      const tenant = requireTenant();
      const before = await this.currentSettings(em);
      const row =
        (await em.findOne(RecommendationSettings, { tenantId: tenant.id })) ??
        em.create(RecommendationSettings, { tenantId: tenant.id, maxPerPeriod: input.maxPerPeriod });
      row.maxPerPeriod = input.maxPerPeriod;
      row.dismissedReturnAfterDays = back;
      row.updatedAt = new Date();
      await em.flush();
      await this.audit.record({
        action: 'recommendation-settings.update',
        resourceType: 'tenant',
        resourceId: tenant.id,
        changes: {
          maxPerPeriod: { from: before.maxPerPeriod, to: input.maxPerPeriod },
          dismissedReturnAfterDays: { from: before.dismissedReturnAfterDays, to: back },
        },
      });
      return { maxPerPeriod: row.maxPerPeriod, dismissedReturnAfterDays: back, isDefault: false };
    });
  }

  // --- internals ---

  /** One free text of the customer's, encrypted under their key at its address. */
  private async encryptOne(
    customerId: string,
    table: string,
    column: string,
    rowId: string,
    plaintext: string,
  ): Promise<string> {
    const [stored] = await this.encryption.encryptForCustomer(customerId, [
      { address: address(table, column, rowId), plaintext },
    ]);
    return stored!;
  }

  private async currentSettings(em: EntityManager) {
    const row = await em.findOne(RecommendationSettings, { tenantId: requireTenant().id });
    return row
      ? {
          maxPerPeriod: row.maxPerPeriod,
          dismissedReturnAfterDays: row.dismissedReturnAfterDays,
          isDefault: false,
        }
      : { ...defaultRecommendationSettings, isDefault: true };
  }

  /** Whether the customer's newest personalisation consent is live now. */
  private async personalisationLive(em: EntityManager, customerId: string, now: Date): Promise<boolean> {
    const [newest] = await em.find(
      Consent,
      { tenantId: requireTenant().id, customerId, purpose: 'personalisation' },
      { orderBy: { grantedAt: 'desc', id: 'desc' }, limit: 1 },
    );
    return newest !== undefined && isConsentLive(newest, now);
  }

  /** Products the customer dismissed that may not return yet (all of them when dismissals are permanent). */
  private async dismissedProductIds(
    em: EntityManager,
    customerId: string,
    returnAfterDays: number | null,
    now: Date,
  ): Promise<Set<string>> {
    const rows = await em.find(
      Recommendation,
      {
        tenantId: requireTenant().id,
        customerId,
        status: 'dismissed',
        ...(returnAfterDays === null
          ? {}
          : { statusChangedAt: { $gt: new Date(now.getTime() - returnAfterDays * 86_400_000) } }),
      },
      { fields: ['productId'] },
    );
    return new Set(rows.map((row) => row.productId));
  }

  /** One of the signed-in customer's recommendations; NOT_FOUND for any other id. */
  private async ownRecommendation(em: EntityManager, id: string): Promise<Recommendation> {
    const customerId = await callerCustomerId(em);
    const row = uuid.test(id)
      ? await em.findOne(Recommendation, { tenantId: requireTenant().id, customerId, id })
      : null;
    if (!row) throw new NotFound('No recommendation with this id is yours; check the id.');
    return row;
  }

  private event(row: Recommendation, kind: RecommendationEventKind): RecommendationEvent {
    return Object.assign(new RecommendationEvent(), {
      tenantId: row.tenantId,
      customerId: row.customerId,
      recommendationId: row.id,
      kind,
      createdAt: this.clock.now(),
    });
  }

  /** Rows as records: reasons decrypted, products from the catalogue (`offered` when already read). */
  private async records(
    em: EntityManager,
    rows: readonly Recommendation[],
    offered?: readonly CatalogueProduct[],
  ): Promise<RecommendationRecord[]> {
    if (rows.length === 0) return [];
    const catalogue = offered ?? (await this.products.offeredInBankRegion());
    const reasons = await this.encryption.decryptMany(
      rows.map((row) => ({
        stored: row.reasonEnc,
        address: address('recommendation', 'reason_enc', row.id),
      })),
    );
    const openReviews = new Set(
      (
        await em.find(
          RecommendationReview,
          {
            tenantId: requireTenant().id,
            recommendationId: { $in: rows.map((row) => row.id) },
            status: 'requested',
          },
          { fields: ['recommendationId'] },
        )
      ).map((review) => review.recommendationId),
    );
    return rows.map((row, index) => ({
      id: row.id,
      customerId: row.customerId,
      period: row.period,
      productId: row.productId,
      productType: row.productType,
      catalogue: row.catalogue,
      product:
        catalogue.find((item) => item.catalogue === row.catalogue && item.product.id === row.productId) ??
        null,
      rank: row.rank,
      score: row.score,
      reason: reasons[index]!,
      attributions: row.attributions,
      disclosures: row.disclosures,
      status: row.status,
      actions: actionsFor(row.status, openReviews.has(row.id)),
      deliveredAt: row.deliveredAt,
      modelPluginId: row.modelPluginId,
      modelVersion: row.modelVersion,
      modelVersionId: row.modelVersionId,
      rulePackId: row.rulePackId,
      rulePackVersion: row.rulePackVersion,
      features: row.features,
      candidates: row.candidates,
    }));
  }

  private async reviewRecords(
    em: EntityManager,
    reviews: readonly RecommendationReview[],
    withDecisionRecord: boolean,
  ): Promise<ReviewRecord[]> {
    if (reviews.length === 0) return [];
    const texts = await this.encryption.decryptMany(
      reviews.flatMap((review) => [
        ...(review.customerTextEnc
          ? [
              {
                stored: review.customerTextEnc,
                address: address('recommendation_review', 'customer_text_enc', review.id),
              },
            ]
          : []),
        ...(review.noteEnc
          ? [{ stored: review.noteEnc, address: address('recommendation_review', 'note_enc', review.id) }]
          : []),
      ]),
    );
    const recommendations = withDecisionRecord
      ? await this.records(
          em,
          await em.find(
            Recommendation,
            { tenantId: requireTenant().id, id: { $in: reviews.map((review) => review.recommendationId) } },
            { orderBy: { id: 'asc' } },
          ),
        )
      : [];
    let next = 0;
    return reviews.map((review) => ({
      id: review.id,
      recommendationId: review.recommendationId,
      trigger: review.trigger,
      customerText: review.customerTextEnc ? texts[next++]! : null,
      note: review.noteEnc ? texts[next++]! : null,
      status: review.status,
      requestedAt: review.requestedAt,
      decision: review.decision,
      decidedAt: review.decidedAt,
      recommendation: recommendations.find((record) => record.id === review.recommendationId) ?? null,
    }));
  }

  private inTransaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return inTransaction(this.em, work);
  }
}

function requireTenant(): TenantRef {
  const { tenant } = requireContext();
  if (!tenant) throw new Error('Recommendations are per bank: use them in a request or runAsTenant()');
  return tenant;
}

function attributionsOf(explanation: Explanation) {
  return explanation.attributions.map((item) => ({
    feature: item.feature,
    value: item.value,
    contribution: item.contribution,
  }));
}

function actionsFor(status: RecommendationStatus, reviewOpen: boolean): RecommendationAction[] {
  if (status === 'withdrawn') return [];
  const review: RecommendationAction[] = reviewOpen ? [] : ['CONTEST', 'REQUEST_HUMAN_REVIEW'];
  if (status === 'active') return ['OPEN', 'ACCEPT', 'DISMISS', 'RATE', ...review];
  return ['RATE', ...review];
}

function deliveredMessage(count: number): string {
  return availabilityMessage(count === 0 ? 'noneOpen' : 'delivered');
}

function marketingMessage(refusals: readonly RuleRefusal[]): string {
  return availabilityMessage(
    refusals.some((refusal) => refusal.reason.includes('consent')) ? 'noMarketingConsent' : 'marketingPaused',
  );
}
