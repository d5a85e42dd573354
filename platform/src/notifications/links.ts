/**
 * Where in the customer app a notification leads (a path relative to the app's origin), from what it is
 * about (`subjectRef`), or null when the app has no page for it. One place, so the in-app inbox, web push
 * and e-mail all link the same page; the paths are the customer app's routes (tenant-templates/customer-app).
 * - `insight:<id>` → `/dashboard/for-you/insights/<id>` (the insight opened on "For you").
 */
export function customerAppPath(subjectRef: string | null): string | null {
  const insight = /^insight:([A-Za-z0-9-]{1,100})$/.exec(subjectRef ?? '');
  return insight ? `/dashboard/for-you/insights/${insight[1]}` : null;
}

/**
 * The absolute link an e-mail carries: the bank's first customer-app origin (tenant `appOrigins.customer`,
 * the origins its realm lets customers sign in from) joined with `path`; null without either (an e-mail
 * cannot carry a relative link, and the platform never guesses a host).
 */
export function customerAppUrl(customerOrigins: readonly string[], path: string | null): string | null {
  const origin = customerOrigins[0];
  if (!origin || !path) return null;
  return new URL(path, origin).toString();
}
