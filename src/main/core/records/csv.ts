/**
 * CSV as spreadsheets expect it (RFC 4180): fields with a comma, quote or line break are quoted,
 * quotes doubled, records end with CRLF. Cells that a spreadsheet would run as a formula are
 * defused with a leading apostrophe (OWASP "CSV injection"), except a plain signed number such as
 * a phone number in E.164 (+14155550100): a spreadsheet reads it as a number and nothing runs, while
 * an apostrophe would show up in every number column of every export.
 */

/** A byte order mark so Excel reads the file as UTF-8 instead of the system code page. */
export const UTF8_BOM = '\uFEFF';

const formulaStart = /^[=+\-@\t\r]/;
const signedNumber = /^[+-]\d+(\.\d+)?$/;
const needsQuotes = /[",\r\n]/;

export function csvCell(value: unknown): string {
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  else text = JSON.stringify(value);
  if (formulaStart.test(text) && !signedNumber.test(text)) text = `'${text}`;
  return needsQuotes.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly unknown[]): string {
  return values.map(csvCell).join(',') + '\r\n';
}

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

/**
 * Parses RFC 4180 text (CRLF or LF line ends, a BOM is skipped). Throws with the line number on a
 * quote that never closes or text glued to a closing quote. Blank lines are skipped.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let i = text.startsWith(UTF8_BOM) ? 1 : 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let field = '';
      if (text[i] === '"') {
        i += 1;
        for (;;) {
          if (i >= n) throw new CsvSyntaxError(start, 'a quoted field is never closed');
          const ch = text[i]!;
          if (ch === '"') {
            if (text[i + 1] === '"') {
              field += '"';
              i += 2;
              continue;
            }
            i += 1;
            break;
          }
          if (ch === '\n') line += 1;
          field += ch;
          i += 1;
        }
        if (i < n && text[i] !== ',' && text[i] !== '\n' && text[i] !== '\r') {
          throw new CsvSyntaxError(line, 'text after a closing quote');
        }
      } else {
        let end = i;
        while (end < n && text[end] !== ',' && text[end] !== '\n' && text[end] !== '\r') end += 1;
        field = text.slice(i, end);
        i = end;
      }
      fields.push(field);
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      break;
    }
    if (text[i] === '\r') i += 1;
    if (text[i] === '\n') i += 1;
    line += 1;
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: start, fields });
  }
  return records;
}

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`Line ${line}: ${reason}.`);
    this.name = 'CsvSyntaxError';
  }
}
