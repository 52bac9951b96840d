import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExportProgress } from '../src/shared/types';
import { parseCsv, UTF8_BOM } from '../src/main/core/records/csv';
import { Exporter, messageColumns } from '../src/main/core/records/exporter';
import { silentLogger } from '../src/main/core/log';
import { openDatabase, type Db } from '../src/main/core/store/database';
import { seedHistory, type SeededMessage } from './support/recordsSeed';
import { makeTempDir } from './support/tempDir';

const COUNT = 100_000;
/**
 * What a spreadsheet must show for a text cell: formulas defused with a leading apostrophe, phone
 * numbers (a plain signed number) exactly as stored.
 */
const shown = (text: string) =>
  /^[=+\-@\t\r]/.test(text) && !/^[+-]\d+$/.test(text) ? `'${text}` : text;

describe('exporting 100,000 messages', () => {
  const tmp = makeTempDir();
  const dbPath = join(tmp.path, 'switchboard.db');
  let db: Db;
  let seeded: SeededMessage[];
  let exporter: Exporter;
  const events: ExportProgress[] = [];

  beforeAll(() => {
    db = openDatabase(dbPath);
    seeded = seedHistory(db, { contacts: 250, messages: COUNT });
    exporter = new Exporter({
      dbPath,
      defaultFolder: join(tmp.path, 'exports'),
      onProgress: (p) => events.push(p),
      secrets: () => [],
      now: Date.now,
      logger: silentLogger,
      chunkRows: 2000,
    });
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  const run = async (format: 'csv' | 'jsonl') => {
    const { exportId, path } = exporter.start({ what: 'messages', format });
    const final = await exporter.finished(exportId)!;
    expect(final).toMatchObject({
      done: true,
      canceled: false,
      error: null,
      written: COUNT,
      total: COUNT,
    });
    return readFileSync(path, 'utf8');
  };

  it('writes CSV that parses back to exactly the stored messages', async () => {
    const text = await run('csv');
    expect(text.startsWith(UTF8_BOM)).toBe(true);
    const records = parseCsv(text);
    expect(records[0]!.fields).toEqual(messageColumns);
    const rows = records.slice(1);
    expect(rows).toHaveLength(COUNT);
    const col = (name: string) => messageColumns.indexOf(name);
    rows.forEach(({ fields }, i) => {
      const m = seeded[i]!;
      if (
        fields.length !== messageColumns.length ||
        fields[col('message_id')] !== String(m.id) ||
        fields[col('body')] !== shown(m.body) ||
        fields[col('contact_number')] !== shown(m.contactNumber) ||
        fields[col('contact_name')] !== (m.contactName ?? '') ||
        fields[col('created_at')] !== new Date(m.createdAt).toISOString() ||
        fields[col('direction')] !== m.direction ||
        fields[col('conversation_id')] !== String(m.conversationId)
      ) {
        expect({ row: i, fields }).toEqual({ row: i, expected: m }); // fails with a readable diff
      }
    });
    // Progress came in steps, not only at the end, and never went backwards.
    const steps = events.filter((e) => e.what === 'messages' && e.format === 'csv');
    expect(steps.length).toBeGreaterThan(10);
    for (let i = 1; i < steps.length; i += 1) {
      expect(steps[i]!.written).toBeGreaterThanOrEqual(steps[i - 1]!.written);
    }
  });

  it('writes JSON Lines that parse back to exactly the stored messages', async () => {
    const lines = (await run('jsonl')).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(COUNT);
    lines.forEach((line, i) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      const m = seeded[i]!;
      if (
        row.message_id !== m.id ||
        row.body !== m.body ||
        row.from !== m.from ||
        row.to !== m.to ||
        row.contact_name !== m.contactName ||
        row.created_at !== new Date(m.createdAt).toISOString()
      ) {
        expect({ row: i, got: row }).toEqual({ row: i, expected: m });
      }
    });
  });
});
