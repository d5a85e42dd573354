// What an operator may do with a bank in each status, and the checks the forms make before asking the API
// (the API checks again; these only spare a round trip and say it in the form).
import type { TenantStatus } from '../data/index.ts';

export type TenantAction = 'suspend' | 'reactivate';

/** ACTIVE banks can be suspended, SUSPENDED ones reactivated; a PROVISIONING bank goes live only by onboarding. */
export function tenantActionsFor(status: TenantStatus): TenantAction[] {
  if (status === 'ACTIVE') return ['suspend'];
  if (status === 'SUSPENDED') return ['reactivate'];
  return [];
}

export const maxSuspensionReasonLength = 500;

/** Undefined when the reason is acceptable, else what to fix. */
export function suspensionReasonProblem(reason: string): string | undefined {
  if (reason.trim().length === 0) return 'Say why the bank is suspended (other operators will read it).';
  if (reason.length > maxSuspensionReasonLength) return `At most ${maxSuspensionReasonLength} characters.`;
  return undefined;
}

/** react-admin validator for #RRGGBB colours, as the API requires. */
export function hexColour(value: unknown): string | undefined {
  return typeof value === 'string' && /^#[0-9a-fA-F]{6}$/.test(value) ? undefined : 'A colour like #0B5FFF';
}

/** react-admin validator for the logo: empty, an https URL, a path starting with /, or a data:image URL. */
export function logoUrl(value: unknown): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') return 'Not a URL';
  if (/^\/[^/]/.test(value) || /^data:image\/(png|svg\+xml|jpeg|webp);/.test(value)) return undefined;
  try {
    const url = new URL(value);
    if (
      url.protocol === 'https:' ||
      (url.protocol === 'http:' && ['localhost', '127.0.0.1'].includes(url.hostname))
    )
      return undefined;
  } catch {
    // falls through to the message
  }
  return 'An https URL, a path starting with /, or a data:image URL';
}
