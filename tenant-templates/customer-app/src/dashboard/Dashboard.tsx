// The signed-in home: the customer's dashboard, one page at a time — Overview (accounts and transactions),
// Spending, For you (insights and recommendations), Budgets & goals — each at its own URL (`routes.ts`): a tab
// pushes a history entry, back / forward follow it, and a link may name a tool or an insight.
import { useEffect, useMemo, useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import { AccountsPage } from '../accounts/AccountsPage.tsx';
import { fetchAccounts } from '../accounts/accounts-api.ts';
import { CategoriesNotice } from './CategoriesNotice.tsx';
import { fetchCategories } from './dashboard-api.ts';
import { ForYouPage } from './ForYouPage.tsx';
import { MoneyToolsPage } from './MoneyToolsPage.tsx';
import { RulesPage } from './RulesPage.tsx';
import { SpendingPage } from './SpendingPage.tsx';
import { dashboardPages, type DashboardRoute, pathOf, routeOf } from './routes.ts';
import { useLoad } from './use-load.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';

/** The route in the address bar, kept in step with back / forward; `go` opens another (a new history entry). */
function useRoute(): [DashboardRoute, (route: DashboardRoute) => void] {
  const [route, setRoute] = useState(() => routeOf(window.location.pathname));
  useEffect(() => {
    const follow = () => setRoute(routeOf(window.location.pathname));
    window.addEventListener('popstate', follow);
    return () => window.removeEventListener('popstate', follow);
  }, []);
  const go = (next: DashboardRoute) => {
    if (window.location.pathname !== pathOf(next)) window.history.pushState(null, '', pathOf(next));
    setRoute(next);
  };
  return [route, go];
}

export function Dashboard(props: { api: ApiClient; token: string; notice?: string }) {
  const { api, token } = props;
  const { t, language } = useI18n();
  const [route, go] = useRoute();
  const { page } = route;
  // A link to a panel brings it into view with the focus on its heading (screen readers start there).
  useEffect(() => {
    if (!route.section || route.insightId) return;
    const heading = document.getElementById(`${route.section}-heading`);
    if (!heading) return;
    heading.tabIndex = -1;
    heading.scrollIntoView({ block: 'start' });
    heading.focus({ preventScroll: true });
  }, [route]);
  // The taxonomy's labels name categories everywhere; without them the ids show (still usable). The API
  // writes them in the app's language: a switch loads them again.
  const [categories, reloadCategories] = useLoad(() => fetchCategories(api, token), [api, token, language]);
  const [accounts] = useLoad(() => fetchAccounts(api, token), [api, token]);
  const labels = useMemo(
    () =>
      new Map(
        categories.kind === 'ready' ? categories.value.map((category) => [category.id, category.label]) : [],
      ),
    [categories],
  );
  const currency = (accounts.kind === 'ready' && accounts.value[0]?.currency) || 'EUR';

  return (
    <div className="dashboard">
      <nav className="dashboard-nav" aria-label={t('dashboard.label')}>
        <ul>
          {dashboardPages.map((item) => (
            <li key={item.id}>
              <a
                className="tab"
                aria-current={page === item.id ? 'page' : undefined}
                onClick={(event) => {
                  // A plain click stays in the app; a middle or modified click opens the link as links do.
                  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey)
                    return;
                  event.preventDefault();
                  go({ page: item.id, section: null, insightId: null });
                }}
                href={pathOf({ page: item.id, section: null, insightId: null })}
              >
                {t(item.label)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <div className="dashboard-page" data-page={page}>
        {(page === 'for-you' || page === 'money-tools' || page === 'rules') && (
          <CategoriesNotice categories={categories} onRetry={reloadCategories} />
        )}
        {page === 'overview' && (
          <AccountsPage
            api={api}
            token={token}
            notice={props.notice}
            categories={categories}
            onRetryCategories={reloadCategories}
            labels={labels}
          />
        )}
        {page === 'spending' && <SpendingPage api={api} token={token} labels={labels} />}
        {page === 'for-you' && (
          <ForYouPage
            api={api}
            token={token}
            insightId={route.insightId}
            categories={categories.kind === 'ready' ? categories.value : []}
            labels={labels}
          />
        )}
        {page === 'money-tools' && (
          <MoneyToolsPage
            api={api}
            token={token}
            categories={categories.kind === 'ready' ? categories.value : []}
            labels={labels}
            currency={currency}
            accounts={accounts.kind === 'ready' ? accounts.value : []}
          />
        )}
        {page === 'rules' && (
          <RulesPage
            api={api}
            token={token}
            categories={categories.kind === 'ready' ? categories.value : []}
            labels={labels}
          />
        )}
      </div>
    </div>
  );
}
