// The worker's configuration, read from the environment and validated once at start-up. The platform
// validates its own variables (APP_DATABASE_URL) when its context is created.
export interface WorkerConfig {
  temporal: { address: string; namespace: string; taskQueue: string };
}

export class WorkerConfigError extends Error {
  override name = 'WorkerConfigError';
  constructor(
    readonly variable: string,
    problem: string,
  ) {
    super(`Invalid configuration: ${variable} ${problem}`);
  }
}

export function loadWorkerConfig(
  env: Record<string, string | undefined>,
  defaultTaskQueue: string,
): WorkerConfig {
  const address = env.TEMPORAL_ADDRESS?.trim();
  if (!address)
    throw new WorkerConfigError(
      'TEMPORAL_ADDRESS',
      'is not set (host:port of the Temporal frontend, e.g. 127.0.0.1:7233)',
    );
  if (!/^[^\s:/]+:\d{1,5}$/.test(address))
    throw new WorkerConfigError('TEMPORAL_ADDRESS', `must be host:port, got "${address}"`);
  return {
    temporal: {
      address,
      namespace: env.TEMPORAL_NAMESPACE?.trim() || 'default',
      taskQueue: env.TEMPORAL_TASK_QUEUE?.trim() || defaultTaskQueue,
    },
  };
}
