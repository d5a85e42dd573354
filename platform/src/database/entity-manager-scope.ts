import type { EntityManager } from '@mikro-orm/postgresql';
import { currentContext, type RequestContext, runInContext } from '../request-context';

export type TransactionOutcome = 'commit' | 'rollback';

/** Runs once a context's transaction has ended (or when it never opened one), before `finish` resolves. */
export type FinishedListener = (context: RequestContext, outcome: TransactionOutcome) => Promise<void>;

/**
 * Gives every request context (an HTTP request or a `runAsTenant` job) its own EntityManager fork,
 * created on first use, so services can inject the global EntityManager and still never share an
 * identity map between requests.
 *
 * A request also gets one transaction for all of its work (`begin` / `finish`, driven by the API's
 * request hooks, not per GraphQL root field): every query of the request runs on that transaction's
 * connection, with the tenant set for row-level security by `TenantSettingSubscriber`.
 */
export class EntityManagerScope {
  private root: EntityManager | undefined;
  private readonly forks = new WeakMap<RequestContext, EntityManager>();
  private readonly finishing = new WeakMap<RequestContext, Promise<void>>();
  private readonly finishedListeners: FinishedListener[] = [];
  /** Contexts whose transaction `begin` opened (a request, or `run`): they end in `finish`. */
  private readonly begun = new WeakSet<RequestContext>();
  private readonly committedJobs = new WeakMap<RequestContext, (() => Promise<void>)[]>();

  attach(root: EntityManager): void {
    this.root = root;
  }

  /**
   * Work that must happen after a request's transaction, in transactions of its own (the audit trail
   * records denied attempts there, because the request's transaction is rolled back).
   */
  onFinished(listener: FinishedListener): void {
    this.finishedListeners.push(listener);
  }

  /** Used as MikroORM's `context` option; undefined lets MikroORM fall back to its own RequestContext. */
  resolve(): EntityManager | undefined {
    const context = currentContext();
    if (!context) return undefined;
    // A resolver still running after its request's response (a sibling root field failed) must not
    // fall back to a connection outside the request's transaction.
    if (this.finishing.has(context)) {
      throw new Error(`The transaction of request ${context.requestId} has already ended`);
    }
    return this.forkOf(context);
  }

  /**
   * Opens the context's transaction. The tenant must be known by now (identity runs first): it is
   * read once, when the transaction starts.
   */
  async begin(context: RequestContext): Promise<void> {
    const fork = this.forkOf(context);
    if (!fork) throw new Error('EntityManagerScope used before the database module was initialised');
    if (fork.isInTransaction()) throw new Error(`Request ${context.requestId} already has a transaction`);
    await runInContext(context, () => fork.begin());
    this.begun.add(context);
  }

  /**
   * Runs `job` once the current request's transaction has committed, never when it rolls back, so what it
   * starts outside the database (a workflow) never acts on a change that did not happen. Without a request
   * transaction (a `runAsTenant` job commits its own transactions as it goes) it runs now. Not awaited by
   * the request: `job` handles its own failures.
   */
  afterCommit(job: () => Promise<void>): void {
    const context = currentContext();
    if (!context || !this.begun.has(context) || this.finishing.has(context)) {
      void job();
      return;
    }
    const jobs = this.committedJobs.get(context) ?? [];
    jobs.push(job);
    this.committedJobs.set(context, jobs);
  }

  /**
   * Commits (flushing pending changes first) or rolls back the context's transaction. Safe to call
   * more than once and when no transaction was opened: only the first call acts, later ones wait for it.
   */
  finish(context: RequestContext, outcome: TransactionOutcome): Promise<void> {
    let done = this.finishing.get(context);
    if (!done) {
      const fork = this.forks.get(context);
      const ended =
        fork?.isInTransaction() === true
          ? runInContext(context, () => (outcome === 'commit' ? fork.commit() : fork.rollback()))
          : Promise.resolve();
      done = ended.then(async () => {
        for (const listener of this.finishedListeners) await listener(context, outcome);
        const jobs = this.committedJobs.get(context) ?? [];
        this.committedJobs.delete(context);
        if (outcome === 'commit') for (const job of jobs) void job();
      });
      this.finishing.set(context, done);
    }
    return done;
  }

  /**
   * One request-like unit of work outside HTTP (a CLI command's step): `work` runs in `context` (its
   * tenant and principal, or none: the system) inside one transaction of the context's own, committed
   * when `work` resolves and rolled back when it throws, and the `onFinished` listeners run exactly as
   * after a request — so what services defer until commit (starting a sync) happens then, and only then.
   * Use a fresh context per unit: a context's transaction ends once.
   */
  async run<T>(context: RequestContext, work: () => Promise<T>): Promise<T> {
    await this.begin(context);
    let result: T;
    try {
      result = await runInContext(context, work);
    } catch (error) {
      await this.finish(context, 'rollback');
      throw error;
    }
    await this.finish(context, 'commit');
    return result;
  }

  private forkOf(context: RequestContext): EntityManager | undefined {
    if (!this.root) return undefined;
    let fork = this.forks.get(context);
    if (!fork) {
      fork = this.root.fork({ disableContextResolution: true });
      this.forks.set(context, fork);
    }
    return fork;
  }
}
