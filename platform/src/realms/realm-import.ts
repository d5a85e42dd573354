// The realm template in Keycloak's import-JSON form (fields of RealmRepresentation), derived from the same
// parts the provisioner applies, with the same flow and config aliases (flow-aliases.ts). Used for realms
// that are imported rather than provisioned: deploy/keycloak/*.realm.json (kept in step by
// `realm-files.test.ts`) and the extra bank realms of tests (`testing/bank-realm.ts`).
import { configAlias, flowAlias, subflowAlias } from './flow-aliases';
import type {
  BankRealmTemplate,
  ClientTemplate,
  FlowTemplate,
  Requirement,
  RoleTemplate,
} from './realm-template';
import { levelOfAuthentication, type SignInFlows } from './sign-in';

export interface ExecutionImport {
  authenticator?: string;
  authenticatorFlow: boolean;
  flowAlias?: string;
  authenticatorConfig?: string;
  requirement: Requirement;
  priority: number;
  userSetupAllowed: false;
}

export interface FlowImport {
  alias: string;
  description: string;
  providerId: 'basic-flow';
  topLevel: boolean;
  builtIn: false;
  authenticationExecutions: ExecutionImport[];
}

export interface AuthenticatorConfigImport {
  alias: string;
  config: Record<string, string>;
}

/** The sign-in part of a realm's import JSON: merge it into the RealmRepresentation. */
export interface SignInImport {
  attributes: Record<string, string>;
  browserFlow: string;
  directGrantFlow: string;
  authenticationFlows: FlowImport[];
  authenticatorConfig: AuthenticatorConfigImport[];
}

/** A flow and its sub-flows (depth first, the top-level flow first) and the configs of its steps. */
export function flowImport(template: FlowTemplate): {
  alias: string;
  authenticationFlows: FlowImport[];
  authenticatorConfig: AuthenticatorConfigImport[];
} {
  const alias = flowAlias(template);
  const flows: FlowImport[] = [];
  const configs: AuthenticatorConfigImport[] = [];
  const add = (flow: FlowTemplate, flowAliasOfSteps: string, topLevel: boolean): void => {
    const imported: FlowImport = {
      alias: flowAliasOfSteps,
      description: flow.description,
      providerId: 'basic-flow',
      topLevel,
      builtIn: false,
      authenticationExecutions: [],
    };
    flows.push(imported);
    for (const [index, step] of flow.steps.entries()) {
      // The provisioner adds steps in order; Keycloak orders imported executions by priority.
      const priority = (index + 1) * 10;
      if ('subflow' in step) {
        const child = subflowAlias(flowAliasOfSteps, step.subflow);
        imported.authenticationExecutions.push({
          authenticatorFlow: true,
          flowAlias: child,
          requirement: step.requirement,
          priority,
          userSetupAllowed: false,
        });
        add(step.subflow, child, false);
      } else {
        const config = step.config && configAlias(flowAliasOfSteps, step.config);
        if (step.config && config) configs.push({ alias: config, config: step.config.values });
        imported.authenticationExecutions.push({
          authenticator: step.authenticator,
          authenticatorFlow: false,
          ...(config ? { authenticatorConfig: config } : {}),
          requirement: step.requirement,
          priority,
          userSetupAllowed: false,
        });
      }
    }
  };
  add(template, alias, true);
  return { alias, authenticationFlows: flows, authenticatorConfig: configs };
}

/** Sign-in flows bound as the realm's browser and direct grant flows, and the level-of-authentication map. */
export function signInImport(flows: SignInFlows): SignInImport {
  const browser = flowImport(flows.browser);
  const directGrant = flowImport(flows.directGrant);
  return {
    attributes: levelOfAuthentication(),
    browserFlow: browser.alias,
    directGrantFlow: directGrant.alias,
    authenticationFlows: [...browser.authenticationFlows, ...directGrant.authenticationFlows],
    authenticatorConfig: [...browser.authenticatorConfig, ...directGrant.authenticatorConfig],
  };
}

/** A whole realm's import JSON: the fields named here and any other realm setting. */
export interface RealmImport extends SignInImport {
  realm: string;
  enabled: boolean;
  roles: { realm: RoleTemplate[] };
  clients: Record<string, unknown>[];
  [setting: string]: unknown;
}

/** A client with its protocol mappers, as a realm import lists it. */
export function clientImport(client: ClientTemplate): Record<string, unknown> {
  return { ...client.representation, protocolMappers: client.protocolMappers };
}

/** A whole bank realm as import JSON (enabled): what the provisioner would make of an empty Keycloak. */
export function realmImport(template: BankRealmTemplate): RealmImport {
  const signIn = signInImport(template.flows);
  return {
    realm: template.realm,
    enabled: true,
    ...template.settings,
    roles: { realm: template.roles },
    clients: template.clients.map(clientImport),
    ...signIn,
    attributes: { ...signIn.attributes, ...template.attributes },
  };
}
