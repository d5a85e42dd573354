// Turns a bank's branding record into the CSS custom properties the template's stylesheet uses.
// Colours come from the API (i.e. from a bank's admin), so they are validated, never pasted raw into CSS.

export interface Branding {
  displayName: string;
  primaryColor: string;
  accentColor: string;
  logoUrl: string | null;
}

/** Neutral look used until (or instead of) a bank's own colours. */
export const NEUTRAL = { primary: '#37474f', accent: '#607d8b' } as const;

export type BrandCssVariables = Record<
  | '--brand-primary'
  | '--brand-on-primary'
  | '--brand-primary-soft'
  | '--brand-accent'
  | '--brand-on-accent'
  | '--brand-accent-soft',
  string
>;

const HEX = /^#(?:[0-9a-f]{3}|[0-9a-f]{6})$/i;

/** `#abc` / `#AABBCC` -> `#aabbcc`, anything else -> null. */
export function normalizeHexColor(value: string | null | undefined): string | null {
  const candidate = value?.trim() ?? '';
  if (!HEX.test(candidate)) return null;
  const digits = candidate.slice(1).toLowerCase();
  return `#${digits.length === 3 ? [...digits].map((digit) => digit + digit).join('') : digits}`;
}

function channels(hex: string): [number, number, number] {
  return [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16)) as [number, number, number];
}

/** WCAG relative luminance of a normalised `#rrggbb` colour. */
export function relativeLuminance(hex: string): number {
  const [r, g, b] = channels(hex).map((channel) => {
    const c = channel / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

/** White or near-black, whichever reads better on the given background. */
export function readableTextOn(hex: string): '#ffffff' | '#111111' {
  const background = relativeLuminance(hex);
  return contrast(background, 1) >= contrast(background, relativeLuminance('#111111'))
    ? '#ffffff'
    : '#111111';
}

/** The colour mixed with white: a tint for backgrounds (`weight` of the colour, 0..1). */
export function tint(hex: string, weight: number): string {
  const mixed = channels(hex).map((channel) => Math.round(channel * weight + 255 * (1 - weight)));
  return `#${mixed.map((channel) => channel.toString(16).padStart(2, '0')).join('')}`;
}

export function brandingToCssVariables(
  branding: Pick<Branding, 'primaryColor' | 'accentColor'>,
): BrandCssVariables {
  const primary = normalizeHexColor(branding.primaryColor) ?? NEUTRAL.primary;
  const accent = normalizeHexColor(branding.accentColor) ?? NEUTRAL.accent;
  return {
    '--brand-primary': primary,
    '--brand-on-primary': readableTextOn(primary),
    '--brand-primary-soft': tint(primary, 0.12),
    '--brand-accent': accent,
    '--brand-on-accent': readableTextOn(accent),
    '--brand-accent-soft': tint(accent, 0.15),
  };
}

export function applyCssVariables(element: HTMLElement, variables: BrandCssVariables): void {
  for (const [name, value] of Object.entries(variables)) element.style.setProperty(name, value);
}

/**
 * Where to load the logo from: absolute http(s) URLs and inline images as given, paths relative to the
 * API (which serves tenant assets); anything else (javascript:, other schemes) is refused.
 */
export function resolveLogoUrl(logoUrl: string | null | undefined, apiUrl: string): string | null {
  const value = logoUrl?.trim();
  if (!value) return null;
  if (/^data:image\/(?:svg\+xml|png|jpeg|gif|webp)[;,]/i.test(value)) return value;
  try {
    const url = new URL(value, `${apiUrl}/`);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** Up to two initials, shown when a bank has no logo (or it fails to load). */
export function monogram(displayName: string): string {
  const words = displayName.trim().split(/\s+/).filter(Boolean);
  return words
    .slice(0, 2)
    .map((word) => [...word][0]!.toUpperCase())
    .join('');
}
