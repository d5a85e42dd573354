// "Spending": this month per category against the customer's usual month, recurring payments with their next
// date and price changes, and the 30-day cash-flow forecast with its band and what-ifs.
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
  rentCategory,
  scenarioOf,
  spendRows,
} from './dashboard-format.ts';
import { NeedsConsent, Panel } from './Panel.tsx';
import { failureOf, type Load, useLoad } from './use-load.ts';

const cadenceLabels: Record<RecurringPayment['cadence'], string> = {
  WEEKLY: 'Weekly',
  MONTHLY: 'Monthly',
  QUARTERLY: 'Quarterly',
  YEARLY: 'Yearly',
};

export function SpendingPage(props: { api: ApiClient; token: string; labels: ReadonlyMap<string, string> }) {
  const { api, token } = props;
  // This month and the three before it: "usual" is their average.
  const [spending, reloadSpending] = useLoad(() => fetchSpending(api, token, 4), [api, token]);
  const [recurring, reloadRecurring] = useLoad(() => fetchRecurring(api, token), [api, token]);
  // Without the aggregation consent none of the page can be shown: say so once, not per panel.
  if (spending.kind === 'failed' && spending.code === 'FORBIDDEN') {
    return (
      <section className="panel empty" data-testid="spending-unavailable" aria-labelledby="spending-heading">
        <h2 id="spending-heading">Spending</h2>
        <NeedsConsent message={spending.message} />
      </section>
    );
  }
  return (
    <>
      <Panel
        id="spending"
        title="Spending this month"
        state={spending}
        onRetry={reloadSpending}
        unavailable={(message) => <NeedsConsent message={message} />}
      >
        {(value) => <SpendingChart spending={value} labels={props.labels} />}
      </Panel>
      <Panel
        id="recurring"
        title="Recurring payments"
        state={recurring}
        onRetry={reloadRecurring}
        unavailable={(message) => <NeedsConsent message={message} />}
      >
        {(value) => <RecurringList payments={value} labels={props.labels} />}
      </Panel>
      <ForecastPanel api={api} token={token} recurring={recurring} />
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
  const rows = spendRows(spending, labels);
  if (rows.length === 0) {
    return (
      <p className="empty" data-testid="spending-empty">
        No spending yet: once your accounts have transactions, you will see where your money goes.
      </p>
    );
  }
  return (
    <table className="spend-chart">
      <caption className="sub">
        This month so far against your usual month (the average of the three before).
      </caption>
      <thead>
        <tr>
          <th scope="col">Category</th>
          <th scope="col">This month</th>
          <th scope="col">Usual month</th>
          <th scope="col" className="bars-head">
            <span className="legend this">This month</span> <span className="legend usual">Usual</span>
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
                {row.trend === 'above'
                  ? ' ▲ more than usual'
                  : row.trend === 'below'
                    ? ' ▼ less than usual'
                    : ''}
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
  const active = payments.filter((payment) => payment.active);
  if (active.length === 0) {
    return (
      <p className="empty" data-testid="recurring-empty">
        No recurring payments found yet: they show once a payment has repeated a few times.
      </p>
    );
  }
  return (
    <ul className="recurring-list" data-testid="recurring-list">
      {active.map((payment) => (
        <li key={payment.key} className="recurring">
          <span className="who">
            {payment.party ?? 'Unknown party'}
            <span className="sub">
              {cadenceLabels[payment.cadence]}
              {payment.category ? ` · ${labels.get(payment.category) ?? payment.category}` : ''}
            </span>
          </span>
          <span className="next">
            <span className="sub">Next expected</span> {formatDay(payment.nextExpectedDate)}
          </span>
          <span className={`amount ${payment.direction.toLowerCase()}`}>
            {payment.direction === 'CREDIT' ? '+' : '−'}
            {formatMoney(payment.nextExpectedAmount)}
          </span>
          {payment.priceChange && (
            <span className="flag" data-testid="price-change">
              Price changed: {describePriceChange(payment.priceChange)} since{' '}
              {formatDay(payment.priceChange.since)}
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The forecast with its what-if form: cancel chosen subscriptions, rent +5 %. */
function ForecastPanel(props: { api: ApiClient; token: string; recurring: Load<RecurringPayment[]> }) {
  const { api, token } = props;
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
      title="Cash flow, next 30 days"
      state={baseline}
      onRetry={reloadBaseline}
      unavailable={(message) => <NeedsConsent message={message} />}
    >
      {(forecast) => (
        <>
          <ForecastChart forecast={forecast} label="Expected balance" testId="forecast-chart" />
          <form className="what-if" onSubmit={(event) => void apply(event)} aria-labelledby="what-if-heading">
            <h3 id="what-if-heading">What if…</h3>
            {debits.length > 0 && (
              <fieldset>
                <legend>I cancel</legend>
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
                    {payment.party ?? 'Unknown party'} ({formatMoney(payment.nextExpectedAmount)})
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
              My rent rises 5 % (category “{rentCategory}”)
            </label>
            <button type="submit" className="button secondary" disabled={whatIf.kind === 'loading'}>
              {whatIf.kind === 'loading' ? 'Calculating…' : 'Show what-if'}
            </button>
          </form>
          <div role="status" aria-live="polite">
            {whatIf.kind === 'failed' && (
              <p className="problem">The what-if could not be calculated: {whatIf.message}</p>
            )}
            {whatIf.kind === 'ready' && (
              <div data-testid="what-if-result">
                <ForecastChart
                  forecast={whatIf.forecast}
                  label="Expected balance with your what-if"
                  testId="what-if-chart"
                />
                <p>
                  In 30 days: {formatOptional(endBalance(forecast))} today’s way,{' '}
                  {formatOptional(endBalance(whatIf.forecast))} with your what-if.
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
  const geometry = forecastGeometry(forecast, chartWidth, chartHeight);
  const first = forecast.days[0];
  const last = forecast.days.at(-1);
  if (!geometry || !first || !last)
    return <p className="empty">No forecast yet: connect an account first.</p>;
  const summary =
    `${label}: ${formatMoney(first.expected)} on ${formatDay(first.date)} to ${formatMoney(last.expected)} on ` +
    `${formatDay(last.date)}; likely between ${formatMoney(last.low)} and ${formatMoney(last.high)} by then.` +
    (forecast.lowest
      ? ` Lowest expected: ${formatMoney(forecast.lowest.expected)} on ${formatDay(forecast.lowest.date)}.`
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
        {summary} The shaded band is the range we expect 8 times out of 10.
      </figcaption>
    </figure>
  );
}
