import { currentContext } from './request-context';

/**
 * The languages the platform writes its own customer-facing texts in (category labels, recommendation
 * availability messages, the field problems of the customer's tools), first the fallback. A new language is
 * a locale added here: the compiler then names every text still missing in it.
 */
export const requestLocales = ['en', 'sl'] as const;
export type RequestLocale = (typeof requestLocales)[number];

/** A text (or catalogue) in every language of `requestLocales`. */
export type Localized<T> = Readonly<Record<RequestLocale, T>>;

const fallbackLocale: RequestLocale = 'en';
const maxHeaderLength = 256;

function isRequestLocale(value: string): value is RequestLocale {
  return (requestLocales as readonly string[]).includes(value);
}

/**
 * The request's locale from its `Accept-Language` header (RFC 9110): the supported language with the
 * highest weight (`sl-SI` → `sl`; ties in the order listed), else English — no header, `*`, only languages
 * the platform does not write, or a malformed header.
 */
export function resolveRequestLocale(acceptLanguage: string | readonly string[] | undefined): RequestLocale {
  const header = Array.isArray(acceptLanguage) ? acceptLanguage.join(',') : acceptLanguage;
  if (typeof header !== 'string' || header.length > maxHeaderLength) return fallbackLocale;
  let best: { locale: RequestLocale; weight: number } | undefined;
  for (const entry of header.split(',')) {
    const [tag = '', ...parameters] = entry.trim().split(';');
    const language = tag.trim().toLowerCase().split('-')[0] ?? '';
    if (!isRequestLocale(language)) continue;
    const q = parameters
      .map((parameter) => /^\s*q\s*=\s*([01](?:\.\d{0,3})?)\s*$/i.exec(parameter))
      .find(Boolean);
    const weight = q ? Number(q[1]) : 1;
    if (weight > 0 && weight <= 1 && (!best || weight > best.weight)) best = { locale: language, weight };
  }
  return best?.locale ?? fallbackLocale;
}

/** The current request's locale; English outside a request and in background jobs (no customer reads those). */
export function requestLocale(): RequestLocale {
  return currentContext()?.locale ?? fallbackLocale;
}

/** The request's own text of `texts`. */
export function localized<T>(texts: Localized<T>): T {
  return texts[requestLocale()];
}
