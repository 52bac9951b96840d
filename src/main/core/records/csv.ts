/**
 * CSV as spreadsheets expect it, through `csv-stringify` and `csv-parse` (both streaming): this
 * file only holds our choices, so exports, the contacts import and the tests share one of each.
 *
 * Writing (RFC 4180): fields with a comma, quote or line break are quoted, quotes doubled, records
 * end with CRLF, UTF-8 with a BOM. Cells that a spreadsheet would run as a formula are defused with
 * a leading apostrophe (OWASP "CSV injection"), except a plain signed number such as a phone number
 * in E.164 (+14155550100): a spreadsheet reads it as a number and nothing runs, while an apostrophe
 * would show up in every number column of every export. (The library's own `escape_formulas`
 * would put that apostrophe on every phone number, so the guard is ours.)
 *
 * Reading: CRLF, LF or CR line ends, a BOM is skipped, blank lines are skipped, rows may have any
 * number of fields (the caller says what is wrong with a row), and every record knows the line it
 * starts on, so a quoted multi-line note does not shift the line numbers of the rows after it.
 */
import { CsvError, parse, type InfoRecord, type Options as ParseOptions } from 'csv-parse';
import { parse as parseSync } from 'csv-parse/sync';
import { stringify, type Options as StringifyOptions, type Stringifier } from 'csv-stringify';
import { stringify as stringifySync } from 'csv-stringify/sync';
import { Readable } from 'node:stream';

/** A byte order mark so Excel reads the file as UTF-8 instead of the system code page. */
export const UTF8_BOM = '\uFEFF';

const formulaStart = /^[=+\-@\t\r]/;
const signedNumber = /^[+-]\d+(\.\d+)?$/;

function defused(text: string): string {
  return formulaStart.test(text) && !signedNumber.test(text) ? `'${text}` : text;
}

/** `scrub` sees every text cell before it is defused and quoted (exports drop secrets there). */
function writeOptions(scrub: (text: string) => string = (text) => text): StringifyOptions {
  return {
    record_delimiter: 'windows',
    // With an explicit record delimiter the library quotes only a field holding all of "\r\n";
    // a lone CR or LF in a field must be quoted too, or the row would break in two.
    quote_record_delimiter: true,
    cast: {
      string: (value) => defused(scrub(value)),
      number: (value) => scrub(String(value)),
      boolean: (value) => String(value), // the library writes true as "1" and false as ""
      object: (value) => scrub(JSON.stringify(value)),
      date: (value) => JSON.stringify(value),
    },
  };
}

/** One cell as exports write it: the rules above, one value at a time (tests check them so). */
export function csvCell(value: unknown): string {
  return csvRow([value]).slice(0, -2);
}

/** One record as exports write it, CRLF included (tests and the fuzz targets use it). */
export function csvRow(values: readonly unknown[]): string {
  return stringifySync([[...values]], writeOptions());
}

/**
 * A streaming writer: BOM and header row first (also when no record follows), then one record per
 * `write(values)`, the values in the order of `columns`. Pipe it into the file.
 */
export function csvWriter(
  columns: readonly string[],
  scrub?: (text: string) => string,
): Stringifier {
  return stringify({ ...writeOptions(scrub), bom: true, header: true, columns: [...columns] });
}

export interface CsvRecord {
  /** 1-based line where the record starts (a quoted field may span lines). */
  line: number;
  fields: string[];
}

/**
 * Our reading options, with line numbers counted as before the library: a record starts on the
 * line after the previous one ended, plus the blank lines skipped in between; a record spans one
 * line more for each LF inside its quoted fields. (The library's own `lines` counts a CRLF inside
 * quotes twice.) `on_record` keeps count as records are parsed, before any is consumed, so a
 * syntax error later on is placed right too.
 */
function readOptions(): { options: ParseOptions; fail: (error: unknown) => never } {
  let next = 1;
  let skipped = 0;
  const startOf = (at: { empty_lines: number }) => next + at.empty_lines - skipped;
  const lineBreaks = (text: string) => text.split('\n').length - 1;
  const options: ParseOptions = {
    bom: true,
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: true,
    relax_column_count: true,
    raw: true, // only so a syntax error can say on which line of a multi-line record it is
    on_record: toOurRecord as unknown as ParseOptions['on_record'],
  };
  // With `raw` on, each record reaches `on_record` as { record, raw }; what it returns is emitted.
  function toOurRecord({ record: fields }: { record: string[] }, at: InfoRecord): CsvRecord | null {
    const line = startOf(at);
    next = line + lineBreaks(fields.join('')) + 1;
    skipped = at.empty_lines;
    // A line holding only "" is as blank as an empty one.
    if (fields.length === 1 && fields[0] === '') return null;
    return { line, fields };
  }
  const fail = (error: unknown): never => {
    if (!(error instanceof CsvError)) throw error;
    const start = startOf({ empty_lines: Number(error.empty_lines) });
    // A quote that never closes is reported where its record starts, anything else where it is
    // (the blank lines before the record are in `raw` too, and counted already).
    const line =
      error.code === 'CSV_QUOTE_NOT_CLOSED'
        ? start
        : start + lineBreaks(String(error.raw ?? '').replace(/^[\r\n]+/, ''));
    throw new CsvSyntaxError(line, reasons[error.code] ?? 'this is not a CSV file');
  };
  return { options, fail };
}

const reasons: Partial<Record<CsvError['code'], string>> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted field is never closed',
  CSV_INVALID_CLOSING_QUOTE: 'text after a closing quote',
  // The library refuses what the old hand-written reader let through as text (a field like
  // O"Brien): spreadsheets always quote such a field, so the way out is the one they take.
  INVALID_OPENING_QUOTE:
    'a quote inside a field that does not start with one (put the whole field in quotes and double the quote)',
};

/** Bytes fed to the parser at a time: it parses as records are taken, not all up front. */
const READ_CHUNK_BYTES = 64 * 1024;

function* chunksOf(bytes: Buffer): Generator<Buffer> {
  for (let at = 0; at < bytes.length; at += READ_CHUNK_BYTES) {
    yield bytes.subarray(at, at + READ_CHUNK_BYTES);
  }
}

/**
 * Reads CSV text as it streams through `csv-parse`, a chunk of bytes at a time (the parser joins
 * a character cut between two chunks). Throws `CsvSyntaxError` with the line.
 */
export async function* readCsv(text: string): AsyncGenerator<CsvRecord> {
  const { options, fail } = readOptions();
  const parser = parse(options);
  Readable.from(chunksOf(Buffer.from(text, 'utf8'))).pipe(parser);
  try {
    for await (const record of parser as AsyncIterable<CsvRecord>) yield record;
  } catch (error) {
    fail(error);
  } finally {
    parser.destroy();
  }
}

/** The same reading, all at once, for text already in memory (tests, small files). */
export function parseCsv(text: string): CsvRecord[] {
  const { options, fail } = readOptions();
  try {
    return parseSync(text, options) as unknown as CsvRecord[];
  } catch (error) {
    return fail(error);
  }
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
