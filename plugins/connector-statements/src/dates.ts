/**
 * Date formats statement files use, written as patterns of `YYYY`, `YY`, `MM`, `M`, `DD`, `D` and
 * literal separators: `YYYY-MM-DD`, `DD.MM.YYYY`, `MM/DD/YYYY`, `YYMMDD`, `D.M.YYYY`.
 */

const tokenPattern = /YYYY|YY|MM|DD|M|D/g;

interface CompiledDateFormat {
  readonly format: string;
  readonly regex: RegExp;
  readonly order: readonly ('year4' | 'year2' | 'month' | 'day')[];
}

/** Checks a date format; returns a message saying what is wrong, or undefined when it is usable. */
export function dateFormatProblem(format: string): string | undefined {
  const tokens = format.match(tokenPattern) ?? [];
  const years = tokens.filter((token) => token.startsWith('Y')).length;
  const months = tokens.filter((token) => token.startsWith('M')).length;
  const days = tokens.filter((token) => token.startsWith('D')).length;
  if (years !== 1 || months !== 1 || days !== 1) {
    return `date format ${JSON.stringify(format)} must contain a year (YYYY or YY), a month (MM or M) and a day (DD or D) once each`;
  }
  const literal = format.replace(tokenPattern, '');
  if (/[A-Za-z0-9]/.test(literal)) {
    return `date format ${JSON.stringify(format)} has letters or digits outside YYYY/YY/MM/M/DD/D`;
  }
  return undefined;
}

export function compileDateFormat(format: string): CompiledDateFormat {
  const order: CompiledDateFormat['order'][number][] = [];
  let source = '';
  let last = 0;
  for (const match of format.matchAll(tokenPattern)) {
    source += escapeRegex(format.slice(last, match.index));
    const token = match[0];
    if (token === 'YYYY') {
      order.push('year4');
      source += '(\\d{4})';
    } else if (token === 'YY') {
      order.push('year2');
      source += '(\\d{2})';
    } else {
      order.push(token.startsWith('M') ? 'month' : 'day');
      source += token.length === 2 ? '(\\d{2})' : '(\\d{1,2})';
    }
    last = match.index + token.length;
  }
  source += escapeRegex(format.slice(last));
  return { format, regex: new RegExp(`^${source}$`), order };
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Parses `value` with the first format that matches and is a real calendar date; returns the ISO date.
 * Two-digit years at or above `pivot` are 19xx, below it 20xx (PKDD'99's `930101` is 1993-01-01).
 */
export function parseDate(
  value: string,
  formats: readonly CompiledDateFormat[],
  pivot: number,
): string | undefined {
  for (const format of formats) {
    const match = format.regex.exec(value);
    if (!match) continue;
    let year = 0;
    let month = 0;
    let day = 0;
    format.order.forEach((part, index) => {
      const number = Number(match[index + 1]);
      if (part === 'year4') year = number;
      else if (part === 'year2') year = number >= pivot ? 1900 + number : 2000 + number;
      else if (part === 'month') month = number;
      else day = number;
    });
    const iso = isoDate(year, month, day);
    if (iso) return iso;
  }
  return undefined;
}

/** `YYYY-MM-DD` when the parts are a real date (no 31 April, 29 February only in leap years). */
export function isoDate(year: number, month: number, day: number): string | undefined {
  if (year < 1 || month < 1 || month > 12 || day < 1) return undefined;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}
