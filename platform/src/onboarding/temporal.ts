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

  constructor(@Inject(ONBOARDING_CONFIG) config: OnboardingConfig) {
    this.connection = Connection.lazy({ address: config.temporal.address, connectTimeout: '5s' });
    this.client = new Client({ connection: this.connection, namespace: config.temporal.namespace });
  }

  /** Resolves when the frontend service answers within `timeoutMs`, rejects otherwise. */
  async checkHealth(timeoutMs = 2_000): Promise<void> {
    await this.connection.withDeadline(Date.now() + timeoutMs, () =>
      this.connection.workflowService.getSystemInfo({}),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }
}
