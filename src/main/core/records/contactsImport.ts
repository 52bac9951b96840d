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
import { CsvSyntaxError, parseCsv } from './csv';

const aliases: Record<string, 'name' | 'number' | 'tags' | 'notes'> = {
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

export function importContactsCsv(
  db: Db,
  args: { csv: string; defaultCountry: CountryCode; now: number },
): ContactImportResult {
  const errors: ContactImportResult['errors'] = [];
  let records;
  try {
    records = parseCsv(args.csv);
  } catch (error) {
    if (error instanceof CsvSyntaxError) {
      return { imported: 0, updated: 0, errors: [{ line: error.line, reason: error.message }] };
    }
    throw error;
  }
  const header = records.shift();
  if (!header)
    return { imported: 0, updated: 0, errors: [{ line: 1, reason: 'The file is empty.' }] };
  const columns = header.fields.map((f) => aliases[f.trim().toLowerCase()]);
  const at = (field: 'name' | 'number' | 'tags' | 'notes') => columns.indexOf(field);
  if (at('number') < 0) {
    return {
      imported: 0,
      updated: 0,
      errors: [
        {
          line: header.line,
          reason: 'The first row must name the columns, with one called "number".',
        },
      ],
    };
  }
  if (records.length > MAX_ROWS) {
    return {
      imported: 0,
      updated: 0,
      errors: [
        { line: records[MAX_ROWS]!.line, reason: `Import at most ${MAX_ROWS} contacts at once.` },
      ],
    };
  }

  const contacts: ImportedContact[] = [];
  const seen = new Map<string, number>();
  for (const record of records) {
    const cell = (field: 'name' | 'number' | 'tags' | 'notes') => {
      const i = at(field);
      return i < 0 ? '' : (record.fields[i] ?? '').trim();
    };
    if (record.fields.length > header.fields.length) {
      errors.push({
        line: record.line,
        reason: `The row has ${record.fields.length} fields but the header names ${header.fields.length}.`,
      });
      continue;
    }
    const raw = cell('number');
    if (raw === '') {
      errors.push({ line: record.line, reason: 'The number is missing.' });
      continue;
    }
    const number = parseOperatorNumber(raw, args.defaultCountry);
    if (!number.ok) {
      errors.push({ line: record.line, reason: number.reason });
      continue;
    }
    const earlier = seen.get(number.e164);
    if (earlier !== undefined) {
      errors.push({
        line: record.line,
        reason: `The number ${number.e164} is already on line ${earlier}.`,
      });
      continue;
    }
    seen.set(number.e164, record.line);
    const name = cell('name');
    const notes = cell('notes');
    const tags = cell('tags')
      .split(/[;,|]/)
      .map((t) => t.trim())
      .filter((t) => t !== '');
    if (name.length > 120) {
      errors.push({ line: record.line, reason: 'The name is longer than 120 characters.' });
      continue;
    }
    if (notes.length > 4000) {
      errors.push({ line: record.line, reason: 'The notes are longer than 4,000 characters.' });
      continue;
    }
    if (tags.length > 30 || tags.some((t) => t.length > 40)) {
      errors.push({ line: record.line, reason: 'At most 30 tags of at most 40 characters each.' });
      continue;
    }
    contacts.push({ address: number.e164, name: name || null, notes: notes || null, tags });
  }
  if (errors.length > 0) return { imported: 0, updated: 0, errors };

  return db.transaction(() => {
    let imported = 0;
    let updated = 0;
    for (const contact of contacts) {
      if (importContact(db, contact, args.now) === 'created') imported += 1;
      else updated += 1;
    }
    audit(db, {
      actor: 'operator',
      action: 'contacts.imported',
      details: { imported, updated },
      now: args.now,
    });
    return { imported, updated, errors: [] };
  })();
}
