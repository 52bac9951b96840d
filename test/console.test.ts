import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { createOfflineDrafter } from '../src/main/core/drafting/offlineDrafter';
import { SENDING_SETTINGS_KEY } from '../src/main/core/sendingSettings';
import { listAudit } from '../src/main/core/store/audit';
import { openDatabase } from '../src/main/core/store/database';
import { insertInboundMessage } from '../src/main/core/store/messages';
import { toFtsQuery } from '../src/main/core/store/search';
import { getSetting, setSetting } from '../src/main/core/store/settings';
import type {
  ConsoleSettings,
  ContactDetails,
  ConversationSummary,
  SearchHit,
} from '../src/shared/types';
import { invoke } from './support/appSignals';
import { customerTexts } from './support/draftSignals';
import { makeTempDir } from './support/tempDir';
import { startTestApp } from './support/testApp';
import { sqlite } from './support/sqlite';

describe('console commands (demo mode)', () => {
  let app: App;
  let stop: () => Promise<void>;
  beforeEach(async () => {
    ({ app, stop } = await startTestApp());
    setSetting(app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, Date.now());
  });
  afterEach(() => stop());

  const contactOf = async (from: string, body = 'Hi there') => {
    const message = await customerTexts(app, from, body);
    const summary = (await invoke<ConversationSummary[]>(app, 'conversations:list', {})).find(
      (c) => c.id === message.conversationId,
    )!;
    return { message, contactId: summary.contact.id, conversationId: summary.id };
  };

  describe('contacts', () => {
    it('returns the details of a new contact', async () => {
      const { contactId, conversationId } = await contactOf('+14155550100');
      const details = await invoke<ContactDetails>(app, 'contacts:get', { contactId });
      expect(details).toMatchObject({
        id: contactId,
        address: '+14155550100',
        name: null,
        notes: '',
        tags: [],
        optedOut: false,
        optedOutAt: null,
        consentHistory: [],
        conversationIds: [conversationId],
      });
    });

    it('shows the opt-out and opt-in history from the audit log, newest first', async () => {
      const { contactId } = await contactOf('+14155550101', 'STOP');
      await customerTexts(app, '+14155550101', 'start');
      const details = await invoke<ContactDetails>(app, 'contacts:get', { contactId });
      expect(details.optedOut).toBe(false);
      expect(details.consentHistory).toEqual([
        expect.objectContaining({ optedOut: false, actor: 'customer', via: 'texted START' }),
        expect.objectContaining({ optedOut: true, actor: 'customer', via: 'texted STOP' }),
      ]);
    });

    it('saves name, notes and tags, audits the change and pushes the conversation', async () => {
      const { contactId, conversationId } = await contactOf('+14155550102');
      const pushed = app.events.once('conversation:updated', (c) => c.id === conversationId);
      const details = await invoke<ContactDetails>(app, 'contacts:update', {
        contactId,
        name: '  Maria Delgado ',
        notes: 'Prefers mornings. Allergic to lavender.',
        tags: ['vip', 'colour', 'vip'],
      });
      expect(details).toMatchObject({
        name: 'Maria Delgado',
        notes: 'Prefers mornings. Allergic to lavender.',
        tags: ['vip', 'colour'],
      });
      expect((await pushed).contact.name).toBe('Maria Delgado');

      const entry = listAudit(app.db).find((e) => e.action === 'contact.updated')!;
      expect(entry).toMatchObject({
        actor: 'operator',
        subject_type: 'contact',
        subject_id: contactId,
      });
      // Which fields changed, never what the notes say.
      expect(JSON.parse(entry.details)).toEqual({ fields: ['name', 'notes', 'tags'] });

      // Fields left out keep their value; an emptied name goes back to the number.
      const cleared = await invoke<ContactDetails>(app, 'contacts:update', { contactId, name: '' });
      expect(cleared).toMatchObject({
        name: null,
        notes: 'Prefers mornings. Allergic to lavender.',
      });
    });

    it('refuses an unknown contact, an empty update and bad tags', async () => {
      await expect(invoke(app, 'contacts:get', { contactId: 999 })).rejects.toMatchObject({
        kind: 'failed',
        message: 'That contact no longer exists.',
      });
      await expect(
        invoke(app, 'contacts:update', { contactId: 999, name: 'X' }),
      ).rejects.toMatchObject({
        kind: 'failed',
      });
      await expect(invoke(app, 'contacts:update', { contactId: 1 })).rejects.toMatchObject({
        kind: 'invalid',
        message: 'Nothing to change',
      });
      await expect(
        invoke(app, 'contacts:update', { contactId: 1, tags: ['   '] }),
      ).rejects.toMatchObject({ kind: 'invalid' });
    });
  });

  describe('settings', () => {
    it('shows sending settings and, in demo mode, no secrets set', async () => {
      const settings = await invoke<ConsoleSettings>(app, 'settings:get', {});
      expect(settings.sending).toMatchObject({ messagesPerSecond: 100, currency: 'USD' });
      expect(settings.twilio).toMatchObject({
        accountSid: null,
        phoneNumber: null,
        authToken: { set: false, envVar: 'TWILIO_AUTH_TOKEN' },
      });
      expect(settings.ai).toMatchObject({ provider: 'offline', apiKey: { set: false } });
      expect(settings.ngrok.authtoken.set).toBe(false);
      // Serve mode keeps no secrets; an ngrok authtoken may still be typed for this run.
      expect(settings.editable).toEqual({ sending: true, twilio: false, ai: false, ngrok: true });
      expect(settings.secretStore).toBe('environment');
    });

    it('saves sending settings over the stored ones, validated and audited', async () => {
      const saved = await invoke<ConsoleSettings>(app, 'settings:saveSending', {
        quietHours: { enabled: true, start: '20:00', end: '09:00', timeZone: 'Europe/Madrid' },
        pricePerSegment: 0.0079,
      });
      expect(saved.sending).toEqual({
        quietHours: { enabled: true, start: '20:00', end: '09:00', timeZone: 'Europe/Madrid' },
        pricePerSegment: 0.0079,
        currency: 'USD',
        messagesPerSecond: 100,
      });
      expect(getSetting(app.db, SENDING_SETTINGS_KEY)).toEqual(saved.sending);
      const entry = listAudit(app.db).find((e) => e.action === 'settings.sending_changed')!;
      expect(JSON.parse(entry.details)).toEqual({ fields: ['quietHours', 'pricePerSegment'] });

      // The price per segment feeds the pre-send cost estimate at once.
      const { conversationId } = await contactOf('+14155550103');
      const report = await invoke<{ cost: number }>(app, 'messages:check', {
        conversationId,
        body: 'Hello',
      });
      expect(report.cost).toBeCloseTo(0.0079);
    });

    it('refuses an unknown time zone and equal start and end, saving nothing', async () => {
      await expect(
        invoke(app, 'settings:saveSending', {
          quietHours: { enabled: true, start: '21:00', end: '08:00', timeZone: 'Mars/Olympus' },
        }),
      ).rejects.toMatchObject({
        kind: 'invalid',
        message: 'Quiet hours time zone: unknown time zone.',
      });
      await expect(
        invoke(app, 'settings:saveSending', {
          quietHours: { enabled: true, start: '21:00', end: '21:00', timeZone: 'UTC' },
        }),
      ).rejects.toMatchObject({ kind: 'invalid' });
      await expect(
        invoke(app, 'settings:saveSending', { messagesPerSecond: 0 }),
      ).rejects.toMatchObject({ kind: 'invalid' });
      expect(getSetting(app.db, SENDING_SETTINGS_KEY)).toEqual({ messagesPerSecond: 100 });
      expect(listAudit(app.db).some((e) => e.action === 'settings.sending_changed')).toBe(false);
    });
  });

  describe('search', () => {
    it('finds old messages by word and by the prefix of the last word, newest first', async () => {
      const first = await contactOf('+14155550104', 'Can I book a balayage for Saturday?');
      await customerTexts(app, '+14155550105', 'Do you do balayage on weekdays?');
      await customerTexts(app, '+14155550104', 'Never mind, thanks');

      const hits = await invoke<SearchHit[]>(app, 'search:messages', { query: 'balay' });
      expect(hits.map((h) => h.contact.address)).toEqual(['+14155550105', '+14155550104']);
      const hit = hits[1]!;
      expect(hit).toMatchObject({
        messageId: first.message.id,
        conversationId: first.conversationId,
        direction: 'inbound',
      });
      expect(hit.snippet).toEqual([
        { text: 'Can I book a ', match: false },
        { text: 'balayage', match: true },
        { text: ' for Saturday?', match: false },
      ]);

      // Every word must match; accents and case do not matter.
      const both = await invoke<SearchHit[]>(app, 'search:messages', { query: 'BALAYAGE satur' });
      expect(both.map((h) => h.messageId)).toEqual([first.message.id]);
    });

    it('treats FTS syntax in the query as plain words, never as an error', async () => {
      await customerTexts(app, '+14155550106', 'Is it "NEAR" the station? 50% off AND free?');
      for (const query of [
        '"',
        'NEAR(',
        'AND',
        '-x',
        '*',
        'col:umn',
        '50%',
        'station)',
        '" OR 1',
      ]) {
        await expect(invoke(app, 'search:messages', { query })).resolves.toBeInstanceOf(Array);
      }
      const hits = await invoke<SearchHit[]>(app, 'search:messages', { query: 'near AND' });
      expect(hits).toHaveLength(1);
      expect(await invoke<SearchHit[]>(app, 'search:messages', { query: '  ?! ' })).toEqual([]);
    });

    it('narrows by contact, direction, tag, category and date', async () => {
      const ana = await contactOf('+14155550120', 'Is the invoice ready?');
      const other = await customerTexts(app, '+14155550121', 'Where is my invoice?');
      // Triage runs in the draft job; set the category here so the filter is tested on its own.
      app.db.prepare(`UPDATE messages SET category = 'billing' WHERE id = ?`).run(other.id);
      await invoke(app, 'contacts:update', { contactId: ana.contactId, tags: ['wholesale'] });
      await invoke(app, 'messages:send', {
        conversationId: ana.conversationId,
        body: 'Your invoice is attached',
      });
      const search = (filters: Record<string, unknown>) =>
        invoke<SearchHit[]>(app, 'search:messages', { query: 'invoice', ...filters }).then((hits) =>
          hits.map((h) => [h.contact.address, h.direction]),
        );

      expect(await search({})).toHaveLength(3);
      expect(await search({ contactId: ana.contactId })).toEqual([
        ['+14155550120', 'outbound'],
        ['+14155550120', 'inbound'],
      ]);
      expect(await search({ direction: 'inbound' })).toHaveLength(2);
      expect(await search({ tag: 'wholesale', direction: 'inbound' })).toEqual([
        ['+14155550120', 'inbound'],
      ]);
      expect(await search({ category: 'billing', contactId: undefined })).toContainEqual([
        '+14155550121',
        'inbound',
      ]);
      expect(await search({ category: 'complaint' })).toEqual([]);
      expect(await search({ from: Date.now() + 60_000 })).toEqual([]);
      expect(await search({ to: 1 })).toEqual([]);
    });

    it('finds a message still waiting in the search backlog: the handler indexes it first', async () => {
      const { conversationId } = await contactOf('+14155550130', 'First text');
      // Stored the way a webhook stores it, with no indexing run since.
      const waiting = insertInboundMessage(app.db, {
        conversationId,
        sid: 'SMbacklog0000000000000000000000001',
        from: '+14155550130',
        to: '+15005550006',
        body: 'Is the kumquat tart still on the menu?',
        media: [],
        numSegments: 1,
        now: Date.now(),
      })!;
      expect(
        sqlite(app.db).prepare('SELECT count(*) FROM search_backlog').pluck().get(),
      ).toBeGreaterThan(0);
      const hits = await invoke<SearchHit[]>(app, 'search:messages', { query: 'kumq' });
      expect(hits.map((h) => h.messageId)).toEqual([waiting]);
      expect(sqlite(app.db).prepare('SELECT count(*) FROM search_backlog').pluck().get()).toBe(0);
    });

    it('respects the limit', async () => {
      for (let i = 0; i < 5; i += 1) await customerTexts(app, `+1415555011${i}`, `invoice ${i}`);
      const hits = await invoke<SearchHit[]>(app, 'search:messages', {
        query: 'invoice',
        limit: 3,
      });
      expect(hits).toHaveLength(3);
    });
  });
});

describe('settings with secrets in the environment', () => {
  const secrets = {
    NGROK_AUTHTOKEN: 'ngrok-secret-value-2f9c',
    OPENAI_API_KEY: 'sk-test-secret-value-8d1e',
    OPENAI_BASE_URL: 'http://user:pass@127.0.0.1:11434/v1?key=qs-secret',
    SWITCHBOARD_PUBLIC_URL: 'https://shop.example.ngrok.app',
  };

  it('says which secrets are set and never returns a value', async () => {
    const tmp = makeTempDir();
    // A drafter that needs no network: nothing is texted here, but keep the test hermetic anyway.
    const db = openDatabase(`${tmp.path}/drafter.db`);
    const { app, stop } = await startTestApp(secrets, { drafter: createOfflineDrafter(db) });
    try {
      const settings = await invoke<ConsoleSettings>(app, 'settings:get', {});
      expect(settings.ai.apiKey).toEqual({ set: true, envVar: 'OPENAI_API_KEY' });
      expect(settings.ai.baseUrl).toBe('http://127.0.0.1:11434/v1');
      expect(settings.ngrok).toMatchObject({
        authtoken: { set: true, envVar: 'NGROK_AUTHTOKEN' },
        publicUrl: 'https://shop.example.ngrok.app',
      });
      const text = JSON.stringify(settings);
      for (const value of ['ngrok-secret-value', 'sk-test-secret', 'pass', 'qs-secret']) {
        expect(text).not.toContain(value);
      }
    } finally {
      await stop();
      db.close();
      tmp.cleanup();
    }
  });
});

describe('toFtsQuery', () => {
  it('quotes every word and makes the last a prefix', () => {
    expect(toFtsQuery('open satur')).toBe('"open" "satur"*');
    expect(toFtsQuery('say "hi"')).toBe('"say" """hi"""*');
    expect(toFtsQuery('NEAR(a b)')).toBe('"NEAR(a" "b)"*');
    expect(toFtsQuery(' - * ')).toBeNull();
  });
});
