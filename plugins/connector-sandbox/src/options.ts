import { dayFromCivil, dayFromIso, civilFromDay } from './calendar';
import { sandboxRegions, type SandboxRegion } from './catalogue';

/**
 * What a sandbox customer is generated for. Part of the connection grant, so it must stay
 * JSON-serialisable; the same (seed, index, options) always gives the same customer.
 */
export interface SandboxOptions {
  /** The bank's region: sets the currency (EU → EUR, UK → GBP, US → USD) and the customers' locales. Default `'EU'`. */
  readonly region?: SandboxRegion;
  /** Last day of history (ISO date). Default `'2025-12-31'`: a fixed date, because the generator never reads the clock. */
  readonly endDate?: string;
  /** Years of history before `endDate` (1–30). Default 3. Ignored when `startDate` is given. */
  readonly years?: number;
  /** First day of history (ISO date), instead of `years`. */
  readonly startDate?: string;
  /**
   * Multiplies how often customers make card payments (0.25–20, default 1). Amounts shrink in step,
   * so balances stay realistic; use it for large streams (a 10,000-transaction sync test).
   */
  readonly activity?: number;
}

export interface ResolvedOptions {
  readonly region: SandboxRegion;
  readonly startDay: number;
  readonly endDay: number;
  readonly activity: number;
}

export const defaultEndDate = '2025-12-31';

/** Thrown for options the generator cannot use; the message names the option. */
export class SandboxOptionsError extends RangeError {
  override readonly name = 'SandboxOptionsError';
}

export function resolveOptions(options: SandboxOptions = {}): ResolvedOptions {
  const region = options.region ?? 'EU';
  if (!(sandboxRegions as readonly string[]).includes(region)) {
    throw new SandboxOptionsError(
      `Option "region" must be one of ${sandboxRegions.join(', ')}; got "${region}".`,
    );
  }
  const endDay = parseDate('endDate', options.endDate ?? defaultEndDate);
  let startDay: number;
  if (options.startDate !== undefined) {
    startDay = parseDate('startDate', options.startDate);
  } else {
    const years = options.years ?? 3;
    if (!Number.isInteger(years) || years < 1 || years > 30) {
      throw new SandboxOptionsError(`Option "years" must be a whole number from 1 to 30; got ${years}.`);
    }
    const end = civilFromDay(endDay);
    startDay = dayFromCivil(end.year - years, end.month, 1) + (end.day - 1) + 1;
  }
  if (startDay > endDay) throw new SandboxOptionsError('Option "startDate" must not be after "endDate".');
  const activity = options.activity ?? 1;
  if (typeof activity !== 'number' || !(activity >= 0.25 && activity <= 20)) {
    throw new SandboxOptionsError(`Option "activity" must be a number from 0.25 to 20; got ${activity}.`);
  }
  return { region, startDay, endDay, activity };
}

function parseDate(name: string, value: unknown): number {
  if (typeof value !== 'string')
    throw new SandboxOptionsError(`Option "${name}" must be an ISO date (YYYY-MM-DD).`);
  try {
    const day = dayFromIso(value);
    if (day < dayFromCivil(1970, 1, 1) || day > dayFromCivil(2100, 12, 31))
      throw new RangeError('out of range');
    return day;
  } catch {
    throw new SandboxOptionsError(
      `Option "${name}" must be an ISO date (YYYY-MM-DD) from 1970 to 2100; got "${value}".`,
    );
  }
}
