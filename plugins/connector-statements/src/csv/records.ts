/**
 * A CSV reader (RFC 4180 plus the usual variations): configurable delimiter and quote character, quoted
 * fields holding delimiters, doubled quotes and line breaks, CRLF or LF line ends. Each record keeps
 * the line it starts on, so errors point at the line the customer sees in their editor.
 */

export interface CsvRecord {
  /** 1-based line the record starts on. */
  readonly line: number;
  readonly fields: readonly string[];
}

export interface CsvSyntaxError {
  readonly line: number;
  readonly message: string;
}

export function readCsvRecords(
  text: string,
  delimiter: string,
  quote: string,
): { records: CsvRecord[]; errors: CsvSyntaxError[] } {
  const records: CsvRecord[] = [];
  const errors: CsvSyntaxError[] = [];
  let line = 1;
  let index = 0;
  const length = text.length;

  while (index < length) {
    const recordLine = line;
    const fields: string[] = [];
    let field = '';
    let recordDone = false;
    while (!recordDone) {
      if (text[index] === quote) {
        // Quoted field: runs to the next quote that is not doubled.
        const openedOn = line;
        index += 1;
        let closed = false;
        while (index < length) {
          const char = text[index]!;
          if (char === quote) {
            if (text[index + 1] === quote) {
              field += quote;
              index += 2;
              continue;
            }
            index += 1;
            closed = true;
            break;
          }
          if (char === '\n') line += 1;
          field += char;
          index += 1;
        }
        if (!closed) {
          errors.push({
            line: openedOn,
            message: `a quoted field opened on line ${openedOn} is never closed (a ${quote} is missing)`,
          });
          return { records, errors };
        }
        // After the closing quote only a delimiter or the end of the line may follow.
        const next = text[index];
        if (next !== undefined && next !== delimiter && next !== '\n' && next !== '\r') {
          errors.push({
            line,
            message: `text follows a closing ${quote} in the same field; quote the whole field and double any ${quote} inside it`,
          });
          while (index < length && text[index] !== delimiter && text[index] !== '\n') index += 1;
        }
      } else {
        while (index < length) {
          const char = text[index]!;
          if (char === delimiter || char === '\n' || (char === '\r' && text[index + 1] === '\n')) break;
          field += char;
          index += 1;
        }
      }
      const char = text[index];
      if (char === delimiter) {
        fields.push(field);
        field = '';
        index += 1;
      } else {
        fields.push(field);
        recordDone = true;
        if (char === '\r') index += 1;
        if (text[index] === '\n') {
          index += 1;
          line += 1;
        }
      }
    }
    // Blank lines (and a trailing line end) are not records.
    if (!(fields.length === 1 && fields[0]!.trim() === '')) records.push({ line: recordLine, fields });
  }
  return { records, errors };
}
