import type { EntityManager } from '@mikro-orm/postgresql';
import { currentContext, type RequestContext } from '../request-context';

/**
 * Gives every request context (an HTTP request or a `runAsTenant` job) its own EntityManager fork,
 * created on first use, so services can inject the global EntityManager and still never share an
 * identity map between requests. This is also the seam where the per-request transaction (with the
 * tenant set for row-level security) will be opened.
 */
export class EntityManagerScope {
  private root: EntityManager | undefined;
  private readonly forks = new WeakMap<RequestContext, EntityManager>();

  attach(root: EntityManager): void {
    this.root = root;
  }

  /** Used as MikroORM's `context` option; undefined lets MikroORM fall back to its own RequestContext. */
  resolve(): EntityManager | undefined {
    const context = currentContext();
    if (!context || !this.root) return undefined;
    let fork = this.forks.get(context);
    if (!fork) {
      fork = this.root.fork({ disableContextResolution: true });
      this.forks.set(context, fork);
    }
    return fork;
  }
}
