import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable, Logger } from '@nestjs/common';
import {
  type CandidateInsight,
  candidateInsightProblems,
  type InsightGeneratorExtension,
  type InsightInput,
  moneyFromMinor,
} from '@finpersona/plugin-sdk';
import { randomUUID } from 'node:crypto';
import { AuditService } from '../audit';
import { BehaviourService, type RecentActivity } from '../behaviour';
import { ConsentClock, ConsentsService } from '../consents';
import { FieldEncryptionService } from '../crypto';
import { CustomerNotifier } from '../customer-notifier';
import { PluginCallFailed, PluginsService } from '../plugins';
import { declaredFeatures } from '../recommendations';
import { requireContext } from '../request-context';
import { InsightSettingsService } from './insight-settings.service';
import { insightLanguage, renderInsightText } from './insight-text';
import { type KindEngagement, learnedRelevance, shouldNotify } from './relevance';

/** What one run of a bank's generators did for one customer (counts only: it is audited). */
export interface InsightRunReport {
  /** Null when the run went ahead; else why nothing was generated. */
  skipped: string | null;
  candidates: number;
  /** Candidates dropped for problems (`candidateInsightProblems`), per plugin: reported, never stored. */
  dropped: { pluginId: string; problems: { path: string; message: string }[] }[];
  stored: number;
  /** Candidates whose key already has a live insight (not repeated). */
  duplicates: number;
  /** Candidates of kinds the bank turned off (`insight_settings.disabled_kinds`): not stored. */
  turnedOff: number;
  notified: number;
  /**
   * Generators that did not answer (a third-party one over its sandbox limits or crashed — the sandbox
   * audits those as `plugin.call` — or answering something that is not a list; a first-party one that
   * threw): the others still ran.
   */
  failed: { pluginId: string; reason: string }[];
}

/**
 * Insights for customers (issue 6, item 5): runs the bank's enabled insight generators on a customer's
 * `InsightInput`, only under a live personalisation consent; drops candidates with problems and reports
 * them; stores the rest once per dedupe key while live (text rendered in the customer's locale and
 * encrypted under their key); scores relevance from the generator's hint and the bank's engagement with the
 * kind (`learnedRelevance`) and notifies through `CustomerNotifier` only above the bank's threshold —
 * otherwise the insight is only in the app. System work for the current bank (`runAsTenant`).
 */
@Injectable()
export class InsightsService {
  private readonly logger = new Logger('Insights');

  constructor(
    private readonly em: EntityManager,
    private readonly encryption: FieldEncryptionService,
    private readonly consents: ConsentsService,
    private readonly plugins: PluginsService,
    private readonly notifier: CustomerNotifier,
    private readonly audit: AuditService,
    private readonly clock: ConsentClock,
    private readonly settings: InsightSettingsService,
    private readonly behaviour: BehaviourService,
  ) {}

  /**
   * Runs every enabled insight generator of the bank on `input` (first-party ones in process, third-party
   * ones in the bank's sandbox: `ThirdPartyRuntime`) and stores what they propose. Each generator gets
   * `input` with only the features it declares. `locale`: the customer's language; by default the one they
   * chose (`ConsentsService.customerLocale`), else English.
   */
  async generate(customerId: string, input: InsightInput, locale?: string): Promise<InsightRunReport> {
    return this.run(
      customerId,
      async () => (extension) => ({
        ...input,
        features: declaredFeatures(input.features, extension.features),
      }),
      locale,
    );
  }

  /**
   * After a sync changed a customer's data (and their behaviour was recomputed): runs the bank's generators
   * on what is stored — the customer's latest features (the forecast among them) and their transactions of
   * the days each generator asks for, tagged with their recurring series (`BehaviourService.recentActivity`).
   * Each generator gets only the features it declares, and the customer under a pseudonym fresh for the run.
   * Nothing runs without a live personalisation consent or before the customer's features exist. Written
   * in the customer's language as `generate`.
   */
  async generateFromStoredData(customerId: string, locale?: string): Promise<InsightRunReport> {
    return this.run(
      customerId,
      async (extensions) => {
        const days = Math.max(0, ...extensions.map((extension) => extension.transactionDays));
        const activity = await this.behaviour.recentActivity(customerId, days);
        if (!activity?.features) return null;
        const pseudonym = randomUUID();
        return (extension) => insightInputOf(activity, extension, pseudonym);
      },
      locale,
    );
  }

  /**
   * The run shared by `generate` and `generateFromStoredData`: consent first, then each enabled generator
   * on the input `prepare` builds for it (null from `prepare`: nothing to generate from yet), told the
   * language to write (`insightLanguage` of the customer's locale and the generator's `locales`).
   */
  private async run(
    customerId: string,
    prepare: (
      extensions: readonly InsightGeneratorExtension[],
    ) => Promise<((extension: InsightGeneratorExtension) => InsightInput) | null>,
    locale: string | undefined,
  ): Promise<InsightRunReport> {
    const report = emptyReport();
    const live = await this.consents.customersWithLiveConsent('personalisation', [customerId]);
    if (!live.has(customerId)) return { ...report, skipped: 'no live personalisation consent' };
    // In a transaction: the bank's row-level security is set per transaction, so outside one the
    // installations would read as none.
    const generators = await this.em.transactional(async () =>
      Promise.all(
        (await this.plugins.enabledExtensions('insight-generator')).map(async (enabled) => ({
          enabled,
          context: await enabled.context(),
        })),
      ),
    );
    if (generators.length === 0) return report;
    const inputFor = await prepare(generators.map(({ enabled }) => enabled.extension));
    if (!inputFor) return { ...report, skipped: 'no features computed yet' };
    const { disabledKinds } = await this.settings.stored();
    const customerLocale = locale ?? (await this.consents.customerLocale(customerId));
    for (const { enabled, context } of generators) {
      const language = insightLanguage(customerLocale, enabled.extension.locales);
      const input = { ...inputFor(enabled.extension), locale: language.write };
      let proposed: readonly CandidateInsight[];
      try {
        proposed = await enabled.extension.create(context).generate(input);
      } catch (error) {
        // One generator's failure does not cost the customer the others' insights.
        const reason = error instanceof PluginCallFailed ? error.message : 'the generator threw';
        this.logger.warn(`insight generator ${enabled.pluginId} failed: ${String(error)}`);
        report.failed.push({ pluginId: enabled.pluginId, reason });
        continue;
      }
      // Kinds the bank turned off are not stored (nor counted as candidates).
      const candidates = proposed.filter((candidate) => !disabledKinds.has(candidate.kind));
      report.turnedOff += proposed.length - candidates.length;
      const kinds = enabled.extension.kinds.map((kind) => kind.kind);
      const stored = await this.storeCandidates(
        customerId,
        enabled.pluginId,
        candidates,
        input,
        kinds,
        language.format,
      );
      report.candidates += stored.candidates;
      report.dropped.push(...stored.dropped);
      report.stored += stored.stored;
      report.duplicates += stored.duplicates;
      report.notified += stored.notified;
    }
    return report;
  }

  /** Checks, stores and (above the threshold) notifies one generator's `candidates` for `input`. */
  async storeCandidates(
    customerId: string,
    pluginId: string,
    candidates: readonly CandidateInsight[],
    input: InsightInput,
    kinds: readonly string[],
    locale = 'en',
  ): Promise<InsightRunReport> {
    const report = { ...emptyReport(), candidates: candidates.length };
    const problems = candidateInsightProblems(candidates, input, kinds);
    const bad = new Set(problems.map((problem) => Number(/^\$\[(\d+)\]/.exec(problem.path)?.[1])));
    if (problems.length > 0) report.dropped.push({ pluginId, problems });
    const now = this.clock.now();
    const threshold = await this.threshold();
    for (const [index, candidate] of candidates.entries()) {
      if (bad.has(index)) continue;
      const outcome = await this.em.transactional(async (em) => {
        // An expired insight leaves the key free for its successor; its engagement stays with it.
        await em.execute(
          `update insight set live = false
            where tenant_id = ? and customer_id = ? and dedupe_key = ? and live and expires_at <= ?`,
          [tenantId(), customerId, candidate.dedupeKey, now],
        );
        const relevance = learnedRelevance(candidate.relevance, await this.engagement(em, candidate.kind));
        const id = randomUUID();
        const title = renderInsightText(candidate.title, candidate.parameters, locale);
        const body = renderInsightText(candidate.body, candidate.parameters, locale);
        const [titleEnc, bodyEnc] = await this.encryption.encryptForCustomer(customerId, [
          { address: { table: 'insight', column: 'title_enc', rowId: id }, plaintext: title },
          { address: { table: 'insight', column: 'body_enc', rowId: id }, plaintext: body },
        ]);
        const inserted = await em.execute<{ id: string }[]>(
          `insert into insight (id, tenant_id, customer_id, plugin_id, kind, dedupe_key, severity, relevance_hint,
             relevance, locale, title_enc, body_enc, evidence, created_at, expires_at)
           values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
           on conflict (tenant_id, customer_id, dedupe_key) where live do nothing
           returning id`,
          [
            id,
            tenantId(),
            customerId,
            pluginId,
            candidate.kind,
            candidate.dedupeKey,
            candidate.severity,
            candidate.relevance,
            relevance,
            locale,
            titleEnc,
            bodyEnc,
            JSON.stringify(candidate.evidence),
            now,
            new Date(candidate.expiresAt),
          ],
        );
        if (inserted.length === 0) return 'duplicate' as const;
        let notified = false;
        if (shouldNotify(relevance, threshold)) {
          const result = await this.notifier.send({
            customerId,
            kind: `insight.${candidate.kind}`,
            subjectRef: `insight:${id}`,
            title,
            body,
            importance: candidate.severity === 'warning' ? 'high' : 'normal',
            purpose: 'personalisation',
          });
          const sent = result.channels.filter(
            (decision) => decision.outcome === 'sent' || decision.outcome === 'deferred',
          );
          notified = sent.length > 0;
          await em.execute('update insight set notified = ? where id = ?', [
            sent.map((decision) => decision.channel).join(',') || null,
            id,
          ]);
        }
        await this.audit.record({
          action: 'insight.store',
          resourceType: 'insight',
          resourceId: id,
          changes: { pluginId, kind: candidate.kind, relevance, threshold, notified },
        });
        return notified ? ('notified' as const) : ('stored' as const);
      });
      if (outcome === 'duplicate') report.duplicates += 1;
      else {
        report.stored += 1;
        if (outcome === 'notified') report.notified += 1;
      }
    }
    return report;
  }

  /** The bank's notification threshold (`insight_settings`), or the default. */
  async threshold(): Promise<number> {
    return (await this.settings.stored()).notifyThreshold;
  }

  /** How the bank's customers engaged with insights of `kind` so far. */
  private async engagement(em: EntityManager, kind: string): Promise<KindEngagement> {
    const [row] = await em.execute<Record<string, string>[]>(
      `select
         count(*) filter (where outcome = 'shown') as shown,
         count(*) filter (where outcome = 'opened') as opened,
         count(*) filter (where outcome = 'acted') as acted,
         count(*) filter (where outcome = 'thumbs-up') as thumbs_up,
         count(*) filter (where outcome = 'dismissed') as dismissed,
         count(*) filter (where outcome = 'thumbs-down') as thumbs_down,
         count(distinct insight_id) filter (where outcome <> 'shown') as responded
       from insight_engagement where tenant_id = ? and kind = ?`,
      [tenantId(), kind],
    );
    return {
      shown: Number(row?.shown ?? 0),
      opened: Number(row?.opened ?? 0),
      acted: Number(row?.acted ?? 0),
      thumbsUp: Number(row?.thumbs_up ?? 0),
      dismissed: Number(row?.dismissed ?? 0),
      thumbsDown: Number(row?.thumbs_down ?? 0),
      responded: Number(row?.responded ?? 0),
    };
  }
}

/**
 * One generator's input from a customer's stored activity: the features it declares, the transactions of
 * the days it asks for (recurring series key as `recurringId`), the customer as `pseudonym`.
 */
export function insightInputOf(
  activity: RecentActivity,
  extension: Pick<InsightGeneratorExtension, 'features' | 'transactionDays'>,
  pseudonym: string,
): InsightInput {
  const to = new Date(activity.asOf);
  const from = new Date(to.getTime() - extension.transactionDays * 86_400_000);
  const fromDay = from.toISOString().slice(0, 10);
  return {
    customer: pseudonym,
    features: declaredFeatures(activity.features ?? {}, extension.features),
    transactions: {
      window: { from: from.toISOString(), to: activity.asOf },
      items: activity.transactions
        .filter((transaction) => transaction.bookingDate >= fromDay)
        .map((transaction) => ({
          id: transaction.id,
          accountId: transaction.accountId,
          bookingDate: transaction.bookingDate,
          amount: moneyFromMinor(String(transaction.amountMinor), transaction.currency),
          direction: transaction.direction,
          ...(transaction.category ? { category: transaction.category } : {}),
          ...(transaction.merchant ? { merchant: transaction.merchant } : {}),
          ...(transaction.recurringKey ? { recurringId: transaction.recurringKey } : {}),
        })),
    },
    now: activity.asOf,
  };
}

function emptyReport(): InsightRunReport {
  return {
    skipped: null,
    candidates: 0,
    dropped: [],
    stored: 0,
    duplicates: 0,
    turnedOff: 0,
    notified: 0,
    failed: [],
  };
}

function tenantId(): string {
  const tenant = requireContext().tenant;
  if (!tenant) throw new Error('Insights are tenant-owned: use them in a request or runAsTenant()');
  return tenant.id;
}
