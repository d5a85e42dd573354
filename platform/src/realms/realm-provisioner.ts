import { configAlias, flowAlias, managedFlowPrefix, subflowAlias } from './flow-aliases';
import { KeycloakAdminApi } from './keycloak-admin-api';
import type {
  BankRealmTemplate,
  ClientTemplate,
  FlowStep,
  FlowTemplate,
  RoleTemplate,
} from './realm-template';

export interface ProvisionedRealm {
  realm: string;
  /** True when this call created the realm (it did not exist before). */
  created: boolean;
  /** Aliases of the flows bound as the realm's browser and direct grant flows. */
  flows: { browser: string; directGrant: string };
}

const enc = encodeURIComponent;
const otpPolicyPrefix = 'otpPolicy';

/**
 * Creates a bank's Keycloak realm or converges an existing one to its template, through the admin REST API.
 *
 * Idempotent and additive: realm settings, the template's roles and clients (and their mappers, by name)
 * are created or updated in place; users, credentials, sessions and anything not in the template (other
 * clients, roles, flows) are left alone. A new realm is created disabled and enabled only once everything
 * is in place, so an interrupted run never leaves a realm that accepts sign-ins half configured.
 *
 * Authentication flows are immutable and versioned: a flow is created under an alias carrying a hash of its
 * template (flow-aliases.ts), with its sub-flows and authenticator configs named after it, bound to the
 * realm, and older versions this provisioner made are deleted after the switch (Keycloak deletes their
 * sub-flows and configs with them). A flow with the current alias that is not bound is a leftover of an
 * interrupted run and is rebuilt. A realm imported from the same template's import JSON (realm-import.ts)
 * already has the current flows bound under the same aliases, so they are kept.
 */
export class RealmProvisioner {
  constructor(private readonly api: KeycloakAdminApi) {}

  async provision(template: BankRealmTemplate): Promise<ProvisionedRealm> {
    const realm = template.realm;
    const created = await this.ensureRealm(realm);
    await this.api.request('PUT', `/${enc(realm)}`, { body: await this.settingsFor(realm, template) });
    for (const role of template.roles) await this.convergeRole(realm, role);
    for (const client of template.clients) await this.convergeClient(realm, client);
    const flows = {
      browser: await this.ensureFlow(realm, 'browserFlow', template.flows.browser),
      directGrant: await this.ensureFlow(realm, 'directGrantFlow', template.flows.directGrant),
    };
    await this.api.request('PUT', `/${enc(realm)}`, {
      body: { browserFlow: flows.browser, directGrantFlow: flows.directGrant, enabled: true },
    });
    await this.removeStaleFlows(realm, Object.values(flows));
    return { realm, created, flows };
  }

  /**
   * Disables the realm (no sign-in, no token refresh) without deleting anything; `provision` enables it
   * again. A realm that does not exist is fine. Returns whether the realm exists.
   */
  async disable(realm: string): Promise<boolean> {
    const { status } = await this.api.request('PUT', `/${enc(realm)}`, {
      body: { enabled: false },
      accept: [404],
    });
    return status !== 404;
  }

  /** True when the realm exists (for callers deciding whether provisioning would create it). */
  async exists(realm: string): Promise<boolean> {
    const { status } = await this.api.request('GET', `/${enc(realm)}`, { accept: [404] });
    return status !== 404;
  }

  /**
   * The template's settings and attributes, completed where Keycloak would otherwise reset what the
   * template leaves alone: a realm update carrying any `otpPolicy*` field replaces the whole OTP policy,
   * and one carrying `attributes` replaces all of them, so the OTP policy fields the template does not set
   * (e.g. code reuse) and the attributes it does not name are carried over from the realm as it is.
   */
  private async settingsFor(realm: string, template: BankRealmTemplate): Promise<Record<string, unknown>> {
    const keys = Object.keys(template.settings);
    const { body: current } = await this.api.request<Record<string, unknown> & { attributes?: object }>(
      'GET',
      `/${enc(realm)}`,
    );
    const carried = Object.fromEntries(
      Object.entries(current).filter(([key]) => key.startsWith(otpPolicyPrefix) && !keys.includes(key)),
    );
    return {
      ...(keys.some((key) => key.startsWith(otpPolicyPrefix)) ? carried : {}),
      ...template.settings,
      attributes: { ...current.attributes, ...template.attributes },
    };
  }

  /** Creates the realm, disabled, if it does not exist; returns whether it did. */
  private async ensureRealm(realm: string): Promise<boolean> {
    if (await this.exists(realm)) return false;
    // 409: created meanwhile by someone else, which is as good.
    const { status } = await this.api.request('POST', '', {
      body: { realm, enabled: false },
      accept: [409],
    });
    return status !== 409;
  }

  private async convergeRole(realm: string, role: RoleTemplate): Promise<void> {
    const path = `/${enc(realm)}/roles/${enc(role.name)}`;
    const existing = await this.api.request<RoleTemplate>('GET', path, { accept: [404] });
    if (existing.status === 404) {
      await this.api.request('POST', `/${enc(realm)}/roles`, { body: role, accept: [409] });
    } else if (existing.body.description !== role.description) {
      await this.api.request('PUT', path, { body: { ...existing.body, description: role.description } });
    }
  }

  private async convergeClient(realm: string, client: ClientTemplate): Promise<void> {
    const clients = `/${enc(realm)}/clients`;
    const find = async () =>
      (await this.api.request<{ id: string }[]>('GET', `${clients}?clientId=${enc(client.clientId)}`))
        .body[0];
    let existing = await find();
    if (!existing) {
      await this.api.request('POST', clients, { body: client.representation, accept: [409] });
      existing = await find();
      if (!existing)
        throw new Error(`Client ${client.clientId} of realm ${realm} was created but cannot be found`);
    } else {
      // Keycloak updates the fields given (lists replaced, attributes merged) and leaves the rest.
      await this.api.request('PUT', `${clients}/${existing.id}`, {
        body: { ...client.representation, id: existing.id },
      });
    }
    const mappersPath = `${clients}/${existing.id}/protocol-mappers/models`;
    const mappers = (await this.api.request<{ id: string; name: string }[]>('GET', mappersPath)).body;
    for (const mapper of client.protocolMappers) {
      const current = mappers.find((candidate) => candidate.name === mapper.name);
      if (current) {
        await this.api.request('PUT', `${mappersPath}/${current.id}`, {
          body: { ...mapper, id: current.id },
        });
      } else {
        await this.api.request('POST', mappersPath, { body: mapper });
      }
    }
  }

  /** The alias of the bound, complete flow for `template`, building it when needed. */
  private async ensureFlow(
    realm: string,
    binding: 'browserFlow' | 'directGrantFlow',
    template: FlowTemplate,
  ): Promise<string> {
    const alias = flowAlias(template);
    const { body: settings } = await this.api.request<Record<string, unknown>>('GET', `/${enc(realm)}`);
    // Bound means complete: a flow is bound only after all its steps were added.
    if (settings[binding] === alias) return alias;
    const leftover = (await this.topLevelFlows(realm)).find((flow) => flow.alias === alias);
    if (leftover) await this.api.request('DELETE', `/${enc(realm)}/authentication/flows/${leftover.id}`);
    await this.api.request('POST', `/${enc(realm)}/authentication/flows`, {
      body: {
        alias,
        description: template.description,
        providerId: 'basic-flow',
        topLevel: true,
        builtIn: false,
      },
    });
    await this.addSteps(realm, alias, template.steps);
    return alias;
  }

  private async addSteps(realm: string, parentAlias: string, steps: FlowStep[]): Promise<void> {
    const executions = `/${enc(realm)}/authentication/flows/${enc(parentAlias)}/executions`;
    for (const step of steps) {
      let executionId: string;
      let childAlias: string | undefined;
      if ('authenticator' in step) {
        const { location } = await this.api.request('POST', `${executions}/execution`, {
          body: { provider: step.authenticator },
        });
        executionId = lastSegment(location);
      } else {
        childAlias = subflowAlias(parentAlias, step.subflow);
        const { location } = await this.api.request('POST', `${executions}/flow`, {
          body: {
            alias: childAlias,
            type: 'basic-flow',
            provider: 'registration-page-form',
            description: step.subflow.description,
          },
        });
        // The answer names the new flow; its execution in this flow is found by the flow's id.
        const flowId = lastSegment(location);
        const listed = (
          await this.api.request<{ id: string; flowId?: string; level: number }[]>('GET', executions)
        ).body;
        const execution = listed.find((candidate) => candidate.level === 0 && candidate.flowId === flowId);
        if (!execution) throw new Error(`Sub-flow ${childAlias} was added but its execution cannot be found`);
        executionId = execution.id;
      }
      // New executions start DISABLED.
      await this.api.request('PUT', executions, { body: { id: executionId, requirement: step.requirement } });
      if ('authenticator' in step && step.config) {
        await this.api.request('POST', `/${enc(realm)}/authentication/executions/${executionId}/config`, {
          body: { alias: configAlias(parentAlias, step.config), config: step.config.values },
        });
      }
      if (childAlias && 'subflow' in step) await this.addSteps(realm, childAlias, step.subflow.steps);
    }
  }

  private async removeStaleFlows(realm: string, keep: string[]): Promise<void> {
    for (const flow of await this.topLevelFlows(realm)) {
      if (flow.alias.startsWith(managedFlowPrefix) && !keep.includes(flow.alias)) {
        await this.api.request('DELETE', `/${enc(realm)}/authentication/flows/${flow.id}`, { accept: [404] });
      }
    }
  }

  private async topLevelFlows(realm: string): Promise<{ id: string; alias: string }[]> {
    return (
      await this.api.request<{ id: string; alias: string }[]>('GET', `/${enc(realm)}/authentication/flows`)
    ).body;
  }
}

function lastSegment(location: string | null): string {
  const id = location?.split('/').pop();
  if (!id) throw new Error('Keycloak created an object but did not say where (no Location header)');
  return id;
}
