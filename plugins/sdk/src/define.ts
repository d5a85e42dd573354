/**
 * What a plugin's own code calls at run time to define itself. Kept apart from the manifest's validation
 * (Ajv, semver) so that a plugin's bundle, which runs isolated and must `require` nothing, does not carry
 * the validator: see `runtime.ts`.
 */
import type { PluginDefinition } from './manifest';

/** A settings problem a `configure` hook reports: `field` is the setting's name (or dotted path). */
export class PluginSettingsError extends Error {
  override readonly name = 'PluginSettingsError';
  constructor(readonly problems: readonly { readonly field: string; readonly problem: string }[]) {
    super(`Invalid plugin settings: ${problems.map((p) => `${p.field} ${p.problem}`).join('; ')}`);
  }
}

/** Types a plugin; validation is `validatePlugin` (the host runs it when it registers the plugin). */
export function definePlugin<const Definition extends PluginDefinition>(definition: Definition): Definition {
  return definition;
}
