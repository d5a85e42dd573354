import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { accessibleWhere, callerIsBankStaff, permittedFields } from '../access';
import { AuditService, redactedChanges } from '../audit';
import { FieldEncryptionService } from '../crypto';
import { Conflict, type FieldProblem, Forbidden, Invalid, NotFound } from '../errors';
import { requireContext, runAsTenant, type TenantRef } from '../request-context';
import { isText, TenancyService, tenantRef } from '../tenancy';
import { Customer } from './customer.entity';
import { afterCursor, type Cursor, decodeCursor, encodeCursor } from '../pagination';

export interface DemoCustomer {
  subject?: string | null;
  displayName: string;
  email?: string | null;
}

/** A customer a bank imports from its own records (see `CustomersService.upsertBankImported`). */
export interface BankImportedCustomer {
  /** The customer's reference in the bank's source, e.g. `pkdd99:client:1234`: stored only as a blind index. */
  sourceRef: string;
  displayName: string;
}

/**
 * The bank's source record names a customer who was erased at their request (GDPR Art. 17): the bank must
 * not import them again from its records (`erasure_suppression`). A CONFLICT; the message names no one.
 */
export class SourceRecordErased extends Conflict {
  override name = 'SourceRecordErased';

  constructor() {
    super(
      "This record's customer was erased at their request; the bank must not import them again from its records.",
    );
  }
}

/** A customer with their personal fields decrypted: what services hand out, never stored as is. */
export interface CustomerRecord {
  id: string;
  subject: string | null;
  displayName: string;
  email: string | null;
  createdAt: Date;
}

export interface CustomerPage {
  edges: { cursor: string; node: CustomerRecord }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export const maxPageSize = 100;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The blind-indexed column that carries "one customer per e-mail per tenant". */
const EMAIL_INDEX = { table: 'customer', column: 'email' } as const;
/** The blind-indexed column that carries "one customer per source reference per tenant" (bank imports). */
const SOURCE_REF_INDEX = { table: 'customer', column: 'source_ref' } as const;

/** A customer row as stored (raw SQL): personal fields encrypted, or plaintext in not yet converted rows. */
interface StoredCustomerRow {
  id: string;
  display_name: string;
  email: string | null;
  personal_fields_encrypted: boolean;
}

@Injectable()
export class CustomersService {
  constructor(
    private readonly em: EntityManager,
    private readonly tenancy: TenancyService,
    private readonly audit: AuditService,
    private readonly encryption: FieldEncryptionService,
  ) {}

  /**
   * Creates or updates the tenant's demo customers, matched by subject when given, else by e-mail (through
   * its blind index). Idempotent: running it twice leaves the same rows, ciphertexts included (a value
   * is re-encrypted only when it changed). Called by the onboarding workflow.
   */
  async upsertDemoCustomers(tenantSlug: string, customers: DemoCustomer[]): Promise<{ upserted: number }> {
    assertValidDemoCustomers(customers);
    const tenant = await this.tenancy.findBySlug(tenantSlug);
    if (!tenant) throw new NotFound(`No tenant with slug "${tenantSlug}"; create the tenant first.`);
    return runAsTenant(tenantRef(tenant), async () => {
      const tenantId = (requireContext().tenant as TenantRef).id;
      await this.em.transactional(async (em) => {
        for (const customer of customers) {
          const subject = customer.subject ?? null;
          const emailAddress = customer.email?.toLowerCase() ?? null;
          const displayName = customer.displayName.trim();
          const emailIndex = emailAddress === null ? null : await this.emailIndexOf(emailAddress);
          // Locked, so a concurrent upsert of the same customer waits instead of reading a stale row.
          const [existing] = await em.execute<StoredCustomerRow[]>(
            `select id, display_name, email, personal_fields_encrypted from customer
              where tenant_id = ? and ${subject !== null ? 'subject = ?' : 'email_index = ?'} for update`,
            [tenantId, subject ?? emailIndex],
          );
          let id: string;
          if (!existing) {
            id = randomUUID();
            const sealed = await this.seal(id, displayName, emailAddress);
            await em.execute(
              `insert into customer (id, tenant_id, subject, display_name, email, email_index, personal_fields_encrypted)
               values (?, ?, ?, ?, ?, ?, true)`,
              [id, tenantId, subject, sealed.displayName, sealed.email, emailIndex],
            );
          } else {
            id = existing.id;
            const [current] = await this.personalFields([storedFieldsOf(existing)]);
            // Matched by subject, the e-mail is replaced too; matched by e-mail, only the name is.
            const nextEmail = subject !== null ? emailAddress : current!.email;
            const changed =
              !existing.personal_fields_encrypted ||
              current!.displayName !== displayName ||
              current!.email !== nextEmail;
            if (changed) {
              const sealed = await this.seal(id, displayName, nextEmail);
              await em.execute(
                `update customer set display_name = ?, email = ?, email_index = ?, personal_fields_encrypted = true
                  where tenant_id = ? and id = ?`,
                [
                  sealed.displayName,
                  sealed.email,
                  nextEmail === null ? null : await this.emailIndexOf(nextEmail),
                  tenantId,
                  id,
                ],
              );
            }
          }
          await this.audit.record({
            action: existing ? 'customer.update' : 'customer.create',
            resourceType: 'customer',
            resourceId: id,
            changes: redactedChanges(
              subject !== null
                ? { subject, displayName, email: emailAddress }
                : { displayName, ...(existing ? {} : { email: emailAddress }) },
            ),
          });
        }
      });
      return { upserted: customers.length };
    });
  }

  /**
   * System work for a bank importing customers from its own records (`cli.js import-pkdd99`: a unit of
   * work without a principal): a customer **without a login** (no subject, no e-mail), found again by the
   * blind index of `sourceRef` (`customer.source_ref_index`, tenant key; a client number identifies a
   * person, so it is never stored in clear). An existing customer is left exactly as it is — nothing
   * written, nothing audited — so an import run twice creates nothing new. A new one is audited
   * `customer.create` (fields redacted). A source whose customer was erased at their request (its blind
   * index kept as an `erasure_suppression` marker by erasure) is refused with `SourceRecordErased`, nothing
   * written. Runs in the caller's transaction (or one of its own); anyone signed in is FORBIDDEN: customers
   * join by onboarding or sign-in, not through this (a person signing up again themselves is not refused).
   */
  async upsertBankImported(customer: BankImportedCustomer): Promise<{ id: string; created: boolean }> {
    if (requireContext().principal) {
      throw new Forbidden("Only the bank's own import (a system job) creates customers from its records.");
    }
    const tenant = requireTenant();
    const displayName = customer.displayName.trim();
    const problems: FieldProblem[] = [];
    if (!isText(displayName, 120))
      problems.push({ field: 'displayName', problem: 'must be 1-120 characters' });
    if (!isText(customer.sourceRef, 255))
      problems.push({ field: 'sourceRef', problem: 'must be 1-255 characters' });
    if (problems.length > 0) throw Invalid.fields(problems);
    const work = async (em: EntityManager) => {
      const sourceRefIndex = await this.encryption.blindIndex(SOURCE_REF_INDEX, customer.sourceRef, 'exact');
      // Two imports of the same record at once: the second waits, then finds the first one's customer
      // (an insert racing on the unique index would fail after the new customer's data key was made).
      await em.execute(`select pg_advisory_xact_lock(hashtextextended(?, 0))`, [
        `finpersona.customer-source:${tenant.id}:${sourceRefIndex}`,
      ]);
      const [existing] = await em.execute<{ id: string }[]>(
        `select id from customer where tenant_id = ? and source_ref_index = ?`,
        [tenant.id, sourceRefIndex],
      );
      if (existing) return { id: existing.id, created: false };
      const [suppressed] = await em.execute<unknown[]>(
        `select 1 from erasure_suppression where tenant_id = ? and source_ref_index = ?`,
        [tenant.id, sourceRefIndex],
      );
      if (suppressed) throw new SourceRecordErased();
      const id = randomUUID();
      const sealed = await this.seal(id, displayName, null);
      await em.execute(
        `insert into customer (id, tenant_id, subject, display_name, email, email_index, source_ref_index,
           personal_fields_encrypted) values (?, ?, null, ?, null, null, ?, true)`,
        [id, tenant.id, sealed.displayName, sourceRefIndex],
      );
      await this.audit.record({
        action: 'customer.create',
        resourceType: 'customer',
        resourceId: id,
        changes: { ...redactedChanges({ displayName, sourceRef: customer.sourceRef }), login: false },
      });
      return { id, created: true };
    };
    const current = this.em.getContext() as EntityManager;
    return current.isInTransaction() ? work(current) : this.em.transactional(work);
  }

  /**
   * The current tenant's customer with this e-mail (matched through the blind index), if any. Runs in the
   * caller's transaction, or a short one of its own (tenant-owned rows are visible only inside one).
   */
  async findByEmail(emailAddress: string): Promise<CustomerRecord | null> {
    const tenant = requireTenant();
    const find = async () => {
      const row = await this.em.findOne(Customer, {
        tenantId: tenant.id,
        emailIndex: await this.emailIndexOf(emailAddress),
      });
      return row ? (await this.readable([row]))[0]! : null;
    };
    return (this.em.getContext() as EntityManager).isInTransaction() ? find() : this.em.transactional(find);
  }

  /**
   * Crypto-shreds a customer: deletes their data key, so their encrypted fields can never be read again
   * (the row stays until erasure deletes it; reading it fails). True when a key existed.
   */
  shredPersonalData(customerId: string): Promise<boolean> {
    requireTenant();
    return this.encryption.shredCustomerKey(customerId);
  }

  /**
   * Encrypts the personal fields of rows written before encryption at rest (`personal_fields_encrypted`
   * false) for the current tenant, `batchSize` rows per transaction; resumable and idempotent (a re-run
   * converts what is left, 0 when done). Returns how many rows it converted.
   */
  async encryptPlaintextRows(batchSize = 100): Promise<number> {
    const tenant = requireTenant();
    let converted = 0;
    for (;;) {
      const done = await this.em.transactional(async (em) => {
        const rows = await em.execute<StoredCustomerRow[]>(
          `select id, display_name, email, personal_fields_encrypted from customer
            where tenant_id = ? and not personal_fields_encrypted and erased_at is null order by id limit ? for update skip locked`,
          [tenant.id, batchSize],
        );
        for (const row of rows) {
          const sealed = await this.seal(row.id, row.display_name, row.email);
          await em.execute(
            `update customer set display_name = ?, email = ?, email_index = ?, personal_fields_encrypted = true
              where tenant_id = ? and id = ? and not personal_fields_encrypted`,
            [
              sealed.displayName,
              sealed.email,
              row.email === null ? null : await this.emailIndexOf(row.email),
              tenant.id,
              row.id,
            ],
          );
        }
        if (rows.length > 0) {
          await this.audit.record({
            action: 'customer.encrypt',
            resourceType: 'customer',
            changes: { converted: rows.length, fields: ['displayName', 'email', 'emailIndex'] },
          });
        }
        return rows.length;
      });
      converted += done;
      if (done < batchSize) return converted;
    }
  }

  /**
   * A page of the customers the caller may see, in a stable (createdAt, id) order: the CASL abilities
   * become the where-clause (staff: their bank's customers; a customer: their own record).
   */
  async listVisible(options: { first: number; after?: string | null }): Promise<CustomerPage> {
    const first = options.first;
    if (!Number.isInteger(first) || first < 1 || first > maxPageSize) {
      throw Invalid.fields([{ field: 'first', problem: `must be between 1 and ${maxPageSize}` }]);
    }
    const after: Cursor | undefined = options.after ? decodeCursor(options.after) : undefined;
    const visible = visibleCustomers();
    // One after the other: both run on the request's single transaction connection anyway.
    const rows = await this.em.find(
      Customer,
      { $and: [visible, afterCursor(after)] },
      { orderBy: { createdAt: 'asc', id: 'asc' }, limit: first + 1 },
    );
    const totalCount = await this.em.count(Customer, visible);
    const page = await this.readable(rows.slice(0, first));
    // Staff reading personal data is on the record, in the same transaction as the read.
    if (callerIsBankStaff()) {
      await this.audit.record({
        action: 'customer.list',
        resourceType: 'customer',
        changes: { returned: page.length, fields: readableCustomerFields() },
      });
    }
    const edges = page.map((node) => ({ cursor: encodeCursor(node), node }));
    return {
      edges,
      pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null },
      totalCount,
    };
  }

  /**
   * One customer the caller may see, by id. An id of another tenant, of another customer (for a
   * customer) or of nobody is the same NOT_FOUND, so the answer never tells whether it exists elsewhere.
   */
  async findVisible(id: string): Promise<CustomerRecord> {
    const customer = uuid.test(id)
      ? await this.em.findOne(Customer, { $and: [visibleCustomers(), { id }] })
      : null;
    if (!customer) throw new NotFound('No customer with this id is visible to you; check the id.');
    if (callerIsBankStaff()) {
      await this.audit.record({
        action: 'customer.read',
        resourceType: 'customer',
        resourceId: customer.id,
        changes: { fields: readableCustomerFields() },
      });
    }
    return (await this.readable([customer]))[0]!;
  }

  /** Customer rows with their personal fields decrypted. */
  private async readable(rows: readonly Customer[]): Promise<CustomerRecord[]> {
    const fields = await this.personalFields(rows);
    return rows.map((row, index) => ({
      id: row.id,
      subject: row.subject,
      ...fields[index]!,
      createdAt: row.createdAt,
    }));
  }

  /** Decrypts the personal fields of stored rows (one key look-up for all); any bad value fails the call. */
  private async personalFields(
    rows: readonly StoredPersonalFields[],
  ): Promise<{ displayName: string; email: string | null }[]> {
    const values = rows.flatMap((row) =>
      !row.personalFieldsEncrypted
        ? []
        : [
            { stored: row.storedDisplayName, address: customerField(row.id, 'display_name') },
            ...(row.storedEmail === null
              ? []
              : [{ stored: row.storedEmail, address: customerField(row.id, 'email') }]),
          ],
    );
    const plaintexts = (await this.encryption.decryptMany(values)).values();
    // Rows not yet converted by `encryptPlaintextRows` still hold plaintext.
    const next = (row: StoredPersonalFields, stored: string) =>
      row.personalFieldsEncrypted ? (plaintexts.next().value as string) : stored;
    return rows.map((row) => ({
      displayName: next(row, row.storedDisplayName),
      email: row.storedEmail === null ? null : next(row, row.storedEmail),
    }));
  }

  /** The customer's fields encrypted under their own data key, bound to their row. */
  private async seal(
    customerId: string,
    displayName: string,
    emailAddress: string | null,
  ): Promise<{ displayName: string; email: string | null }> {
    const [sealedName, sealedEmail] = await this.encryption.encryptForCustomer(customerId, [
      { address: customerField(customerId, 'display_name'), plaintext: displayName },
      ...(emailAddress === null
        ? []
        : [{ address: customerField(customerId, 'email'), plaintext: emailAddress }]),
    ]);
    return { displayName: sealedName!, email: sealedEmail ?? null };
  }

  private emailIndexOf(emailAddress: string): Promise<string> {
    return this.encryption.blindIndex(EMAIL_INDEX, emailAddress, 'email');
  }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caller's `read Customer` abilities as a where-clause; no rule at all means no customer is visible. */
function visibleCustomers(): FilterQuery<Customer> {
  // An erased customer's tombstone is nobody's to see: it holds no data (see data-subject-rights/).
  return {
    $and: [accessibleWhere('read', 'Customer') ?? { id: null }, { erasedAt: null }],
  } as FilterQuery<Customer>;
}

const customerFields = ['id', 'displayName', 'email', 'createdAt'] as const;

/** The personal fields the caller's role may read, as recorded in the audit trail of a staff read. */
function readableCustomerFields(): string[] {
  return permittedFields('read', 'Customer', customerFields);
}

function customerField(rowId: string, column: 'display_name' | 'email') {
  return { table: 'customer', column, rowId };
}

type StoredPersonalFields = Pick<
  Customer,
  'id' | 'storedDisplayName' | 'storedEmail' | 'personalFieldsEncrypted'
>;

function storedFieldsOf(row: StoredCustomerRow): StoredPersonalFields {
  return {
    id: row.id,
    storedDisplayName: row.display_name,
    storedEmail: row.email,
    personalFieldsEncrypted: row.personal_fields_encrypted,
  };
}

function requireTenant(): TenantRef {
  const { tenant } = requireContext();
  if (!tenant)
    throw new Error('Customers are tenant-owned: use them in a request for a tenant or runAsTenant()');
  return tenant;
}

function assertValidDemoCustomers(customers: DemoCustomer[]): void {
  const problems = demoCustomerProblems(customers, '');
  if (problems.length > 0) throw Invalid.fields(problems);
}

/** Checks demo customers, collecting every problem (prefix is the path of the list's parent, e.g. `input`). */
export function demoCustomerProblems(customers: DemoCustomer[], prefix: string): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const path = (field: string) => (prefix ? `${prefix}.${field}` : field);
  if (customers.length > 1000)
    problems.push({ field: path('customers'), problem: 'must hold at most 1000 customers' });
  customers.forEach((customer, index) => {
    const at = path(`customers[${index}]`);
    if (!isText(customer.displayName, 120))
      problems.push({ field: `${at}.displayName`, problem: 'must be 1-120 characters' });
    if (customer.email != null && (!email.test(customer.email) || customer.email.length > 254)) {
      problems.push({ field: `${at}.email`, problem: 'must be an email address' });
    }
    if (customer.subject != null && !isText(customer.subject, 255))
      problems.push({ field: `${at}.subject`, problem: 'must be 1-255 characters' });
    if (customer.subject == null && customer.email == null) {
      problems.push({
        field: at,
        problem: 'needs a subject or an email, so that onboarding again finds the same customer',
      });
    }
  });
  return problems;
}
