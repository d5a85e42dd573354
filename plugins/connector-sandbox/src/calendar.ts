/**
 * Dates as integer day numbers (days since 1970-01-01, UTC). The generator walks millions of days,
 * so it converts with Howard Hinnant's civil-calendar algorithms instead of allocating `Date`s, and
 * never reads the clock.
 */

export interface CivilDate {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  /** 1–31 */
  readonly day: number;
}

export function dayFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

export function civilFromDay(dayNumber: number): CivilDate {
  const z = dayNumber + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const shiftedMonth = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * shiftedMonth + 2) / 5) + 1;
  const month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` strictly (the date must exist). */
export function dayFromIso(iso: string): number {
  const match = isoDatePattern.exec(iso);
  if (!match) throw new RangeError(`"${iso}" is not an ISO date (YYYY-MM-DD).`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const dayNumber = dayFromCivil(year, month, day);
  const back = civilFromDay(dayNumber);
  if (back.year !== year || back.month !== month || back.day !== day) {
    throw new RangeError(`"${iso}" is not a calendar date.`);
  }
  return dayNumber;
}

const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));

export function isoFromCivil(date: CivilDate): string {
  return `${date.year}-${pad2(date.month)}-${pad2(date.day)}`;
}

export function isoFromDay(dayNumber: number): string {
  return isoFromCivil(civilFromDay(dayNumber));
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(dayNumber: number): number {
  return (((dayNumber + 3) % 7) + 7) % 7;
}

export function isWeekend(dayNumber: number): boolean {
  return weekday(dayNumber) >= 5;
}

export function daysInMonth(year: number, month: number): number {
  return (
    dayFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
    dayFromCivil(year, month, 1)
  );
}

/** The day `dayOfMonth` of the month, clamped to the month's last day (a "31st" in February is the 28th/29th). */
export function dayInMonth(year: number, month: number, dayOfMonth: number): number {
  return dayFromCivil(year, month, Math.min(dayOfMonth, daysInMonth(year, month)));
}

/** The business day on or before `dayNumber` (pay days move back over a weekend). */
export function businessDayOnOrBefore(dayNumber: number): number {
  const wd = weekday(dayNumber);
  return wd === 5 ? dayNumber - 1 : wd === 6 ? dayNumber - 2 : dayNumber;
}

/** The business day on or after `dayNumber` (direct debits move forward over a weekend). */
export function businessDayOnOrAfter(dayNumber: number): number {
  const wd = weekday(dayNumber);
  return wd === 5 ? dayNumber + 2 : wd === 6 ? dayNumber + 1 : dayNumber;
}
