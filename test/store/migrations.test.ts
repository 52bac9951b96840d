import { spawn } from 'node:child_process';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { migrations } from '../../src/main/core/store/migrations';
import { storeInboundMessage } from '../../src/main/core/messaging/inbound';
import { upsertContact } from '../../src/main/core/store/contacts';
import {
  countAttention,
  totalUnread,
  upsertConversation,
} from '../../src/main/core/store/conversations';
import {
  DatabaseTooNewError,
  migrate,
  openDatabase,
  openPostgres,
  schemaVersion,
  type Db,
} from '../../src/main/core/store/database';
import { postgresBaseline } from '../../src/main/core/store/postgres/baseline';
import { postgresSchemaVersion } from '../../src/main/core/store/postgres/migrate';
import { PostgresDb } from '../../src/main/core/store/postgres/postgresDb';
import { freshPostgresUrl, storeEngines } from '../support/storeEngines';
import { makeTempDir } from '../support/tempDir';

const tables = (db: Database.Database) =>
  (
    db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as {
      name: string;
    }[]
  ).map((r) => r.name);

describe('migrations', () => {
  const dirs: Array<() => void> = [];
  afterEach(() => dirs.splice(0).forEach((cleanup) => cleanup()));

  it('are numbered upward in steps that leave room between them', () => {
    const versions = migrations.map((m) => m.version);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(versions.length);
    for (const v of versions) expect(v % 10).toBe(0);
  });

  // One test per migration, applied on top of the ones before it (Signal-Desktop's habit).
  for (const [index, migration] of migrations.entries()) {
    it(`${migration.version} (${migration.name}) applies on an in-memory database`, () => {
      const db = openDatabase(':memory:', { migrations: migrations.slice(0, index + 1) });
      expect(schemaVersion(db)).toBe(migration.version);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      db.close();
    });
  }

  it('0070 rebuilds the search index with prefix indexes, covering what waited in the backlog', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version < 70) });
    db.exec(`
      INSERT INTO contacts (id, address, raw_address, created_at, updated_at)
        VALUES (1, '+14155550100', '+14155550100', 1, 1);
      INSERT INTO conversations (id, contact_id, channel, business_number, last_activity_at, created_at)
        VALUES (1, 1, 'sms', '+15005550006', 1, 1);
    `);
    const add = db.prepare(
      `INSERT INTO messages (conversation_id, direction, author, from_address, to_address, body,
         status, created_at, updated_at)
       VALUES (1, 'inbound', 'customer', '+14155550100', '+15005550006', ?, 'received', 1, 1)`,
    );
    const indexed = Number(add.run('Tomorrow at ten works').lastInsertRowid);
    db.exec(`INSERT INTO messages_fts (rowid, body) SELECT m.id, m.body FROM search_backlog b
               JOIN messages m ON m.id = b.message_id; DELETE FROM search_backlog;`);
    const waiting = Number(add.run('Thanks, see you then').lastInsertRowid);

    migrate(db, migrations);
    const find = (q: string) =>
      db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ? ORDER BY rowid').pluck().all(q); // prettier-ignore
    expect(find('"t"*')).toEqual([indexed, waiting]);
    expect(find('"th"*')).toEqual([waiting]);
    expect(find('"ten"')).toEqual([indexed]);
    expect(db.prepare('SELECT count(*) FROM search_backlog').pluck().get()).toBe(0);
    expect(db.prepare(`SELECT sql FROM sqlite_master WHERE name = 'messages_fts'`).pluck().get()).toMatch(/prefix='1 2 3'/); // prettier-ignore
    // FTS5's own check: the index holds exactly the messages, word for word.
    db.prepare(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`).run();
    // The triggers of 0050 keep working on the new table.
    db.prepare('DELETE FROM messages WHERE id = ?').run(indexed);
    expect(find('"t"*')).toEqual([waiting]);
    db.close();
  });

  it('creates every table of the design', () => {
    const db = openDatabase(':memory:');
    expect(tables(db)).toEqual(
      expect.arrayContaining([
        'contacts',
        'conversations',
        'messages',
        'messages_fts',
        'message_events',
        'drafts',
        'jobs',
        'webhook_log',
        'audit_log',
        'settings',
        'message_media',
      ]),
    );
    db.close();
  });

  it('opens a file in WAL mode with full fsync and foreign keys on', () => {
    const tmp = makeTempDir();
    dirs.push(tmp.cleanup);
    const db = openDatabase(join(tmp.path, 'a.db'));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2); // FULL
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('re-opening an up-to-date database changes nothing', () => {
    const tmp = makeTempDir();
    dirs.push(tmp.cleanup);
    const path = join(tmp.path, 'a.db');
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    db.close();
  });

  it('refuses a database written by a newer version and leaves it untouched', () => {
    const tmp = makeTempDir();
    dirs.push(tmp.cleanup);
    const path = join(tmp.path, 'future.db');
    const raw = new Database(path);
    raw.pragma('user_version = 99990');
    raw.exec('CREATE TABLE from_the_future (x)');
    raw.close();

    expect(() => openDatabase(path)).toThrow(DatabaseTooNewError);
    expect(() => openDatabase(path)).toThrow(/newer version of Switchboard/);
    const check = new Database(path);
    expect(check.pragma('user_version', { simple: true })).toBe(99990);
    expect(tables(check)).toEqual(['from_the_future']);
    check.close();
  });
});

describe('migration 0060 (inbox counters)', () => {
  it('backfills the flags and counters from a store written before it', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version < 60) });
    db.pragma('foreign_keys = OFF'); // rows go in child-first, as an old store may hold them
    const contact = db.prepare(
      `INSERT INTO contacts (id, address, raw_address, opted_out, created_at, updated_at)
       VALUES (?, ?, ?, ?, 0, 0)`,
    );
    const conversation = db.prepare(
      `INSERT INTO conversations (id, contact_id, channel, business_number, unread_count,
         last_activity_at, last_message_id, category, created_at)
       VALUES (?, ?, 'sms', '+15005550006', ?, ?, ?, ?, 0)`,
    );
    const message = db.prepare(
      `INSERT INTO messages (id, conversation_id, direction, author, from_address, to_address, body,
         status, created_at, updated_at)
       VALUES (?, ?, ?, 'customer', 'a', 'b', 'hi', ?, 0, 0)`,
    );
    // 1: waiting for a reply with a ready draft; 2: the same but opted out; 3: a failed reply;
    // 4: an undelivered reply, not triaged; 5: answered and delivered; 6: no message at all.
    for (const [id, optedOut] of [
      [1, 0],
      [2, 1],
      [3, 0],
      [4, 0],
      [5, 0],
      [6, 0],
    ] as const) {
      contact.run(id, `+1415555010${id}`, `+1415555010${id}`, optedOut);
    }
    message.run(1, 1, 'inbound', 'received');
    message.run(2, 2, 'inbound', 'received');
    message.run(3, 3, 'outbound', 'failed');
    message.run(4, 4, 'outbound', 'undelivered');
    message.run(5, 5, 'outbound', 'delivered');
    conversation.run(1, 1, 2, 10, 1, 'question');
    conversation.run(2, 2, 1, 20, 2, 'spam');
    conversation.run(3, 3, 0, 30, 3, 'question');
    conversation.run(4, 4, 0, 40, 4, null);
    conversation.run(5, 5, 0, 50, 5, 'booking');
    conversation.run(6, 6, 0, 60, null, null);
    db.prepare(
      `INSERT INTO drafts (conversation_id, reply_to_message_id, provider, state, created_at)
       VALUES (1, 1, 'offline', 'ready', 0), (1, 1, 'offline', 'superseded', 0),
              (5, 5, 'offline', 'approved', 0)`,
    ).run();
    db.pragma('foreign_keys = ON');

    migrate(db, migrations);
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    expect(
      db
        .prepare('SELECT id, needs_reply, draft_ready, failed_send FROM conversations ORDER BY id')
        .all(),
    ).toEqual([
      { id: 1, needs_reply: 1, draft_ready: 1, failed_send: 0 },
      { id: 2, needs_reply: 0, draft_ready: 0, failed_send: 0 },
      { id: 3, needs_reply: 0, draft_ready: 0, failed_send: 1 },
      { id: 4, needs_reply: 0, draft_ready: 0, failed_send: 1 },
      { id: 5, needs_reply: 0, draft_ready: 0, failed_send: 0 },
      { id: 6, needs_reply: 0, draft_ready: 0, failed_send: 0 },
    ]);
    expect({ unread: totalUnread(db), tabs: countAttention(db, undefined) }).toEqual({
      unread: 3,
      tabs: { 'needs-reply': 1, drafts: 1, failed: 2 },
    });
    expect(countAttention(db, 'question')).toEqual({ 'needs-reply': 1, drafts: 1, failed: 1 });
    expect(countAttention(db, 'billing')).toEqual({ 'needs-reply': 0, drafts: 0, failed: 0 });
    db.close();
  });

  it('gives the contact panel’s consent history its own index instead of a walk of the audit log', () => {
    const db = openDatabase(':memory:');
    const plan = (
      db
        .prepare(
          `EXPLAIN QUERY PLAN SELECT at, actor, action, details FROM audit_log
           WHERE subject_type = 'contact' AND subject_id = ?
             AND action IN ('contact.opted_out', 'contact.opted_in')
           ORDER BY at DESC, id DESC LIMIT ?`,
        )
        .all(1, 50) as { detail: string }[]
    ).map((row) => row.detail);
    expect(plan.join(' ')).toMatch(/USING INDEX audit_log_consent/);
    db.close();
  });
});

describe('migration 0100 (counters by update)', () => {
  it('keeps the counters right for conversations that had nothing to count when it ran', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version < 100) });
    const now = 1_000;
    const contact = upsertContact(db, { address: '+14155550101', rawAddress: '+14155550101', now });
    // A conversation with nothing to count: before 0100 its category had no counters row.
    const quiet = upsertConversation(db, {
      contactId: contact.id,
      channel: 'sms',
      businessNumber: '+15005550006',
      now,
    });
    db.prepare(`UPDATE conversations SET category = 'booking' WHERE id = ?`).run(quiet);
    db.prepare(`DELETE FROM conversation_counts WHERE category = 'booking'`).run();
    expect(countAttention(db, 'booking')).toEqual({ 'needs-reply': 0, drafts: 0, failed: 0 });

    migrate(db, migrations);
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);

    // The customer writes in that conversation, and a new customer writes for the first time.
    const store = (from: string, sid: string) =>
      db.transaction(() =>
        storeInboundMessage(
          db,
          {
            sid,
            from,
            to: '+15005550006',
            body: 'Can I book for Friday?',
            media: [],
            numSegments: 1,
          },
          { now: now + 1, defaultCountry: 'US' },
        ),
      )();
    store('+14155550101', 'SM0100a');
    store('+14155550102', 'SM0100b');
    expect(countAttention(db, 'booking')).toEqual({ 'needs-reply': 1, drafts: 0, failed: 0 });
    expect({ unread: totalUnread(db), tabs: countAttention(db, undefined) }).toEqual({
      unread: 2,
      tabs: { 'needs-reply': 2, drafts: 0, failed: 0 },
    });
    db.close();
  });
});

describe('migration 0110 (message media)', () => {
  it('lists the attachments of inbound texts stored before it, waiting, with one media job each', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version < 110) });
    // Rows as the app of that era wrote them: the media only as the message's JSON.
    const conversationId = upsertConversation(db, {
      contactId: upsertContact(db, { address: '+14155550101', rawAddress: '+14155550101', now: 1_000 }).id, // prettier-ignore
      channel: 'sms',
      businessNumber: '+15005550006',
      now: 1_000,
    });
    const store = (sid: string, media: Array<{ url: string; contentType: string }>) => ({
      duplicate: false as const,
      messageId: Number(
        db
          .prepare(
            `INSERT INTO messages (conversation_id, direction, author, provider_sid, from_address,
               to_address, body, media, status, created_at, updated_at)
             VALUES (?, 'inbound', 'customer', ?, '+14155550101', '+15005550006', 'Photos', ?,
               'received', 1000, 1000)`,
          )
          .run(conversationId, sid, JSON.stringify(media)).lastInsertRowid,
      ),
    });
    const url = (n: number) => `https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME${n}`; // prettier-ignore
    const mms = store('MM0110a', [
      { url: url(1), contentType: 'image/jpeg' },
      { url: url(2), contentType: 'application/pdf' },
    ]);
    store('SM0110b', []);
    migrate(db, migrations);

    expect(
      db
        .prepare(
          `SELECT message_id AS messageId, position, carrier_url AS url, content_type AS type, state
           FROM message_media ORDER BY message_id, position`,
        )
        .all(),
    ).toEqual([
      { messageId: mms.messageId, position: 0, url: url(1), type: 'image/jpeg', state: 'waiting' }, // prettier-ignore
      { messageId: mms.messageId, position: 1, url: url(2), type: 'application/pdf', state: 'waiting' }, // prettier-ignore
    ]);
    expect(
      db.prepare(`SELECT kind, payload, state, max_attempts FROM jobs WHERE kind = 'media'`).all(),
    ).toEqual([
      {
        kind: 'media',
        payload: JSON.stringify({ messageId: mms.messageId }),
        state: 'queued',
        max_attempts: 8,
      },
    ]);
    // Its rows go with their message (retention deletes messages, never attachments by hand).
    db.prepare('DELETE FROM messages').run();
    expect(db.prepare('SELECT count(*) FROM message_media').pluck().get()).toBe(0);
    db.close();
  });
});

describe('migration 0150 (closed replies and hand-off holds)', () => {
  it('adds the closed-reply record, whose rows go with their conversation, and no holds', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version < 150) }); // prettier-ignore
    db.exec(`
      INSERT INTO contacts (id, address, raw_address, created_at, updated_at)
        VALUES (1, '+14155550100', '+14155550100', 1, 1);
      INSERT INTO conversations (id, contact_id, channel, business_number, last_activity_at, created_at)
        VALUES (1, 1, 'sms', '+15005550006', 1, 1);
    `);
    migrate(db, migrations);
    expect(tables(db)).toContain('closed_replies');
    expect(
      db.prepare('SELECT held_reason, held_at, auto_after_id FROM conversations').get(),
    ).toEqual({ held_reason: null, held_at: null, auto_after_id: null });
    db.prepare(
      `INSERT INTO closed_replies (conversation_id, reply_to_message_id, message_id, kind,
         period_start, period_end, sent_at) VALUES (1, 10, 11, 'closed', 1, 2, 1)`,
    ).run();
    expect(() => db.prepare(`UPDATE closed_replies SET kind = 'maybe'`).run()).toThrow(
      /CHECK constraint/,
    );
    db.prepare('DELETE FROM conversations').run();
    expect(db.prepare('SELECT count(*) FROM closed_replies').pluck().get()).toBe(0);
    db.close();
  });
});

describe('migration 0170 (carrier copy deleted)', () => {
  it('adds when Twilio was asked to delete its copy, null for every attachment from before', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version < 170) });
    const conversationId = upsertConversation(db, {
      contactId: upsertContact(db, { address: '+14155550102', rawAddress: '+14155550102', now: 1_000 }).id, // prettier-ignore
      channel: 'sms',
      businessNumber: '+15005550006',
      now: 1_000,
    });
    const messageId = Number(
      db
        .prepare(
          `INSERT INTO messages (conversation_id, direction, author, from_address, to_address,
             body, status, created_at, updated_at)
           VALUES (?, 'inbound', 'customer', '+14155550102', '+15005550006', 'Photo', 'received',
             1000, 1000)`,
        )
        .run(conversationId).lastInsertRowid,
    );
    db.prepare(
      `INSERT INTO message_media (message_id, position, carrier_url, content_type, state, sha256,
         size, created_at, updated_at)
       VALUES (?, 0, 'https://api.twilio.com/x', 'image/jpeg', 'kept', ?, 10, 1000, 1000)`,
    ).run(messageId, 'a'.repeat(64));
    migrate(db, migrations);
    expect(
      db.prepare('SELECT state, carrier_deleted_at AS deletedAt FROM message_media').get(),
    ).toEqual({ state: 'kept', deletedAt: null });
    db.close();
  });
});

describe('migration 0130 (outbound media)', () => {
  it('marks every attachment from before it inbound, and adds the composer’s staged attachments', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version < 130) });
    const conversationId = upsertConversation(db, {
      contactId: upsertContact(db, { address: '+14155550101', rawAddress: '+14155550101', now: 1_000 }).id, // prettier-ignore
      channel: 'sms',
      businessNumber: '+15005550006',
      now: 1_000,
    });
    const messageId = Number(
      db
        .prepare(
          `INSERT INTO messages (conversation_id, direction, author, provider_sid, from_address,
             to_address, body, media, status, created_at, updated_at)
           VALUES (?, 'inbound', 'customer', 'MM0130', '+14155550101', '+15005550006', 'Photo',
             '[{"url":"https://x/ME1","contentType":"image/jpeg"}]', 'received', 1000, 1000)`,
        )
        .run(conversationId).lastInsertRowid,
    );
    db.prepare(
      `INSERT INTO message_media (message_id, position, carrier_url, content_type, created_at,
         updated_at) VALUES (?, 0, 'https://x/ME1', 'image/jpeg', 1000, 1000)`,
    ).run(messageId);
    migrate(db, migrations);

    expect(tables(db)).toContain('staged_media');
    expect(
      db.prepare('SELECT direction, serve_token_hash, serve_until FROM message_media').all(),
    ).toEqual([{ direction: 'inbound', serve_token_hash: null, serve_until: null }]);
    expect(() => db.prepare(`UPDATE message_media SET direction = 'sideways'`).run()).toThrow(
      /CHECK constraint/,
    );
    // A token names one row at most.
    db.prepare(
      `INSERT INTO message_media (message_id, position, carrier_url, content_type, state, sha256,
         size, direction, serve_token_hash, created_at, updated_at)
       VALUES (?, 1, '', 'image/png', 'kept', 'ab', 3, 'outbound', 'h', 1, 1)`,
    ).run(messageId);
    expect(() =>
      db.prepare(`UPDATE message_media SET serve_token_hash = 'h' WHERE position = 0`).run(),
    ).toThrow(/UNIQUE/);
    // Staged attachments go with their conversation.
    db.prepare(
      `INSERT INTO staged_media (conversation_id, sha256, content_type, size, created_at)
       VALUES (?, 'cd', 'image/jpeg', 10, 1)`,
    ).run(conversationId);
    db.prepare('DELETE FROM messages').run();
    db.prepare('DELETE FROM conversations').run();
    expect(db.prepare('SELECT count(*) FROM staged_media').pluck().get()).toBe(0);
    db.close();
  });
});

describe('migration 0160 (notifications and translations)', () => {
  it('records a cause once, keeps deliveries with their notification, and caches translations', () => {
    const db = openDatabase(':memory:', { migrations });
    const insert = db.prepare(
      `INSERT INTO notifications (cause, kind, conversation_id, message_id, created_at)
       VALUES (?, 'waiting', 1, 1, 1000) ON CONFLICT (cause) DO NOTHING`,
    );
    expect(insert.run('waiting:1:1').changes).toBe(1);
    expect(insert.run('waiting:1:1').changes).toBe(0);
    db.prepare(
      `INSERT INTO notification_deliveries (notification_id, channel_id, state, updated_at)
       VALUES (1, 1, 'retrying', 1000)`,
    ).run();
    expect(() => db.prepare(`UPDATE notification_deliveries SET state = 'lost'`).run()).toThrow(
      /CHECK/,
    );
    // Health's list of trouble is a walk down its own partial index.
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT * FROM notification_deliveries INDEXED BY notification_deliveries_trouble
         WHERE state IN ('retrying', 'failed') ORDER BY updated_at DESC`,
      )
      .all() as Array<{ detail: string }>;
    expect(plan.map((p) => p.detail).join(' ')).toContain('notification_deliveries_trouble');
    db.prepare('DELETE FROM notifications').run();
    expect(db.prepare('SELECT count(*) FROM notification_deliveries').pluck().get()).toBe(0);
    db.prepare(
      `INSERT INTO translations (text_hash, language, text, created_at) VALUES ('h', 'en', 'Hi', 1)`,
    ).run();
    expect(() =>
      db
        .prepare(
          `INSERT INTO translations (text_hash, language, text, created_at) VALUES ('h', 'en', 'Hi', 1)`,
        )
        .run(),
    ).toThrow(/UNIQUE/);
    db.close();
  });
});

describe('migration 0120 (whatsapp templates and consent)', () => {
  it('adds the template cache and the consent record, and template columns that old rows leave empty', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version < 120) });
    const contactId = upsertContact(db, { address: '+14155550120', rawAddress: 'whatsapp:+14155550120', now: 1_000 }).id; // prettier-ignore
    const conversationId = upsertConversation(db, { contactId, channel: 'whatsapp', businessNumber: '+14155238886', now: 1_000 }); // prettier-ignore
    db.prepare(
      `INSERT INTO messages (conversation_id, direction, author, from_address, to_address, body,
         status, created_at, updated_at)
       VALUES (?, 'outbound', 'operator', 'whatsapp:+14155238886', 'whatsapp:+14155550120', 'Hi',
         'delivered', 1000, 1000)`,
    ).run(conversationId);
    migrate(db, migrations);

    expect(tables(db)).toEqual(expect.arrayContaining(['content_templates', 'whatsapp_consent']));
    expect(db.prepare('SELECT content_sid, content_variables FROM messages').get()).toEqual({ content_sid: null, content_variables: null }); // prettier-ignore
    const draftColumns = (db.prepare('PRAGMA table_info(drafts)').all() as { name: string }[]).map((c) => c.name); // prettier-ignore
    expect(draftColumns).toEqual(expect.arrayContaining(['template_sid', 'template_variables']));
    // A consent record is one per contact, with a known method, and goes with its contact.
    const insert = db.prepare(`INSERT INTO whatsapp_consent (contact_id, method, recorded_by, recorded_at) VALUES (?, ?, 'Ana', 1)`); // prettier-ignore
    expect(() => insert.run(contactId, 'carrier-pigeon')).toThrow(/CHECK/);
    insert.run(contactId, 'web-form');
    expect(() => insert.run(contactId, 'in-person')).toThrow(/UNIQUE|PRIMARY/);
    db.close();
  });
});

describe('migration 0140 (knowledge)', () => {
  it('adds the knowledge tables, their FTS5 index kept by triggers, and two draft columns', () => {
    const db = openDatabase(':memory:', { migrations: migrations.filter((m) => m.version <= 140) });
    const tables = db
      .prepare(
        `SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'knowledge%' ORDER BY name`,
      ) // prettier-ignore
      .pluck()
      .all();
    expect(tables).toEqual(expect.arrayContaining(['knowledge_embeddings', 'knowledge_fts', 'knowledge_passages', 'knowledge_sources'])); // prettier-ignore
    const source = db
      .prepare(
        `INSERT INTO knowledge_sources (kind, title, content, created_at, updated_at) VALUES ('policy', 'Refunds', '{}', 1, 1)`,
      ) // prettier-ignore
      .run().lastInsertRowid;
    db.prepare(`INSERT INTO knowledge_passages (source_id, position, heading, text, hash) VALUES (?, 0, 'Refunds', 'Deposits are refundable', 'h')`).run(source); // prettier-ignore
    expect(db.prepare(`SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH 'refundable'`).pluck().all()).toHaveLength(1); // prettier-ignore
    db.prepare('DELETE FROM knowledge_sources').run(); // passages go with their source, and leave the index
    expect(db.prepare(`SELECT count(*) FROM knowledge_passages`).pluck().get()).toBe(0);
    expect(db.prepare(`SELECT rowid FROM knowledge_fts WHERE knowledge_fts MATCH 'refundable'`).pluck().all()).toEqual([]); // prettier-ignore
    const columns = db.prepare(`SELECT name, dflt_value FROM pragma_table_info('drafts') WHERE name IN ('knowledge', 'claims')`).all(); // prettier-ignore
    expect(columns).toEqual([
      { name: 'knowledge', dflt_value: "'[]'" },
      { name: 'claims', dflt_value: "'[]'" },
    ]);
    db.close();
  });
});

// Every migration after the baseline must say what it does on PostgreSQL too: a hub opening a
// database at the baseline applies each later step's PostgreSQL half.
describe('migrations after the PostgreSQL baseline', () => {
  it('each have a PostgreSQL half', () => {
    const missing = migrations
      .filter((m) => m.version > postgresBaseline.version && !m.postgres?.trim())
      .map((m) => `${m.version} (${m.name})`);
    expect(missing).toEqual([]);
    expect(migrations.map((m) => m.version)).toContain(postgresBaseline.version);
  });
});

/**
 * Tables and their columns as SQLite's migrations leave them, minus FTS5 and its shadow tables;
 * a column that refuses NULL says so (a primary key does on both engines).
 */
function sqliteColumns(db: Database.Database): Record<string, string[]> {
  const virtual = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE 'CREATE VIRTUAL%'`)
    .pluck()
    .all() as string[];
  const result: Record<string, string[]> = {};
  for (const table of tables(db)) {
    if (virtual.some((v) => table === v || table.startsWith(`${v}_`))) continue;
    const columns = db
      .prepare(
        `SELECT name || CASE WHEN "notnull" = 1 OR pk > 0 THEN ' NOT NULL' ELSE '' END
         FROM pragma_table_info(?)`,
      )
      .pluck()
      .all(table);
    result[table] = (columns as string[]).sort();
  }
  return result;
}

function postgresColumns(db: Db): Record<string, string[]> {
  const rows = db
    .prepare(
      `SELECT table_name AS t,
              column_name || CASE WHEN is_nullable = 'NO' THEN ' NOT NULL' ELSE '' END AS c
       FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> 'schema_version'
       ORDER BY table_name, column_name`,
    )
    .all() as Array<{ t: string; c: string }>;
  const result: Record<string, string[]> = {};
  for (const { t, c } of rows) (result[t] ??= []).push(c);
  for (const columns of Object.values(result)) columns.sort();
  return result;
}

const postgresTables = (db: Db) =>
  (
    db
      .prepare(
        `SELECT table_name AS name FROM information_schema.tables
         WHERE table_schema = 'public' ORDER BY table_name`,
      )
      .all() as Array<{ name: string }>
  ).map((row) => row.name);

/** A hub process starting: the child opens (and so migrates) the database at `url`. */
function startHubProcess(url: string): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [
    '--import',
    'tsx',
    join(__dirname, '../support/migratePostgres.ts'),
    url,
  ]);
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, out, err })));
}

// The lock migrate.ts takes around migrating, so the test can hold both starters at the door.
const MIGRATION_LOCK = 0x5357_4244;

const postgres = storeEngines.find((engine) => engine.name === 'postgres')!;
describe.skipIf(postgres.skip !== undefined)(
  `migrations on postgres${postgres.skip ? ` (skipped: ${postgres.skip})` : ''}`,
  () => {
    const opened: Db[] = [];
    const connect = (url: string) => {
      const db = new PostgresDb(url);
      opened.push(db);
      return db;
    };
    afterEach(() => opened.splice(0).forEach((db) => db.close()));
    const latest = migrations.at(-1)!.version;

    it('bring an empty database to the latest version from the baseline, and change nothing on re-opening', () => {
      const url = freshPostgresUrl();
      const db = openPostgres(url);
      opened.push(db);
      expect(postgresSchemaVersion(db)).toBe(latest);
      db.close();
      opened.pop();
      const again = openPostgres(url);
      opened.push(again);
      expect(postgresSchemaVersion(again)).toBe(latest);
      expect(again.prepare('SELECT COUNT(*) AS n FROM schema_version').get()).toEqual({ n: 1 });
    });

    it('make the same tables, columns and indexes as SQLite, without the full-text tables', () => {
      const sqlite = openDatabase(':memory:');
      const expected = sqliteColumns(sqlite);
      // Every index the migrations make by name (the inbox tabs' partial indexes among them).
      const indexes = sqlite
        .prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`)
        .pluck()
        .all() as string[];
      sqlite.close();
      const db = postgres.open();
      // search_vector is PostgreSQL's counterpart of the FTS5 tables (the baseline's search part).
      const columns = Object.fromEntries(
        Object.entries(postgresColumns(db)).map(([table, list]) => [
          table,
          list.filter((column) => column !== 'search_vector'),
        ]),
      );
      expect(columns).toEqual(expected);
      const postgresIndexes = (
        db
          .prepare(`SELECT indexname AS name FROM pg_indexes WHERE schemaname = 'public'`)
          .all() as Array<{ name: string }>
      ).map((row) => row.name);
      expect(indexes.length).toBeGreaterThan(20);
      expect(postgresIndexes).toEqual(expect.arrayContaining(indexes));
    });

    it('refuse a database written by a newer version and leave it untouched', () => {
      const url = freshPostgresUrl();
      const raw = connect(url);
      raw.exec(`CREATE TABLE schema_version (version INTEGER NOT NULL);
        INSERT INTO schema_version (version) VALUES (99990);
        CREATE TABLE from_the_future (x INTEGER)`);

      const refusal = (() => {
        try {
          openPostgres(url).close();
          return undefined;
        } catch (error) {
          return error as Error;
        }
      })();
      expect(refusal?.name).toBe('DatabaseTooNewError');
      expect(refusal?.message).toMatch(/newer version of Switchboard/);
      expect(refusal?.message).toContain(`schema 99990, this version understands up to ${latest}`);
      expect(refusal?.message).toMatch(/left untouched/);
      expect(raw.prepare('SELECT version FROM schema_version').all()).toEqual([{ version: 99990 }]);
      expect(postgresTables(raw)).toEqual(['from_the_future', 'schema_version']);
    });

    it('let several processes start on an empty database at once: all open it, one migrates it', async () => {
      const url = freshPostgresUrl();
      // Hold the door: both starters queue for the migration lock before either may migrate.
      const door = connect(url);
      door.exec(`SELECT pg_advisory_lock(${MIGRATION_LOCK})`);
      const starters = [startHubProcess(url), startHubProcess(url)];
      const waiting = () =>
        (
          door
            .prepare(
              `SELECT COUNT(*) AS n FROM pg_locks
               WHERE locktype = 'advisory' AND objid = ? AND NOT granted`,
            )
            .get(MIGRATION_LOCK) as { n: number }
        ).n;
      await vi.waitFor(() => expect(waiting()).toBe(2), { timeout: 20_000, interval: 50 });
      door.exec(`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`);

      const results = await Promise.all(starters);
      expect(results.map((r) => ({ code: r.code, version: r.out.trim(), err: r.err }))).toEqual([
        { code: 0, version: String(latest), err: '' },
        { code: 0, version: String(latest), err: '' },
      ]);
      expect(door.prepare('SELECT version FROM schema_version').all()).toEqual([
        { version: latest },
      ]);
      expect(postgresColumns(door)).toEqual(postgresColumns(postgres.open()));
    });
  },
);
