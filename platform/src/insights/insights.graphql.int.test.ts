// Insights through GraphQL (Seam A), against the real API, PostgreSQL and Keycloak: the customer's live
// insights newest first with cursor pages, responses (opened, dismissed, acted, thumbs) recorded as the
// engagement relevance is learned from — and the loop closing: dismissals of a kind lower the relevance of
// its next insight —; the staff's settings (threshold, kinds on/off, step-up, field errors, nothing changed
// on bad input) and engagement by kind; other customers, other banks and other roles refused.
import type { CandidateInsight, FeatureVector, InsightInput } from '@finpersona/plugin-sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConsentClock } from '../consents';
import { CustomersService } from '../customers';
import { PluginsService } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { auditRows } from '../testing/audit-rows';
import { type BankRealm, createBankRealm } from '../testing/bank-realm';
import { demoAccessTokens } from '../testing/demo-tokens';
import { insertInsight } from '../testing/insight-fixtures';
import { personalisedDemoBank } from '../testing/notification-fixtures';
import { otherBank } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';
import { InsightsService } from './insights.service';

const listQuery = `query($first: Int, $after: String) { insights(first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id kind title text severity relevance createdAt expiresAt
    feedback { outcome outcomes rating respondedAt } } } } }`;
const respond = `mutation($input: RespondToInsightInput!) { respondToInsight(input: $input) {
  id kind feedback { outcome outcomes rating } } }`;
const settingsQuery = `{ insightSettings { notifyThreshold isDefault kinds { kind description pluginId enabled } } }`;
const updateSettings = `mutation($input: UpdateInsightSettingsInput!) { updateInsightSettings(input: $input) {
  notifyThreshold isDefault kinds { kind enabled } } }`;
const engagementQuery = `query($from: DateTime, $to: DateTime) { insightEngagement(from: $from, to: $to) {
  kind generated shown opened dismissed acted thumbsUp thumbsDown engagementRate openedRate dismissedRate actedRate } }`;

interface Listed {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: {
    cursor: string;
    node: {
      id: string;
      kind: string;
      title: string;
      text: string;
      relevance: number;
      feedback: { outcome: string | null; outcomes: string[]; rating: number | null } | null;
    };
  }[];
}

describe('insights through GraphQL', () => {
  let api: ApiFixture;
  let realmB: BankRealm;
  let bank: TenantRef;
  let bankB: TenantRef;
  let anaId: string;
  let otherId: string;
  let ritaInsight: string;
  let tokens: { admin: string; officer: string; customer: string; adminB: string; customerB: string };
  const now = new Date('2026-11-20T09:00:00.000Z');
  const day = 86_400_000;

  const gql = <T = Record<string, unknown>>(
    token: string,
    query: string,
    variables?: Record<string, unknown>,
  ) => api.graphql<T>(query, { token, variables });
  const list = async (variables: Record<string, unknown> = {}): Promise<Listed> => {
    const { body } = await gql<{ insights: Listed }>(tokens.customer, listQuery, variables);
    expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
    return body.data!.insights;
  };
  const rows = <T extends Record<string, unknown>>(sql: string, parameters: unknown[] = []) =>
    rowsAsTenant<T>(api.database.ownerUrl, bank.id, sql, parameters);
  const insight = (options: Parameters<typeof insertInsight>[3] = {}) =>
    insertInsight(api.running.app, bank, anaId, options);

  beforeAll(async () => {
    api = await startApiFixture({ overrides: { RATE_LIMIT_MAX: '10000' } });
    api.running.app.get(ConsentClock).use(() => now);
    ({ bank, anaId, otherId } = await personalisedDemoBank(api));
    await runAsTenant(bank, () =>
      api.running.app.get(PluginsService).installInitialPlugins([{ id: 'insights-core' }]),
    );
    realmB = await createBankRealm('insights', { customers: ['rita'], staffSecondFactor: false });
    bankB = tenantRef(
      await api.running.app
        .get(TenancyService)
        .upsertTenant({ ...otherBank, slug: realmB.realm, realm: realmB.realm, name: 'Insights Bank B' }),
    );
    await api.running.app.get(CustomersService).upsertDemoCustomers(realmB.realm, [
      {
        subject: realmB.customers[0]!.subject,
        displayName: 'Rita B',
        email: `rita@${realmB.realm}.example`,
      },
    ]);
    const [rita] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      bankB.id,
      'select id from customer where subject = $1',
      [realmB.customers[0]!.subject],
    );
    ritaInsight = await insertInsight(api.running.app, bankB, rita!.id, {
      title: 'Bank B secret',
      createdAt: now,
    });
    const demo = await demoAccessTokens();
    tokens = {
      admin: demo.bankAdmin,
      officer: demo.complianceOfficer,
      customer: demo.customer,
      adminB: await realmB.bankAdminToken(),
      customerB: await realmB.customerToken('rita'),
    };
  });

  afterAll(async () => {
    await realmB?.remove().catch(() => undefined);
    await api?.close();
  });

  it('lists the customer’s live insights newest first in pages, without expired ones or anyone else’s, and records them shown', async () => {
    const oldest = await insight({ kind: 'idle-cash', createdAt: new Date(now.getTime() - 3 * day) });
    const middle = await insight({
      kind: 'subscription-price-rise',
      createdAt: new Date(now.getTime() - 2 * day),
    });
    const newest = await insight({
      kind: 'upcoming-low-balance',
      severity: 'warning',
      title: 'Low balance ahead',
      text: 'Your balance may fall below zero in 4 days.',
      createdAt: new Date(now.getTime() - day),
    });
    await insight({
      createdAt: new Date(now.getTime() - 40 * day),
      expiresAt: new Date(now.getTime() - day),
    });
    await insertInsight(api.running.app, bank, otherId, { createdAt: now });

    const first = await list({ first: 2 });
    expect(first.totalCount).toBe(3);
    expect(first.edges.map((edge) => edge.node.id)).toEqual([newest, middle]);
    expect(first.edges[0]!.node).toMatchObject({
      kind: 'upcoming-low-balance',
      title: 'Low balance ahead',
      text: 'Your balance may fall below zero in 4 days.',
      feedback: null,
    });
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = await list({ first: 2, after: first.pageInfo.endCursor });
    expect(second.edges.map((edge) => edge.node.id)).toEqual([oldest]);
    expect(second.pageInfo.hasNextPage).toBe(false);

    const shown = await rows<{ insight_id: string }>(
      `select insight_id from insight_engagement where outcome = 'shown' and customer_id = $1 order by insight_id`,
      [anaId],
    );
    expect(shown.map((row) => row.insight_id).sort()).toEqual([oldest, middle, newest].sort());
    // Listing again records nothing new (one `shown` per insight).
    await list();
    expect(
      await rows(`select 1 from insight_engagement where outcome = 'shown' and customer_id = $1`, [anaId]),
    ).toHaveLength(3);

    const { body } = await gql(tokens.customer, listQuery, { first: 101 });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID' });
  });

  it('records opened, acted and thumbs (a new rating replaces the old), hides a dismissed insight, audits each response', async () => {
    const id = await insight({ kind: 'savings-opportunity', createdAt: now });
    const answer = async (input: Record<string, unknown>) => {
      const { body } = await gql<{ respondToInsight: Listed['edges'][number]['node'] }>(
        tokens.customer,
        respond,
        {
          input: { insightId: id, ...input },
        },
      );
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data!.respondToInsight;
    };
    expect((await answer({ outcome: 'OPENED' })).feedback).toEqual({
      outcome: 'OPENED',
      outcomes: ['OPENED'],
      rating: null,
    });
    expect((await answer({ rating: 1 })).feedback).toMatchObject({ rating: 1 });
    expect((await answer({ outcome: 'ACTED', rating: -1 })).feedback).toEqual({
      outcome: 'ACTED',
      outcomes: ['OPENED', 'ACTED'],
      rating: -1,
    });
    expect(
      (
        await rows<{ outcome: string }>(
          'select outcome from insight_engagement where insight_id = $1 order by outcome',
          [id],
        )
      ).map((row) => row.outcome),
    ).toEqual(['acted', 'opened', 'thumbs-down']);
    expect((await list()).edges.map((edge) => edge.node.id)).toContain(id);
    await answer({ outcome: 'DISMISSED' });
    expect((await list()).edges.map((edge) => edge.node.id)).not.toContain(id);

    const audited = (await auditRows(api.database.ownerUrl, bank.id)).filter((row) => row.resource_id === id);
    expect(audited.map((row) => [row.action, row.changes])).toEqual([
      ['insight.respond', { kind: 'savings-opportunity', outcome: 'opened', rating: null }],
      ['insight.respond', { kind: 'savings-opportunity', outcome: null, rating: 1 }],
      ['insight.respond', { kind: 'savings-opportunity', outcome: 'acted', rating: -1 }],
      ['insight.respond', { kind: 'savings-opportunity', outcome: 'dismissed', rating: null }],
    ]);
  });

  it('refuses a response without outcome or rating, a rating other than ±1, and any insight not the customer’s — recording nothing', async () => {
    const id = await insight({ createdAt: now });
    const other = await insertInsight(api.running.app, bank, otherId, { createdAt: now });
    const before = await rows('select 1 from insight_engagement where outcome <> $1', ['shown']);
    const invalid = [
      [{ insightId: id }, 'outcome'],
      [{ insightId: id, outcome: 'OPENED', rating: 5 }, 'rating'],
    ] as const;
    for (const [input, field] of invalid) {
      const { body } = await gql(tokens.customer, respond, { input });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID' });
      expect(JSON.stringify(body.errors?.[0]?.extensions)).toContain(field);
    }
    for (const insightId of [other, ritaInsight, 'not-an-id']) {
      const { body } = await gql(tokens.customer, respond, { input: { insightId, outcome: 'OPENED' } });
      expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    }
    // Bank B's customer cannot reach bank A's insight either, and sees only her own.
    const { body } = await gql(tokens.customerB, respond, { input: { insightId: id, outcome: 'DISMISSED' } });
    expect(body.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND' });
    const { body: listedB } = await gql<{ insights: Listed }>(tokens.customerB, listQuery);
    expect(listedB.data!.insights.edges.map((edge) => edge.node.id)).toEqual([ritaInsight]);
    expect(await rows('select 1 from insight_engagement where outcome <> $1', ['shown'])).toHaveLength(
      before.length,
    );
  });

  it('closes the loop: after customers dismiss insights of a kind, its next insight scores lower', async () => {
    const input: InsightInput = {
      customer: 'p-ana',
      features: {} as FeatureVector,
      transactions: { window: { from: '2026-10-20T00:00:00.000Z', to: now.toISOString() }, items: [] },
      now: now.toISOString(),
    };
    const candidate = (dedupeKey: string): CandidateInsight => ({
      kind: 'category-spike',
      title: 'Spending up',
      body: 'You spent more on groceries this month.',
      parameters: {},
      severity: 'info',
      relevance: 0.7,
      evidence: [{ kind: 'feature', name: 'spend.category.groceries' }],
      expiresAt: '2026-12-31T00:00:00.000Z',
      dedupeKey,
    });
    const store = async (dedupeKey: string) => {
      await runAsTenant(bank, () =>
        api.running.app
          .get(InsightsService)
          .storeCandidates(
            anaId,
            'insights-core',
            [candidate(dedupeKey)],
            input,
            ['category-spike'],
            'en-GB',
          ),
      );
      const [row] = await rows<{ id: string; relevance: number }>(
        'select id, relevance from insight where dedupe_key = $1',
        [dedupeKey],
      );
      return row!;
    };
    const before = await store('category-spike:before');
    expect(before.relevance).toBeCloseTo(0.7, 5);
    for (let index = 0; index < 4; index += 1) {
      const id = await insight({ kind: 'category-spike', createdAt: now });
      await list();
      const { body } = await gql(tokens.customer, respond, {
        input: { insightId: id, outcome: 'DISMISSED', rating: -1 },
      });
      expect(body.errors).toBeUndefined();
    }
    const after = await store('category-spike:after');
    expect(after.relevance).toBeLessThan(before.relevance - 0.1);
  });

  it('lets the bank administrator read and change the threshold and kinds (step-up); a kind turned off is no longer listed', async () => {
    const { body } = await gql<{
      insightSettings: { notifyThreshold: number; kinds: { kind: string; enabled: boolean }[] };
    }>(tokens.admin, settingsQuery);
    expect(body.errors).toBeUndefined();
    expect(body.data!.insightSettings).toMatchObject({ notifyThreshold: 0.6, isDefault: true });
    const kinds = body.data!.insightSettings.kinds.map((kind) => kind.kind);
    expect(kinds).toContain('idle-cash');
    expect(body.data!.insightSettings.kinds.every((kind) => kind.enabled)).toBe(true);

    const listedIdle = (await list()).edges.filter((edge) => edge.node.kind === 'idle-cash');
    expect(listedIdle.length).toBeGreaterThan(0);
    const { body: updated } = await gql<{
      insightSettings: never;
      updateInsightSettings: {
        notifyThreshold: number;
        isDefault: boolean;
        kinds: { kind: string; enabled: boolean }[];
      };
    }>(tokens.admin, updateSettings, {
      input: { notifyThreshold: 0.8, kinds: [{ kind: 'idle-cash', enabled: false }] },
    });
    expect(updated.errors).toBeUndefined();
    expect(updated.data!.updateInsightSettings.notifyThreshold).toBeCloseTo(0.8, 5);
    expect(updated.data!.updateInsightSettings.isDefault).toBe(false);
    expect(updated.data!.updateInsightSettings.kinds.find((kind) => kind.kind === 'idle-cash')).toEqual({
      kind: 'idle-cash',
      enabled: false,
    });
    expect((await list()).edges.filter((edge) => edge.node.kind === 'idle-cash')).toEqual([]);
    expect(await runAsTenant(bank, () => api.running.app.get(InsightsService).threshold())).toBeCloseTo(
      0.8,
      5,
    );

    // Bad input names every problem and changes nothing.
    const { body: invalid } = await gql(tokens.admin, updateSettings, {
      input: { notifyThreshold: 1.5, kinds: [{ kind: 'no-such-kind', enabled: true }] },
    });
    expect(invalid.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID' });
    const problems = JSON.stringify(invalid.errors?.[0]?.extensions);
    expect(problems).toContain('notifyThreshold');
    expect(problems).toContain('kinds[0].kind');
    const [stored] = await rows<{ notify_threshold: number; disabled_kinds: string[] }>(
      'select notify_threshold, disabled_kinds from insight_settings',
    );
    expect(stored!.notify_threshold).toBeCloseTo(0.8, 5);
    expect(stored!.disabled_kinds).toEqual(['idle-cash']);

    // Turned back on: listed again.
    const { body: back } = await gql(tokens.admin, updateSettings, {
      input: { kinds: [{ kind: 'idle-cash', enabled: true }] },
    });
    expect(back.errors).toBeUndefined();
    expect((await list()).edges.filter((edge) => edge.node.kind === 'idle-cash').length).toBe(
      listedIdle.length,
    );
    const audited = (await auditRows(api.database.ownerUrl, bank.id)).filter(
      (row) => row.action === 'insight-settings.update',
    );
    expect(audited.map((row) => row.changes)).toEqual([
      {
        notifyThreshold: { from: 0.6, to: expect.closeTo(0.8, 5) },
        disabledKinds: { from: [], to: ['idle-cash'] },
      },
      {
        notifyThreshold: { from: expect.closeTo(0.8, 5), to: expect.closeTo(0.8, 5) },
        disabledKinds: { from: ['idle-cash'], to: [] },
      },
    ]);
  });

  it('a password-only administrator gets STEP_UP_REQUIRED; officers read but may not change; customers and staff are kept to their side', async () => {
    const { body: stepUp } = await gql(tokens.adminB, updateSettings, { input: { notifyThreshold: 0.1 } });
    expect(stepUp.errors?.[0]?.extensions).toMatchObject({ code: 'STEP_UP_REQUIRED', acrValues: 'mfa' });
    expect(await rowsAsTenant(api.database.ownerUrl, bankB.id, 'select 1 from insight_settings')).toEqual([]);

    const { body: officerReads } = await gql(tokens.officer, settingsQuery);
    expect(officerReads.errors).toBeUndefined();
    const refused = [
      [tokens.officer, updateSettings, { input: { notifyThreshold: 0.1 } }],
      [tokens.customer, settingsQuery, {}],
      [tokens.customer, engagementQuery, {}],
      [tokens.admin, listQuery, {}],
      [tokens.officer, respond, { input: { insightId: ritaInsight, outcome: 'OPENED' } }],
    ] as const;
    for (const [token, query, variables] of refused) {
      const { body } = await gql(token, query, variables);
      expect(body.errors?.[0]?.extensions, query).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('gives staff engagement by kind for insights created in the window, counting only their bank', async () => {
    const window = {
      from: new Date(now.getTime() - 10 * day).toISOString(),
      to: new Date(now.getTime() + day).toISOString(),
    };
    const { body } = await gql<{ insightEngagement: Record<string, number | string>[] }>(
      tokens.officer,
      engagementQuery,
      window,
    );
    expect(body.errors).toBeUndefined();
    const byKind = new Map(body.data!.insightEngagement.map((row) => [row.kind, row]));
    // Four dismissed and rated down, listed before; plus the one stored by the service and listed.
    expect(byKind.get('category-spike')).toMatchObject({ dismissed: 4, thumbsDown: 4, opened: 0 });
    expect(byKind.get('savings-opportunity')).toMatchObject({
      generated: 1,
      shown: 1,
      opened: 1,
      dismissed: 1,
      acted: 1,
      thumbsDown: 1,
      engagementRate: 1,
      actedRate: 1,
    });
    const [counted] = await rows<{ count: string }>(
      `select count(*) as count from insight where created_at >= $1 and created_at < $2`,
      [window.from, window.to],
    );
    const total = body.data!.insightEngagement.reduce((sum, row) => sum + Number(row.generated), 0);
    expect(total).toBe(Number(counted!.count));
    const { body: bodyB } = await gql<{ insightEngagement: unknown[] }>(
      tokens.adminB,
      engagementQuery,
      window,
    );
    expect(bodyB.data!.insightEngagement).toEqual([
      expect.objectContaining({ kind: 'idle-cash', generated: 1, shown: 1 }),
    ]);
    const { body: backwards } = await gql(tokens.officer, engagementQuery, {
      from: window.to,
      to: window.from,
    });
    expect(backwards.errors?.[0]?.extensions).toMatchObject({ code: 'INVALID' });
  });
});
