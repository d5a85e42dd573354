import { createHash, randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { EntityManager } from '@mikro-orm/postgresql';
import { runAsTenant, type TenantRef } from '../request-context';

/** A bank's surveys in every state the generated suites' survey operations need, and who may answer. */
export interface SurveyWorld {
  /** Published, open to the world's first customer (analytics consent), unanswered: `answerSurvey`, `surveyResults`. */
  openSurveyId: string;
  /** A draft that `updateSurvey` changes. */
  draftSurveyId: string;
  /** A draft that `publishSurvey` publishes. */
  publishableSurveyId: string;
  /** Published, that `closeSurvey` closes. */
  closableSurveyId: string;
  /** Closed, without a draft: `createSurveyVersion` makes version 2 of it. */
  versionableSurveyId: string;
  /** Every title, each starting with the label (evidence if one shows up in another bank's answers). */
  titles: string[];
  /** An unanswered "was this expected?" prompt about the customer's transaction (`answerTransactionPrompt`). */
  promptId?: string;
}

/** One single-choice question about a credit card ("Yes" interested, "No" not interested). */
export const fixtureSurveyQuestions = [
  {
    id: 'q1',
    kind: 'single-choice',
    text: 'Would you consider a credit card?',
    required: true,
    choices: [
      { id: 'c1', label: 'Yes', productType: 'credit-card', signal: 'interested' },
      { id: 'c2', label: 'No', productType: 'credit-card', signal: 'not-interested' },
    ],
  },
];

/** Inserts a survey version as the service stores one (audience: a live consent for `purpose`). */
export async function insertSurvey(
  app: INestApplicationContext,
  tenant: TenantRef,
  survey: {
    title: string;
    status: 'draft' | 'published' | 'closed';
    purpose?: string;
    questions?: unknown;
    seriesId?: string;
    version?: number;
  },
): Promise<string> {
  const id = randomUUID();
  await runAsTenant(tenant, () =>
    app.get(EntityManager).transactional((tx) =>
      tx.execute(
        `insert into survey (id, tenant_id, series_id, version, title, status, questions, audience, created_by,
                             published_at, closed_at)
         values (?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, 'fixture',
                 case when ? <> 'draft' then now() end, case when ? = 'closed' then now() end)`,
        [
          id,
          tenant.id,
          survey.seriesId ?? id,
          survey.version ?? 1,
          survey.title,
          survey.status,
          JSON.stringify(survey.questions ?? fixtureSurveyQuestions),
          JSON.stringify({ consentPurpose: survey.purpose ?? 'analytics', featureThresholds: [] }),
          survey.status,
          survey.status,
        ],
      ),
    ),
  );
  return id;
}

/** Grants `customerId` a live consent for `purpose` (raw, as a granted consent is stored). */
export async function insertLiveConsent(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  purpose: string,
): Promise<string> {
  const id = randomUUID();
  await runAsTenant(tenant, () =>
    app.get(EntityManager).transactional((tx) =>
      tx.execute(
        `insert into consent (id, tenant_id, customer_id, purpose, scope, text_version, text_hash, status, channel,
                              proof, granted_at, expires_at)
         values (?, ?, ?, ?, '{}'::jsonb, 'v1', ?, 'granted', 'customer-app', '{}'::jsonb, now(),
                 now() + interval '180 days')`,
        [id, tenant.id, customerId, purpose, createHash('sha256').update(`${purpose} text v1`).digest('hex')],
      ),
    ),
  );
  return id;
}

/**
 * The bank's surveys for the generated suites, titles starting with `label`, and an analytics consent for
 * `customerId` (the customer the suites sign in as), so the open survey is open to them.
 */
export async function prepareSurveyWorld(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  label = 'Generated',
  /** One of the customer's transactions: gets a prompt when given. */
  transactionId?: string,
): Promise<SurveyWorld> {
  await insertLiveConsent(app, tenant, customerId, 'analytics');
  const titles = ['open', 'draft', 'publishable', 'closable', 'versionable'].map(
    (name) => `${label} survey ${name}`,
  );
  return {
    openSurveyId: await insertSurvey(app, tenant, { title: titles[0]!, status: 'published' }),
    draftSurveyId: await insertSurvey(app, tenant, { title: titles[1]!, status: 'draft' }),
    publishableSurveyId: await insertSurvey(app, tenant, { title: titles[2]!, status: 'draft' }),
    closableSurveyId: await insertSurvey(app, tenant, { title: titles[3]!, status: 'published' }),
    versionableSurveyId: await insertSurvey(app, tenant, { title: titles[4]!, status: 'closed' }),
    titles,
    ...(transactionId ? { promptId: await insertPrompt(app, tenant, customerId, transactionId) } : {}),
  };
}

/** Inserts an unanswered "was this expected?" prompt (large amount) about one of the customer's transactions. */
export async function insertPrompt(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  transactionId: string,
): Promise<string> {
  const id = randomUUID();
  await runAsTenant(tenant, () =>
    app.get(EntityManager).transactional((tx) =>
      tx.execute(
        `insert into transaction_prompt (id, tenant_id, customer_id, transaction_id, reason, question)
         values (?, ?, ?, ?, 'large-amount', 'expected')`,
        [id, tenant.id, customerId, transactionId],
      ),
    ),
  );
  return id;
}
