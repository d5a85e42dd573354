/**
 * The publish-time check of a compliance rule pack (its manifest, rules, documentation and tests). Apart
 * from `compliance-rule-pack.ts` because it validates the manifest, which plugins' run-time code never
 * needs (their bundles leave the validator out: see runtime.ts).
 */
import { allRules, type RulePackProblem, validateRegionRules } from './compliance-rule-pack';
import { type PluginDefinition, validatePlugin } from './manifest';

/**
 * What a pack author checks before publishing: every problem of the plugin's manifest, of its rules for
 * each of its regions (without bank settings), every rule whose id or source its documentation
 * (`readme`, e.g. README.md's text) does not show, and, given the ids of the rules its tests check
 * (`checkedRuleIds`), every rule without a check and every check without a rule. None: ready.
 */
export function rulePackPluginProblems(
  plugin: PluginDefinition,
  evidence: { readonly readme: string; readonly checkedRuleIds: readonly string[] },
): RulePackProblem[] {
  const validation = validatePlugin(plugin);
  const problems: RulePackProblem[] = validation.ok ? [] : [...validation.problems];
  const pack = plugin.extensions['compliance-rule-pack'];
  if (!pack) return problems;
  const ruleIds = new Set<string>();
  for (const region of plugin.manifest.regions) {
    const rules = pack.rulesFor({ tenantId: 'publish-check', region, settings: {} });
    problems.push(
      ...validateRegionRules(rules, region).map((problem) => ({
        ...problem,
        path: `${region}:${problem.path}`,
      })),
    );
    for (const rule of allRules(rules)) {
      ruleIds.add(rule.id);
      if (!evidence.readme.includes(rule.id) || !evidence.readme.includes(rule.source)) {
        problems.push({
          path: `${region}:${rule.id}`,
          message: 'the documentation must list the rule with its source',
        });
      }
      if (!evidence.checkedRuleIds.includes(rule.id)) {
        problems.push({ path: `${region}:${rule.id}`, message: 'no test checks this rule' });
      }
    }
  }
  for (const id of evidence.checkedRuleIds) {
    if (!ruleIds.has(id)) problems.push({ path: id, message: 'a check for a rule the pack does not have' });
  }
  return problems;
}
