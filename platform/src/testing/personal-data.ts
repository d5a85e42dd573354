import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import type { INestApplicationContext } from '@nestjs/common';
import { FieldEncryptionService } from '../crypto';
import { fieldAddress } from '../data-subject-rights';
import { runAsTenant, type TenantRef } from '../request-context';
import { insertRecommendation } from './recommendation-fixtures';

/** Plaintexts written encrypted by `seedPersonalData`, to look for in exports (and to not find after erasure). */
export interface SeededPersonalData {
  customerId: string;
  ids: {
    consent: string;
    connection: string;
    account: string;
    balance: string;
    transactions: string[];
    syncRun: string;
    notification: string;
    statementUpload: string;
    categoryLabel: string;
    customerFeatures: string;
    recurringPayment: string;
    recommendation: string;
    notificationPreference: string;
    pushSubscription: string;
    notificationDelivery: string;
    insight: string;
    insightEngagement: string;
    surveyResponse: string;
    transactionPrompt: string;
  };
  plaintext: {
    identifiers: string;
    holderName: string;
    counterparty: string;
    description: string;
    notification: string;
    grant: string;
    fileName: string;
    fileContent: string;
    recommendationReason: string;
    ratingComment: string;
    contestText: string;
    reviewNote: string;
    notificationEmail: string;
    pushEndpoint: string;
    insightTitle: string;
    insightBody: string;
    surveyText: string;
  };
}

/**
 * One customer's data in every customer table (consent, connection with a secret grant, account, balance,
 * two transactions, a sync run, a statement upload, a notification, stored features and a recurring payment), personal fields encrypted under their key exactly as the
 * two transactions, a sync run, a statement upload, a notification, a recommendation with a rating and a
 * review), personal fields encrypted under their key exactly as the
 * two transactions, a sync run, a statement upload, a notification, notification preferences, a push
 * subscription, a deferred e-mail, an insight and a response to it), personal fields encrypted under their key exactly as the
 * platform stores them (`FieldEncryptionService`, addresses by table, column and row). `label` makes
 * every plaintext unique, so a test can tell whose data it sees.
 */
export async function seedPersonalData(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  label: string,
): Promise<SeededPersonalData> {
  const ids = {
    consent: randomUUID(),
    connection: randomUUID(),
    account: randomUUID(),
    balance: randomUUID(),
    transactions: [randomUUID(), randomUUID()],
    syncRun: randomUUID(),
    notification: randomUUID(),
    statementUpload: randomUUID(),
    categoryLabel: randomUUID(),
    customerFeatures: randomUUID(),
    recurringPayment: randomUUID(),
    recommendation: '',
    notificationPreference: randomUUID(),
    pushSubscription: randomUUID(),
    notificationDelivery: randomUUID(),
    insight: randomUUID(),
    insightEngagement: randomUUID(),
    surveyResponse: randomUUID(),
    transactionPrompt: randomUUID(),
  };
  const plaintext = {
    identifiers: JSON.stringify({
      iban: `SI56 1910 0000 0123 ${label.length.toString().padStart(3, '0')}`,
      label,
    }),
    holderName: `Holder ${label}`,
    counterparty: `Counterparty ${label}`,
    description: `Rent for ${label}`,
    notification: `Your consent ends soon, ${label}`,
    grant: `grant-secret-${label}`,
    fileName: `Statement of ${label}.csv`,
    fileContent: `date,amount\n2026-11-01,-850.00 ${label}\n`,
    recommendationReason: `Money has sat in your account, ${label}`,
    ratingComment: `Not now, ${label}`,
    contestText: `I never asked for this, ${label}`,
    reviewNote: `Reviewed for ${label}`,
    notificationEmail: `${label.toLowerCase().replace(/[^a-z0-9]/g, '')}@mail.example`,
    pushEndpoint: `https://push.example.org/${label}`,
    insightTitle: `Idle cash for ${label}`,
    insightBody: `€4,200 rested for 3 months, ${label}`,
    surveyText: `More branches please, ${label}`,
  };
  const services = { em: app.get(EntityManager), encryption: app.get(FieldEncryptionService) };
  await runAsTenant(tenant, () =>
    services.em.transactional(async (em) => {
      const [
        identifiers,
        holderName,
        counterparty,
        description,
        body,
        grant,
        fileName,
        fileContent,
        email,
        endpoint,
        keys,
        deliveryTitle,
        deliveryBody,
        insightTitle,
        insightBody,
      ] = await services.encryption.encryptForCustomer(customerId, [
        {
          address: fieldAddress('account', 'identifiers_enc', ids.account),
          plaintext: plaintext.identifiers,
        },
        {
          address: fieldAddress('account', 'holder_name_enc', ids.account),
          plaintext: plaintext.holderName,
        },
        {
          address: fieldAddress('account_transaction', 'counterparty_enc', ids.transactions[0]!),
          plaintext: plaintext.counterparty,
        },
        {
          address: fieldAddress('account_transaction', 'description_enc', ids.transactions[0]!),
          plaintext: plaintext.description,
        },
        {
          address: fieldAddress('notification', 'body_enc', ids.notification),
          plaintext: plaintext.notification,
        },
        { address: fieldAddress('connection', 'grant_enc', ids.connection), plaintext: plaintext.grant },
        {
          address: fieldAddress('statement_upload', 'file_name_enc', ids.statementUpload),
          plaintext: plaintext.fileName,
        },
        {
          address: fieldAddress('statement_upload', 'content_enc', ids.statementUpload),
          plaintext: Buffer.from(plaintext.fileContent).toString('base64'),
        },
        {
          address: fieldAddress('notification_preference', 'email_enc', ids.notificationPreference),
          plaintext: plaintext.notificationEmail,
        },
        {
          address: fieldAddress('push_subscription', 'endpoint_enc', ids.pushSubscription),
          plaintext: plaintext.pushEndpoint,
        },
        {
          address: fieldAddress('push_subscription', 'keys_enc', ids.pushSubscription),
          plaintext: JSON.stringify({ p256dh: `p256dh-${label}`, auth: `auth-${label}` }),
        },
        {
          address: fieldAddress('notification_delivery', 'title_enc', ids.notificationDelivery),
          plaintext: plaintext.insightTitle,
        },
        {
          address: fieldAddress('notification_delivery', 'body_enc', ids.notificationDelivery),
          plaintext: plaintext.insightBody,
        },
        { address: fieldAddress('insight', 'title_enc', ids.insight), plaintext: plaintext.insightTitle },
        { address: fieldAddress('insight', 'body_enc', ids.insight), plaintext: plaintext.insightBody },
      ]);
      const sql = (text: string, values: unknown[]) => em.execute(text, values);
      await sql(
        `insert into consent (id, tenant_id, customer_id, purpose, scope, text_version, text_hash, status, channel, proof, granted_at, expires_at)
         values (?, ?, ?, 'aggregation', '{"accounts":true}', 'v1', ?, 'granted', 'customer-app', '{"amr":["pwd","otp"]}', now(), now() + interval '180 days')`,
        [ids.consent, tenant.id, customerId, 'a'.repeat(64)],
      );
      await sql(
        `insert into connection (id, tenant_id, customer_id, consent_id, connector, status, grant_enc, state_index)
         values (?, ?, ?, ?, 'sandbox', 'active', ?, ?)`,
        [ids.connection, tenant.id, customerId, ids.consent, grant, `state-${label}`],
      );
      await sql(
        `insert into account (id, tenant_id, customer_id, connection_id, source_id, type, currency, name, identifiers_enc, masked_identifier, holder_name_enc, opened_on)
         values (?, ?, ?, ?, 'acc-1', 'current', 'EUR', 'Everyday', ?, '•••• 0123', ?, '2020-02-29')`,
        [ids.account, tenant.id, customerId, ids.connection, identifiers, holderName],
      );
      await sql(
        `insert into balance (id, tenant_id, customer_id, account_id, type, amount_minor, currency, as_of)
         values (?, ?, ?, ?, 'booked', 9007199254740993, 'EUR', now())`,
        [ids.balance, tenant.id, customerId, ids.account],
      );
      await sql(
        `insert into account_transaction (id, tenant_id, customer_id, account_id, source_id, amount_minor, currency, direction, status, booking_date, value_date, counterparty_enc, description_enc, merchant_name, mcc)
         values (?, ?, ?, ?, 'tx-1', 85000, 'EUR', 'debit', 'booked', '2026-11-01', '2026-11-02', ?, ?, null, null),
                (?, ?, ?, ?, 'tx-2', 1299, 'EUR', 'debit', 'booked', '2026-11-03', null, null, null, 'Corner Shop', '5411')`,
        [
          ids.transactions[0],
          tenant.id,
          customerId,
          ids.account,
          counterparty,
          description,
          ids.transactions[1],
          tenant.id,
          customerId,
          ids.account,
        ],
      );
      // The customer re-categorised the card payment (a training label of the bank's classifier).
      await sql(
        `update account_transaction set category = 'eating-out', category_source = 'customer', category_confidence = 1
          where id = ?`,
        [ids.transactions[1]],
      );
      await sql(
        `insert into category_label (id, tenant_id, customer_id, transaction_id, category, previous_category, previous_source)
         values (?, ?, ?, ?, 'eating-out', 'groceries', 'mcc')`,
        [ids.categoryLabel, tenant.id, customerId, ids.transactions[1]],
      );
      await sql(
        `insert into sync_run (id, tenant_id, customer_id, connection_id, trigger, status, started_at, finished_at, report)
         values (?, ?, ?, ?, 'initial', 'succeeded', now(), now(), '{"transactions":2}')`,
        [ids.syncRun, tenant.id, customerId, ids.connection],
      );
      await sql(
        `insert into statement_upload (id, tenant_id, customer_id, connection_id, format, mapping, accounts, file_name_enc, size_bytes, content_fingerprint, content_enc)
         values (?, ?, ?, ?, 'csv', '"pkdd99"', null, ?, ?, ?, ?)`,
        [
          ids.statementUpload,
          tenant.id,
          customerId,
          ids.connection,
          fileName,
          Buffer.byteLength(plaintext.fileContent),
          `fingerprint-${label}`,
          fileContent,
        ],
      );
      await sql(
        `insert into notification (id, tenant_id, customer_id, kind, subject_ref, body_enc)
         values (?, ?, ?, 'consent.reminder', ?, ?)`,
        [ids.notification, tenant.id, customerId, `consent:${ids.consent}`, body],
      );
      // One preference row per customer: a second seed of the same customer takes it over.
      await sql(
        `insert into notification_preference (id, tenant_id, customer_id, email_enabled, email_enc, quiet_hours_start, quiet_hours_end, time_zone)
         values (?, ?, ?, true, ?, '22:00', '07:00', 'Europe/Ljubljana')
         on conflict (tenant_id, customer_id) do update set id = excluded.id, email_enc = excluded.email_enc`,
        [ids.notificationPreference, tenant.id, customerId, email],
      );
      await sql(
        `insert into push_subscription (id, tenant_id, customer_id, endpoint_enc, keys_enc, endpoint_fingerprint)
         values (?, ?, ?, ?, ?, ?)`,
        [ids.pushSubscription, tenant.id, customerId, endpoint, keys, `fingerprint-${label}`],
      );
      await sql(
        `insert into notification_delivery (id, tenant_id, customer_id, subject_ref, channel, kind, purpose, importance, status, not_before, title_enc, body_enc)
         values (?, ?, ?, ?, 'email', 'insight.idle-cash', 'personalisation', 'normal', 'deferred', now() + interval '1 hour', ?, ?)`,
        [
          ids.notificationDelivery,
          tenant.id,
          customerId,
          `insight:${ids.insight}`,
          deliveryTitle,
          deliveryBody,
        ],
      );
      await sql(
        `insert into insight (id, tenant_id, customer_id, plugin_id, kind, dedupe_key, severity, relevance_hint, relevance, locale, title_enc, body_enc, evidence, expires_at)
         values (?, ?, ?, 'insights-core', 'idle-cash', ?, 'info', 0.5, 0.5, 'en', ?, ?, ?, now() + interval '7 days')`,
        [
          ids.insight,
          tenant.id,
          customerId,
          `idle-cash:${label}`,
          insightTitle,
          insightBody,
          JSON.stringify([{ kind: 'account', id: ids.account }]),
        ],
      );
      await sql(
        `insert into insight_engagement (id, tenant_id, customer_id, insight_id, kind, outcome, rating)
         values (?, ?, ?, ?, 'idle-cash', 'thumbs-up', 5)`,
        [ids.insightEngagement, tenant.id, customerId, ids.insight],
      );
      // Feedback (surveys/): an answer to a bank survey with free text, and a prompt about a transaction.
      const surveyId = randomUUID();
      await sql(
        `insert into survey (id, tenant_id, series_id, version, title, status, questions, audience, created_by, published_at)
         values (?, ?, ?, 1, 'Personal data survey', 'published', '[{"id":"q1","kind":"free-text","text":"Anything else?","required":true,"maxLength":200}]',
                 '{"consentPurpose":"analytics","featureThresholds":[]}', 'fixture', now())`,
        [surveyId, tenant.id, surveyId],
      );
      const [surveyText] = await services.encryption.encryptForCustomer(customerId, [
        {
          address: fieldAddress('survey_response', 'free_text_enc', ids.surveyResponse),
          plaintext: JSON.stringify({ q1: plaintext.surveyText }),
        },
      ]);
      await sql(
        `insert into survey_response (id, tenant_id, survey_id, customer_id, answers, free_text_enc)
         values (?, ?, ?, ?, '[{"questionId":"q1","text":true}]', ?)`,
        [ids.surveyResponse, tenant.id, surveyId, customerId, surveyText],
      );
      await sql(
        `insert into transaction_prompt (id, tenant_id, customer_id, transaction_id, reason, question, answer, answered_at)
         values (?, ?, ?, ?, 'large-amount', 'expected', 'expected', now())`,
        [ids.transactionPrompt, tenant.id, customerId, ids.transactions[0]],
      );
      // Behaviour derived from the data (issue 6): features (one row per customer: a second seed takes it over)
      // and a recurring payment to the first transaction's party.
      await sql(
        `insert into customer_features (id, tenant_id, customer_id, features, as_of, computed_at, computation_ms)
         values (?, ?, ?, '{"income.monthly": 250000, "customer.age": null}', now(), now(), 12)
         on conflict (tenant_id, customer_id) do update set id = excluded.id`,
        [ids.customerFeatures, tenant.id, customerId],
      );
      await sql(
        `insert into recurring_payment (id, tenant_id, customer_id, account_id, series_key, direction, cadence,
           interval_days, currency, typical_amount_minor, last_amount_minor, occurrences, first_date, last_date,
           next_expected_date, next_expected_amount_minor, price_change, active, category, merchant_name,
           last_transaction_id, computed_at)
         values (?, ?, ?, ?, ?, 'debit', 'monthly', 30, 'EUR', 85000, 85000, 3, '2026-09-01', '2026-11-01',
           '2026-12-01', 85000, null, true, 'housing', null, ?, now())`,
        [ids.recurringPayment, tenant.id, customerId, ids.account, `series-${label}`, ids.transactions[0]],
      );
    }),
  );
  // A recommendation with its decision record, a rating with a comment and a decided review.
  // One recommendation per product and month: the label keeps a second seeding of the same customer apart.
  ids.recommendation = await insertRecommendation(app, tenant, customerId, {
    productId: `EU-SA-FLEX-${label}`,
    reason: plaintext.recommendationReason,
  });
  await runAsTenant(tenant, () =>
    services.em.transactional(async (em) => {
      const eventId = randomUUID();
      const reviewId = randomUUID();
      const [comment, contest, note] = await services.encryption.encryptForCustomer(customerId, [
        {
          address: fieldAddress('recommendation_event', 'comment_enc', eventId),
          plaintext: plaintext.ratingComment,
        },
        {
          address: fieldAddress('recommendation_review', 'customer_text_enc', reviewId),
          plaintext: plaintext.contestText,
        },
        {
          address: fieldAddress('recommendation_review', 'note_enc', reviewId),
          plaintext: plaintext.reviewNote,
        },
      ]);
      await em.execute(
        `insert into recommendation_event (id, tenant_id, customer_id, recommendation_id, kind, rating, comment_enc)
         values (?, ?, ?, ?, 'rated', 2, ?)`,
        [eventId, tenant.id, customerId, ids.recommendation, comment],
      );
      await em.execute(
        `insert into recommendation_review (id, tenant_id, customer_id, recommendation_id, trigger, customer_text_enc,
           status, decision, note_enc, decided_by, decided_at)
         values (?, ?, ?, ?, 'contest', ?, 'decided', 'upheld', ?, 'officer', now())`,
        [reviewId, tenant.id, customerId, ids.recommendation, contest, note],
      );
    }),
  );
  return { customerId, ids, plaintext };
}

/**
 * Every ciphertext column (`*_enc`) of every table with a `customer_id` column, found in the database (not
 * listed), so a check that "nothing of a person decrypts" also covers tables added later.
 */
export const encryptedCustomerColumnsSql = `select c.table_name, c.column_name from information_schema.columns c
  where c.table_schema = 'public' and c.column_name like '%\\_enc'
    and exists (select 1 from information_schema.columns k where k.table_schema = 'public'
                 and k.table_name = c.table_name and k.column_name = 'customer_id')
  order by c.table_name, c.column_name`;

/**
 * Tries every stored ciphertext of a customer's rows on its own (columns found by
 * `encryptedCustomerColumnsSql`), as the platform would read it: how many values there are, and how many
 * still decrypt. `query` reads the database outside row-level security or with the tenant set.
 */
export async function decryptableValuesOf(
  app: INestApplicationContext,
  tenant: TenantRef,
  customerId: string,
  query: <T>(text: string, values?: unknown[]) => Promise<T[]>,
): Promise<{ tried: number; readable: number }> {
  const encryption = app.get(FieldEncryptionService);
  const columns = await query<{ table_name: string; column_name: string }>(encryptedCustomerColumnsSql);
  let tried = 0;
  let readable = 0;
  for (const { table_name: table, column_name: column } of columns) {
    const id = table === 'data_subject_export' ? 'request_id' : 'id';
    const values = await query<{ id: string; value: string }>(
      `select ${id} as id, ${column} as value from ${table} where customer_id = $1 and ${column} is not null`,
      [customerId],
    );
    for (const value of values) {
      tried += 1;
      const read = await runAsTenant(tenant, () =>
        encryption.decryptMany([{ stored: value.value, address: { table, column, rowId: value.id } }]),
      ).then(
        () => true,
        () => false,
      );
      if (read) readable += 1;
    }
  }
  return { tried, readable };
}
