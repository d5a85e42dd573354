/**
 * Where in the customer app a notification leads (a path relative to the app's origin), from what it is
 * about (`subjectRef`), or null when the app has no page for it. One place, so the in-app inbox, web push
 * and e-mail all link the same page; the paths are the customer app's routes (tenant-templates/customer-app,
 * `src/dashboard/routes.ts`: `/dashboard/<page>[/<section>]`).
 * - `insight:<id>` → `/dashboard/for-you/insights/<id>` (the insight opened on "For you");
 * - `alert:<alert id>:over:<period start>` (a budget over its amount) → `/dashboard/money-tools/budgets`
 *   (the budgets' progress on "Budgets & goals");
 * - `alert:<alert id>:below:<balance id>` and `alert:<alert id>:tx:<transaction id>` (a balance below, a
 *   transaction above, a payment matching a rule) → `/dashboard/money-tools/alerts` (the alerts panel).
 * - `consent:<consent id>:<deadline>` (a consent reminder) → `/privacy` (the privacy page, where it is renewed).
 */
export function customerAppPath(subjectRef: string | null): string | null {
  const subject = subjectRef ?? '';
  const insight = /^insight:([A-Za-z0-9-]{1,100})$/.exec(subject);
  if (insight) return `/dashboard/for-you/insights/${insight[1]}`;
  const alert = /^alert:[A-Za-z0-9-]{1,100}:(over|below|tx):[A-Za-z0-9:.-]{1,100}$/.exec(subject);
  if (alert) return alert[1] === 'over' ? '/dashboard/money-tools/budgets' : '/dashboard/money-tools/alerts';
  if (/^consent:[A-Za-z0-9-]{1,100}:[A-Za-z0-9:.-]{1,100}$/.test(subject)) return '/privacy';
  return null;
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
