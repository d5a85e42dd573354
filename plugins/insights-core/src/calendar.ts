/**
 * Calendar arithmetic on ISO dates (`YYYY-MM-DD`) and months (`YYYY-MM`), all in UTC. Generators take
 * "today" from the input's `now`, never from the system clock, so the same input always gives the same
 * answer.
 */

const dayMs = 86_400_000;

/** The UTC date (`YYYY-MM-DD`) of an ISO instant. */
export function dateOf(instant: string): string {
  return new Date(Date.parse(instant)).toISOString().slice(0, 10);
}

/** `date` plus `days` (negative to go back). */
export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

/** The ISO instant of midnight UTC starting `date`. */
export function startOf(date: string): string {
  return `${date}T00:00:00.000Z`;
}

/** The month (`YYYY-MM`) `offset` months after `month` (negative to go back). */
export function addMonths(month: string, offset: number): string {
  const [year, monthNumber] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (monthNumber - 1) + offset;
  return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
}

/** The first day (`YYYY-MM-DD`) of `month`. */
export function firstDayOf(month: string): string {
  return `${month}-01`;
}

/** The calendar quarter of a date, as `YYYY-Qn`. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The first day of the quarter after the one `date` is in. */
export function nextQuarterStart(date: string): string {
  const month = Number(date.slice(5, 7));
  const quarterStartMonth = `${date.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}`;
  return firstDayOf(addMonths(quarterStartMonth, 3));
}
