/**
 * Collecting every problem in a file before answering: parsers keep going after an error so the
 * customer sees all of them at once, and nothing is returned as statements unless the list is empty.
 */
import type { StatementFileError } from '@finpersona/plugin-sdk';

/** More than this many problems are summarised in one last entry: a wholly wrong file would otherwise answer with megabytes. */
export const defaultMaxErrors = 1000;

export class Problems {
  private readonly listed: StatementFileError[] = [];
  private unlisted = 0;

  constructor(private readonly maxErrors = defaultMaxErrors) {}

  add(line: number | undefined, field: string | undefined, message: string): void {
    if (this.listed.length >= this.maxErrors) {
      this.unlisted += 1;
      return;
    }
    this.listed.push({
      ...(line === undefined ? {} : { line }),
      ...(field === undefined ? {} : { field }),
      message,
    });
  }

  get count(): number {
    return this.listed.length + this.unlisted;
  }

  get any(): boolean {
    return this.count > 0;
  }

  list(): StatementFileError[] {
    if (this.unlisted === 0) return [...this.listed];
    return [
      ...this.listed,
      {
        message: `${this.unlisted} more problems are not listed; fix the ones above (they are often the same mistake) and upload the file again.`,
      },
    ];
  }
}

/** Quotes a value from the file for a message, shortened so one huge cell cannot flood the error list. */
export function quoted(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(shown);
}
