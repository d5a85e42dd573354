import type { CashFlowForecast, ForecastScenario } from './forecast-types';
import type { BehaviourHistory } from './history';

/** Default forecast horizon in days. */
export const forecastDays = 30;

/** A day-by-day cash-flow forecast of the current accounts from `asOf`, with a P10–P90 band. */
export function forecastCashFlow(
  history: BehaviourHistory,
  days: number = forecastDays,
  scenario?: ForecastScenario,
): CashFlowForecast {
  void history;
  void days;
  void scenario;
  throw new Error('forecastCashFlow: seam only, implementation follows');
}
