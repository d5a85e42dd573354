// The names flows and authenticator configs get in a realm, shared by the provisioner (which creates them
// through the admin API) and the import-JSON form (realm-import.ts), so an imported realm and a
// provisioned one carry the same aliases and converging an up-to-date imported realm changes no flow.
import { createHash } from 'node:crypto';
import type { FlowTemplate, StepConfig } from './realm-template';

/** Top-level flows this provisioner owns start with this; others (built-in, imported) are never touched. */
export const managedFlowPrefix = 'finpersona ';

/** 12 hex characters of SHA-256 over the flow's template: a changed template is a new flow. */
export function flowVersion(template: FlowTemplate): string {
  return createHash('sha256').update(JSON.stringify(template)).digest('hex').slice(0, 12);
}

/** The alias of a top-level flow: `finpersona <name> <version>`. */
export function flowAlias(template: FlowTemplate): string {
  return `${managedFlowPrefix}${template.name} ${flowVersion(template)}`;
}

/** A sub-flow's alias: its parent's followed by its name (unique realm-wide because the top is versioned). */
export function subflowAlias(parentAlias: string, subflow: FlowTemplate): string {
  return `${parentAlias} - ${subflow.name}`;
}

/** An authenticator config's alias: the alias of the flow holding the step, then the config's name (Keycloak refuses '/' and ':' in it). */
export function configAlias(flowAliasOfStep: string, config: StepConfig): string {
  return `${flowAliasOfStep} - ${config.name}`;
}
