// Who is signing in to the portal: staff of one bank (its realm) or a platform operator.
// Remembered for the browser tab, because the Keycloak redirect round-trip reloads the app.

export type Audience =
  | { kind: 'bank'; tenantSlug: string; realm: string; bankName: string }
  | { kind: 'platform'; realm: 'platform' };

export const PLATFORM_REALM = 'platform';
const STORAGE_KEY = 'finpersona.admin.audience';

export function saveAudience(audience: Audience): void {
  sessionStorage.setItem(STORAGE_KEY, JSON.stringify(audience));
}

export function loadAudience(): Audience | null {
  const raw = sessionStorage.getItem(STORAGE_KEY);
  if (!raw) return null;
  try {
    const value = JSON.parse(raw) as Partial<Audience>;
    if (value.kind === 'platform') return { kind: 'platform', realm: PLATFORM_REALM };
    if (value.kind === 'bank' && typeof value.tenantSlug === 'string' && typeof value.realm === 'string') {
      return {
        kind: 'bank',
        tenantSlug: value.tenantSlug,
        realm: value.realm,
        bankName: value.bankName ?? value.tenantSlug,
      };
    }
  } catch {
    // fall through: a corrupt entry is the same as none
  }
  return null;
}

export function forgetAudience(): void {
  sessionStorage.removeItem(STORAGE_KEY);
}
