// Deep links: every dashboard page and tool has its own URL, so back / forward, bookmarks and links from a
// notification work. `/dashboard/<page>[/<section>]`, and `/dashboard/for-you/insights/<id>` for one insight.
// The app's root `/` is the Overview; `/privacy` is the privacy page (consents), outside the dashboard.
import type { MessageKey } from '../i18n/i18n.ts';

/** The privacy page's path (a consent reminder's link). */
export const privacyPath = '/privacy';

/** Which of the app's two views a path names: the privacy page, or the dashboard (any other path). */
export function viewOf(pathname: string): 'home' | 'privacy' {
  return pathname === privacyPath ? 'privacy' : 'home';
}

export const dashboardPages = [
  { id: 'overview', label: 'dashboard.overview' },
  { id: 'spending', label: 'dashboard.spending' },
  { id: 'for-you', label: 'dashboard.forYou' },
  { id: 'money-tools', label: 'dashboard.moneyTools' },
  { id: 'rules', label: 'dashboard.rules' },
] as const satisfies readonly { id: string; label: MessageKey }[];

export type DashboardPage = (typeof dashboardPages)[number]['id'];

/** The panels a link may point at, per page (their section ids). */
export const dashboardSections: Record<DashboardPage, readonly string[]> = {
  overview: [],
  spending: ['spending', 'recurring', 'forecast'],
  'for-you': ['insights', 'recommendations', 'prompts', 'surveys'],
  'money-tools': ['budgets', 'goals', 'alerts'],
  rules: ['rules', 'suggestions'],
};

export interface DashboardRoute {
  page: DashboardPage;
  /** A panel of the page to scroll to, or null. */
  section: string | null;
  /** An insight to show (a notification's link), or null. */
  insightId: string | null;
}

const isPage = (value: string): value is DashboardPage => dashboardPages.some((page) => page.id === value);

/** The route a path names; an unknown path (or `/`) is the Overview, never an error. */
export function routeOf(pathname: string): DashboardRoute {
  const parts = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  const overview: DashboardRoute = { page: 'overview', section: null, insightId: null };
  if (parts[0] !== 'dashboard' || !parts[1] || !isPage(parts[1])) return overview;
  const page = parts[1];
  if (page === 'for-you' && parts[2] === 'insights' && parts[3] && parts.length === 4) {
    return { page, section: 'insights', insightId: parts[3] };
  }
  const section = parts.length === 3 && dashboardSections[page].includes(parts[2]!) ? parts[2]! : null;
  return { page, section, insightId: null };
}

/** The path of a route (what `routeOf` reads back). */
export function pathOf(route: DashboardRoute): string {
  if (route.page === 'for-you' && route.insightId)
    return `/dashboard/for-you/insights/${encodeURIComponent(route.insightId)}`;
  return `/dashboard/${route.page}${route.section ? `/${route.section}` : ''}`;
}

/** The link a notification about an insight opens. */
export function insightPath(insightId: string): string {
  return pathOf({ page: 'for-you', section: 'insights', insightId });
}
