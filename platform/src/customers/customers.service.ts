import type { FilterQuery } from '@mikro-orm/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import { accessibleWhere, callerIsBankStaff, permittedFields } from '../access';
import { AuditService, redactedChanges } from '../audit';
import { type FieldProblem, Invalid, NotFound } from '../errors';
import { requireContext, runAsTenant, type TenantRef } from '../request-context';
import { isText, TenancyService, tenantRef } from '../tenancy';
import { Customer } from './customer.entity';
import { afterCursor, type Cursor, decodeCursor, encodeCursor } from '../pagination';

export interface DemoCustomer {
  subject?: string | null;
  displayName: string;
  email?: string | null;
}

export interface CustomerPage {
  edges: { cursor: string; node: Customer }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export const maxPageSize = 100;
const email = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

@Injectable()
export class CustomersService {
  constructor(
    private readonly em: EntityManager,
    private readonly tenancy: TenancyService,
    private readonly audit: AuditService,
  ) {}

  /**
   * Creates or updates the tenant's demo customers, matched by subject when given, else by email.
   * Idempotent: running it twice leaves the same rows. Called by the onboarding workflow.
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
          // `xmax = 0` tells an inserted row from an updated one.
          const [row] =
            subject !== null
              ? await em.execute<{ id: string; inserted: boolean }[]>(
                  `insert into customer (tenant_id, subject, display_name, email) values (?, ?, ?, ?)
                   on conflict (tenant_id, subject) where subject is not null
                   do update set display_name = excluded.display_name, email = excluded.email
                   returning id, (xmax = 0) as inserted`,
                  [tenantId, subject, displayName, emailAddress],
                )
              : await em.execute<{ id: string; inserted: boolean }[]>(
                  `insert into customer (tenant_id, display_name, email) values (?, ?, ?)
                   on conflict (tenant_id, email) do update set display_name = excluded.display_name
                   returning id, (xmax = 0) as inserted`,
                  [tenantId, displayName, emailAddress],
                );
          await this.audit.record({
            action: row?.inserted ? 'customer.create' : 'customer.update',
            resourceType: 'customer',
            resourceId: row?.id ?? null,
            changes: redactedChanges(
              subject !== null
                ? { subject, displayName, email: emailAddress }
                : { displayName, ...(row?.inserted ? { email: emailAddress } : {}) },
            ),
          });
        }
      });
      return { upserted: customers.length };
    });
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
    const page = rows.slice(0, first);
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
  async findVisible(id: string): Promise<Customer> {
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
    return customer;
  }
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The caller's `read Customer` abilities as a where-clause; no rule at all means no customer is visible. */
function visibleCustomers(): FilterQuery<Customer> {
  return (accessibleWhere('read', 'Customer') ?? { id: null }) as FilterQuery<Customer>;
}

const customerFields = ['id', 'displayName', 'email', 'createdAt'] as const;

/** The personal fields the caller's role may read, as recorded in the audit trail of a staff read. */
function readableCustomerFields(): string[] {
  return permittedFields('read', 'Customer', customerFields);
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
