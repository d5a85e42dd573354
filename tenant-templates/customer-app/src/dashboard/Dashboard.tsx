// The signed-in home: the customer's dashboard, one page at a time — Overview (accounts and transactions),
// Spending, For you (insights and recommendations), Budgets & goals.
import { useMemo, useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import { AccountsPage } from '../accounts/AccountsPage.tsx';
import { fetchAccounts } from '../accounts/accounts-api.ts';
import { fetchCategories } from './dashboard-api.ts';
import { ForYouPage } from './ForYouPage.tsx';
import { MoneyToolsPage } from './MoneyToolsPage.tsx';
import { SpendingPage } from './SpendingPage.tsx';
import { useLoad } from './use-load.ts';

export const dashboardPages = [
  { id: 'overview', label: 'Overview' },
  { id: 'spending', label: 'Spending' },
  { id: 'for-you', label: 'For you' },
  { id: 'money-tools', label: 'Budgets & goals' },
] as const;

export type DashboardPage = (typeof dashboardPages)[number]['id'];

export function Dashboard(props: { api: ApiClient; token: string; notice?: string }) {
  const { api, token } = props;
  const [page, setPage] = useState<DashboardPage>('overview');
  // The taxonomy's labels name categories everywhere; without them the ids show (still usable).
  const [categories] = useLoad(() => fetchCategories(api, token), [api, token]);
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
      <nav className="dashboard-nav" aria-label="Dashboard">
        <ul>
          {dashboardPages.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className="tab"
                aria-current={page === item.id ? 'page' : undefined}
                onClick={() => setPage(item.id)}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="dashboard-page" data-page={page}>
        {page === 'overview' && <AccountsPage api={api} token={token} notice={props.notice} />}
        {page === 'spending' && <SpendingPage api={api} token={token} labels={labels} />}
        {page === 'for-you' && <ForYouPage api={api} token={token} />}
        {page === 'money-tools' && (
          <MoneyToolsPage
            api={api}
            token={token}
            categories={categories.kind === 'ready' ? categories.value : []}
            labels={labels}
            currency={currency}
          />
        )}
      </div>
    </div>
  );
}
