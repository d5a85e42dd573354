/** Day arithmetic on ISO dates (YYYY-MM-DD, UTC): what behaviour measures in. */

const dayMs = 86_400_000;

/** The ISO date of an ISO date or instant (its UTC day). */
export function dayOf(value: string | Date): string {
  return (typeof value === 'string' ? value : value.toISOString()).slice(0, 10);
}

function epochDay(day: string): number {
  return Math.round(Date.parse(`${day.slice(0, 10)}T00:00:00Z`) / dayMs);
}

export function addDays(day: string, days: number): string {
  return new Date((epochDay(day) + days) * dayMs).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return epochDay(to) - epochDay(from);
}

function daysInMonth(year: number, monthIndex: number): number {
  return new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
}

/**
 * `months` calendar months after `day`, on `dayOfMonth` (default: the same day) clipped to the month's end,
 * so a payment on the 31st falls on the 28th/29th in February and on the 31st again in March.
 */
export function addMonths(day: string, months: number, dayOfMonth?: number): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7)) - 1 + months;
  const target = new Date(Date.UTC(year, month, 1));
  const wanted = dayOfMonth ?? Number(day.slice(8, 10));
  const clipped = Math.min(wanted, daysInMonth(target.getUTCFullYear(), target.getUTCMonth()));
  return new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth(), clipped))
    .toISOString()
    .slice(0, 10);
}

/** Whole calendar months from `from` to `to` (e.g. age, tenure), counting a month only once its day is reached. */
export function wholeMonthsBetween(from: string, to: string): number {
  const months =
    (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
    Number(to.slice(5, 7)) -
    Number(from.slice(5, 7));
  return Number(to.slice(8, 10)) < Number(from.slice(8, 10)) ? months - 1 : months;
}

/** Mean length of a month in days, for turning day spans into months. */
export const daysPerMonth = 365.25 / 12;

/** Every day in `[from, to)`. */
export function daysIn(from: string, to: string): string[] {
  const days: string[] = [];
  for (let day = from; day < to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The last day of the month of `day`. */
export function monthEnd(day: string): string {
  return addMonths(`${day.slice(0, 8)}01`, 0, 31);
}
