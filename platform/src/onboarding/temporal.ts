import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { API_CONFIG, type ApiConfig } from '../config';

/**
 * The API's connection to Temporal. Lazy, so the API starts (and reports itself unhealthy) while
 * Temporal is down; gRPC reconnects by itself once Temporal is back.
 */
@Injectable()
export class TemporalGateway implements OnApplicationShutdown {
  readonly connection: Connection;
  readonly client: Client;

  constructor(@Inject(API_CONFIG) config: ApiConfig) {
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
