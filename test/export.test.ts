import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { parseCsv, UTF8_BOM } from '../src/main/core/records/csv';
import { conversationColumns, messageColumns } from '../src/main/core/records/exporter';
import { getContactByAddress } from '../src/main/core/store/contacts';
import type { ExportProgress } from '../src/shared/types';
import { invoke } from './support/appSignals';
import { seedHistory } from './support/recordsSeed';
import { inboundParams, postSigned } from './support/signedRequests';
import { startTestApp } from './support/testApp';

const SMS = '/webhooks/twilio/sms';
const DAY = 86_400_000;
const T0 = Date.UTC(2026, 2, 1, 12);

describe('exports', () => {
  let app: App;
  let dataDir: string;
  let stop: () => Promise<void>;
  let clock = T0;

  beforeEach(async () => {
    clock = T0;
    ({ app, dataDir, stop } = await startTestApp(
      {},
      { jobHandlers: { draft: undefined }, now: () => clock },
    ));
  });
  afterEach(() => stop());

  const text = async (from: string, body: string, at: number) => {
    clock = at;
    const reply = await postSigned(
      app.webhook.url,
      SMS,
      inboundParams({ From: from, Body: body }),
      app.simulator!.authToken,
    );
    expect(reply.status).toBe(200);
  };

  /** Starts an export and resolves with its last progress event and the file's text. */
  const exportDone = async (request: Record<string, unknown>) => {
    const seen: ExportProgress[] = [];
    const off = app.events.subscribe((event, payload) => {
      if (event === 'export:progress') seen.push(payload as ExportProgress);
    });
    const started = await invoke<{ exportId: string; path: string }>(app, 'export:start', request);
    const final = await app.events.once(
      'export:progress',
      (p) => p.exportId === started.exportId && p.done,
    );
    off();
    return { started, final, seen, text: final.error ? '' : readFileSync(started.path, 'utf8') };
  };

  const seedThree = async () => {
    await text('+14155550100', '=SUM(A1:A9)', T0);
    await text('+14155550100', 'He said "yes", then\nleft <b>early</b> & paid', T0 + DAY);
    await text('+14155550199', 'Grüße 👋 from the other customer', T0 + 2 * DAY);
  };

  it('writes messages as spreadsheet-safe CSV with a BOM into <dataDir>/exports', async () => {
    await seedThree();
    const { started, final, text: csv } = await exportDone({ what: 'messages', format: 'csv' });
    expect(started.path.startsWith(join(dataDir, 'exports'))).toBe(true);
    expect(final).toMatchObject({ written: 3, total: 3, error: null, canceled: false });
    expect(csv.startsWith(UTF8_BOM)).toBe(true);
    expect(csv).toContain('\r\n');
    const [header, ...rows] = parseCsv(csv);
    expect(header!.fields).toEqual(messageColumns);
    const body = messageColumns.indexOf('body');
    expect(rows.map((r) => r.fields[body])).toEqual([
      "'=SUM(A1:A9)",
      'He said "yes", then\nleft <b>early</b> & paid',
      'Grüße 👋 from the other customer',
    ]);
    // A number stays as stored: no apostrophe, nothing a spreadsheet could run.
    expect(rows[0]!.fields[messageColumns.indexOf('contact_number')]).toBe('+14155550100');
    expect(rows[1]!.line).toBe(3); // the quoted line break in row 1 is part of the cell
  });

  it('filters by date range (end exclusive) and by contact', async () => {
    await seedThree();
    const ranged = await exportDone({
      what: 'messages',
      format: 'jsonl',
      from: T0 + DAY,
      to: T0 + 2 * DAY,
    });
    expect(
      ranged.text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { body: string }).body),
    ).toEqual(['He said "yes", then\nleft <b>early</b> & paid']);
    const other = getContactByAddress(app.db, '+14155550199')!;
    const one = await exportDone({ what: 'messages', format: 'jsonl', contactIds: [other.id] });
    const rows = one.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      contact_number: '+14155550199',
      direction: 'inbound',
      author: 'customer',
    });

    const conversations = await exportDone({
      what: 'conversations',
      format: 'csv',
      contactIds: [other.id],
    });
    const [header, ...convRows] = parseCsv(conversations.text);
    expect(header!.fields).toEqual(conversationColumns);
    expect(convRows).toHaveLength(1);
    expect(convRows[0]!.fields[conversationColumns.indexOf('messages')]).toBe('1');
  });

  it('exports the webhook log and audit log as JSON Lines without secrets', async () => {
    await seedThree();
    await invoke(app, 'records:saveSettings', { retention: { months: 12 } });
    const hooks = await exportDone({ what: 'webhookLog', format: 'jsonl' });
    const lines = hooks.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ route: SMS, signature: 'valid', status_code: 200 });
    expect(hooks.text).not.toContain(app.simulator!.authToken);
    expect(hooks.text.toLowerCase()).not.toContain('x-twilio-signature');

    const audit = await exportDone({ what: 'auditLog', format: 'jsonl' });
    const actions = audit.text
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { action: string }).action);
    expect(actions).toContain('settings.records_changed');
  });

  it('exports the application log across its rotated files, oldest first, within dates', async () => {
    const logs = join(dataDir, 'logs');
    mkdirSync(logs, { recursive: true });
    const line = (day: number, msg: string) =>
      JSON.stringify({ level: 30, time: new Date(T0 + day * DAY).toISOString(), msg });
    writeFileSync(join(logs, 'switchboard.log.1'), `${line(0, 'older')}\n${line(1, 'old')}\n`);
    writeFileSync(join(logs, 'switchboard.log'), `${line(2, 'recent')}\n${line(3, 'newest')}\n`);

    const all = await exportDone({ what: 'appLog', format: 'jsonl' });
    const messages = (text: string) =>
      text
        .trim()
        .split('\n')
        .map((l) => (JSON.parse(l) as { msg: string }).msg);
    expect(messages(all.text)).toEqual(['older', 'old', 'recent', 'newest']);
    expect(all.final).toMatchObject({ written: 4, total: 4, done: true });

    const window = await exportDone({
      what: 'appLog',
      format: 'jsonl',
      from: T0 + 1 * DAY,
      to: T0 + 3 * DAY,
    });
    expect(messages(window.text)).toEqual(['old', 'recent']);
  });

  it('prints one conversation as escaped, script-free HTML', async () => {
    await seedThree();
    const [conversation] = await invoke<Array<{ id: number; contact: { address: string } }>>(
      app,
      'conversations:list',
      {},
    ).then((list) => list.filter((c) => c.contact.address === '+14155550100'));
    const { text: html, final } = await exportDone({
      what: 'transcript',
      format: 'html',
      conversationId: conversation!.id,
    });
    expect(final.written).toBe(2);
    expect(html).toContain('&lt;b&gt;early&lt;/b&gt; &amp; paid');
    expect(html).not.toContain('<b>');
    expect(html).not.toContain('<script');
    expect(html).toContain('@media print');
  });

  it('refuses formats a kind does not have, and transcripts without a conversation', async () => {
    await expect(
      invoke(app, 'export:start', { what: 'webhookLog', format: 'csv' }),
    ).rejects.toMatchObject({
      kind: 'invalid',
    });
    await expect(
      invoke(app, 'export:start', { what: 'transcript', format: 'html' }),
    ).rejects.toMatchObject({
      kind: 'invalid',
    });
    await expect(
      invoke(app, 'export:start', { what: 'messages', format: 'csv', folder: 'relative/path' }),
    ).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('stops when cancelled and leaves no file behind', async () => {
    seedHistory(app.db, { contacts: 20, messages: 20_000 });
    let exportId = '';
    const off = app.events.subscribe((event, payload) => {
      const p = payload as ExportProgress;
      if (event === 'export:progress' && p.exportId === exportId && p.written > 0 && !p.done) {
        off();
        void invoke(app, 'export:cancel', { exportId });
      }
    });
    const started = await invoke<{ exportId: string; path: string }>(app, 'export:start', {
      what: 'messages',
      format: 'csv',
    });
    exportId = started.exportId;
    const final = await app.events.once(
      'export:progress',
      (p) => p.exportId === exportId && p.done,
    );
    expect(final.canceled).toBe(true);
    expect(final.written).toBeLessThan(20_000);
    expect(existsSync(started.path)).toBe(false);
    expect(existsSync(`${started.path}.part`)).toBe(false);
    await expect(invoke(app, 'export:cancel', { exportId })).rejects.toThrow(/not running/);
  });
});
