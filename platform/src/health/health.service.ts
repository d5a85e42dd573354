import { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import { API_CONFIG, type ApiConfig } from '../config';
import { ensureContext } from '../request-context';
import { TemporalGateway } from '../onboarding';

export type CheckStatus = 'up' | 'down';

export interface Readiness {
  status: CheckStatus;
  checks: Record<'database' | 'keycloak' | 'temporal', { status: CheckStatus; error?: string }>;
}

const timeoutMs = 2_000;

@Injectable()
export class HealthService {
  constructor(
    @Inject(API_CONFIG) private readonly config: ApiConfig,
    private readonly em: EntityManager,
    private readonly temporal: TemporalGateway,
  ) {}

  /** Checks every dependency in parallel; up only when all are. Errors are short and carry no secrets. */
  async readiness(): Promise<Readiness> {
    const [database, keycloak, temporal] = await Promise.all([
      check(() => ensureContext(() => this.em.getConnection().execute('select 1'))),
      check(async () => {
        const url = `${this.config.identity.keycloakUrl}/realms/platform/.well-known/openid-configuration`;
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
      }),
      check(() => this.temporal.checkHealth(timeoutMs)),
    ]);
    const checks = { database, keycloak, temporal };
    const status = Object.values(checks).every((c) => c.status === 'up') ? 'up' : 'down';
    return { status, checks };
  }
}

async function check(probe: () => Promise<unknown>): Promise<{ status: CheckStatus; error?: string }> {
  try {
    await withTimeout(probe());
    return { status: 'up' };
  } catch (error) {
    return { status: 'down', error: summary(error) };
  }
}

function withTimeout<T>(promise: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function summary(error: unknown): string {
  if (!(error instanceof Error)) return 'unreachable';
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  // Connection errors can echo URLs; keep the first line and drop credentials if any.
  return `${error.message}${cause}`
    .split('\n')[0]!
    .replace(/\/\/[^@/\s]+@/g, '//***@')
    .slice(0, 200);
}
