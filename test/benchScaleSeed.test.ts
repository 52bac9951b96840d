/**
 * The scale bench's seeder (bench/scale/seed.ts) at a small size: the store it writes must be
 * one the app itself could have written (the "before" and "after" figures in BENCHMARKS.md are
 * measured on it), and the same options must give the same store.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { seedScaleStore } from '../bench/scale/seed';
import { openDatabase } from '../src/main/core/store/database';
import { searchMessages } from '../src/main/core/store/search';
import { makeTempDir } from './support/tempDir';

const tmp = makeTempDir('switchboard-scale-seed-');
afterAll(() => tmp.cleanup());

const end = Date.UTC(2026, 11, 1);
const seed = (name: string) =>
  seedScaleStore({
    messages: 4000,
    conversations: 200,
    out: join(tmp.path, name),
    end,
    log: () => undefined,
  });

describe('scale seed', () => {
  const first = seed('a.db');
  const db = new Database(first.path, { readonly: true });
  const count = (text: string) => (db.prepare(text).get() as { n: number }).n;

  it('stores every message in time order, over three years', () => {
    expect(count('SELECT COUNT(*) AS n FROM messages')).toBe(4000);
    expect(count('SELECT COUNT(*) AS n FROM conversations')).toBe(200);
    expect(
      count(`SELECT COUNT(*) AS n FROM messages a JOIN messages b ON b.id = a.id + 1
             WHERE b.created_at <= a.created_at`),
    ).toBe(0);
    const span = db
      .prepare('SELECT MIN(created_at) AS lo, MAX(created_at) AS hi FROM messages')
      .get() as {
      lo: number;
      hi: number;
    };
    expect(span.hi).toBeLessThanOrEqual(end);
    expect(span.hi - span.lo).toBeGreaterThan(2.9 * 365 * 86_400_000);
  });

  it('has four long conversations', () => {
    const sizes = (
      db
        .prepare('SELECT COUNT(*) AS n FROM messages GROUP BY conversation_id ORDER BY n DESC')
        .all() as Array<{ n: number }>
    ).map((r) => r.n);
    // 1.5, 1.3, 1.15 and 1 % of the messages (15,000 to 10,000 at 1,000,000).
    expect(sizes).toEqual(expect.arrayContaining([60, 52, 46, 40]));
  });

  it('leaves the rows the app leaves: a draft and a done job per inbound, a log line per webhook', () => {
    const inbound = count(`SELECT COUNT(*) AS n FROM messages WHERE direction = 'inbound'`);
    const outbound = 4000 - inbound;
    const stops = count(`SELECT COUNT(*) AS n FROM messages WHERE body = 'STOP'`);
    expect(count(`SELECT COUNT(*) AS n FROM drafts`)).toBe(inbound - stops);
    expect(count(`SELECT COUNT(*) AS n FROM jobs WHERE kind = 'draft' AND state = 'done'`)).toBe(
      inbound - stops,
    );
    expect(count(`SELECT COUNT(*) AS n FROM jobs WHERE state <> 'done'`)).toBe(0);
    const callbacks = count('SELECT COUNT(*) AS n FROM message_events');
    expect(callbacks).toBeGreaterThanOrEqual(outbound);
    expect(count('SELECT COUNT(*) AS n FROM webhook_log')).toBe(inbound + callbacks);
    expect(
      count(`SELECT COUNT(*) AS n FROM webhook_log WHERE raw_body LIKE '%MessageSid=SM%'`),
    ).toBe(inbound + callbacks);
    expect(count(`SELECT COUNT(*) AS n FROM contacts WHERE opted_out = 1`)).toBe(stops);
    expect(count(`SELECT COUNT(*) AS n FROM search_backlog`)).toBe(0);
  });

  it('is searchable and opens with the current schema', () => {
    db.close();
    const app = openDatabase(first.path);
    try {
      expect(searchMessages(app, { query: 'table', limit: 30 }).length).toBe(30);
    } finally {
      app.close();
    }
  });

  it('gives the same store for the same options', () => {
    const second = seed('b.db');
    const read = (path: string) => {
      const other = new Database(path, { readonly: true });
      try {
        return other
          .prepare('SELECT id, conversation_id, created_at, body FROM messages ORDER BY id')
          .all();
      } finally {
        other.close();
      }
    };
    expect(read(second.path)).toEqual(read(first.path));
  });
});
