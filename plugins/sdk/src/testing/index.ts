/**
 * @finpersona/plugin-sdk/testing — run a plugin against fixture data without the platform. See
 * `docs/reference/harness.md`.
 */
export {
  assertHarnessPassed,
  type HarnessOptions,
  type HarnessProblem,
  type HarnessReport,
  type HookOutcome,
  runLifecycleHook,
  runPluginHarness,
} from './harness';
export {
  type Authorise,
  checkDataConnector,
  type DataConnectorCheckOptions,
  type DataConnectorRun,
} from './data-connector';
export { type FetchRecord, guardedFetch, type SourceFixture } from './fetch';
export { fixtureBank, type FixtureBankOptions } from './fixture-bank';
export { type FixtureCustomer, type Fixtures, fixtures, withFixtures } from './fixtures';
export { type ProductCatalogueRun } from './product-catalogue';
export { type RecommendationModelRun } from './recommendation-model';
export { type ComplianceRulePackRun } from './compliance-rule-pack';
export { type RulePackProbes, rulePackProbes, rulePackTestProblems } from './rule-pack-probes';
export { type InsightGeneratorRun } from './insight-generator';
