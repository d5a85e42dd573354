import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { EntityManagerScope } from '../database';
import { TemporalGateway } from '../onboarding';
import { PluginsService, type RecommendationModelEnabledListener } from '../plugins';
import { requireContext, runAsTenant } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { RetrainingStarter } from './retraining-starter';

/** First wait before a reconcile is tried again after Temporal refused; doubled up to `maxRetryMs`. */
export const firstRetryMs = 5_000;
const maxRetryMs = 5 * 60_000;

/**
 * Keeps one retraining loop running per bank and enabled recommendation model (the API side; the worker runs
 * the loops). Three ways in, all idempotent (`RetrainingStarter.ensureRunning` reuses a running workflow):
 *
 * - a bank enables a model plugin (`PluginsService` tells this listener): the loop starts once the enable
 *   has committed (never for a rolled-back one);
 * - the API starts: a reconcile walks every ACTIVE bank's enabled recommendation models in the background
 *   (the API does not wait for Temporal to start serving);
 * - Temporal refused (down, restarting): the enable is NOT failed — it is stored and audited — and a
 *   reconcile is scheduled, retried with backoff (5 s doubling to 5 min) until Temporal answers.
 *
 * Banks onboarded with a model in their initial plugins get their loop from the onboarding workflow itself
 * (`workflows/src/onboarding`), which runs in the worker, where this API-side class does not.
 */
@Injectable()
export class RetrainingLoops
  implements RecommendationModelEnabledListener, OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('RetrainingLoops');
  private retryTimer: NodeJS.Timeout | undefined;
  private retryMs = firstRetryMs;
  private reconciling: Promise<number> | undefined;
  private stopped = false;

  constructor(
    private readonly starter: RetrainingStarter,
    private readonly plugins: PluginsService,
    private readonly tenancy: TenancyService,
    private readonly scope: EntityManagerScope,
    private readonly temporal: TemporalGateway,
  ) {}

  onModuleInit(): void {
    this.plugins.onRecommendationModelEnabled(this);
  }

  onApplicationBootstrap(): void {
    void this.reconcile();
  }

  onApplicationShutdown(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
  }

  modelEnabled(pluginId: string): void {
    const tenantId = requireContext().tenant?.id;
    if (!tenantId) return;
    this.scope.afterCommit(async () => {
      try {
        await this.start(tenantId, pluginId);
      } catch (error) {
        this.logger.warn(
          `retraining loop of ${pluginId} for bank ${tenantId} not started (${String(error)}); retrying by reconcile`,
        );
        this.scheduleRetry();
      }
    });
  }

  /**
   * Ensures the loop of every enabled recommendation model of every ACTIVE bank runs; resolves with how many
   * loops it ensured. Never rejects: when Temporal (or the database) refuses, it schedules a retry. Calls
   * while one runs share it.
   */
  reconcile(): Promise<number> {
    this.reconciling ??= this.reconcileOnce().finally(() => {
      this.reconciling = undefined;
    });
    return this.reconciling;
  }

  private async reconcileOnce(): Promise<number> {
    let ensured = 0;
    try {
      for (let after: string | null = null; ;) {
        const page = await this.tenancy.list({ first: 100, after, status: 'ACTIVE' });
        for (const { node } of page.edges) {
          const models = await runAsTenant(tenantRef(node), () =>
            this.plugins.enabledPluginIds('recommendation-model'),
          );
          for (const pluginId of models) {
            if (this.stopped) return ensured;
            await this.start(node.id, pluginId);
            ensured += 1;
          }
        }
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      this.retryMs = firstRetryMs;
      return ensured;
    } catch (error) {
      this.logger.warn(`reconciling retraining loops failed (${String(error)}); retrying`);
      this.scheduleRetry();
      return ensured;
    }
  }

  /**
   * Starts (or finds) the loop, after a probe that answers at once: through the client's retrying connection
   * a start against an unreachable Temporal would keep retrying, past the API's shutdown. Unreachable:
   * rejects, and the caller schedules a reconcile.
   */
  private async start(tenantId: string, pluginId: string): Promise<void> {
    await this.temporal.checkHealth();
    await this.starter.ensureRunning(tenantId, pluginId);
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, maxRetryMs);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.reconcile();
    }, wait);
    // A pending retry never keeps a process alive that is otherwise done.
    this.retryTimer.unref();
  }
}
