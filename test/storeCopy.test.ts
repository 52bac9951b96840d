import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../src/main/core/store/audit';
import { listConversations, readInboxCounts } from '../src/main/core/store/conversations';
import { copyStore, type CopyResult } from '../src/main/core/store/copy/copyStore';
import { storedSchemaVersion } from '../src/main/core/store/copy/engineSide';
import { formatCounts, maskLocation } from '../src/main/core/store/copy/report';
import { copiedTables, rebuiltIndexes } from '../src/main/core/store/copy/tables';
import { openDatabase, openStore, type Db } from '../src/main/core/store/database';
import {
  getEmbeddings,
  insertKnowledgeSource,
  putEmbeddings,
  searchKnowledgePassages,
} from '../src/main/core/store/knowledge';
import { listMessages } from '../src/main/core/store/messages';
import { migrations } from '../src/main/core/store/migrations';
import { indexSearchBacklog, searchMessages } from '../src/main/core/store/search';
import { setSetting } from '../src/main/core/store/settings';
import { seedHistory } from './support/recordsSeed';
import { freshPostgresUrl } from './support/storeEngines';
import { makeTempDir } from './support/tempDir';

const MESSAGES = 100_000;
const NOW = Date.UTC(2026, 5, 1);

/**
 * A laptop's store with a bit of everything: 100,000 messages over 1,001 conversations (so
 * replies follow questions and the reply examples fill up), a ready draft, an opted-out contact,
 * media, a status callback, knowledge with an embedding (a BLOB), settings, a job, an audit line,
 * and the newest messages still in the search backlog.
 */
function seedLaptop(path: string): { backlogBody: string } {
  const db = openDatabase(path);
  try {
    seedHistory(db, { contacts: 1_001, messages: MESSAGES - 5 });
    indexSearchBacklog(db);
    const insert = db.prepare(
      `INSERT INTO messages (conversation_id, direction, author, from_address, to_address, body,
         status, created_at, updated_at)
       VALUES (7, 'inbound', 'customer', '+14155550006', '+15005550006', ?, 'received', ?, ?)`,
    );
    for (let i = 0; i < 5; i += 1) insert.run(`Not indexed yet: zanzibar ${i}`, NOW + i, NOW + i);
    db.prepare(
      `INSERT INTO drafts (conversation_id, reply_to_message_id, provider, state, text_generated,
         created_at) VALUES (3, 3, 'offline', 'ready', 'Happy to help', ?)`,
    ).run(NOW);
    db.prepare('UPDATE contacts SET opted_out = 1, opted_out_at = ? WHERE id = 5').run(NOW);
    db.prepare(
      `INSERT INTO message_media (message_id, position, carrier_url, content_type, created_at,
         updated_at) VALUES (1, 0, 'https://api.twilio.com/m/0', 'image/jpeg', ?, ?),
                            (1, 1, 'https://api.twilio.com/m/1', 'application/pdf', ?, ?)`,
    ).run(NOW, NOW, NOW, NOW);
    db.prepare(
      `INSERT INTO message_events (message_sid, message_id, status, raw, applied, received_at)
       VALUES ('SM${'0'.repeat(31)}1', 2, 'delivered', '{}', 1, ?)`,
    ).run(NOW);
    db.prepare(
      `INSERT INTO jobs (kind, payload, state, max_attempts, run_after, created_at, updated_at)
       VALUES ('draft', '{"messageId":1}', 'done', 3, ?, ?, ?)`,
    ).run(NOW, NOW, NOW);
    insertKnowledgeSource(db, {
      kind: 'fact',
      title: 'Opening',
      content: { text: 'Open on Sunday' },
      origin: null,
      passages: [{ language: null, heading: 'Sunday opening', text: 'We open at ten', hash: 'h1' }],
      now: NOW,
    });
    putEmbeddings(db, { model: 'm', vectors: [{ hash: 'h1', vector: new Float32Array([0.5, -1.25]) }], now: NOW }); // prettier-ignore
    setSetting(db, 'business.name', { name: 'Bella Salon' }, NOW);
    audit(db, { actor: 'operator', action: 'contact.opted_out', subjectType: 'contact', subjectId: 5, now: NOW }); // prettier-ignore
  } finally {
    db.close();
  }
  return { backlogBody: 'zanzibar' };
}

const counts = (result: CopyResult) =>
  Object.fromEntries(result.tables.map((t) => [t.table, [t.source, t.destination]]));

/** What the operator sees of a store, through the repository functions. */
function whatTheOperatorSees(db: Db) {
  return {
    inbox: listConversations(db, { limit: 30 }),
    waiting: listConversations(db, { limit: 30, attention: 'needs-reply' }),
    drafts: listConversations(db, { limit: 30, attention: 'drafts' }),
    counts: readInboxCounts(db),
    history: listMessages(db, { conversationId: 7, limit: 60 }),
    olderHistory: listMessages(db, { conversationId: 1, limit: 20, beforeId: 50_000 }),
    search: searchMessages(db, { query: 'Köln', limit: 10 }),
    oneMessage: searchMessages(db, { query: '77777', limit: 5 }),
    knowledge: searchKnowledgePassages(db, { words: ['sunday'], limit: 5 }),
    embeddings: [...getEmbeddings(db, 'm')],
  };
}

const run = promisify(execFile);
const repoRoot = join(import.meta.dirname, '..');

describe('what a copy moves', () => {
  it('copies every table of the schema, or rebuilds it as an index, parents before children', () => {
    const db = openDatabase(':memory:');
    try {
      const tables = (
        db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
          .all() as Array<{ name: string }>
      ).map((row) => row.name);
      const copied = copiedTables.map((table) => table.name);
      const isIndex = (name: string) => rebuiltIndexes.some((fts) => name.startsWith(fts));
      expect(tables.filter((name) => !isIndex(name)).sort()).toEqual([...copied].sort());
      for (const [position, name] of copied.entries()) {
        const parents = db.prepare('SELECT "table" AS parent FROM pragma_foreign_key_list(?)').all(name) as Array<{ parent: string }>; // prettier-ignore
        for (const { parent } of parents) {
          expect(copied.indexOf(parent), `${name} → ${parent}`).toBeLessThanOrEqual(position);
        }
      }
    } finally {
      db.close();
    }
  });

  it('never prints a database password', () => {
    expect(maskLocation('postgres://switchboard:s3cret@db.example:5432/hub')).toBe(
      'postgres://switchboard:****@db.example:5432/hub',
    );
    expect(maskLocation('postgresql://db.example/hub?user=a&password=s3cret&ssl=true')).toBe(
      'postgresql://db.example/hub?user=a&password=****&ssl=true',
    );
    expect(maskLocation('/home/me/switchboard.db')).toBe('/home/me/switchboard.db');
  });

  it('prints the counts as a table with a mark per table', () => {
    const text = formatCounts([
      { table: 'messages', source: 100_000, destination: 100_000, written: 0 },
      { table: 'drafts', source: 3, destination: 2, written: 2 },
    ]);
    expect(text.split('\n')).toEqual([
      'table      source  destination',
      'messages  100,000      100,000  ✓',
      'drafts          3            2  ✗',
    ]);
  });
});

describe('copying a store between a laptop and a hub', () => {
  const dir = makeTempDir('sb-copy-');
  const laptop = join(dir.path, 'laptop.db');
  let hub: string;

  beforeAll(() => {
    seedLaptop(laptop);
    hub = freshPostgresUrl();
  }, 120_000);
  afterAll(() => dir.cleanup());

  it('copies 100,000 messages to PostgreSQL and back: same counts, conversations and search', () => {
    const there = copyStore({ from: laptop, to: hub });
    expect(there.matches).toBe(true);
    expect(counts(there)).toMatchObject({
      messages: [MESSAGES, MESSAGES],
      search_backlog: [5, 5],
      conversation_counts: [1, 1],
      reply_examples: [5_000, 5_000],
      knowledge_embeddings: [1, 1],
    });

    // On the hub, through the same repository functions.
    const onHub = openStore(hub);
    const onLaptop = openDatabase(laptop);
    try {
      expect(listMessages(onHub, { conversationId: 7, limit: 60 })).toEqual(
        listMessages(onLaptop, { conversationId: 7, limit: 60 }),
      );
      expect(readInboxCounts(onHub)).toEqual(readInboxCounts(onLaptop));
      expect([...getEmbeddings(onHub, 'm')]).toEqual([...getEmbeddings(onLaptop, 'm')]);
    } finally {
      onLaptop.close();
      onHub.close();
    }

    const back = join(dir.path, 'back.db');
    const again = copyStore({ from: hub, to: back });
    expect(again.matches).toBe(true);
    expect(counts(again)).toEqual(counts(there));
    expect(again.rebuilt).toEqual(['messages_fts', 'reply_examples_fts', 'knowledge_fts']);

    const original = openDatabase(laptop);
    const copy = openDatabase(back);
    try {
      const seen = whatTheOperatorSees(copy);
      expect(seen).toEqual(whatTheOperatorSees(original));
      expect(seen.counts.tabs).toEqual({ 'needs-reply': expect.any(Number), drafts: 1, failed: 0 });
      const wanted = original
        .prepare("SELECT id FROM messages WHERE body LIKE '% #77777'")
        .get() as { id: number };
      expect(seen.oneMessage.map((hit) => hit.messageId)).toEqual([wanted.id]);
      expect(seen.embeddings[0]![1]).toEqual(new Float32Array([0.5, -1.25]));
      // The messages still in the backlog are found once it is indexed, as on the laptop.
      indexSearchBacklog(copy);
      expect(searchMessages(copy, { query: 'zanzibar', limit: 10 })).toHaveLength(5);
    } finally {
      copy.close();
      original.close();
    }
  }, 180_000);

  it('copies every table the hub has (none is PostgreSQL’s alone) and leaves its triggers on', () => {
    const db = openStore(hub);
    try {
      const tables = db
        .prepare(
          `SELECT table_name AS name FROM information_schema.tables
           WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'
             AND table_name <> 'schema_version' ORDER BY table_name`,
        )
        .all() as Array<{ name: string }>;
      expect(tables.map((t) => t.name)).toEqual(copiedTables.map((t) => t.name).sort());
      // The triggers set aside for each batch are all back on.
      const disabled = db.prepare(
        "SELECT COUNT(*) AS n FROM pg_trigger WHERE NOT tgisinternal AND tgenabled = 'D'",
      );
      expect(disabled.get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  });

  it('moves the hub past the copied ids, so its next row does not collide', () => {
    const db = openStore(hub);
    try {
      const before = db.prepare('SELECT MAX(id) AS id FROM audit_log').get() as { id: number };
      const next = db
        .prepare(
          `INSERT INTO audit_log (at, actor, action, details) VALUES (?, 'system', 'copy.probe', '{}')
           RETURNING id`,
        )
        .get(NOW) as { id: number };
      expect(next.id).toBe(before.id + 1);
      db.prepare('DELETE FROM audit_log WHERE id = ?').run(next.id);
    } finally {
      db.close();
    }
  });

  it('changes nothing when run again over a finished copy', () => {
    const result = copyStore({ from: laptop, to: hub });
    expect(result.matches).toBe(true);
    expect(result.tables.filter((t) => t.written > 0)).toEqual([]);
    expect(result.rebuilt).toEqual([]);
  }, 120_000);

  it('resumes a copy stopped midway and finishes with matching counts', () => {
    const target = freshPostgresUrl();
    const stopped = new Error('stopped after 10 batches of messages');
    expect(() =>
      copyStore({
        from: laptop,
        to: target,
        batchRows: 2_000,
        afterBatch: (table, batch) => {
          if (table === 'messages' && batch === 10) throw stopped;
        },
      }),
    ).toThrow(stopped);

    const startedAt: Record<string, number> = {};
    const result = copyStore({
      from: laptop,
      to: target,
      batchRows: 2_000,
      onProgress: ({ table, copied }) => (startedAt[table] ??= copied),
    });
    expect(result.matches).toBe(true);
    // It carried on after the 20,000 messages already there instead of starting over.
    expect(startedAt.messages).toBe(20_000);
    expect(result.tables.find((t) => t.table === 'messages')?.written).toBe(MESSAGES - 20_000);
    expect(result.tables.find((t) => t.table === 'contacts')?.written).toBe(0);
  }, 180_000);

  it('rebuilds the search index of a SQLite copy stopped before it was built', () => {
    const file = join(dir.path, 'stopped.db');
    const stopped = new Error('stopped in the last table');
    // The last table: every message is copied, the index is built only after it.
    expect(() =>
      copyStore({
        from: hub,
        to: file,
        afterBatch: (table) => {
          if (table === 'reply_examples') throw stopped;
        },
      }),
    ).toThrow(stopped);
    const result = copyStore({ from: hub, to: file });
    expect(result.matches).toBe(true);
    expect(result.tables.find((t) => t.table === 'messages')?.written).toBe(0);
    // Rebuilt because it holds fewer documents than it should, though no message was written.
    expect(result.rebuilt).toContain('messages_fts');
    const db = openDatabase(file);
    try {
      expect(searchMessages(db, { query: '77777', limit: 5 })).toHaveLength(1);
    } finally {
      db.close();
    }
  }, 120_000);

  it('refuses a hub that already holds the history of another store', () => {
    const other = join(dir.path, 'other.db');
    const db = openDatabase(other);
    seedHistory(db, { contacts: 2, messages: 10, start: Date.UTC(2020, 0, 1) });
    db.close();
    const used = freshPostgresUrl();
    expect(copyStore({ from: other, to: used }).matches).toBe(true);
    expect(() => copyStore({ from: laptop, to: used })).toThrow(
      "The destination already holds another store's data (contacts 1 is not the source's)",
    );
    const hubDb = openStore(used);
    try {
      expect(hubDb.prepare('SELECT COUNT(*) AS n FROM messages').get()).toEqual({ n: 10 });
    } finally {
      hubDb.close();
    }
  });

  it('leaves a column only the hub has to the hub, which derives it as the rows go in', () => {
    const small = join(dir.path, 'small-derived.db');
    const db = openDatabase(small);
    seedHistory(db, { contacts: 3, messages: 30 });
    db.close();
    // Stands for PostgreSQL's own search vector: a column kept by a BEFORE trigger.
    const url = freshPostgresUrl();
    const target = openStore(url);
    target.exec(`
      ALTER TABLE messages ADD COLUMN folded TEXT;
      CREATE FUNCTION probe_fold() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN NEW.folded := lower(NEW.body); RETURN NEW; END $$;
      CREATE TRIGGER messages_folded BEFORE INSERT OR UPDATE OF body ON messages
        FOR EACH ROW EXECUTE FUNCTION probe_fold();`);
    try {
      expect(copyStore({ from: small, to: url }).matches).toBe(true);
      expect(
        target.prepare('SELECT COUNT(*) AS n FROM messages WHERE folded = lower(body)').get(),
      ).toEqual({ n: 30 });
    } finally {
      target.close();
    }
    // And back: the column the SQLite file does not have stays behind.
    const back = copyStore({ from: url, to: join(dir.path, 'small-back.db') });
    expect(back.matches).toBe(true);
  });

  it('refuses two stores of different schema versions and says which is newer', () => {
    const latest = migrations.at(-1)!.version;
    const previous = migrations.at(-2)!.version;
    const older = join(dir.path, 'older.db');
    openDatabase(older, { migrations: migrations.slice(0, -1) }).close();
    expect(() => copyStore({ from: laptop, to: older })).toThrow(
      `The source is newer (schema ${latest}) than the destination (schema ${previous})`,
    );
    expect(() => copyStore({ from: older, to: laptop })).toThrow(/The destination is newer/);
    // Neither store was touched.
    expect(storedSchemaVersion(older)).toBe(previous);
  });

  it('runs from the command line, prints the counts and never the password', async () => {
    const small = join(dir.path, 'small.db');
    const db = openDatabase(small);
    seedHistory(db, { contacts: 3, messages: 40 });
    db.close();
    const withPassword = freshPostgresUrl().replace(/^postgres:\/\/postgres@/, 'postgres://postgres:s3cret@'); // prettier-ignore
    const { stdout, stderr } = await run(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'src/main/storeCopy.ts'), '--from', small, '--to', withPassword], // prettier-ignore
      { cwd: repoRoot },
    );
    expect(stdout + stderr).not.toContain('s3cret');
    expect(stdout).toContain('postgres://postgres:****@');
    expect(stdout).toMatch(/messages\s+40\s+40\s+✓/);
    expect(stdout).toContain('Every table matches.');

    // Copying onto a store of another schema version: refused, exit code 2.
    const older = join(dir.path, 'older-cli.db');
    openDatabase(older, { migrations: migrations.slice(0, -1) }).close();
    const refused = run(
      process.execPath,
      ['--import', 'tsx', join(repoRoot, 'src/main/storeCopy.ts'), '--from', older, '--to', withPassword], // prettier-ignore
      { cwd: repoRoot },
    );
    await expect(refused).rejects.toMatchObject({ code: 2 });
    await refused.catch((error: { stderr: string }) => {
      expect(error.stderr).toContain('The destination is newer');
      expect(error.stderr).not.toContain('s3cret');
    });
  }, 60_000);
});
