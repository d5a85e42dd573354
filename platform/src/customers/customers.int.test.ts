import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TenancyService } from '../tenancy';
import { withClient } from '../testing/deploy';
import { type ApiFixture, startApiFixture, tokensOf } from '../testing/api-fixture';
import { demoBank, demoBankCustomers, generatedCustomers, otherBank } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';
import { CustomersService } from './customers.service';

type Client = Parameters<Parameters<typeof withClient>[1]>[0];

const customersQuery = `query Customers($first: Int, $after: String) {
  customers(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id displayName email createdAt } }
  }
}`;

interface Page {
  customers: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: {
      cursor: string;
      node: { id: string; displayName: string; email: string | null; createdAt: string };
    }[];
  };
}

describe('customers: listing is for the staff of the addressed bank only', () => {
  let api: ApiFixture;
  let bankId: string;
  let tokens: { bankAdmin: string; complianceOfficer: string; customer: string; operator: string };

  beforeAll(async () => {
    api = await startApiFixture();
    const tenancy = api.running.app.get(TenancyService);
    const customers = api.running.app.get(CustomersService);
    bankId = (await tenancy.upsertTenant(demoBank)).id;
    await tenancy.upsertTenant(otherBank);
    await customers.upsertDemoCustomers('demo-bank', demoBankCustomers);
    await customers.upsertDemoCustomers('other-bank', generatedCustomers(5, 'other-bank.example'));
    const [bankAdmin, complianceOfficer, customer, operator] = await Promise.all(
      (['bankAdmin', 'complianceOfficer', 'customer', 'operator'] as const).map((user) =>
        tokensOf(user).then((t) => t.accessToken),
      ),
    );
    tokens = {
      bankAdmin: bankAdmin!,
      complianceOfficer: complianceOfficer!,
      customer: customer!,
      operator: operator!,
    };
  });
  afterAll(() => api?.close());

  it('a bank admin pages through exactly its own 25 customers, in a stable order, without repeats', async () => {
    const seen: Page['customers']['edges'] = [];
    let after: string | null = null;
    let pages = 0;
    do {
      const { body } = await api.graphql<Page>(customersQuery, {
        token: tokens.bankAdmin,
        tenant: 'demo-bank',
        variables: { first: 10, after },
      });
      expect(body.errors).toBeUndefined();
      const page: Page['customers'] = body.data!.customers;
      expect(page.totalCount).toBe(25);
      seen.push(...page.edges);
      after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
      pages += 1;
    } while (after);

    expect(pages).toBe(3);
    expect(seen).toHaveLength(25);
    expect(new Set(seen.map((edge) => edge.node.id)).size).toBe(25);
    expect(seen.every((edge) => edge.node.email?.endsWith('@demo-bank.example'))).toBe(true);
    const order = seen.map((edge) => `${edge.node.createdAt}|${edge.node.id}`);
    expect(order).toEqual([...order].sort());
    expect(seen.map((edge) => edge.node.displayName)).toContain('Ana Novak');
  });

  it('the last page says there is no next page', async () => {
    const { body } = await api.graphql<Page>(customersQuery, {
      token: tokens.bankAdmin,
      tenant: 'demo-bank',
      variables: { first: 100 },
    });
    expect(body.data?.customers.edges).toHaveLength(25);
    expect(body.data?.customers.pageInfo).toEqual({
      hasNextPage: false,
      endCursor: body.data?.customers.edges.at(-1)?.cursor,
    });
  });

  it('a compliance officer may list the same customers', async () => {
    const { body } = await api.graphql<Page>(customersQuery, {
      token: tokens.complianceOfficer,
      tenant: 'demo-bank',
      variables: { first: 5 },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data?.customers.totalCount).toBe(25);
  });

  it('a customer lists only their own record (the CASL condition subject = token subject)', async () => {
    const { status, body } = await api.graphql<Page>(customersQuery, {
      token: tokens.customer,
      tenant: 'demo-bank',
    });
    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    expect(body.data?.customers.totalCount).toBe(1);
    expect(body.data?.customers.edges.map((edge) => edge.node)).toEqual([
      expect.objectContaining({ displayName: 'Ana Novak', email: 'ana.novak@demo-bank.example' }),
    ]);
  });

  it("a compliance officer sees customers' ids, names and dates but not their e-mail addresses (hidden: null)", async () => {
    const { body } = await api.graphql<Page>(customersQuery, {
      token: tokens.complianceOfficer,
      variables: { first: 100 },
    });
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.customers.edges.map((edge) => edge.node);
    expect(nodes).toHaveLength(25);
    expect(nodes.every((node) => node.email === null && node.id && node.createdAt && node.displayName)).toBe(
      true,
    );
  });

  it('a platform operator is not staff of any bank (FORBIDDEN)', async () => {
    const { body } = await api.graphql<Page>(customersQuery, { token: tokens.operator });
    expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it("the bank admin addressing the other bank's tenant is refused with 403", async () => {
    const { status, body } = await api.graphql<Page>(customersQuery, {
      token: tokens.bankAdmin,
      tenant: 'other-bank',
    });
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
  });

  it.each([0, 101, -5])('first: %i is INVALID, naming the field and the allowed range', async (first) => {
    const { body } = await api.graphql<Page>(customersQuery, {
      token: tokens.bankAdmin,
      tenant: 'demo-bank',
      variables: { first },
    });
    expect(body.errors?.[0]).toMatchObject({
      message: 'Invalid input: first must be between 1 and 100',
      extensions: { code: 'INVALID', fields: [{ field: 'first', problem: 'must be between 1 and 100' }] },
    });
  });

  it('a made-up cursor is INVALID', async () => {
    const { body } = await api.graphql<Page>(customersQuery, {
      token: tokens.bankAdmin,
      tenant: 'demo-bank',
      variables: { first: 5, after: 'abc' },
    });
    expect(body.errors?.[0]?.extensions.code).toBe('INVALID');
  });

  it('seeding the demo customers again changes nothing (idempotent by subject or email)', async () => {
    const customers = api.running.app.get(CustomersService);
    await customers.upsertDemoCustomers('demo-bank', demoBankCustomers);
    const { body } = await api.graphql<Page>(customersQuery, {
      token: tokens.bankAdmin,
      tenant: 'demo-bank',
      variables: { first: 1 },
    });
    expect(body.data?.customers.totalCount).toBe(25);
  });

  it('a ciphertext copied into another row makes the API answer INTERNAL with the masked message, no detail', async () => {
    const tenant = await api.running.app.get(TenancyService).findBySlug('demo-bank');
    const asOwner = <T>(use: (client: Client) => Promise<T>) =>
      withClient(api.database.ownerUrl, async (client) => {
        await client.query('begin');
        await client.query(`select set_config('app.tenant_id', $1, true)`, [tenant!.id]);
        const result = await use(client);
        await client.query('commit');
        return result;
      });
    const [first, second] = await asOwner(
      async (client) =>
        (
          await client.query<{ id: string; display_name: string }>(
            'select id, display_name from customer order by id limit 2',
          )
        ).rows,
    );
    await asOwner((client) =>
      client.query('update customer set display_name = $1 where id = $2', [first!.display_name, second!.id]),
    );
    try {
      const { body } = await api.graphql<Page>(customersQuery, {
        token: tokens.bankAdmin,
        tenant: 'demo-bank',
        variables: { first: 100 },
      });
      expect(body.data ?? null).toBeNull();
      expect(body.errors).toEqual([
        {
          message: 'An encrypted value could not be read. Quote the requestId when reporting it.',
          path: ['customers'],
          locations: expect.any(Array) as unknown,
          extensions: { code: 'INTERNAL', requestId: expect.any(String) as unknown },
        },
      ]);
      expect(JSON.stringify(body)).not.toMatch(/authentication|FieldDecryptionFailed|stack/);
    } finally {
      await asOwner((client) =>
        client.query('update customer set display_name = $1 where id = $2', [
          second!.display_name,
          second!.id,
        ]),
      );
    }
  });

  describe('customer(id)', () => {
    const customerQuery = `query($id: ID!) { customer(id: $id) { id displayName email createdAt } }`;
    let ids: { ana: string; other: string };

    beforeAll(async () => {
      const { body } = await api.graphql<Page>(customersQuery, {
        token: tokens.bankAdmin,
        variables: { first: 100 },
      });
      const nodes = body.data!.customers.edges.map((edge) => edge.node);
      ids = {
        ana: nodes.find((node) => node.displayName === 'Ana Novak')!.id,
        other: nodes.find((node) => node.displayName !== 'Ana Novak')!.id,
      };
    });

    const trail = () =>
      rowsAsTenant<{ action: string; resource_id: string | null; changes: { fields?: string[] } }>(
        api.database.ownerUrl,
        bankId,
        'select action, resource_id, changes from audit_entry order by seq',
      );

    it("a bank admin reads any of the bank's customers, and the read is audited with the fields read", async () => {
      const before = (await trail()).length;
      const { body } = await api.graphql<{ customer: { id: string; email: string } }>(customerQuery, {
        token: tokens.bankAdmin,
        variables: { id: ids.other },
      });
      expect(body.errors).toBeUndefined();
      expect(body.data?.customer.id).toBe(ids.other);
      expect((await trail()).slice(before)).toEqual([
        {
          action: 'customer.read',
          resource_id: ids.other,
          changes: { fields: ['id', 'displayName', 'email', 'createdAt'] },
        },
      ]);
    });

    it('a compliance officer reads the record without the e-mail address, and the audit entry says so', async () => {
      const before = (await trail()).length;
      const { body } = await api.graphql<{ customer: { email: string | null } }>(customerQuery, {
        token: tokens.complianceOfficer,
        variables: { id: ids.ana },
      });
      expect(body.data?.customer.email).toBeNull();
      expect((await trail()).slice(before)[0]?.changes.fields).toEqual(['id', 'displayName', 'createdAt']);
    });

    it('a customer reads their own record (not audited as a staff read) and gets NOT_FOUND for anyone else', async () => {
      const before = (await trail()).length;
      const own = await api.graphql<{ customer: { displayName: string } }>(customerQuery, {
        token: tokens.customer,
        variables: { id: ids.ana },
      });
      expect(own.body.data?.customer.displayName).toBe('Ana Novak');
      expect((await trail()).length).toBe(before);
      const other = await api.graphql(customerQuery, {
        token: tokens.customer,
        variables: { id: ids.other },
      });
      expect(other.body.data ?? null).toBeNull();
      expect(other.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
    });

    it('an id that is not a UUID is NOT_FOUND too, and an operator or anonymous caller is refused', async () => {
      const malformed = await api.graphql(customerQuery, { token: tokens.bankAdmin, variables: { id: 'x' } });
      expect(malformed.body.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
      const operator = await api.graphql(customerQuery, {
        token: tokens.operator,
        variables: { id: ids.ana },
      });
      expect(operator.body.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
      const anonymous = await api.graphql(customerQuery, { tenant: 'demo-bank', variables: { id: ids.ana } });
      expect(anonymous.body.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
      expect(anonymous.body.data ?? null).toBeNull();
    });
  });
});
