import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createRootLogger, maskAddress } from '../src/main/core/log';
import { csvCell, csvRow, parseCsv } from '../src/main/core/records/csv';
import { tailLog } from '../src/main/core/records/logTail';
import { saveRecordsSettings } from '../src/main/core/records/recordsSettings';
import {
  applyRetention,
  previewRetention,
  pruneWebhookLog,
  retentionCutoff,
} from '../src/main/core/records/retention';
import { RecordsScheduler } from '../src/main/core/records/scheduler';
import { silentLogger } from '../src/main/core/log';
import { listAudit } from '../src/main/core/store/audit';
import {
  addRefusalCount,
  insertWebhookLog,
  listRefusalCounts,
} from '../src/main/core/store/webhookLog';
import { openDatabase, type SqliteDb as Db } from '../src/main/core/store/database';
import type { App } from '../src/main/core/app';
import type { LogEntry, RecordsSettingsView, RetentionResult } from '../src/shared/types';
import { invoke } from './support/appSignals';
import { seedHistory } from './support/recordsSeed';
import { makeTempDir } from './support/tempDir';
import { startTestApp } from './support/testApp';

describe('CSV cells', () => {
  it('quotes per RFC 4180 and defuses formulas, but leaves phone numbers as they are', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    for (const danger of ['=1+2', '+1+2', '-1+cmd|x', '+1.5e3', '@SUM(A1)', '\t=1', '-'])
      expect(csvCell(danger)).toBe(`'${danger}`);
    for (const number of ['+14155550100', '+447700900123', '-5', '-2.50'])
      expect(csvCell(number)).toBe(number);
    expect(csvCell('=HYPERLINK("x","y")')).toBe(`"'=HYPERLINK(""x"",""y"")"`);
    expect(csvCell(-5)).toBe('-5');
    expect(csvCell(null)).toBe('');
    expect(csvRow(['a', 1, null])).toBe('a,1,\r\n');
  });

  it('parses what it writes, with line numbers', () => {
    const text = csvRow(['x', 'y"z', 'multi\nline']) + csvRow(['next', '', 'row']);
    expect(parseCsv(text)).toEqual([
      { line: 1, fields: ['x', 'y"z', 'multi\nline'] },
      { line: 3, fields: ['next', '', 'row'] },
    ]);
  });
});

const MONTH = 31 * 86_400_000;

describe('retention', () => {
  let tmp: ReturnType<typeof makeTempDir>;
  let db: Db;
  const now = Date.UTC(2026, 10, 1);
  beforeEach(() => {
    tmp = makeTempDir();
    db = openDatabase(join(tmp.path, 'switchboard.db'));
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('deletes conversations idle longer than N months with their messages, and audits it', async () => {
    // 10 conversations, messages one per day from 24 months ago: conversation k last active at
    // the time of its last message.
    seedHistory(db, {
      contacts: 10,
      messages: 400,
      start: now - 24 * MONTH,
      stepMs: 2 * 86_400_000,
    });
    const oldConversation = db.prepare(`SELECT id FROM conversations ORDER BY last_activity_at LIMIT 1`).get() as { id: number }; // prettier-ignore
    // Make one conversation old, and another old but with a scheduled message waiting.
    db.prepare('UPDATE conversations SET last_activity_at = ? WHERE id IN (1, 2)').run(
      now - 20 * MONTH,
    );
    db.prepare(`UPDATE messages SET status = 'scheduled' WHERE id = (SELECT MAX(id) FROM messages WHERE conversation_id = 2)`).run(); // prettier-ignore
    db.prepare(`UPDATE messages SET retry_of = (SELECT MIN(id) FROM messages WHERE conversation_id = 1) WHERE id = (SELECT MAX(id) FROM messages WHERE conversation_id = 1)`).run(); // prettier-ignore
    const preview = previewRetention(db, 12, now);
    expect(preview).toEqual({ cutoff: retentionCutoff(now, 12), conversations: 1, messages: 40 });
    expect(oldConversation.id).toBeGreaterThan(0);

    const result = await applyRetention(db, { months: 12, now, actor: 'operator' });
    expect(result).toEqual(preview);
    expect(db.prepare('SELECT COUNT(*) AS n FROM conversations WHERE id = 1').get()).toEqual({
      n: 0,
    });
    expect(
      db.prepare('SELECT COUNT(*) AS n FROM messages WHERE conversation_id = 1').get(),
    ).toEqual({ n: 0 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM contacts').get()).toEqual({ n: 10 });
    expect(db.pragma('foreign_key_check')).toEqual([]);
    db.prepare(`INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')`).run();
    expect(listAudit(db, 1)[0]).toMatchObject({ action: 'retention.applied', actor: 'operator' });
    expect(JSON.parse(listAudit(db, 1)[0]!.details)).toMatchObject({
      months: 12,
      conversations: 1,
      messages: 40,
    });
  });

  it('deletes in slices with the same result and one audit entry', async () => {
    const now = Date.UTC(2027, 0, 1);
    seedHistory(db, {
      contacts: 10,
      messages: 200,
      start: now - 24 * MONTH,
      stepMs: 2 * 86_400_000,
    });
    db.prepare('UPDATE conversations SET last_activity_at = ? WHERE id <= 7').run(now - 20 * MONTH);
    const preview = previewRetention(db, 12, now);
    expect(preview.conversations).toBe(7);
    const result = await applyRetention(db, {
      months: 12,
      now,
      actor: 'operator',
      sliceConversations: 2,
    });
    expect(result).toEqual(preview);
    expect(db.prepare('SELECT COUNT(*) AS n FROM conversations').get()).toEqual({ n: 3 });
    expect(db.prepare('SELECT COUNT(*) AS n FROM messages WHERE conversation_id <= 7').get()).toEqual({ n: 0 }); // prettier-ignore
    db.prepare(`INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')`).run();
    expect(listAudit(db, 10).filter((a) => a.action === 'retention.applied')).toHaveLength(1);
  });

  it('is off by default; once on, the scheduler applies it once a day', async () => {
    seedHistory(db, { contacts: 4, messages: 40, start: now - 30 * MONTH, stepMs: 60_000 });
    let clock = now;
    const scheduler = new RecordsScheduler({ db, defaultBackupFolder: join(tmp.path, 'b'), now: () => clock, logger: silentLogger }); // prettier-ignore
    saveRecordsSettings(db, { backups: { enabled: false } }, clock);
    await scheduler.runDue();
    expect(db.prepare('SELECT COUNT(*) AS n FROM conversations').get()).toEqual({ n: 4 });
    saveRecordsSettings(db, { retention: { enabled: true, months: 24 } }, clock);
    await scheduler.runDue();
    expect(db.prepare('SELECT COUNT(*) AS n FROM conversations').get()).toEqual({ n: 0 });
    expect(listAudit(db, 1)[0]).toMatchObject({ action: 'retention.applied', actor: 'system' });
    clock += 3_600_000;
    await scheduler.runDue(); // not due again within the day: no second audit entry
    expect(listAudit(db, 10).filter((a) => a.action === 'retention.applied')).toHaveLength(1);
    await scheduler.stop();
  });
});

describe('records commands', () => {
  let app: App;
  let dataDir: string;
  let stop: () => Promise<void>;
  beforeEach(async () => {
    ({ app, dataDir, stop } = await startTestApp({}, { jobHandlers: { draft: undefined } }));
  });
  afterEach(() => stop());

  it('keeps settings with defaults (daily, keep 7, retention off) and audits changes', async () => {
    const view = await invoke<RecordsSettingsView>(app, 'records:getSettings', {});
    expect(view).toMatchObject({
      backups: { enabled: true, intervalHours: 24, keep: 7, folder: null },
      retention: { enabled: false, months: 24 },
      lastBackupAt: null,
      paths: {
        dataDir,
        backupsDir: join(dataDir, 'backups'),
        exportsDir: join(dataDir, 'exports'),
      },
    });
    const saved = await invoke<RecordsSettingsView>(app, 'records:saveSettings', {
      backups: { keep: 3 },
    });
    expect(saved.backups).toMatchObject({ keep: 3, intervalHours: 24 });
    await expect(invoke(app, 'records:saveSettings', { backups: { keep: 0 } })).rejects.toMatchObject({ kind: 'invalid' }); // prettier-ignore
    await invoke(app, 'backup:now', {});
    expect(
      (await invoke<RecordsSettingsView>(app, 'records:getSettings', {})).lastBackupAt,
    ).not.toBeNull();
    expect(await invoke<unknown[]>(app, 'backup:list', {})).toHaveLength(1);
    const preview = await invoke<RetentionResult>(app, 'retention:preview', { months: 6 });
    expect(preview).toMatchObject({ conversations: 0, messages: 0 });
  });

  it('keeps the webhook log a year for accepted requests and a week for refused ones, and says what it takes', async () => {
    const DAY = 86_400_000;
    const clock = Date.now();
    const row = (daysAgo: number, statusCode: number) =>
      insertWebhookLog(app.db, {
        receivedAt: clock - daysAgo * DAY,
        route: '/webhooks/twilio/sms',
        method: 'POST',
        headers: {},
        rawBody: statusCode === 200 ? 'Body=hi' : null,
        signature: statusCode === 200 ? 'valid' : 'missing',
        statusCode,
        outcome: 'test',
        messageSid: null,
      });
    for (const [daysAgo, status] of [[400, 200], [300, 200], [10, 403], [3, 403], [1, 200]] as const) row(daysAgo, status); // prettier-ignore
    addRefusalCount(app.db, clock - 10 * DAY, 50);
    addRefusalCount(app.db, clock - 2 * DAY, 7);
    const view = await invoke<RecordsSettingsView>(app, 'records:getSettings', {});
    expect(view.webhookLog).toEqual({ acceptedDays: 365, refusedDays: 7 });

    expect(await pruneWebhookLog(app.db, { ...view.webhookLog, now: clock })).toBe(2);
    const left = app.db.prepare('SELECT received_at, status_code FROM webhook_log WHERE outcome = ? ORDER BY received_at').all('test') as Array<{ received_at: number; status_code: number }>; // prettier-ignore
    expect(left.map((r) => [Math.round((clock - r.received_at) / DAY), r.status_code])).toEqual([
      [300, 200],
      [3, 403],
      [1, 200],
    ]);
    expect(listRefusalCounts(app.db).map((c) => c.refused)).toEqual([7]);
    const space = await invoke<{ bytes: number }>(app, 'records:webhookLogSpace', {});
    expect(space.bytes).toBeGreaterThan(0);
  });
});

describe('log files', () => {
  it('rotate by size, mask numbers, and tail newest last with a level filter', () => {
    const tmp = makeTempDir();
    try {
      const file = join(tmp.path, 'logs', 'switchboard.log');
      const logger = createRootLogger({ level: 'debug', file, maxFileBytes: 4000, keepFiles: 2 });
      const log = logger.child({ name: 'webhooks' });
      for (let i = 0; i < 200; i += 1) {
        if (i % 10 === 0) log.warn({ i, from: maskAddress('+14155550100') }, 'slow webhook');
        else log.debug({ i, body: 'secret text' }, 'stored');
      }
      expect(existsSync(`${file}.1`)).toBe(true);
      expect(existsSync(`${file}.2`)).toBe(true);
      expect(existsSync(`${file}.3`)).toBe(false);
      const all = readFileSync(file, 'utf8') + readFileSync(`${file}.1`, 'utf8');
      expect(all).not.toContain('secret text');
      expect(all).not.toContain('+14155550100');

      const last: LogEntry[] = tailLog(file, { limit: 5 });
      expect(last.map((e) => e.fields.i)).toEqual([195, 196, 197, 198, 199]);
      expect(last[0]).toMatchObject({ level: 'debug', name: 'webhooks', msg: 'stored' });
      const warnings = tailLog(file, { limit: 3, level: 'warn' });
      expect(warnings.map((e) => e.fields.i)).toEqual([170, 180, 190]);
      expect(tailLog(join(tmp.path, 'nope.log'), { limit: 5 })).toEqual([]);
    } finally {
      tmp.cleanup();
    }
  });
});
