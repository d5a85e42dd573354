// The compliance capability against the real API app, PostgreSQL and Temporal: an EU bank and a US bank,
// each given its region's first-party rule pack the way onboarding does (`installInitialPlugins`), and a
// customer in each in the same state. Their consents, marketing decisions and a bank-tightened setting
// differ as their packs say; a bank without a pack refuses consent work; the pack in force cannot be
// switched off, only replaced.
import { definePlugin, rulePackSettingsSchema, tightenRules } from '@finpersona/plugin-sdk';
import { EntityManager } from '@mikro-orm/postgresql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAppError } from '../errors';
import { ConsentClock, ConsentsService, currentConsentText } from '../consents';
import { CustomersService } from '../customers';
import { MarketingService } from '../marketing';
import { PluginCatalogue, PluginsService } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';
import { TenancyService, tenantRef } from '../tenancy';
import { type ApiFixture, startApiFixture } from '../testing/api-fixture';
import { auditRows } from '../testing/audit-rows';
import { customerPrincipal } from '../testing/consent-seed';
import { installRegionRulePack, regionLaw } from '../testing/rule-packs';
import { demoBank, otherBank } from '../testing/seed';
import { rowsAsTenant } from '../testing/tenant-rows';
import { ComplianceRules } from './compliance-rules.service';

const day = 86_400_000;

interface Bank {
  tenant: TenantRef;
  subject: string;
  customerId: string;
}

describe('compliance rule packs change what the platform does (EU vs US)', () => {
  let api: ApiFixture;
  let eu: Bank;
  let us: Bank;
  let bare: Bank;
  const clock = { now: new Date('2026-06-01T12:00:00Z') };

  const service = <T>(type: abstract new (...args: never[]) => T): T => api.running.app.get(type);
  const asCustomer = <T>(bank: Bank, work: () => Promise<T>) =>
    runAsTenant(bank.tenant, work, { principal: customerPrincipal(bank.tenant, bank.subject) });
  /** As the bank's system work, in one transaction (as a request or an activity runs). */
  const asBank = <T>(bank: Bank, work: () => Promise<T>) =>
    runAsTenant(bank.tenant, () => service(EntityManager).transactional(() => work()));
  const grant = (bank: Bank, purpose: 'aggregation' | 'marketing') =>
    asCustomer(bank, () =>
      service(ConsentsService).grant({
        purpose,
        textVersion: currentConsentText(purpose, 'en').version,
        channel: 'customer-app',
      }),
    );
  const permission = (bank: Bank, channel: 'in-app' | 'sms' | 'email', customerTimeZone?: string) =>
    asBank(bank, () => service(MarketingService).permission(bank.customerId, channel, customerTimeZone));
  const caught = async (work: () => Promise<unknown>) => {
    try {
      await work();
    } catch (error) {
      if (isAppError(error)) return { code: error.code, message: error.message, details: error.details };
      throw error;
    }
    throw new Error('expected an error');
  };

  async function bankWithCustomer(input: typeof demoBank, withPack: boolean): Promise<Bank> {
    const tenant = tenantRef(await service(TenancyService).upsertTenant(input));
    if (withPack) await installRegionRulePack(api.running.app, tenant, input.region);
    const subject = crypto.randomUUID();
    await service(CustomersService).upsertDemoCustomers(input.slug, [
      { subject, displayName: 'Sam Same', email: `sam@${input.slug}.example` },
    ]);
    const [row] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      tenant.id,
      'select id from customer where subject = $1',
      [subject],
    );
    return { tenant, subject, customerId: row!.id };
  }

  beforeAll(async () => {
    api = await startApiFixture();
    service(ConsentClock).use(() => clock.now);
    eu = await bankWithCustomer(demoBank, true);
    us = await bankWithCustomer({ ...otherBank, slug: 'us-bank', realm: 'us-bank', region: 'US' }, true);
    bare = await bankWithCustomer(
      { ...otherBank, slug: 'bare-bank', realm: 'bare-bank', region: 'EU' },
      false,
    );
  });

  afterAll(async () => {
    await api?.close();
  });

  it('each bank runs on its region’s first-party pack, installed and enabled as onboarding does it', async () => {
    expect((await asBank(eu, () => service(ComplianceRules).forCurrentTenant())).pack).toEqual({
      pluginId: 'compliance-eu',
      version: '1.0.0',
    });
    expect((await asBank(us, () => service(ComplianceRules).forCurrentTenant())).pack.pluginId).toBe(
      'compliance-us',
    );
    const audit = await auditRows(api.database.ownerUrl, eu.tenant.id);
    expect(audit.map((row) => row.action)).toEqual(
      expect.arrayContaining(['plugin.install', 'plugin.enable']),
    );
  });

  it('consent validity differs: EU aggregation ends at day 180 (SCA), US needs reauthorisation at day 365', async () => {
    const euConsent = await grant(eu, 'aggregation');
    const usConsent = await grant(us, 'aggregation');
    expect(euConsent.expiresAt).toEqual(new Date(clock.now.getTime() + 180 * day));
    expect(euConsent.renewalDueAt).toEqual(new Date(clock.now.getTime() + 180 * day));
    expect(usConsent.expiresAt).toBeNull();
    expect(usConsent.renewalDueAt).toEqual(new Date(clock.now.getTime() + 365 * day));
  });

  it('marketing: the same customer state (never answered) is refused in the EU (opt-in) and allowed in the US (opt-out)', async () => {
    expect(await permission(eu, 'in-app')).toMatchObject({
      decision: 'refused',
      refusals: [{ ruleId: 'eu.marketing.model' }],
    });
    expect(await permission(us, 'in-app')).toEqual({ decision: 'allowed' });
    const euSend = await asBank(eu, () =>
      service(MarketingService).sendInApp({
        customerId: eu.customerId,
        subjectRef: 'offer:1',
        body: 'Save more',
      }),
    );
    const usSend = await asBank(us, () =>
      service(MarketingService).sendInApp({
        customerId: us.customerId,
        subjectRef: 'offer:1',
        body: 'Save more',
      }),
    );
    expect([euSend.sent, usSend.sent]).toEqual([false, true]);
    const notifications = async (bank: Bank) =>
      rowsAsTenant<{ kind: string }>(
        api.database.ownerUrl,
        bank.tenant.id,
        "select kind from notification where kind = 'marketing'",
      );
    expect((await notifications(eu)).length).toBe(0);
    expect((await notifications(us)).length).toBe(1);
    const audit = await auditRows(api.database.ownerUrl, eu.tenant.id);
    expect(audit.find((row) => row.action === 'marketing.send')?.changes).toMatchObject({
      decision: 'refused',
      sent: false,
      ruleIds: ['eu.marketing.model'],
    });
  });

  it('marketing: a granted consent allows EU marketing; a revoked one (an opt-out) stops US marketing', async () => {
    const euMarketing = await grant(eu, 'marketing');
    expect(await permission(eu, 'in-app')).toEqual({ decision: 'allowed' });
    const usMarketing = await grant(us, 'marketing');
    await asCustomer(us, () => service(ConsentsService).revoke(usMarketing.id));
    expect(await permission(us, 'in-app')).toMatchObject({
      decision: 'refused',
      refusals: [{ ruleId: 'us.marketing.model' }],
    });
    expect(euMarketing.status).toBe('granted');
  });

  it('US quiet hours (TCPA, the customer’s clock) defer a text to 8 a.m.; the EU pack has none', async () => {
    const usCustomer = { ...us, subject: crypto.randomUUID() };
    await service(CustomersService).upsertDemoCustomers('us-bank', [
      { subject: usCustomer.subject, displayName: 'Lee Late', email: 'lee@us-bank.example' },
    ]);
    const [row] = await rowsAsTenant<{ id: string }>(
      api.database.ownerUrl,
      us.tenant.id,
      'select id from customer where subject = $1',
      [usCustomer.subject],
    );
    usCustomer.customerId = row!.id;
    await grant(usCustomer, 'marketing');
    clock.now = new Date('2026-06-02T02:30:00Z'); // 22:30 in New York, 19:30 in Los Angeles
    try {
      expect(await permission(usCustomer, 'sms', 'America/New_York')).toEqual({
        decision: 'deferred',
        notBefore: new Date('2026-06-02T12:00:00Z'),
        refusals: [
          {
            ruleId: 'us.marketing.quiet-hours',
            reason: "Quiet hours 21:00-08:00 (customer's time): no sms marketing.",
          },
        ],
      });
      expect(await permission(usCustomer, 'sms', 'America/Los_Angeles')).toEqual({ decision: 'allowed' });
      // 04:30 in Berlin, with the EU customer's marketing consent: no quiet hours in the EU pack.
      expect(await permission(eu, 'sms', 'Europe/Berlin')).toEqual({ decision: 'allowed' });
    } finally {
      clock.now = new Date('2026-06-01T12:00:00Z');
    }
  });

  it('a bank-tightened setting changes the outcome; a loosening one is refused field by field and changes nothing', async () => {
    const plugins = service(PluginsService);
    const evening = new Date('2026-06-01T19:30:00Z'); // 21:30 in Brussels
    clock.now = evening;
    try {
      expect(await permission(eu, 'in-app')).toEqual({ decision: 'allowed' });
      await asBank(eu, () =>
        plugins.configure('compliance-eu', {
          quietHoursStart: '21:00',
          quietHoursEnd: '08:00',
          warnDaysBefore: 30,
        }),
      );
      expect(await permission(eu, 'in-app')).toMatchObject({
        decision: 'deferred',
        notBefore: new Date('2026-06-02T06:00:00Z'),
        refusals: [{ ruleId: 'eu.marketing.quiet-hours.bank' }],
      });
      expect(
        (await asBank(eu, () => service(ComplianceRules).forCurrentTenant())).ais.warnDaysBefore,
      ).toMatchObject({
        id: 'eu.ais.warn-days-before.bank',
        days: 30,
      });
      const refused = await caught(() =>
        asBank(eu, () =>
          plugins.configure('compliance-eu', { warnDaysBefore: 7, unattendedRefreshesPerDay: 6 }),
        ),
      );
      expect(refused).toMatchObject({
        code: 'INVALID',
        details: {
          fields: [
            {
              field: 'settings.warnDaysBefore',
              problem: expect.stringContaining('may not be below 14 days'),
            },
            {
              field: 'settings.unattendedRefreshesPerDay',
              problem: expect.stringContaining("law's 4 a day"),
            },
          ],
        },
      });
      const rules = await asBank(eu, () => service(ComplianceRules).forCurrentTenant());
      expect([rules.ais.warnDaysBefore.days, rules.ais.unattendedRefreshes.perDay]).toEqual([30, 4]);
    } finally {
      clock.now = new Date('2026-06-01T12:00:00Z');
      await asBank(eu, () => plugins.configure('compliance-eu', {}));
    }
    expect(
      (await asBank(eu, () => service(ComplianceRules).forCurrentTenant())).ais.warnDaysBefore.days,
    ).toBe(14);
  });

  it('a bank without a compliance rule pack cannot take consents: CONFLICT saying what to do, nothing written', async () => {
    const refused = await caught(() => grant(bare, 'aggregation'));
    expect(refused).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('no compliance rule pack enabled for its region (EU)'),
    });
    expect(refused.message).toContain('compliance-eu');
    const rows = await rowsAsTenant(api.database.ownerUrl, bare.tenant.id, 'select id from consent');
    expect(rows).toEqual([]);
  });

  it('the pack in force cannot be disabled or uninstalled; enabling another replaces it (audited)', async () => {
    const plugins = service(PluginsService);
    for (const attempt of [
      () => plugins.setEnabled('compliance-eu', false),
      () => plugins.uninstall('compliance-eu'),
    ]) {
      expect(await caught(() => asBank(eu, attempt))).toMatchObject({
        code: 'INVALID',
        details: {
          fields: [
            {
              field: 'pluginId',
              problem: expect.stringContaining('enable another compliance rule pack first'),
            },
          ],
        },
      });
    }
    // A bank's own stricter EU pack: the law with a 60-day aggregation consent.
    service(PluginCatalogue).register(
      definePlugin({
        manifest: {
          id: 'compliance-eu-strict',
          name: 'Strict EU rules',
          version: '1.0.0',
          publisher: 'Demo Bank',
          sdk: '^0.1.0',
          capabilities: ['compliance-rule-pack'],
          settings: rulePackSettingsSchema,
          permissions: { data: [], hosts: [] },
          regions: ['EU'],
          trust: 'first-party',
        },
        extensions: {
          'compliance-rule-pack': {
            rulesFor: () => tightenRules(regionLaw('EU'), { aggregationConsentDays: 60 }),
          },
        },
      }),
    );
    await asBank(eu, async () => {
      await plugins.install({ pluginId: 'compliance-eu-strict' });
      await plugins.setEnabled('compliance-eu-strict', true);
    });
    const statuses = Object.fromEntries(
      (
        await rowsAsTenant<{ plugin_id: string; status: string }>(
          api.database.ownerUrl,
          eu.tenant.id,
          "select plugin_id, status from plugin_installation where plugin_id like 'compliance-%'",
        )
      ).map((row) => [row.plugin_id, row.status]),
    );
    expect(statuses).toEqual({ 'compliance-eu': 'disabled', 'compliance-eu-strict': 'enabled' });
    const audit = await auditRows(api.database.ownerUrl, eu.tenant.id);
    expect(audit.filter((row) => row.action === 'plugin.disable').at(-1)?.changes).toMatchObject({
      pluginId: 'compliance-eu',
      replacedBy: 'compliance-eu-strict',
    });
    const consent = await grant(eu, 'aggregation');
    expect(consent.expiresAt).toEqual(new Date(clock.now.getTime() + 60 * day));
    // Switching back: the first-party pack replaces the bank's own.
    await asBank(eu, () => plugins.setEnabled('compliance-eu', true));
    expect((await asBank(eu, () => service(ComplianceRules).forCurrentTenant())).pack.pluginId).toBe(
      'compliance-eu',
    );
    await asBank(eu, () => plugins.uninstall('compliance-eu-strict'));
  });

  it("marketing permission for another bank's customer is NOT_FOUND, never a decision", async () => {
    expect(
      await caught(() => asBank(us, () => service(MarketingService).permission(eu.customerId, 'in-app'))),
    ).toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
