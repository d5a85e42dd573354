// "Spending": this month per category against the customer's usual month, recurring payments with their next
// date and price changes, and the 30-day cash-flow forecast with its band and what-ifs.
import { useI18n } from '../i18n/I18nProvider.tsx';
import type { MessageKey } from '../i18n/i18n.ts';
import { useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import { formatMoney } from '../accounts/format.ts';
import {
  type CashFlowForecast,
  fetchForecast,
  fetchRecurring,
  fetchSpending,
  type ForecastScenario,
  type RecurringPayment,
  type SpendByCategory,
} from './dashboard-api.ts';
import {
  describePriceChange,
  endBalance,
  forecastGeometry,
  formatDay,
  rentCategoryLabel,
  scenarioOf,
  spendRows,
} from './dashboard-format.ts';
import { NeedsConsent, Panel } from './Panel.tsx';
import { failureOf, type Load, useLoad } from './use-load.ts';

const cadenceLabels: Record<RecurringPayment['cadence'], MessageKey> = {
  WEEKLY: 'recurring.WEEKLY',
  MONTHLY: 'recurring.MONTHLY',
  QUARTERLY: 'recurring.QUARTERLY',
  YEARLY: 'recurring.YEARLY',
};

export function SpendingPage(props: { api: ApiClient; token: string; labels: ReadonlyMap<string, string> }) {
  const { api, token } = props;
  // This month and the three before it: "usual" is their average.
  const { t } = useI18n();
  const [spending, reloadSpending] = useLoad(() => fetchSpending(api, token, 4), [api, token]);
  const [recurring, reloadRecurring] = useLoad(() => fetchRecurring(api, token), [api, token]);
  // Without the aggregation consent none of the page can be shown: say so once, not per panel.
  if (spending.kind === 'failed' && spending.code === 'FORBIDDEN') {
    return (
      <section className="panel empty" data-testid="spending-unavailable" aria-labelledby="spending-heading">
        <h2 id="spending-heading">{t('spending.title')}</h2>
        <NeedsConsent message={spending.message} />
      </section>
    );
  }
  return (
    <>
      <Panel
        id="spending"
        title={t('spending.thisMonthTitle')}
        state={spending}
        onRetry={reloadSpending}
        unavailable={(message) => <NeedsConsent message={message} />}
      >
        {(value) => <SpendingChart spending={value} labels={props.labels} />}
      </Panel>
      <Panel
        id="recurring"
        title={t('recurring.title')}
        state={recurring}
        onRetry={reloadRecurring}
        unavailable={(message) => <NeedsConsent message={message} />}
      >
        {(value) => <RecurringList payments={value} labels={props.labels} />}
      </Panel>
      <ForecastPanel api={api} token={token} recurring={recurring} labels={props.labels} />
    </>
  );
}

export function SpendingChart({
  spending,
  labels,
}: {
  spending: SpendByCategory;
  labels: ReadonlyMap<string, string>;
}) {
  const { t } = useI18n();
  const rows = spendRows(spending, labels, t);
  if (rows.length === 0) {
    return (
      <p className="empty" data-testid="spending-empty">
        {t('spending.empty')}
      </p>
    );
  }
  return (
    <table className="spend-chart">
      <caption className="sub">{t('spending.caption')}</caption>
      <thead>
        <tr>
          <th scope="col">{t('spending.category')}</th>
          <th scope="col">{t('spending.thisMonth')}</th>
          <th scope="col">{t('spending.usualMonth')}</th>
          <th scope="col" className="bars-head">
            <span className="legend this">{t('spending.thisMonth')}</span>{' '}
            <span className="legend usual">{t('spending.usual')}</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row.category ?? 'none'} data-category={row.category ?? ''}>
            <th scope="row">{row.label}</th>
            <td className="amount">
              {formatMoney(row.thisMonth)}
              <span className={`trend ${row.trend}`}>
                {row.trend === 'above' ? t('spending.more') : row.trend === 'below' ? t('spending.less') : ''}
              </span>
            </td>
            <td className="amount">{formatMoney(row.usual)}</td>
            <td className="bars" aria-hidden="true">
              <span className="bar this" style={{ width: `${row.thisMonthWidth}%` }} />
              <span className="bar usual" style={{ width: `${row.usualWidth}%` }} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function RecurringList({
  payments,
  labels,
}: {
  payments: RecurringPayment[];
  labels: ReadonlyMap<string, string>;
}) {
  const { t } = useI18n();
  const active = payments.filter((payment) => payment.active);
  if (active.length === 0) {
    return (
      <p className="empty" data-testid="recurring-empty">
        {t('recurring.empty')}
      </p>
    );
  }
  return (
    <ul className="recurring-list" data-testid="recurring-list">
      {active.map((payment) => (
        <li key={payment.key} className="recurring">
          <span className="who">
            {payment.party ?? t('recurring.unknownParty')}
            <span className="sub">
              {t(cadenceLabels[payment.cadence])}
              {payment.category ? ` · ${labels.get(payment.category) ?? payment.category}` : ''}
            </span>
          </span>
          <span className="next">
            <span className="sub">{t('recurring.next')}</span> {formatDay(payment.nextExpectedDate)}
          </span>
          <span className={`amount ${payment.direction.toLowerCase()}`}>
            {payment.direction === 'CREDIT' ? '+' : '−'}
            {formatMoney(payment.nextExpectedAmount)}
          </span>
          {payment.priceChange && (
            <span className="flag" data-testid="price-change">
              {t('recurring.priceChanged', {
                change: describePriceChange(payment.priceChange, undefined, t),
                date: formatDay(payment.priceChange.since),
              })}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The forecast with its what-if form: cancel chosen subscriptions, rent +5 %. */
function ForecastPanel(props: {
  api: ApiClient;
  token: string;
  recurring: Load<RecurringPayment[]>;
  labels: ReadonlyMap<string, string>;
}) {
  const { api, token } = props;
  const { t } = useI18n();
  const [baseline, reloadBaseline] = useLoad(() => fetchForecast(api, token, null), [api, token]);
  const [cancelled, setCancelled] = useState<string[]>([]);
  const [rentRise, setRentRise] = useState(false);
  const [whatIf, setWhatIf] = useState<
    | { kind: 'none' }
    | { kind: 'loading' }
    | { kind: 'failed'; message: string }
    | { kind: 'ready'; forecast: CashFlowForecast; scenario: ForecastScenario }
  >({ kind: 'none' });
  const debits =
    props.recurring.kind === 'ready'
      ? props.recurring.value.filter((payment) => payment.active && payment.direction === 'DEBIT')
      : [];

  async function apply(event: React.FormEvent) {
    event.preventDefault();
    const scenario = scenarioOf(cancelled, rentRise ? 5 : 0);
    if (!scenario) {
      setWhatIf({ kind: 'none' });
      return;
    }
    setWhatIf({ kind: 'loading' });
    try {
      setWhatIf({ kind: 'ready', forecast: await fetchForecast(api, token, scenario), scenario });
    } catch (error) {
      setWhatIf({ kind: 'failed', message: failureOf(error).message });
    }
  }

  return (
    <Panel
      id="forecast"
      title={t('forecast.title')}
      state={baseline}
      onRetry={reloadBaseline}
      unavailable={(message) => <NeedsConsent message={message} />}
    >
      {(forecast) => (
        <>
          <ForecastChart forecast={forecast} label={t('forecast.expected')} testId="forecast-chart" />
          <form className="what-if" onSubmit={(event) => void apply(event)} aria-labelledby="what-if-heading">
            <h3 id="what-if-heading">{t('forecast.whatIf')}</h3>
            {debits.length > 0 && (
              <fieldset>
                <legend>{t('forecast.iCancel')}</legend>
                {debits.map((payment) => (
                  <label key={payment.key}>
                    <input
                      type="checkbox"
                      checked={cancelled.includes(payment.key)}
                      onChange={(event) =>
                        setCancelled((current) =>
                          event.target.checked
                            ? [...current, payment.key]
                            : current.filter((key) => key !== payment.key),
                        )
                      }
                    />
                    {payment.party ?? t('recurring.unknownParty')} ({formatMoney(payment.nextExpectedAmount)})
                  </label>
                ))}
              </fieldset>
            )}
            <label className="inline">
              <input
                type="checkbox"
                checked={rentRise}
                onChange={(event) => setRentRise(event.target.checked)}
              />
              {t('forecast.rentRises', { category: rentCategoryLabel(props.labels) })}
            </label>
            <button type="submit" className="button secondary" disabled={whatIf.kind === 'loading'}>
              {whatIf.kind === 'loading' ? t('forecast.calculating') : t('forecast.show')}
            </button>
          </form>
          <div role="status" aria-live="polite">
            {whatIf.kind === 'failed' && (
              <p className="problem">{t('forecast.failed', { message: whatIf.message })}</p>
            )}
            {whatIf.kind === 'ready' && (
              <div data-testid="what-if-result">
                <ForecastChart
                  forecast={whatIf.forecast}
                  label={t('forecast.expectedWhatIf')}
                  testId="what-if-chart"
                />
                <p>
                  {t('forecast.in30Days', {
                    today: formatOptional(endBalance(forecast)),
                    whatIf: formatOptional(endBalance(whatIf.forecast)),
                  })}
                </p>
              </div>
            )}
          </div>
        </>
      )}
    </Panel>
  );
}

const formatOptional = (money: ReturnType<typeof endBalance>) => (money ? formatMoney(money) : '—');

const chartWidth = 600;
const chartHeight = 160;

export function ForecastChart({
  forecast,
  label,
  testId,
}: {
  forecast: CashFlowForecast;
  label: string;
  testId: string;
}) {
  const { t } = useI18n();
  const geometry = forecastGeometry(forecast, chartWidth, chartHeight);
  const first = forecast.days[0];
  const last = forecast.days.at(-1);
  if (!geometry || !first || !last) return <p className="empty">{t('forecast.none')}</p>;
  const summary =
    t('forecast.summary', {
      label,
      firstAmount: formatMoney(first.expected),
      firstDay: formatDay(first.date),
      lastAmount: formatMoney(last.expected),
      lastDay: formatDay(last.date),
      low: formatMoney(last.low),
      high: formatMoney(last.high),
    }) +
    (forecast.lowest
      ? t('forecast.lowest', {
          amount: formatMoney(forecast.lowest.expected),
          day: formatDay(forecast.lowest.date),
        })
      : '');
  return (
    <figure className="forecast" data-testid={testId}>
      <div className="axis" aria-hidden="true">
        <span>{formatMoney(geometry.max)}</span>
        <span>{formatMoney(geometry.min)}</span>
      </div>
      <svg
        viewBox={`0 0 ${chartWidth} ${chartHeight}`}
        role="img"
        aria-label={summary}
        preserveAspectRatio="none"
      >
        <path className="band" d={geometry.band} />
        {geometry.zeroY !== null && (
          <line className="zero" x1="0" x2={chartWidth} y1={geometry.zeroY} y2={geometry.zeroY} />
        )}
        <path className="expected" d={geometry.line} />
      </svg>
      <figcaption className="sub">
        {summary} {t('forecast.band')}
      </figcaption>
    </figure>
  );
}
