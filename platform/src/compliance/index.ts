export { ComplianceModule } from './compliance.module';
export {
  ComplianceRules,
  firstPartyRulePacks,
  regionTimeZones,
  type EnabledRulePack,
  type RulePackSource,
  type TenantRules,
} from './compliance-rules.service';
