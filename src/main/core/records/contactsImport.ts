/**
 * Contacts from a CSV file: a header row naming the columns (name, number, tags, notes, in any
 * order, case-insensitive; "phone" or "mobile" also name the number), then one contact per row.
 * Numbers are read like numbers the operator types. Every row is checked first; if any is wrong
 * nothing is imported and each problem is reported with its line number.
 */
import type { CountryCode } from 'libphonenumber-js';
import type { ContactImportResult } from '../../../shared/types';
import { parseOperatorNumber } from '../domain/address';
import { audit } from '../store/audit';
import { importContact, type ImportedContact } from '../store/contactImport';
import type { Db } from '../store/database';
import { CsvSyntaxError, readCsv, type CsvRecord } from './csv';

type Column = 'name' | 'number' | 'tags' | 'notes';

const aliases: Record<string, Column> = {
  name: 'name',
  'full name': 'name',
  number: 'number',
  phone: 'number',
  'phone number': 'number',
  mobile: 'number',
  tags: 'tags',
  tag: 'tags',
  notes: 'notes',
  note: 'notes',
};

const MAX_ROWS = 50_000;

type ImportError = ContactImportResult['errors'][number];
const refused = (errors: ImportError[]): ContactImportResult => ({
  imported: 0,
  updated: 0,
  errors,
});

/**
 * Reads the file as it streams through the CSV parser (csv.ts), checking each row as it comes. A
 * syntax error, a header without a number column or too many rows is the only answer; otherwise
 * every row's problems are, or the whole import in one transaction.
 */
export async function importContactsCsv(
  db: Db,
  args: { csv: string; defaultCountry: CountryCode; now: number },
): Promise<ContactImportResult> {
  const errors: ImportError[] = [];
  const rows = new RowChecker(args.defaultCountry, errors);
  let header: CsvRecord | undefined;
  let columns: Array<Column | undefined> = [];
  let count = 0;
  let tooMany: ImportError | undefined;
  let noNumberColumn: ImportError | undefined;
  try {
    // Read to the end whatever is found on the way: a syntax error anywhere is the answer, as it
    // was when the whole file was parsed before any row was looked at.
    for await (const record of readCsv(args.csv)) {
      if (!header) {
        header = record;
        columns = header.fields.map((f) => aliases[f.trim().toLowerCase()]);
        if (!columns.includes('number')) {
          noNumberColumn = {
            line: header.line,
            reason: 'The first row must name the columns, with one called "number".',
          };
        }
        continue;
      }
      count += 1;
      if (noNumberColumn) continue;
      if (count > MAX_ROWS) {
        tooMany ??= { line: record.line, reason: `Import at most ${MAX_ROWS} contacts at once.` };
        continue;
      }
      rows.check(record, columns, header.fields.length);
    }
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      return refused([{ line: error.line, reason: error.message }]);
    }
    throw error;
  }
  if (!header) return refused([{ line: 1, reason: 'The file is empty.' }]);
  if (noNumberColumn) return refused([noNumberColumn]);
  if (tooMany) return refused([tooMany]);
  if (errors.length > 0) return refused(errors);
  return save(db, rows.contacts, args.now);
}

/** Checks one row at a time; keeps the good ones and notes what is wrong with the others. */
class RowChecker {
  readonly contacts: ImportedContact[] = [];
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly defaultCountry: CountryCode,
    private readonly errors: ImportError[],
  ) {}

  check(record: CsvRecord, columns: ReadonlyArray<Column | undefined>, width: number): void {
    const problem = this.problemWith(record, columns, width);
    if (problem !== null) this.errors.push({ line: record.line, reason: problem });
  }

  private problemWith(
    record: CsvRecord,
    columns: ReadonlyArray<Column | undefined>,
    width: number,
  ): string | null {
    const cell = (field: Column) => {
      const i = columns.indexOf(field);
      return i < 0 ? '' : (record.fields[i] ?? '').trim();
    };
    if (record.fields.length > width) {
      return `The row has ${record.fields.length} fields but the header names ${width}.`;
    }
    const raw = cell('number');
    if (raw === '') return 'The number is missing.';
    const number = parseOperatorNumber(raw, this.defaultCountry);
    if (!number.ok) return number.reason;
    const earlier = this.seen.get(number.e164);
    if (earlier !== undefined) return `The number ${number.e164} is already on line ${earlier}.`;
    this.seen.set(number.e164, record.line);
    const name = cell('name');
    const notes = cell('notes');
    const tags = cell('tags')
      .split(/[;,|]/)
      .map((t) => t.trim())
      .filter((t) => t !== '');
    if (name.length > 120) return 'The name is longer than 120 characters.';
    if (notes.length > 4000) return 'The notes are longer than 4,000 characters.';
    if (tags.length > 30 || tags.some((t) => t.length > 40)) {
      return 'At most 30 tags of at most 40 characters each.';
    }
    this.contacts.push({ address: number.e164, name: name || null, notes: notes || null, tags });
    return null;
  }
}

function save(db: Db, contacts: readonly ImportedContact[], now: number): ContactImportResult {
  return db.transaction(() => {
    let imported = 0;
    let updated = 0;
    for (const contact of contacts) {
      if (importContact(db, contact, now) === 'created') imported += 1;
      else updated += 1;
    }
    audit(db, {
      actor: 'operator',
      action: 'contacts.imported',
      details: { imported, updated },
      now,
    });
    return { imported, updated, errors: [] };
  })();
}
