import { randomUUID } from 'node:crypto';
import { EntityManager } from '@mikro-orm/postgresql';
import type { INestApplicationContext } from '@nestjs/common';
import { FieldEncryptionService } from '../crypto';
import { fieldAddress } from '../data-subject-rights';
import { runAsTenant, type TenantRef } from '../request-context';

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
  };
}

/**
 * One customer's data in every customer table (consent, connection with a secret grant, account, balance,
 * two transactions, a sync run, a statement upload, a notification), personal fields encrypted under their key exactly as the
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
  };
  const services = { em: app.get(EntityManager), encryption: app.get(FieldEncryptionService) };
  await runAsTenant(tenant, () =>
    services.em.transactional(async (em) => {
      const [identifiers, holderName, counterparty, description, body, grant, fileName, fileContent] =
        await services.encryption.encryptForCustomer(customerId, [
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
