// Shared set-up of the workflow tests: a quiet SDK runtime and the time-skipping test server.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { DefaultLogger, Runtime } from '@temporalio/worker';

/** For bundleWorkflowCode: errors only. */
export const quietBundlerLogger = {
  trace() {},
  debug() {},
  info() {},
  warn() {},
  error: console.error,
  log() {},
};

/** The retry tests fail activities on purpose: keep the SDK's per-attempt warnings out of the output. */
export function installQuietRuntime(): void {
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' } } },
  });
}

/**
 * Temporal's time-skipping test server (TEMPORAL_TEST_SERVER_PATH, from the global setup). The SDK gives
 * it 5 s to start; a JVM on a loaded 2-core machine can take longer, so start it before other work and
 * give it three tries.
 */
export async function startTimeSkippingServer(): Promise<TestWorkflowEnvironment> {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!path) throw new Error('TEMPORAL_TEST_SERVER_PATH is not set (the global setup provides it)');
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await TestWorkflowEnvironment.createTimeSkipping({
        server: { executable: { type: 'existing-path', path } },
      });
    } catch (error) {
      if (attempt === 3) throw error;
    }
  }
}
