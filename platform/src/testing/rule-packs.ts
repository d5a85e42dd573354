import { euRules } from '@finpersona/compliance-eu';
import { ukRules } from '@finpersona/compliance-uk';
import { usRules } from '@finpersona/compliance-us';
import { type RegionComplianceRules, retentionRule } from '@finpersona/plugin-sdk';
import { firstPartyRulePacks } from '../compliance';
import { PluginsService } from '../plugins';
import { runAsTenant, type TenantRef } from '../request-context';
import type { Region } from '../tenancy';

/** The law of a region as its first-party rule pack gives it (no bank settings): for unit tests. */
export function regionLaw(region: Region): RegionComplianceRules {
  return { EU: euRules, UK: ukRules, US: usRules }[region];
}

/**
 * Gives a bank created directly in the database (not onboarded) its region's first-party compliance rule
 * pack, installed and enabled the way onboarding does it (`installInitialPlugins`); idempotent.
 */
export async function installRegionRulePack(
  app: { get<T>(type: abstract new (...args: never[]) => T): T },
  tenant: TenantRef,
  region: Region,
): Promise<void> {
  await runAsTenant(tenant, () =>
    app.get(PluginsService).installInitialPlugins([{ id: firstPartyRulePacks[region] }]),
  );
}

/** The years a pack keeps AML records (its `aml-records` rule, given in years by every first-party pack). */
export function amlYears(rules: RegionComplianceRules): number {
  const { period } = retentionRule(rules, 'aml-records');
  if (period === null || !('years' in period)) throw new Error('the AML retention is not given in years');
  return period.years;
}

/** `tenant` (e.g. `tenancy.upsertTenant(...)`) with its region's rule pack installed (`installRegionRulePack`). */
export async function withRulePack<Bank extends TenantRef & { region: Region }>(
  app: { get<T>(type: abstract new (...args: never[]) => T): T },
  tenant: Promise<Bank> | Bank,
): Promise<Bank> {
  const bank = await tenant;
  await installRegionRulePack(app, bank, bank.region);
  return bank;
}
