// @finpersona/workflows: the Temporal worker and what other packages need to run or test it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker, type NativeConnection, type WorkflowBundle } from '@temporalio/worker';
import {
  CustomersService,
  DataSubjectRightsService,
  FieldEncryptionService,
  RealmsService,
  TASK_QUEUE,
  TenancyService,
  type createPlatformContext,
} from '@finpersona/platform';
import { createDataSubjectRightsActivities } from './data-subject-rights/activities';
import { createOnboardingActivities } from './onboarding/activities';

export { loadWorkerConfig, WorkerConfigError, type WorkerConfig } from './config';
export {
  createOnboardingActivities,
  type OnboardingActivities,
  type OnboardingServices,
  type TenantRecord,
  type RealmRecord,
  type DemoCustomersInput,
} from './onboarding/activities';
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
export function createActivities(platform: PlatformContext) {
  return {
    ...createOnboardingActivities({
      tenancy: platform.get(TenancyService),
      customers: platform.get(CustomersService),
      realms: platform.get(RealmsService),
      encryption: platform.get(FieldEncryptionService),
    }),
    ...createDataSubjectRightsActivities({
      tenancy: platform.get(TenancyService),
      rights: platform.get(DataSubjectRightsService),
      realms: platform.get(RealmsService),
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
  workflowBundle?: WorkflowBundle;
}

/** A worker serving every FinPersona workflow and activity; call run() and shutdown() on it. */
export async function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue ?? TASK_QUEUE,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath }),
    activities: createActivities(options.platform),
  });
}
