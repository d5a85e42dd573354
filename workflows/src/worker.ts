// The FinPersona worker process: `node dist/worker.js`. Reads TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE and
// TEMPORAL_TASK_QUEUE (plus the platform's APP_DATABASE_URL), then serves every workflow until SIGINT/SIGTERM.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createPlatformContext, TASK_QUEUE } from '@finpersona/platform';
import { createWorker, ensureDeferredNotificationsSchedule, loadWorkerConfig } from './index';

async function main(): Promise<void> {
  const config = loadWorkerConfig(process.env, TASK_QUEUE);
  const platform = await createPlatformContext();
  try {
    const connection = await NativeConnection.connect({ address: config.temporal.address });
    try {
      await startSchedules(config.temporal);
      const worker = await createWorker({
        connection,
        platform,
        namespace: config.temporal.namespace,
        taskQueue: config.temporal.taskQueue,
      });
      console.log(
        `FinPersona worker polling task queue "${config.temporal.taskQueue}" on ${config.temporal.address} (namespace ${config.temporal.namespace})`,
      );
      // The SDK's runtime turns SIGINT/SIGTERM into worker.shutdown(): run() resolves once in-flight
      // activities have finished (or the shutdown grace time has passed).
      await worker.run();
    } finally {
      await connection.close();
    }
  } finally {
    await platform.close();
  }
  console.log('FinPersona worker stopped');
}

/** Periodic work that runs whatever happens in the banks: created once, found by every later start. */
async function startSchedules(temporal: { address: string; namespace: string; taskQueue: string }) {
  const connection = await Connection.connect({ address: temporal.address });
  try {
    const client = new Client({ connection, namespace: temporal.namespace });
    await ensureDeferredNotificationsSchedule(client.schedule, { taskQueue: temporal.taskQueue });
  } finally {
    await connection.close();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  if (error instanceof Error && !/^Invalid configuration/.test(error.message)) console.error(error.stack);
  process.exit(1);
});
