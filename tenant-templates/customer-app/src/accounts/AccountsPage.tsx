// The customer's accounts with their balances, and their transactions with filters and "load more".
import { useCallback, useEffect, useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import {
  type Account,
  connectSource,
  fetchAccounts,
  fetchTransactions,
  type Transaction,
  type TransactionFilter,
} from './accounts-api.ts';
import {
  accountLabel,
  appendPage,
  CONNECTION_CALLBACK_PATH,
  emptyFilterForm,
  type FilterForm,
  filterFromForm,
  formatMoney,
  headlineBalance,
  signedAmount,
} from './format.ts';
import { StatementImport } from './StatementImport.tsx';
import { TransactionCategory } from './TransactionCategory.tsx';
import type { Category } from '../dashboard/dashboard-api.ts';
import { formatDay, withoutProblem } from '../dashboard/dashboard-format.ts';
import { failureOf, type Load } from '../dashboard/use-load.ts';
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/i18n.ts';

/** The connector the connect button uses (a bank offering several would show a choice). */
const connectorId = (import.meta.env.VITE_CONNECTOR as string | undefined) ?? 'sandbox';

function messageOf(error: unknown): string {
  return (error as Error)?.message ?? String(error);
}

export function AccountsPage(props: {
  api: ApiClient;
  token: string;
  /** The customer's live aggregation consent, when the app knows it (from the privacy page); connecting needs one. */
  aggregationConsentId?: string;
  /** A message to show once (e.g. the outcome of returning from a source). */
  notice?: string;
  /**
   * The category taxonomy as the dashboard loads it (`onRetryCategories` loads it again): a transaction's
   * category is named and can be changed once it is there.
   */
  categories?: Load<Category[]>;
  onRetryCategories?: () => void;
  labels?: ReadonlyMap<string, string>;
}) {
  const { api, token } = props;
  const { t } = useI18n();
  const [accounts, setAccounts] = useState<Load<Account[]>>({ kind: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    setAccounts({ kind: 'loading' });
    fetchAccounts(api, token).then(
      (value) => !cancelled && setAccounts({ kind: 'ready', value }),
      (error: unknown) => !cancelled && setAccounts({ kind: 'failed', ...failureOf(error) }),
    );
    return () => {
      cancelled = true;
    };
  }, [api, token, attempt]);

  return (
    <section className="accounts" aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">{t('accounts.title')}</h2>
      {props.notice && (
        <p className="detail" role="status">
          {props.notice}
        </p>
      )}
      {accounts.kind === 'loading' && (
        <div className="spinner" aria-busy="true" aria-label={t('accounts.loading')} />
      )}
      {accounts.kind === 'failed' && (
        <div className="card notice" role="alert" data-testid="accounts-error">
          <p>{t('accounts.failed', { message: accounts.message })}</p>
          <button type="button" className="button primary" onClick={() => setAttempt((n) => n + 1)}>
            {t('app.tryAgain')}
          </button>
        </div>
      )}
      {accounts.kind === 'ready' && accounts.value.length === 0 && (
        <div className="card empty" data-testid="accounts-empty">
          <p>{t('accounts.empty')}</p>
          <ConnectButton api={api} token={token} consentId={props.aggregationConsentId} />
        </div>
      )}
      {accounts.kind === 'ready' && accounts.value.length > 0 && (
        <>
          <ul className="account-list" data-testid="account-list">
            {accounts.value.map((account) => {
              const balance = headlineBalance(account);
              return (
                <li key={account.id} className="tile account">
                  <span className="tile-label">{accountLabel(account, t)}</span>
                  <span className="tile-value">{balance ? formatMoney(balance.amount) : '—'}</span>
                  {balance && <span className="sub">{balanceLabel(balance.type, t)}</span>}
                </li>
              );
            })}
          </ul>
          <ConnectButton api={api} token={token} consentId={props.aggregationConsentId} />
          <Transactions
            api={api}
            token={token}
            accounts={accounts.value}
            categories={props.categories ?? { kind: 'ready', value: [] }}
            onRetryCategories={props.onRetryCategories ?? (() => undefined)}
            labels={props.labels ?? new Map()}
          />
        </>
      )}
      {/* Always mounted, so its outcome stays shown while the accounts reload after an import. */}
      <StatementImport
        api={api}
        token={token}
        consentId={props.aggregationConsentId}
        // The file's accounts arrive with its first sync, a moment after the import: reload then.
        onImported={() => window.setTimeout(() => setAttempt((n) => n + 1), 3000)}
      />
    </section>
  );
}

/** "available balance": the API's balance types (ISO 20022 names) the app knows, else the type as given. */
function balanceLabel(type: string, t: ReturnType<typeof useI18n>['t']): string {
  const known: Record<string, MessageKey> = {
    available: 'accounts.balance.available',
    booked: 'accounts.balance.booked',
  };
  return known[type] ? t(known[type]) : t('accounts.balance.other', { type });
}

function ConnectButton(props: { api: ApiClient; token: string; consentId: string | undefined }) {
  const { t } = useI18n();
  const [state, setState] = useState<
    { kind: 'idle' | 'starting' } | { kind: 'needs-consent' | 'failed'; message: string }
  >({ kind: 'idle' });
  async function connect() {
    if (!props.consentId) {
      setState({
        kind: 'needs-consent',
        message: t('accounts.needsConsent'),
      });
      return;
    }
    setState({ kind: 'starting' });
    try {
      const url = await connectSource(props.api, props.token, {
        connector: connectorId,
        consentId: props.consentId,
        redirectUri: `${window.location.origin}${CONNECTION_CALLBACK_PATH}`,
      });
      // Sources that need the customer's approval send them there; the others are connected already.
      if (url) window.location.assign(url);
      else window.location.reload();
    } catch (error) {
      setState({ kind: 'failed', message: messageOf(error) });
    }
  }
  return (
    <div className="connect">
      <button
        type="button"
        className="button primary"
        onClick={() => void connect()}
        disabled={state.kind === 'starting'}
      >
        {state.kind === 'starting' ? t('accounts.connecting') : t('accounts.connect')}
      </button>
      {(state.kind === 'needs-consent' || state.kind === 'failed') && (
        <p className="detail" role="status">
          {state.message}
        </p>
      )}
    </div>
  );
}

function Transactions(props: {
  api: ApiClient;
  token: string;
  accounts: Account[];
  categories: Load<Category[]>;
  onRetryCategories: () => void;
  labels: ReadonlyMap<string, string>;
}) {
  const { api, token } = props;
  const { t } = useI18n();
  const [form, setForm] = useState<FilterForm>(emptyFilterForm);
  const [problems, setProblems] = useState<Partial<Record<keyof FilterForm, string>>>({});
  const [filter, setFilter] = useState<TransactionFilter>({});
  const [shown, setShown] = useState<Transaction[]>([]);
  const [next, setNext] = useState<string | null>(null);
  const [status, setStatus] = useState<{ kind: 'loading' | 'idle' } | { kind: 'failed'; message: string }>({
    kind: 'loading',
  });
  // What a change to a transaction came to, read out (e.g. "Moved to Groceries.").
  const [outcome, setOutcome] = useState<string | null>(null);
  // A new category shows at once in the row (the API has stored it: it is the customer's own from now on).
  const recategorised = (id: string, category: string) =>
    setShown((current) =>
      current.map((item) =>
        item.id === id ? { ...item, category, categorySource: 'CUSTOMER' as const } : item,
      ),
    );

  const load = useCallback(
    async (after: string | null, replace: boolean) => {
      setStatus({ kind: 'loading' });
      try {
        const page = await fetchTransactions(api, token, filter, after);
        setShown((current) => (replace ? page.transactions : appendPage(current, page.transactions)));
        setNext(page.hasNextPage ? page.endCursor : null);
        setStatus({ kind: 'idle' });
      } catch (error) {
        setStatus({ kind: 'failed', message: messageOf(error) });
      }
    },
    [api, token, filter],
  );

  useEffect(() => {
    void load(null, true);
  }, [load]);

  function apply(event: React.FormEvent) {
    event.preventDefault();
    const result = filterFromForm(form, t);
    setProblems(result.problems);
    if (Object.keys(result.problems).length === 0) setFilter(result.filter);
  }
  const field = (name: keyof FilterForm) => ({
    value: form[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement | HTMLSelectElement>) => {
      setForm((current) => ({ ...current, [name]: event.target.value }));
      // A changed value's problem goes until the filters are applied again (as in every form of the app).
      setProblems((current) => withoutProblem(current, name));
    },
    'aria-invalid': problems[name] ? true : undefined,
  });
  const accountName = new Map(props.accounts.map((account) => [account.id, accountLabel(account, t)]));

  return (
    <section className="transactions" aria-labelledby="transactions-heading">
      <h2 id="transactions-heading">{t('transactions.title')}</h2>
      <form className="filters" onSubmit={apply} aria-label={t('transactions.filter')}>
        <label>
          {t('transactions.account')}
          <select {...field('accountId')}>
            <option value="">{t('transactions.allAccounts')}</option>
            {props.accounts.map((account) => (
              <option key={account.id} value={account.id}>
                {accountLabel(account, t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('transactions.from')}
          <input type="date" {...field('bookedFrom')} />
        </label>
        <label>
          {t('transactions.to')}
          <input type="date" {...field('bookedTo')} />
          {problems.bookedTo && <span className="problem">{problems.bookedTo}</span>}
        </label>
        <label>
          {t('transactions.direction')}
          <select {...field('direction')}>
            <option value="">{t('transactions.inAndOut')}</option>
            <option value="CREDIT">{t('transactions.moneyIn')}</option>
            <option value="DEBIT">{t('transactions.moneyOut')}</option>
          </select>
        </label>
        <label>
          {t('transactions.minAmount')}
          <input inputMode="decimal" {...field('minAmount')} />
          {problems.minAmount && <span className="problem">{problems.minAmount}</span>}
        </label>
        <label>
          {t('transactions.maxAmount')}
          <input inputMode="decimal" {...field('maxAmount')} />
          {problems.maxAmount && <span className="problem">{problems.maxAmount}</span>}
        </label>
        <button type="submit" className="button secondary">
          {t('transactions.apply')}
        </button>
      </form>
      {status.kind === 'failed' && (
        <div className="card notice" role="alert">
          <p>{t('transactions.failed', { message: status.message })}</p>
          <button type="button" className="button primary" onClick={() => void load(null, true)}>
            {t('app.tryAgain')}
          </button>
        </div>
      )}
      {status.kind !== 'loading' && shown.length === 0 && status.kind !== 'failed' && (
        <p className="sub">{t('transactions.none')}</p>
      )}
      <p role="status" aria-live="polite" className="sub" data-testid="transactions-status">
        {outcome}
      </p>
      <ul className="transaction-list" data-testid="transaction-list">
        {shown.map((transaction) => {
          const who =
            transaction.merchantName ?? transaction.counterparty?.name ?? transaction.description ?? '—';
          const amount = formatMoney(signedAmount(transaction));
          const day = formatDay(transaction.bookingDate);
          return (
            <li key={transaction.id} className={`transaction ${transaction.direction.toLowerCase()}`}>
              <span className="date">
                <time dateTime={transaction.bookingDate}>{day}</time>
              </span>
              <span className="who">
                {who}
                <span className="sub">
                  {accountName.get(transaction.accountId)}
                  {transaction.status === 'PENDING' ? ` · ${t('transactions.pending')}` : ''}
                </span>
              </span>
              <span className="amount">{amount}</span>
              <TransactionCategory
                api={api}
                token={token}
                transaction={transaction}
                name={t('transactions.name', { who, amount, day })}
                categories={props.categories}
                onRetryCategories={props.onRetryCategories}
                labels={props.labels}
                onChanged={(category) => recategorised(transaction.id, category)}
                announce={setOutcome}
              />
            </li>
          );
        })}
      </ul>
      {status.kind === 'loading' && (
        <div className="spinner" aria-busy="true" aria-label={t('transactions.loading')} />
      )}
      {next && status.kind !== 'loading' && (
        <button type="button" className="button secondary load-more" onClick={() => void load(next, false)}>
          {t('transactions.loadMore')}
        </button>
      )}
    </section>
  );
}
