// Data-subject rights through the real API, PostgreSQL and Keycloak: requests, the one-time export
// download, the erasure steps (as the workflows' activities run them) and what is left afterwards.
import { readFileSync } from 'node:fs';
import { EntityManager } from '@mikro-orm/postgresql';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AuditService } from '../audit';
import { retentionRule } from '@finpersona/plugin-sdk';
import { amlYears, regionLaw } from '../testing/rule-packs';
import { loadKeycloakAdminConfig } from '../config';
import { CustomersService } from '../customers';
import { RealmsService } from '../realms';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { withClient } from '../testing/deploy';
import { decryptableValuesOf, seedPersonalData, type SeededPersonalData } from '../testing/personal-data';
import { insertBudget, insertSavingsGoal, insertTransactionAlert } from '../testing/customer-tools-fixtures';
import { insertCustomerRule } from '../testing/customer-rules-fixtures';
import { demoBank, demoBankCustomers, otherBank } from '../testing/seed';
import { type ErasureCertificate, suppressionMarker } from './contract';
import { DataSubjectRightsService } from './data-subject-rights.service';
import { exportCategories, exportSchemaPath, personalDataRegistry } from './index';
import { withRulePack } from '../testing/rule-packs';
import { eraseWithoutLogin } from '../testing/data-subject-requests';
import { auditRows } from '../testing/audit-rows';
import { FieldEncryptionService } from '../crypto';
import { Client, Connection } from '@temporalio/client';

const requestExport = `mutation { requestDataExport { downloadToken downloadPath request { id kind status } } }`;
const requestErasure = `mutation { requestErasure { id kind status } }`;
const recordErasure = `mutation($customerId: ID!, $receivedVia: DataSubjectRequestChannel!, $identityVerified: Boolean!, $note: String) {
  recordErasureRequest(customerId: $customerId, receivedVia: $receivedVia, identityVerified: $identityVerified, note: $note) {
    id kind status customerId receivedVia recordedByStaff
  }
}`;
const recordExport = `mutation($customerId: ID!, $receivedVia: DataSubjectRequestChannel!, $identityVerified: Boolean!, $note: String) {
  recordDataExportRequest(customerId: $customerId, receivedVia: $receivedVia, identityVerified: $identityVerified, note: $note) {
    downloadToken downloadPath request { id kind status customerId receivedVia recordedByStaff }
  }
}`;
const listRequests = `query($kind: DataSubjectRequestKind) {
  dataSubjectRequests(first: 50, kind: $kind) {
    totalCount edges { node { id kind status customerId progress { step } certificate downloadExpiresAt fetchedAt } }
  }
}`;

describe('data-subject rights', () => {
  let api: ApiFixture;
  let realm: BankRealm;
  let bank: TenantRef;
  let rights: DataSubjectRightsService;
  let erin: SeededPersonalData;
  let finn: SeededPersonalData;
  let erinSubject: string;

  /** Runs one workflow step the way its activity does: as the request's tenant. */
  const asBank = <T>(step: () => Promise<T>) => runAsTenant(bank, step);
  /** SQL as the table owner with the bank set for row-level security (committed: some tests change rows). */
  const sql = <T>(text: string, values: unknown[] = []) =>
    withClient(api.database.ownerUrl, async (client) => {
      await client.query('begin');
      await client.query(`select set_config('app.tenant_id', $1, true)`, [bank.id]);
      const rows = (await client.query(text, values)).rows as T[];
      await client.query('commit');
      return rows;
    });
  const download = (requestId: string, token: string, accessToken: string) =>
    fetch(`${api.url}/data-exports/${requestId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${accessToken}` },
      body: JSON.stringify({ token }),
    });

  beforeAll(async () => {
    api = await startApiFixture();
    realm = await createBankRealm('dsr', { customers: ['erin', 'finn'], colleagueOfficer: true });
    const tenancy = api.running.app.get(TenancyService);
    await withRulePack(api.running.app, tenancy.upsertTenant(demoBank));
    await api.running.app.get(CustomersService).upsertDemoCustomers(demoBank.slug, demoBankCustomers);
    bank = tenantRef(
      await withRulePack(
        api.running.app,
        tenancy.upsertTenant({ ...otherBank, slug: realm.realm, realm: realm.realm, region: 'EU' }),
      ),
    );
    const [erinLogin, finnLogin] = realm.customers;
    erinSubject = erinLogin!.subject;
    await api.running.app.get(CustomersService).upsertDemoCustomers(bank.slug, [
      { subject: erinLogin!.subject, displayName: 'Erin Example', email: 'erin@dsr.example' },
      { subject: finnLogin!.subject, displayName: 'Finn Other', email: 'finn@dsr.example' },
    ]);
    const ids = await sql<{ id: string; subject: string }>(
      `select id, subject from customer where tenant_id = $1`,
      [bank.id],
    );
    const idOf = (subject: string) => ids.find((row) => row.subject === subject)!.id;
    erin = await seedPersonalData(api.running.app, bank, idOf(erinLogin!.subject), 'erin');
    finn = await seedPersonalData(api.running.app, bank, idOf(finnLogin!.subject), 'finn');
    // Their own budgets and savings goals (customer tools): Erin's goal follows her account.
    for (const [person, label] of [
      [erin, 'erin'],
      [finn, 'finn'],
    ] as const) {
      await insertBudget(api.running.app, bank, person.customerId, {
        category: 'groceries',
        amountMinor: '40000',
      });
      await insertSavingsGoal(api.running.app, bank, person.customerId, {
        name: `Goal of ${label}`,
        targetAmountMinor: '500000',
        accountId: person.ids.account,
      });
      const alertId = await insertTransactionAlert(api.running.app, bank, person.customerId, '100000');
      await sql(
        `insert into customer_alert_firing (id, tenant_id, customer_id, alert_id, subject_ref, outcome)
         values (gen_random_uuid(), $1, $2, $3, $4, 'sent')`,
        [bank.id, person.customerId, alertId, `alert:${alertId}:tx:${label}`],
      );
      // Their own rule (conditions sealed under their key) and a dismissed rule suggestion.
      await insertCustomerRule(api.running.app, bank, person.customerId, {
        action: 'set-category',
        category: 'health',
        conditions: { any: [{ merchantContains: [`gym of ${label}`] }, { descriptionContains: ['yoga'] }] },
      });
      await sql(
        `insert into rule_suggestion_dismissal (id, tenant_id, customer_id, evidence_key)
         values (gen_random_uuid(), $1, $2, $3)`,
        [bank.id, person.customerId, `dismissed-${label}`],
      );
    }
    // As if the bank had also imported Erin from its own records (`cli import-pkdd99`): that blind index
    // finds her too, so erasure must clear it.
    await sql(`update customer set source_ref_index = 'erin-source-ref-index' where id = $1`, [
      erin.customerId,
    ]);
    rights = api.running.app.get(DataSubjectRightsService);
  });

  afterAll(async () => {
    await realm?.remove().catch(() => undefined);
    await api?.close();
  });

  it('every table with a customer_id column is registered for export and erasure', async () => {
    const tables = await sql<{ table_name: string }>(
      `select distinct table_name from information_schema.columns
        where table_schema = 'public' and column_name = 'customer_id' order by table_name`,
    );
    expect(tables.length).toBeGreaterThanOrEqual(10);
    expect(
      personalDataRegistry.map((entry) => entry.table).sort(),
      'register each table in data-subject-rights/personal-data-registry.ts (export and erasure rule)',
    ).toEqual(tables.map((row) => row.table_name));
  });

  describe('export', () => {
    let exported: { requestId: string; token: string };

    beforeAll(async () => {
      const { body } = await api.graphql<{
        requestDataExport: {
          downloadToken: string;
          downloadPath: string;
          request: { id: string; status: string };
        };
      }>(requestExport, { token: await realm.customerToken('erin') });
      expect(body.errors).toBeUndefined();
      const created = body.data!.requestDataExport;
      expect(created.request.status).toBe('REQUESTED');
      expect(created.downloadPath).toBe(`/data-exports/${created.request.id}`);
      expect(created.downloadToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      exported = { requestId: created.request.id, token: created.downloadToken };
      await asBank(() => rights.startRequest(exported));
      const report = await asBank(() => rights.buildExport(exported));
      expect(report.counts).toMatchObject({ accounts: 1, transactions: 2, balances: 1 });
    });

    it('stores only the token hash and the archive as ciphertext', async () => {
      const [request] = await sql<{ download_token_hash: string; status: string }>(
        `select download_token_hash, status from data_subject_request where id = $1`,
        [exported.requestId],
      );
      expect(request).toMatchObject({
        status: 'completed',
        download_token_hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      const [file] = await sql<{ archive_enc: string }>(
        `select archive_enc from data_subject_export where request_id = $1`,
        [exported.requestId],
      );
      expect(file!.archive_enc).not.toContain('UEsDB'); // not a base64 ZIP in clear
      expect(file!.archive_enc).not.toContain(exported.token);
    });

    it("another customer's token, a wrong token and staff are refused; nothing is consumed", async () => {
      const asFinn = await download(exported.requestId, exported.token, await realm.customerToken('finn'));
      expect(asFinn.status).toBe(404);
      expect(
        ((await asFinn.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code,
      ).toBe('NOT_FOUND');
      const wrongToken = await download(
        exported.requestId,
        'x'.repeat(43),
        await realm.customerToken('erin'),
      );
      expect(wrongToken.status).toBe(404);
      const asOfficer = await download(
        exported.requestId,
        exported.token,
        await realm.complianceOfficerToken(),
      );
      expect(asOfficer.status).toBe(404);
      const anonymous = await fetch(`${api.url}/data-exports/${exported.requestId}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: exported.token }),
      });
      expect(anonymous.status).toBe(401);
      // Another bank's customer (Ana of the demo bank) with the right id and token.
      const asAna = await download(
        exported.requestId,
        exported.token,
        (await tokensOf('customer')).accessToken,
      );
      expect(asAna.status).toBe(404);
      expect(
        await sql(`select 1 from data_subject_export where request_id = $1`, [exported.requestId]),
      ).toHaveLength(1);
    });

    it('the customer downloads it once: every category, decrypted, valid against the published schema; JSON + CSV', async () => {
      const response = await download(exported.requestId, exported.token, await realm.customerToken('erin'));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/zip');
      const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
      expect(Object.keys(files).sort()).toEqual(
        [
          'README.txt',
          'export.json',
          'person.csv',
          ...exportCategories.map((category) => `${category}.csv`),
        ].sort(),
      );
      const document = JSON.parse(strFromU8(files['export.json']!)) as {
        person: Record<string, unknown>;
        categories: Record<string, Record<string, unknown>[]>;
      };
      // Validated with a schema compiled here from the published file, independently of the service.
      const ajv = new Ajv2020({ allErrors: true, strict: true });
      addFormats(ajv);
      const validate = ajv.compile(JSON.parse(readFileSync(exportSchemaPath, 'utf8')) as object);
      expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
      for (const category of exportCategories) {
        expect(document.categories[category]!.length, category).toBeGreaterThan(0);
      }
      expect(document.person).toMatchObject({
        id: erin.customerId,
        display_name: 'Erin Example',
        email: 'erin@dsr.example',
      });
      expect(document.categories.accounts![0]).toMatchObject({
        identifiers: erin.plaintext.identifiers,
        holder_name: erin.plaintext.holderName,
        opened_on: '2020-02-29',
      });
      expect(document.categories.transactions!.map((row) => row.counterparty)).toEqual([
        erin.plaintext.counterparty,
        null,
      ]);
      expect(document.categories.transactions![0]).toMatchObject({
        description: erin.plaintext.description,
        amount_minor: '85000',
      });
      // Beyond 2^53: money stays exact (a string, never a float).
      expect(document.categories.balances![0]!.amount_minor).toBe('9007199254740993');
      expect(document.categories.notifications![0]!.body).toBe(erin.plaintext.notification);
      expect(document.categories.recommendations![0]).toMatchObject({
        id: erin.ids.recommendation,
        reason: erin.plaintext.recommendationReason,
      });
      expect(document.categories.recommendationEvents![0]).toMatchObject({
        comment: erin.plaintext.ratingComment,
      });
      expect(document.categories.recommendationReviews![0]).toMatchObject({
        customer_text: erin.plaintext.contestText,
        note: erin.plaintext.reviewNote,
      });
      // A statement upload: what was stored about it, the file name decrypted; not the file again.
      expect(document.categories.statementUploads).toEqual([
        expect.objectContaining({
          id: erin.ids.statementUpload,
          format: 'csv',
          mapping: 'pkdd99',
          file_name: erin.plaintext.fileName,
        }),
      ]);
      expect(document.categories.statementUploads![0]).not.toHaveProperty('content');
      // Customer tools: the budget as set, the goal's name decrypted.
      expect(document.categories.budgets).toEqual([
        expect.objectContaining({
          category: 'groceries',
          period: 'monthly',
          amount_minor: '40000',
          currency: 'EUR',
        }),
      ]);
      expect(document.categories.alertFirings).toEqual([
        expect.objectContaining({ outcome: 'sent', subject_ref: expect.stringMatching(/:tx:erin$/) }),
      ]);
      // Their own rule: the conditions decrypted, as JSON text.
      expect(document.categories.customerRules).toEqual([
        expect.objectContaining({ action: 'set-category', category: 'health', suggestion_key: null }),
      ]);
      expect(JSON.parse(String(document.categories.customerRules![0]!.conditions))).toEqual({
        any: [{ merchantContains: ['gym of erin'] }, { descriptionContains: ['yoga'] }],
      });
      expect(document.categories.ruleSuggestionDismissals).toEqual([
        expect.objectContaining({ evidence_key: 'dismissed-erin' }),
      ]);
      expect(document.categories.savingsGoals).toEqual([
        expect.objectContaining({
          name: 'Goal of erin',
          target_amount_minor: '500000',
          account_id: erin.ids.account,
        }),
      ]);
      expect(
        document.categories.auditEntries!.some((entry) => entry.action === 'data-subject-request.export'),
      ).toBe(true);
      const everything = Object.values(files)
        .map((file) => strFromU8(file))
        .join('\n');
      // The connector's grant is a secret, never exported; Finn's data is not Erin's.
      expect(everything).not.toContain(erin.plaintext.grant);
      expect(everything).not.toContain(erin.plaintext.fileContent);
      expect(everything).not.toContain('state-erin');
      for (const value of Object.values(finn.plaintext)) expect(everything).not.toContain(value);
      const transactionsCsv = strFromU8(files['transactions.csv']!).split('\r\n');
      expect(transactionsCsv[0]).toMatch(/^"id","account_id","source_id","amount_minor"/);
      expect(transactionsCsv).toHaveLength(4); // header, 2 rows, and the empty string after the last CRLF
      expect(transactionsCsv[1]).toContain(`"${erin.plaintext.counterparty}"`);

      const again = await download(exported.requestId, exported.token, await realm.customerToken('erin'));
      expect(again.status).toBe(409);
      expect(
        await sql(`select 1 from data_subject_export where request_id = $1`, [exported.requestId]),
      ).toHaveLength(0);
    });

    it('an expired download is refused and the workflow step deletes the archive', async () => {
      const { body } = await api.graphql<{
        requestDataExport: { downloadToken: string; request: { id: string } };
      }>(requestExport, { token: await realm.customerToken('erin') });
      const second = {
        requestId: body.data!.requestDataExport.request.id,
        token: body.data!.requestDataExport.downloadToken,
      };
      await asBank(() => rights.buildExport(second));
      await sql(
        `update data_subject_request set download_expires_at = now() - interval '1 second' where id = $1`,
        [second.requestId],
      );
      const response = await download(second.requestId, second.token, await realm.customerToken('erin'));
      expect(response.status).toBe(409);
      expect(await response.text()).toContain('expired');
      expect(await asBank(() => rights.expireExport(second))).toBe(true);
      expect(await asBank(() => rights.expireExport(second))).toBe(false);
      expect(
        await sql(`select 1 from data_subject_export where request_id = $1`, [second.requestId]),
      ).toHaveLength(0);
    });
  });

  describe('requests through GraphQL', () => {
    it('erasure needs a recent second factor (the demo customer has none): STEP_UP_REQUIRED, nothing recorded', async () => {
      const before = await sql(`select 1 from data_subject_request`);
      const { body } = await api.graphql(requestErasure, { token: (await tokensOf('customer')).accessToken });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'STEP_UP_REQUIRED', acrValues: 'mfa' });
      expect(await sql(`select 1 from data_subject_request`)).toHaveLength(before.length);
    });

    it('wrong roles are refused: staff cannot request, a bank administrator cannot list', async () => {
      const officer = await realm.complianceOfficerToken();
      const admin = await realm.bankAdminToken();
      for (const [document, token] of [
        [requestExport, officer],
        [requestErasure, admin],
        [listRequests, admin],
      ] as const) {
        const { body } = await api.graphql(document, { token });
        expect(body.errors?.[0]?.extensions.code, document).toBe('FORBIDDEN');
      }
    });

    it("customers see only their own requests, compliance officers only their bank's", async () => {
      const asFinn = await api.graphql<{ dataSubjectRequests: { totalCount: number } }>(listRequests, {
        token: await realm.customerToken('finn'),
      });
      expect(asFinn.body.data?.dataSubjectRequests.totalCount).toBe(0);
      const asErin = await api.graphql<{ dataSubjectRequests: { totalCount: number } }>(listRequests, {
        token: await realm.customerToken('erin'),
      });
      expect(asErin.body.data?.dataSubjectRequests.totalCount).toBe(2);
      const demoOfficer = await api.graphql<{
        dataSubjectRequests: { edges: { node: { customerId: string } }[] };
      }>(listRequests, { token: (await tokensOf('complianceOfficer')).accessToken });
      expect(demoOfficer.body.errors).toBeUndefined();
      expect(
        demoOfficer.body.data!.dataSubjectRequests.edges.map((edge) => edge.node.customerId),
      ).not.toContain(erin.customerId);
    });
  });

  describe('erasure', () => {
    let requestId: string;
    let certificate: ErasureCertificate;
    let realms: RealmsService;

    beforeAll(async () => {
      const { body } = await api.graphql<{ requestErasure: { id: string; status: string } }>(requestErasure, {
        token: await realm.customerToken('erin'),
      });
      expect(body.errors).toBeUndefined();
      requestId = body.data!.requestErasure.id;
      // Asking again while it is pending returns the same request.
      const again = await api.graphql<{ requestErasure: { id: string } }>(requestErasure, {
        token: await realm.customerToken('erin'),
      });
      expect(again.body.data?.requestErasure.id).toBe(requestId);
      realms = new RealmsService(
        loadKeycloakAdminConfig({
          KEYCLOAK_URL: inject('services').KEYCLOAK_URL,
          KEYCLOAK_ADMIN_USERNAME: 'admin',
          KEYCLOAK_ADMIN_PASSWORD: 'admin',
        }),
        api.running.app.get(TenancyService),
        api.running.app.get(AuditService),
      );
      const input = { requestId };
      // The steps of the erasure workflow, as its activities call them; each twice (a retry changes nothing).
      for (let attempt = 0; attempt < 2; attempt += 1) {
        await asBank(() => rights.startRequest(input));
        const identity = await asBank(() => rights.identityOf(input));
        if (!identity.alreadyRemoved) {
          const outcome = await realms.removeRealmUser(identity.realm, identity.subject!);
          await asBank(() => rights.recordIdentityRemoved(input, outcome));
        }
        await asBank(() => rights.endConsents(input));
        await asBank(() => rights.eraseRows(input));
        await asBank(() => rights.shredKey(input));
        certificate = await asBank(() => rights.completeErasure(input));
      }
    });

    it('issues a certificate: removed per table, retained with rule, source and until, key shredded, login removed', async () => {
      const rules = regionLaw('EU');
      expect(certificate).toMatchObject({
        requestId,
        customerId: erin.customerId,
        region: 'EU',
        removed: {
          category_label: 1,
          balance: 1,
          sync_run: 1,
          statement_upload: 1,
          notification: 1,
          budget: 1,
          savings_goal: 1,
          customer_alert: 1,
          customer_alert_firing: 1,
          customer_rule: 1,
          rule_suggestion_dismissal: 1,
          data_subject_export: 0,
        },
        customerRecord: 'tombstone',
        // The bank also imported Erin from its records (below): the marker that stops a re-import is kept.
        suppressionMarker,
        keyExisted: true,
        identity: { realm: realm.realm, outcome: 'removed' },
      });
      const until = new Date(certificate.relationshipEndedAt);
      until.setUTCFullYear(until.getUTCFullYear() + amlYears(rules));
      const retained = Object.fromEntries(certificate.retained.map((entry) => [entry.table, entry]));
      expect(retained.account_transaction).toMatchObject({
        rows: 2,
        rule: 'aml-retention',
        source: retentionRule(rules, 'aml-records').source,
        until: until.toISOString(),
      });
      expect(retained.account).toMatchObject({ rows: 1, rule: 'aml-retention' });
      expect(retained.connection).toMatchObject({
        rows: 1,
        clearedColumns: expect.arrayContaining(['grant_enc']),
      });
      expect(retained.consent).toMatchObject({ rows: 1 });
      expect(retained.data_subject_request).toMatchObject({ rows: 3, until: null });
      expect(Date.parse(certificate.keyShreddedAt)).not.toBeNaN();
      // Two runs of every step: each step recorded once.
      const [row] = await sql<{ progress: { step: string }[] }>(
        `select progress from data_subject_request where id = $1`,
        [requestId],
      );
      expect(row!.progress.map((step) => step.step)).toEqual([
        'started',
        'identity-removed',
        'consents-ended',
        'rows-erased',
        'key-shredded',
        'certificate-issued',
      ]);
    });

    it('the Keycloak user is gone; removing again is idempotent', async () => {
      expect(await realm.userExists(erinSubject)).toBe(false);
      expect(await realms.removeRealmUser(realm.realm, erinSubject)).toBe('absent');
    });

    it('leaves 0 decryptable personal values for Erin: every retained *_enc value fails to decrypt', async () => {
      // identifiers, holder name, counterparty, description: retained, and none of them reads.
      expect(await decryptableValuesOf(api.running.app, bank, erin.customerId, sql)).toEqual({
        tried: 4,
        readable: 0,
      });
      // Finn's twenty-two values (grant, statement upload, recommendation reason, rating comment, review
      // texts, notification e-mail, push subscription, a deferred e-mail, an insight, a savings goal name,
      // his own rule's conditions and a survey answer's free text included) all still read.
      expect(await decryptableValuesOf(api.running.app, bank, finn.customerId, sql)).toEqual({
        tried: 22,
        readable: 22,
      });
      const [customer] = await sql<Record<string, unknown>>(
        `select display_name, email, email_index, source_ref_index, subject, erased_at from customer where id = $1`,
        [erin.customerId],
      );
      expect(customer).toMatchObject({
        display_name: '',
        email: null,
        email_index: null,
        source_ref_index: null,
        subject: null,
      });
      expect(customer!.erased_at).not.toBeNull();
      // Only the blind index of her reference in the bank's records stays, as the suppression marker.
      expect(await sql(`select * from erasure_suppression`)).toEqual([
        {
          tenant_id: bank.id,
          source_ref_index: 'erin-source-ref-index',
          erased_at: expect.any(Date),
          request_id: requestId,
        },
      ]);
      const [connection] = await sql<Record<string, unknown>>(
        `select grant_enc, state_index from connection where customer_id = $1`,
        [erin.customerId],
      );
      expect(connection).toEqual({ grant_enc: null, state_index: null });
      expect(await sql(`select 1 from data_key where customer_id = $1`, [erin.customerId])).toHaveLength(0);
    });

    it("other customers are untouched, the bank's audit chain still verifies, and staff see the certificate without personal data", async () => {
      const document = await asBank(() =>
        api.running.app
          .get(EntityManager)
          .transactional((em) => rights.gatherExport(em as EntityManager, finn.customerId)),
      );
      expect(document.person).toMatchObject({ display_name: 'Finn Other' });
      expect(document.categories.accounts![0]).toMatchObject({ holder_name: finn.plaintext.holderName });
      expect(document.categories.notifications).toHaveLength(1);
      const verification = await asBank(() => api.running.app.get(AuditService).verifyCurrent());
      expect(verification).toMatchObject({ intact: true });

      const officer = await realm.complianceOfficerToken();
      const { body } = await api.graphql<{
        dataSubjectRequests: {
          edges: { node: { id: string; certificate: string | null; status: string } }[];
        };
      }>(listRequests, { token: officer, variables: { kind: 'ERASURE' } });
      expect(body.errors).toBeUndefined();
      const node = body.data!.dataSubjectRequests.edges.find((edge) => edge.node.id === requestId)!.node;
      expect(node.status).toBe('COMPLETED');
      expect(JSON.parse(node.certificate!)).toEqual(certificate);
      const text = JSON.stringify(body);
      for (const value of [
        ...Object.values(erin.plaintext),
        'Erin Example',
        'erin@dsr.example',
        erinSubject,
      ]) {
        expect(text).not.toContain(value);
      }
      // The tombstone is not listed to staff (listing it would fail on undecryptable fields otherwise).
      const customers = await api.graphql<{ customers: { totalCount: number } }>(
        `{ customers(first: 10) { totalCount } }`,
        {
          token: officer,
        },
      );
      expect(customers.body.data?.customers.totalCount).toBe(1);
    });
  });
  /**
   * The world of a describe about requests staff record: a customer the bank imported from its records
   * (`cli import-pkdd99`: no login, found by a source ref) and the bank's compliance officer's token.
   * Afterwards the workflows the API started for the customer are terminated: no worker runs here (the steps
   * are run as its activities).
   */
  const recordingWorld = (displayName: string, sourceRef: string) => {
    const world = {} as { customerId: string; officer: string };
    beforeAll(async () => {
      world.customerId = (
        await asBank(() =>
          api.running.app.get(CustomersService).upsertBankImported({ displayName, sourceRef }),
        )
      ).id;
      world.officer = await realm.complianceOfficerToken();
    });
    afterAll(async () => {
      const connection = await Connection.connect({ address: inject('services').TEMPORAL_ADDRESS });
      const client = new Client({ connection });
      for (const row of await sql<{ workflow_id: string }>(
        `select workflow_id from data_subject_request where customer_id = $1`,
        [world.customerId],
      )) {
        await client.workflow
          .getHandle(row.workflow_id)
          .terminate('test finished')
          .catch(() => undefined);
      }
      await connection.close();
    });
    return world;
  };

  /** A bank whose compliance officer signs in without a second factor (made once, for step-up refusals). */
  let passwordOnly: Promise<BankRealm> | undefined;
  const passwordOnlyOfficerToken = async () => {
    passwordOnly ??= (async () => {
      const created = await createBankRealm('dsr-password-only', { staffSecondFactor: false });
      await api.running.app
        .get(TenancyService)
        .upsertTenant({ ...otherBank, slug: created.realm, realm: created.realm, region: 'EU' });
      return created;
    })();
    return (await passwordOnly).complianceOfficerToken();
  };
  afterAll(async () => {
    await (await passwordOnly)?.remove().catch(() => undefined);
  });

  const recordedRows = (customerId: string, kind: 'erasure' | 'export') =>
    sql<{ id: string }>(`select id from data_subject_request where customer_id = $1 and kind = $2`, [
      customerId,
      kind,
    ]);

  // Both kinds share one path (validation, the customer's lookup): each is refused the same way.
  describe.each([
    { kind: 'erasure', document: recordErasure },
    { kind: 'export', document: recordExport },
  ] as const)("recording a person's $kind request is refused, and writes nothing", ({ kind, document }) => {
    const world = recordingWorld(`Refused ${kind}`, `refused-${kind}`);
    const record = (token: string, variables: Record<string, unknown>) =>
      api.graphql<Record<string, unknown>>(document, { token, variables });

    it('bad input is INVALID with the field named', async () => {
      const unchecked = await record(world.officer, {
        customerId: world.customerId,
        receivedVia: 'LETTER',
        identityVerified: false,
      });
      expect(unchecked.body.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID',
        fields: [{ field: 'identityVerified', problem: "confirm the person's identity was checked" }],
      });
      const long = await record(world.officer, {
        customerId: world.customerId,
        receivedVia: 'PHONE',
        identityVerified: true,
        note: 'x'.repeat(501),
      });
      expect(long.body.errors?.[0]?.extensions).toMatchObject({
        code: 'INVALID',
        fields: [{ field: 'note', problem: 'must be at most 500 characters' }],
      });
      expect(await recordedRows(world.customerId, kind)).toEqual([]);
    });

    it('needs a second factor, and only a compliance officer may record one', async () => {
      const variables = { customerId: world.customerId, receivedVia: 'LETTER', identityVerified: true };
      const noStepUp = await record(await passwordOnlyOfficerToken(), variables);
      expect(noStepUp.body.errors?.[0]?.extensions).toMatchObject({
        code: 'STEP_UP_REQUIRED',
        acrValues: 'mfa',
      });
      for (const token of [await realm.bankAdminToken(), await realm.customerToken('finn')]) {
        const { body } = await record(token, variables);
        expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      }
      expect(await recordedRows(world.customerId, kind)).toEqual([]);
    });

    it("another bank's customer is the same NOT_FOUND as an unknown id", async () => {
      const demoOfficer = (await tokensOf('complianceOfficer')).accessToken;
      const variables = { receivedVia: 'BRANCH', identityVerified: true };
      const other = await record(demoOfficer, { ...variables, customerId: world.customerId });
      const unknown = await record(demoOfficer, {
        ...variables,
        customerId: '00000000-0000-4000-8000-000000000000',
      });
      expect(other.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
      expect(other.body.errors?.[0]?.message).toBe(unknown.body.errors?.[0]?.message);
      expect(await recordedRows(world.customerId, kind)).toEqual([]);
    });
  });

  describe('erasure a compliance officer records (letter, branch, phone, e-mail)', () => {
    let requestId: string;
    const note = 'Letter of 2 Nov from Ida Imported, ID card checked at the Main St branch';
    const erasureRows = (customerId: string) => recordedRows(customerId, 'erasure');
    const record = (token: string, variables: Record<string, unknown>) =>
      api.graphql<{
        recordErasureRequest: { id: string; status: string; receivedVia: string; recordedByStaff: boolean };
      }>(recordErasure, { token, variables });
    const world = recordingWorld('Ida Imported', 'client-4711');

    it('records the request for a customer without a login: shown to staff, note encrypted, audited without it', async () => {
      const { body } = await record(world.officer, {
        customerId: world.customerId,
        receivedVia: 'LETTER',
        identityVerified: true,
        note,
      });
      expect(body.errors).toBeUndefined();
      expect(body.data!.recordErasureRequest).toMatchObject({
        kind: 'ERASURE',
        status: 'REQUESTED',
        customerId: world.customerId,
        receivedVia: 'LETTER',
        recordedByStaff: true,
      });
      requestId = body.data!.recordErasureRequest.id;
      const [row] = await sql<{ received_via: string; recorded_by: string; note_enc: string }>(
        `select received_via, recorded_by, note_enc from data_subject_request where id = $1`,
        [requestId],
      );
      expect(row).toMatchObject({ received_via: 'letter', recorded_by: expect.any(String) });
      expect(row!.note_enc).not.toContain('Ida');
      const decrypted = await asBank(() =>
        api.running.app.get(FieldEncryptionService).decrypt(row!.note_enc, {
          table: 'data_subject_request',
          column: 'note_enc',
          rowId: requestId,
        }),
      );
      expect(decrypted).toBe(note);
      const [entry] = (await auditRows(api.database.ownerUrl, bank.id)).filter(
        (audited) => audited.action === 'data-subject-request.erasure' && audited.resource_id === requestId,
      );
      expect(entry!.changes).toMatchObject({ recordedBy: 'staff', receivedVia: 'letter', withNote: true });
      expect(JSON.stringify(entry)).not.toContain('Ida');
      // A second request while this one is open is a CONFLICT, nothing written.
      const twice = await record(world.officer, {
        customerId: world.customerId,
        receivedVia: 'PHONE',
        identityVerified: true,
      });
      expect(twice.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
      expect(await erasureRows(world.customerId)).toHaveLength(1);
    });

    it('the erasure runs to completion: tombstone, suppression marker, note shredded; then CONFLICT', async () => {
      const certificate = await eraseWithoutLogin(api.running.app, bank, requestId);
      expect(certificate).toMatchObject({
        customerId: world.customerId,
        customerRecord: 'tombstone',
        suppressionMarker: suppressionMarker,
        identity: { outcome: 'no-login' },
      });
      const [customer] = await sql<{
        display_name: string;
        source_ref_index: string | null;
        erased_at: unknown;
      }>(`select display_name, source_ref_index, erased_at from customer where id = $1`, [world.customerId]);
      expect(customer).toMatchObject({
        display_name: '',
        source_ref_index: null,
        erased_at: expect.any(Date),
      });
      expect(
        await sql(`select 1 from erasure_suppression where tenant_id = $1 and request_id = $2`, [
          bank.id,
          requestId,
        ]),
      ).toHaveLength(1);
      const [request] = await sql<{ received_via: string; note_enc: string | null; status: string }>(
        `select received_via, note_enc, status from data_subject_request where id = $1`,
        [requestId],
      );
      expect(request).toEqual({ received_via: 'letter', note_enc: null, status: 'completed' });
      const again = await record(world.officer, {
        customerId: world.customerId,
        receivedVia: 'EMAIL',
        identityVerified: true,
      });
      expect(again.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
      const listed = await api.graphql<{
        dataSubjectRequests: {
          edges: { node: { id: string; receivedVia: string | null; recordedByStaff: boolean } }[];
        };
      }>(
        `{ dataSubjectRequests(first: 50, kind: ERASURE) { edges { node { id receivedVia recordedByStaff } } } }`,
        {
          token: world.officer,
        },
      );
      expect(listed.body.data!.dataSubjectRequests.edges.map((edge) => edge.node)).toContainEqual({
        id: requestId,
        receivedVia: 'LETTER',
        recordedByStaff: true,
      });
    });
  });

  describe('access request a compliance officer records (letter, branch, phone, e-mail)', () => {
    let exported: { requestId: string; token: string; path: string };
    const exportRows = (customerId: string) => recordedRows(customerId, 'export');
    const record = (token: string, variables: Record<string, unknown>) =>
      api.graphql<{
        recordDataExportRequest: {
          downloadToken: string;
          downloadPath: string;
          request: {
            id: string;
            kind: string;
            status: string;
            receivedVia: string;
            recordedByStaff: boolean;
          };
        };
      }>(recordExport, { token, variables });
    const codeOf = async (response: Response) =>
      ((await response.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code;
    const world = recordingWorld('Jan Imported', 'client-5150');

    it('an erased customer is a CONFLICT: nothing is left to export (Erin was erased above)', async () => {
      const erinsBefore = (await exportRows(erin.customerId)).length;
      const erased = await record(world.officer, {
        customerId: erin.customerId,
        receivedVia: 'PHONE',
        identityVerified: true,
      });
      expect(erased.body.errors?.[0]).toMatchObject({
        message: 'This customer has been erased: there is nothing left to export.',
        extensions: { code: 'CONFLICT' },
      });
      expect(await exportRows(erin.customerId)).toHaveLength(erinsBefore);
    });

    it('records the export for a customer without a login: the token goes to the officer only; audited without personal data', async () => {
      const { body } = await record(world.officer, {
        customerId: world.customerId,
        receivedVia: 'LETTER',
        identityVerified: true,
        note: 'Letter of 20 Nov from Jan Imported, passport checked',
      });
      expect(body.errors).toBeUndefined();
      const created = body.data!.recordDataExportRequest;
      expect(created.request).toMatchObject({
        kind: 'EXPORT',
        status: 'REQUESTED',
        receivedVia: 'LETTER',
        recordedByStaff: true,
      });
      expect(created.downloadToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(created.downloadPath).toBe(`/data-exports/${created.request.id}`);
      exported = { requestId: created.request.id, token: created.downloadToken, path: created.downloadPath };
      const [entry] = (await auditRows(api.database.ownerUrl, bank.id)).filter(
        (audited) =>
          audited.action === 'data-subject-request.export' && audited.resource_id === exported.requestId,
      );
      expect(entry!.changes).toMatchObject({ recordedBy: 'staff', receivedVia: 'letter', withNote: true });
      expect(JSON.stringify(entry)).not.toContain('Jan');
      expect(JSON.stringify(entry)).not.toContain(exported.token);
      // While it is being built, a second one is a CONFLICT (its token was shown once), nothing written.
      const twice = await record(world.officer, {
        customerId: world.customerId,
        receivedVia: 'PHONE',
        identityVerified: true,
      });
      expect(twice.body.errors?.[0]?.extensions.code).toBe('CONFLICT');
      expect(await exportRows(world.customerId)).toHaveLength(1);
    });

    it('once built, only the officer who recorded it may fetch it: others, other banks and wrong tokens are NOT_FOUND', async () => {
      await asBank(() => rights.startRequest(exported));
      await asBank(() => rights.buildExport(exported));
      const fetchAs = (accessToken: string, token = exported.token) =>
        download(exported.requestId, token, accessToken);
      expect(await codeOf(await fetchAs(await realm.colleagueOfficerToken()))).toBe('NOT_FOUND');
      expect(await codeOf(await fetchAs(world.officer, 'x'.repeat(43)))).toBe('NOT_FOUND');
      expect(await codeOf(await fetchAs((await tokensOf('complianceOfficer')).accessToken))).toBe(
        'NOT_FOUND',
      );
      expect(await codeOf(await fetchAs(await realm.customerToken('finn')))).toBe('NOT_FOUND');
      // Bank administrators do not handle data-subject requests at all.
      expect(await codeOf(await fetchAs(await realm.bankAdminToken()))).toBe('FORBIDDEN');
      // Staff without a recent second factor are asked for one before anything is looked up.
      const noStepUp = await fetchAs(await passwordOnlyOfficerToken());
      expect(noStepUp.status).toBe(401);
      expect(await codeOf(noStepUp)).toBe('STEP_UP_REQUIRED');
      expect(
        await sql(`select 1 from data_subject_export where request_id = $1`, [exported.requestId]),
      ).toHaveLength(1);
    });

    it("the recording officer downloads it once (the customer's data), audited by staff; then CONFLICT", async () => {
      const response = await download(exported.requestId, exported.token, world.officer);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-disposition')).toBe(
        `attachment; filename="personal-data-export-${exported.requestId}.zip"`,
      );
      const files = unzipSync(new Uint8Array(await response.arrayBuffer()));
      const document = JSON.parse(strFromU8(files['export.json']!)) as {
        person: { id: string; subject: string | null; display_name: string };
      };
      expect(document.person).toMatchObject({
        id: world.customerId,
        subject: null,
        display_name: 'Jan Imported',
      });
      const [fetched] = (await auditRows(api.database.ownerUrl, bank.id)).filter(
        (audited) =>
          audited.action === 'data-subject-request.export-fetch' &&
          audited.resource_id === exported.requestId,
      );
      expect(fetched!.changes).toMatchObject({ by: 'staff' });
      const again = await download(exported.requestId, exported.token, world.officer);
      expect(again.status).toBe(409);
      expect(await codeOf(again)).toBe('CONFLICT');
      const [request] = await sql<{ fetched_at: unknown; progress: { step: string }[] }>(
        `select fetched_at, progress from data_subject_request where id = $1`,
        [exported.requestId],
      );
      expect(request!.fetched_at).toEqual(expect.any(Date));
      expect(request!.progress.map((step) => step.step)).toEqual([
        'started',
        'archive-stored',
        'archive-fetched',
      ]);
    });
  });
});
