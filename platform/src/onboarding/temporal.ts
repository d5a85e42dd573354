import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { ONBOARDING_CONFIG, type OnboardingConfig } from '../config';

/**
 * The API's connection to Temporal. Lazy, so the API starts (and reports itself unhealthy) while
 * Temporal is down; gRPC reconnects by itself once Temporal is back.
 */
@Injectable()
export class TemporalGateway implements OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;
  /**
   * A second connection for health probes only, without the SDK's retry interceptor: a probe answers once,
   * up or down. Through the retrying connection, a probe of an unreachable Temporal left a retry timer
   * behind that fired after shutdown had closed the channel ("Channel has been shut down", uncaught).
   */
  private readonly probe: Connection;

  constructor(@Inject(ONBOARDING_CONFIG) config: OnboardingConfig) {
    this.connection = Connection.lazy({ address: config.temporal.address, connectTimeout: '5s' });
    this.probe = Connection.lazy({
      address: config.temporal.address,
      connectTimeout: '5s',
      interceptors: [],
    });
    this.client = new Client({ connection: this.connection, namespace: config.temporal.namespace });
  }

  /** Resolves when the frontend service answers within `timeoutMs`, rejects otherwise (no retries). */
  async checkHealth(timeoutMs = 2_000): Promise<void> {
    await this.probe.withDeadline(Date.now() + timeoutMs, () => this.probe.workflowService.getSystemInfo({}));
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.connection.close(), this.probe.close()]);
  }
}
