import { Injectable, Logger } from '@nestjs/common';
import {
  marketingAllowed,
  type MarketingChannel,
  type MarketingConsentState,
  type MarketingDecision,
  type RegionComplianceRules,
  validateRegionRules,
} from '@finpersona/plugin-sdk';
import { Conflict } from '../errors';
import { requireContext } from '../request-context';
import { type Region, TenancyService } from '../tenancy';

/** The first-party compliance rule pack of each region (plugins/compliance-*): what onboarding installs. */
export const firstPartyRulePacks: Readonly<Record<Region, string>> = {
  EU: 'compliance-eu',
  UK: 'compliance-uk',
  US: 'compliance-us',
};

/** A bank's rules as the platform applies them, with the pack (plugin and version) they come from. */
export type TenantRules = RegionComplianceRules & {
  readonly pack: { readonly pluginId: string; readonly version: string };
};

/** The compliance rule pack a bank has enabled, as the plugin host reports it. */
export interface EnabledRulePack {
  readonly pluginId: string;
  readonly version: string;
  /** Changes whenever the installation does (version, settings, status): the cache key. */
  readonly revision: string;
  /** The pack's rules for the bank (its settings applied). */
  rules(): Promise<RegionComplianceRules>;
}

/** Where the bank's enabled rule pack comes from: the plugin host (`PluginsService`), registered at start-up. */
export interface RulePackSource {
  /** The current bank's enabled compliance rule pack for its region, or null when it has none. */
  enabledRulePack(tenant: { id: string; region: Region }): Promise<EnabledRulePack | null>;
}

/**
 * The compliance capability: the rules of the compliance rule pack the current bank has installed and
 * enabled for its region (plugins/compliance-eu, -uk, -us or its own). Consents, connections, sync,
 * erasure and marketing ask it; no code hard-codes a period. Without an enabled pack the bank cannot do
 * anything that depends on the rules (CONFLICT saying so) rather than silently getting defaults.
 *
 * Rules are cached per bank and installation revision (which changes with every install, configure,
 * enable, disable, upgrade or uninstall), so each process (API and worker) sees a change on its next
 * call without being told.
 */
@Injectable()
export class ComplianceRules {
  private readonly logger = new Logger('Compliance');
  private source: RulePackSource | null = null;
  private readonly cache = new Map<string, { revision: string; rules: TenantRules }>();

  constructor(private readonly tenancy: TenancyService) {}

  /** Called once by the plugin host at start-up. */
  usePlugins(source: RulePackSource): void {
    this.source = source;
  }

  /** The current bank's rules (request context or `runAsTenant`). */
  async forCurrentTenant(): Promise<TenantRules> {
    const tenant = requireContext().tenant;
    if (!tenant) throw new Error('Compliance rules are per bank: use them in a request or runAsTenant()');
    const { region } = await this.tenancy.getById(tenant.id);
    if (!this.source) throw new Error('No plugin host registered with ComplianceRules (PluginsModule)');
    const pack = await this.source.enabledRulePack({ id: tenant.id, region });
    if (!pack) {
      throw new Conflict(
        `This bank has no compliance rule pack enabled for its region (${region}), so nothing that depends on consent rules can be done. A bank administrator must install and enable one (e.g. ${firstPartyRulePacks[region]}).`,
      );
    }
    const cached = this.cache.get(tenant.id);
    if (cached?.revision === pack.revision) return cached.rules;
    const rules = await pack.rules();
    const problems = validateRegionRules(rules, region);
    if (problems.length > 0) {
      this.logger.error(
        `rule pack ${pack.pluginId} ${pack.version} gives invalid rules for tenant ${tenant.id}: ${JSON.stringify(problems)}`,
      );
      throw new Conflict(
        `This bank's compliance rule pack (${pack.pluginId} ${pack.version}) gives invalid rules, so they are not applied; upgrade it or enable another, and tell its publisher.`,
      );
    }
    const tenantRules: TenantRules = { ...rules, pack: { pluginId: pack.pluginId, version: pack.version } };
    this.cache.set(tenant.id, { revision: pack.revision, rules: tenantRules });
    return tenantRules;
  }

  /**
   * Whether the current bank may send a marketing message through `channel` to a customer whose marketing
   * consent is in `consent` now (see the SDK's `marketingAllowed`: the pack's opt-in/opt-out model per
   * channel, then quiet hours, deferring to their end). The bank's time zone comes from its region until
   * banks record their own.
   */
  async marketingPermission(question: {
    consent: MarketingConsentState;
    channel: MarketingChannel;
    now: Date;
    customerTimeZone?: string | null;
  }): Promise<MarketingDecision> {
    const rules = await this.forCurrentTenant();
    return marketingAllowed(rules, {
      consent: question.consent,
      channel: question.channel,
      now: question.now,
      timeZones: {
        bank: regionTimeZones[rules.region],
        ...(question.customerTimeZone ? { customer: question.customerTimeZone } : {}),
      },
    });
  }
}

/**
 * The clock a bank keeps when neither it nor the customer has a time zone on record: its region's main
 * one. Tenants carry no time zone yet; when they do, it replaces this.
 */
export const regionTimeZones: Readonly<Record<Region, string>> = {
  EU: 'Europe/Brussels',
  UK: 'Europe/London',
  US: 'America/New_York',
};
