/**
 * `salary-change`: the customer's regular income (`income.regular` = 1) changed by more than the bank's
 * threshold (`income.change`: the last 3 months over the 3 before, minus 1). The feature stays high for
 * months after one raise, so the insight is keyed by the month the change happened — found in the
 * window's salary and pension credits — and shown once for it.
 */
import type { CandidateInsight, EvidenceRef, InsightInput, InsightTransaction } from '@finpersona/plugin-sdk';
import { addMonths, dateOf, firstDayOf, nextQuarterStart, quarterOf, startOf } from '../calendar';
import { messagesFor } from '../messages';
import type { SalaryChangeSettings } from '../settings';
import { basisPoints, median, minorOf, regularIncomeCategories, relevanceBetween, saturate } from '../shared';

export const salaryChangeKind = {
  kind: 'salary-change',
  description:
    "The customer's regular income (salary or pension) over the last three months rose or fell by more than the bank's threshold against the three months before. Evidence: the income features and the salary or pension credits since the change.",
} as const;

/**
 * Months after the start of the month of a step during which `income.change` can still reflect it: its
 * two 3-month windows together span 6 months.
 */
const changeVisibleMonths = 6;

/**
 * The month the regular income stepped in `direction`: of the splits of the monthly totals where the
 * median after differs from the median before in that direction, the one that leaves each side most
 * uniform (least total absolute deviation from its side's median) — the month of a clean step. Months
 * added after the change, or dropped from the start of the window, leave it where it is, so the same
 * change gives the same month at every sync.
 */
export function changeMonth(
  credits: readonly InsightTransaction[],
  direction: 1 | -1,
): { month: string; credits: InsightTransaction[] } | undefined {
  const byMonth = new Map<string, number>();
  for (const credit of credits) {
    const month = credit.bookingDate.slice(0, 7);
    byMonth.set(month, (byMonth.get(month) ?? 0) + minorOf(credit.amount));
  }
  const months = [...byMonth.keys()].sort();
  const totals = months.map((month) => byMonth.get(month)!);
  const deviation = (values: readonly number[], centre: number) =>
    values.reduce((sum, value) => sum + Math.abs(value - centre), 0);
  let best: { index: number; cost: number } | undefined;
  for (let index = 1; index < months.length; index++) {
    const before = totals.slice(0, index);
    const after = totals.slice(index);
    const [medianBefore, medianAfter] = [median(before), median(after)];
    if ((medianAfter - medianBefore) * direction <= 0) continue;
    const cost = deviation(before, medianBefore) + deviation(after, medianAfter);
    if (!best || cost < best.cost) best = { index, cost };
  }
  if (!best) return undefined;
  const month = months[best.index]!;
  return { month, credits: credits.filter((credit) => credit.bookingDate.slice(0, 7) >= month) };
}

export function salaryChange(input: InsightInput, settings: SalaryChangeSettings): CandidateInsight[] {
  const regular = input.features['income.regular'];
  const change = input.features['income.change'];
  if (regular !== 1 || change === null || change === undefined) return [];
  if (Math.abs(change) < settings.minimumChange) return [];
  const rose = change > 0;
  const direction = rose ? 'rise' : 'fall';
  const today = dateOf(input.now);
  const credits = input.transactions.items
    .filter(
      (item) => item.direction === 'credit' && item.category && regularIncomeCategories.has(item.category),
    )
    .sort((a, b) => a.bookingDate.localeCompare(b.bookingDate) || a.id.localeCompare(b.id));
  const found = changeMonth(credits, rose ? 1 : -1);
  const expiresAtEvent = found && startOf(firstDayOf(addMonths(found.month, changeVisibleMonths)));
  // Without the credits (uncategorised income) or with a change older than the feature can still show,
  // the quarter stands in for the event: at most one such insight a quarter.
  const event =
    found && expiresAtEvent! > input.now
      ? { key: found.month, expiresAt: expiresAtEvent!, credits: found.credits }
      : { key: quarterOf(today), expiresAt: startOf(nextQuarterStart(today)), credits: [] };
  const evidence: EvidenceRef[] = [
    { kind: 'feature', name: 'income.change' },
    { kind: 'feature', name: 'income.regular' },
    ...event.credits.map((credit) => ({ kind: 'transaction' as const, id: credit.id })),
  ];
  const text = messagesFor(input).salaryChange[rose ? 'rise' : 'fall'];
  return [
    {
      kind: salaryChangeKind.kind,
      title: text.title,
      body: text.body,
      parameters: { change: { type: 'percent', basisPoints: Math.abs(basisPoints(change)) } },
      // Less income is worth the customer's attention; more is good news.
      severity: rose ? 'info' : 'notice',
      // A 20 % change sits mid-range.
      relevance: relevanceBetween(0.4, 0.85, saturate(Math.abs(change), 0.2)),
      evidence,
      expiresAt: event.expiresAt,
      dedupeKey: `salary-change:${direction}:${event.key}`,
    },
  ];
}
