// @finpersona/workflows: the Temporal worker and what other packages need to run or test it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type NativeConnection, type WorkflowBundleOption } from '@temporalio/worker';
import {
  AlertsService,
  TransactionPromptsService,
  ConnectorRegistry,
  CustomerNotifier,
  BehaviourService,
  ConsentsService,
  CustomersService,
  IngestService,
  SyncService,
  DataSubjectRightsService,
  FieldEncryptionService,
  InsightsService,
  ModelRegistryService,
  ModelTraining,
  PluginsService,
  RealmsService,
  TASK_QUEUE,
  TenancyService,
  type createPlatformContext,
} from '@finpersona/platform';
import { createConsentActivities } from './consents/activities';
import { createDataSubjectRightsActivities } from './data-subject-rights/activities';
import { createModelActivities } from './models/activities';
import { createNotificationActivities } from './notifications/activities';
import { createOnboardingActivities } from './onboarding/activities';
export {
  createSyncActivities,
  type SyncActivities,
  type SyncActivityOptions,
  type SyncServices,
  type SyncedAccount,
} from './sync/activities';
import { createSyncActivities, type SyncActivityOptions } from './sync/activities';

export { loadWorkerConfig, WorkerConfigError, type WorkerConfig } from './config';
export {
  createOnboardingActivities,
  type OnboardingActivities,
  type OnboardingServices,
  type TenantRecord,
  type RealmRecord,
  type DemoCustomersInput,
} from './onboarding/activities';
export { createConsentActivities, type ConsentActivities, type ConsentServices } from './consents/activities';
export type { ConsentLifecycleResult } from './consents/workflows';
export { createModelActivities, type ModelActivities, type ModelServices } from './models/activities';
export {
  createNotificationActivities,
  dueBatchSize,
  type DueDeliveries,
  type NotificationActivities,
  type NotificationServices,
} from './notifications/activities';
export type { DeferredNotificationsReport } from './notifications/workflows';
export {
  DELIVER_DEFERRED_WORKFLOW,
  deferredNotificationsEveryMs,
  deferredNotificationsScheduleId,
  ensureDeferredNotificationsSchedule,
} from './notifications/schedule';
export {
  createDataSubjectRightsActivities,
  type DataSubjectRightsActivities,
  type DataSubjectRightsServices,
} from './data-subject-rights/activities';

/** The platform's Nest application context (no HTTP), which the activities' services come from. */
export type PlatformContext = Awaited<ReturnType<typeof createPlatformContext>>;

/** The module exporting every workflow: compiled JavaScript in dist, TypeScript when run from source (tests). */
export const workflowsPath: string =
  ['workflows.js', 'workflows.ts'].map((file) => join(__dirname, file)).find((path) => existsSync(path)) ??
  join(__dirname, 'workflows.js');

/** Every activity of every workflow family, backed by the platform's services. */
export function createActivities(platform: PlatformContext, options: Partial<SyncActivityOptions> = {}) {
  return {
    ...createSyncActivities(
      {
        sync: platform.get(SyncService),
        ingest: platform.get(IngestService),
        behaviour: platform.get(BehaviourService),
        alerts: platform.get(AlertsService),
        insights: platform.get(InsightsService),
        prompts: platform.get(TransactionPromptsService),
      },
      { taskQueue: TASK_QUEUE, ...options },
    ),
    ...createOnboardingActivities({
      tenancy: platform.get(TenancyService),
      customers: platform.get(CustomersService),
      realms: platform.get(RealmsService),
      encryption: platform.get(FieldEncryptionService),
      plugins: platform.get(PluginsService),
    }),
    ...createConsentActivities({
      tenancy: platform.get(TenancyService),
      consents: platform.get(ConsentsService),
    }),
    ...createDataSubjectRightsActivities({
      tenancy: platform.get(TenancyService),
      rights: platform.get(DataSubjectRightsService),
      realms: platform.get(RealmsService),
    }),
    ...createModelActivities({
      tenancy: platform.get(TenancyService),
      training: platform.get(ModelTraining),
      registry: platform.get(ModelRegistryService),
    }),
    ...createNotificationActivities({
      tenancy: platform.get(TenancyService),
      notifier: platform.get(CustomerNotifier),
    }),
  };
}

export interface CreateWorkerOptions {
  connection: NativeConnection;
  platform: PlatformContext;
  namespace?: string;
  /** Default `finpersona`. */
  taskQueue?: string;
  /** A prebuilt bundle (tests build it once with bundleWorkflowCode); otherwise workflowsPath is bundled. */
  workflowBundle?: WorkflowBundleOption;
  /** How long a workflow task waits for this worker's sticky queue before any worker may take it (SDK default 10 s). */
  stickyQueueScheduleToStartTimeout?: string;
}

/** The connector registry of a platform context: register the data connectors this worker may use on it. */
export function connectorRegistryOf(platform: PlatformContext): ConnectorRegistry {
  return platform.get(ConnectorRegistry);
}

/** A worker serving every FinPersona workflow and activity; call run() and shutdown() on it. */
export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: createActivities(options.platform, { taskQueue: options.taskQueue ?? TASK_QUEUE }),
    ...(options.stickyQueueScheduleToStartTimeout
      ? { stickyQueueScheduleToStartTimeout: options.stickyQueueScheduleToStartTimeout }
      : {}),
  });
}
