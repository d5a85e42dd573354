/**
 * A bank's settings for a plugin checked against the plugin's settings schema, with the messages the
 * platform gives the bank administrator (`INVALID` naming `settings.<path>`). The platform and the test
 * harness both use this, so the harness refuses exactly the settings the platform refuses.
 */
import type { ErrorObject } from 'ajv';
import { type SettingsSchema, settingsAjv } from './manifest';
import { jsonPath } from './schema-problems';

/** One refused setting: `field` is `settings.<path>`; `problem` never quotes the value (it may be a secret). */
export interface SettingsProblem {
  readonly field: string;
  readonly problem: string;
}

/** The problem Ajv's `error` (from a settings schema compiled by `settingsAjv`) stands for. */
export function settingsProblemOf(error: ErrorObject): SettingsProblem {
  const params = error.params as Record<string, unknown>;
  const path = jsonPath(error.instancePath, 'settings');
  if (error.keyword === 'required')
    return { field: `${path}.${String(params.missingProperty)}`, problem: 'is required' };
  if (error.keyword === 'additionalProperties') {
    return {
      field: `${path}.${String(params.additionalProperty)}`,
      problem: 'is not a setting of this plugin',
    };
  }
  return { field: path, problem: error.message ?? 'is invalid' };
}

/** A checker of settings against `schema` (compiled once, strict, formats on): every problem, or none. */
export function settingsChecker(schema: SettingsSchema): (settings: unknown) => readonly SettingsProblem[] {
  const validate = settingsAjv().compile(schema);
  return (settings) => (validate(settings) ? [] : (validate.errors ?? []).map(settingsProblemOf));
}
