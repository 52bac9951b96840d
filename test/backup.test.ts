import { closeSync, copyFileSync, existsSync, openSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs'; // prettier-ignore
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/main/core/log';
import {
  backupSpace,
  listBackups,
  restoreBackup,
  takeBackup,
  verifyBackup,
} from '../src/main/core/records/backups';
import { readRecordsState, saveRecordsSettings } from '../src/main/core/records/recordsSettings';
import { RecordsScheduler } from '../src/main/core/records/scheduler';
import { openDatabase, type Db } from '../src/main/core/store/database';
import type { BackupInfo } from '../src/shared/types';
import { invoke } from './support/appSignals';
import { seedHistory } from './support/recordsSeed';
import { inboundParams, postSigned } from './support/signedRequests';
import { makeTempDir } from './support/tempDir';
import { startTestApp } from './support/testApp';

const SMS = '/webhooks/twilio/sms';

describe('backups', () => {
  const cleanups: Array<() => unknown> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const temp = () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    return tmp.path;
  };
  const storeWithHistory = (messages = 50): { db: Db; dir: string } => {
    const dir = temp();
    const db = openDatabase(join(dir, 'switchboard.db'));
    cleanups.push(() => db.close());
    seedHistory(db, { contacts: 5, messages });
    return { db, dir };
  };

  it('taken during a burst of signed webhooks, restores to a consistent database', async () => {
    const { app, dataDir, stop } = await startTestApp({}, { jobHandlers: { draft: undefined } });
    cleanups.push(() => stop());
    const token = app.simulator!.authToken;
    // Enough history that the backup copies in many steps while the burst is being committed.
    const SEEDED = 20_000;
    seedHistory(app.db, { contacts: 50, messages: SEEDED });
    const post = (i: number) =>
      postSigned(
        app.webhook.url,
        SMS,
        inboundParams({ From: `+1415555${String(i % 40).padStart(4, '0')}`, Body: `burst ${i}` }),
        token,
      );

    // 100 acknowledged before the backup starts; 300 more arrive while it runs.
    const first = await Promise.all(Array.from({ length: 100 }, (_, i) => post(i)));
    expect(first.every((r) => r.status === 200)).toBe(true);
    const during = Array.from({ length: 300 }, (_, i) => post(100 + i));
    const backup = invoke<BackupInfo>(app, 'backup:now', {});
    const [info, rest] = await Promise.all([backup, Promise.all(during)]);
    expect(rest.every((r) => r.status === 200)).toBe(true);
    expect(info.path.startsWith(join(dataDir, 'backups'))).toBe(true);
    expect(verifyBackup(info.path)).toMatchObject({ ok: true, problems: [] });

    const target = temp();
    const { verdict, outcome } = restoreBackup(target, info.path, Date.now());
    expect(verdict.ok).toBe(true);
    expect(outcome.applied).toBe(true);
    const restored = openDatabase(join(target, 'switchboard.db'));
    cleanups.push(() => restored.close());
    expect(restored.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(restored.pragma('foreign_key_check')).toEqual([]);
    const count = (q: string) => (restored.prepare(q).get() as { n: number }).n;
    const messages = count('SELECT COUNT(*) AS n FROM messages') - SEEDED;
    expect(messages).toBeGreaterThanOrEqual(100); // everything acknowledged before it started
    expect(messages).toBeLessThanOrEqual(400);
    // Each webhook's transaction is all there or not at all: message, log line, draft job.
    expect(count(`SELECT COUNT(*) AS n FROM webhook_log WHERE status_code = 200`)).toBe(messages);
    expect(count(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'draft'`)).toBe(messages);
    expect(
      count(`SELECT COUNT(*) AS n FROM messages m
             WHERE m.body LIKE 'burst %'
               AND NOT EXISTS (SELECT 1 FROM webhook_log w WHERE w.message_sid = m.provider_sid)`),
    ).toBe(0);
    expect(count('SELECT SUM(unread_count) AS n FROM conversations')).toBe(messages); // seeded ones are read
    // The full-text index matches its table.
    restored.prepare(`INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')`).run();
  });

  it('restores through the app: staged by the command, swapped in at the next start', async () => {
    const first = await startTestApp({}, { jobHandlers: { draft: undefined } });
    const dataDir = first.dataDir;
    cleanups.push(() => rmSync(dataDir, { recursive: true, force: true }));
    const post = (body: string) =>
      postSigned(
        first.app.webhook.url,
        SMS,
        inboundParams({ Body: body }),
        first.app.simulator!.authToken,
      );
    await post('before the backup');
    const info = await invoke<BackupInfo>(first.app, 'backup:now', {});
    await post('after the backup');
    const answer = await invoke<{ restartRequired: boolean }>(first.app, 'backup:restore', {
      path: info.path,
    });
    expect(answer.restartRequired).toBe(true);
    await first.app.close();

    const second = await startTestApp({}, { jobHandlers: { draft: undefined } }, dataDir);
    cleanups.push(() => second.stop());
    const bodies = (second.app.db.prepare('SELECT body FROM messages ORDER BY id').all() as Array<{ body: string }>).map((r) => r.body); // prettier-ignore
    expect(bodies).toEqual(['before the backup']);
    expect(readdirSync(dataDir).some((name) => name.startsWith('before-restore-'))).toBe(true);
    expect(existsSync(join(dataDir, 'restore-pending.db'))).toBe(false);
  });

  it('refuses damaged files, files that are not ours, and newer schemas', async () => {
    const { db, dir } = storeWithHistory(3000);
    const info = await takeBackup(db, { folder: join(dir, 'backups'), now: Date.now() });
    expect(verifyBackup(info.path).ok).toBe(true);

    const damaged = join(dir, 'damaged.db');
    copyFileSync(info.path, damaged);
    const fd = openSync(damaged, 'r+');
    const size = statSync(damaged).size;
    writeSync(fd, Buffer.alloc(4096 * 4, 0xab), 0, 4096 * 4, Math.floor(size / 2 / 4096) * 4096);
    closeSync(fd);
    const verdict = verifyBackup(damaged);
    expect(verdict.ok).toBe(false);
    expect(verdict.problems.join(' ')).toMatch(/damaged|cannot be/);

    const text = join(dir, 'notes.db');
    writeFileSync(text, 'just some text, not a database at all'.repeat(200));
    expect(verifyBackup(text).ok).toBe(false);
    expect(verifyBackup(join(dir, 'missing.db')).problems).toEqual([
      'There is no file at that path.',
    ]);

    const newer = join(dir, 'newer.db');
    copyFileSync(info.path, newer);
    const raw = new Database(newer);
    raw.pragma('user_version = 99999');
    raw.close();
    expect(verifyBackup(newer).problems.join(' ')).toMatch(/newer Switchboard/);

    // A refused restore leaves the data folder as it was.
    const target = temp();
    writeFileSync(join(target, 'switchboard.db'), 'current');
    expect(restoreBackup(target, damaged, Date.now()).outcome.applied).toBe(false);
    expect(readdirSync(target)).toEqual(['switchboard.db']);
  });

  it('refuses a backup that carries a trigger, view or index of its own, naming it', async () => {
    const { db, dir } = storeWithHistory(50);
    const info = await takeBackup(db, { folder: join(dir, 'backups'), now: Date.now() });
    const tampered = join(dir, 'tampered.db');
    copyFileSync(info.path, tampered);
    const raw = new Database(tampered);
    raw.exec(`CREATE TRIGGER rewrite_outbound AFTER INSERT ON messages BEGIN
                UPDATE messages SET body = 'pay here: evil.example' WHERE id = new.id; END;
              CREATE VIEW everyone AS SELECT address FROM contacts;
              DROP INDEX messages_by_status;`);
    raw.close();
    const verdict = verifyBackup(tampered);
    expect(verdict.ok).toBe(false);
    const said = verdict.problems.join(' ');
    expect(said).toMatch(/an extra trigger "rewrite_outbound" on messages/);
    expect(said).toMatch(/an extra view "everyone"/);
    expect(said).toMatch(/the index "messages_by_status" is missing/);

    // Staged anyway (by hand), it is refused at the next start and kept aside, not swapped in.
    const target = temp();
    copyFileSync(info.path, join(target, 'switchboard.db'));
    const outcome = restoreBackup(target, tampered, Date.now());
    expect(outcome.verdict.ok).toBe(false);
    expect(readdirSync(target)).toEqual(['switchboard.db']);
  });

  it('refuses to open a data file changed outside Switchboard, leaving it as it was', () => {
    const { db, dir } = storeWithHistory(10);
    db.close();
    const path = join(dir, 'switchboard.db');
    const raw = new Database(path);
    raw.exec(`CREATE TRIGGER quiet AFTER UPDATE ON contacts BEGIN SELECT 1; END;`);
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const before = readFileSync(path);
    expect(() => openDatabase(path)).toThrow(/changed outside Switchboard.*extra trigger "quiet"/);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('runs daily by default, keeps the newest 7, and records failures', async () => {
    const { db, dir } = storeWithHistory();
    let clock = Date.UTC(2026, 5, 1);
    const scheduler = new RecordsScheduler({ db, defaultBackupFolder: join(dir, 'backups'), now: () => clock, logger: silentLogger }); // prettier-ignore
    cleanups.push(() => scheduler.stop());
    for (let day = 0; day < 9; day += 1) {
      await scheduler.runDue();
      await scheduler.runDue(); // not due again the same day
      clock += 24 * 3_600_000;
    }
    const kept = listBackups(join(dir, 'backups'));
    expect(kept).toHaveLength(7);
    expect(kept[0]!.createdAt).toBe(Date.UTC(2026, 5, 9));
    expect(readRecordsState(db).lastBackupAt).toBe(Date.UTC(2026, 5, 9));

    // A folder that cannot be created: the failure is kept for the Settings screen.
    const blocker = join(dir, 'a-file');
    writeFileSync(blocker, '');
    saveRecordsSettings(db, { backups: { folder: join(blocker, 'backups') } }, clock);
    await scheduler.runDue();
    expect(readRecordsState(db).lastBackupError).toMatch(/ENOTDIR|not a directory/i);
  });

  it('keeps the backups within the space the operator allows, never removing the newest', async () => {
    const { db, dir } = storeWithHistory(2_000);
    let clock = Date.UTC(2026, 5, 1);
    const scheduler = new RecordsScheduler({ db, defaultBackupFolder: join(dir, 'backups'), now: () => clock, logger: silentLogger }); // prettier-ignore
    cleanups.push(() => scheduler.stop());
    await scheduler.backupNow();
    const one = listBackups(join(dir, 'backups'))[0]!.bytes;
    // Room for two and a half backups: the third scheduled one pushes the oldest out.
    saveRecordsSettings(db, { backups: { maxTotalGb: (2.5 * one) / 1e9 } }, clock);
    for (let day = 1; day <= 3; day += 1) {
      clock += 24 * 3_600_000;
      await scheduler.runDue();
    }
    const kept = listBackups(join(dir, 'backups'));
    expect(kept).toHaveLength(2);
    expect(kept[0]!.createdAt).toBe(clock);
    expect(backupSpace(join(dir, 'backups'))).toMatchObject({
      count: 2,
      usedBytes: kept[0]!.bytes + kept[1]!.bytes,
      freeBytes: expect.any(Number),
    });

    // A budget smaller than one backup still keeps the newest.
    saveRecordsSettings(db, { backups: { maxTotalGb: 0.000001 } }, clock);
    clock += 24 * 3_600_000;
    await scheduler.runDue();
    expect(listBackups(join(dir, 'backups'))).toHaveLength(1);
  });
});
