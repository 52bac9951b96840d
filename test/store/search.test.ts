import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { upsertContact } from '../../src/main/core/store/contacts';
import { upsertConversation } from '../../src/main/core/store/conversations';
import { openDatabase, type Db } from '../../src/main/core/store/database';
import { insertInboundMessage, insertOutboundMessage } from '../../src/main/core/store/messages';
import {
  indexSearchBacklog,
  searchMessages,
  type SearchFilters,
} from '../../src/main/core/store/search';
import type { SearchHit } from '../../src/shared/types';
import { describeOnEngines, storeEngines } from '../support/storeEngines';
import { makeTempDir } from '../support/tempDir';

/** The first column of every row (better-sqlite3's `pluck`, which PostgresDb has not). */
const column = <T>(db: Db, text: string, ...params: unknown[]): T[] =>
  db
    .prepare(text)
    .all(...params)
    .map((row) => Object.values(row as Record<string, unknown>)[0] as T);

/**
 * A small store with varied text: several contacts and conversations interleaved in time, both
 * directions, statuses, categories, tags, accents, and some messages stored in the same
 * millisecond. Seeded PRNG, so every run sees the same store.
 */
const WORDS = `the then there they to today tomorrow thanks time tea two apple appointment apply
  april ap app book booking boot can i see you soon invoice price mañana cita gracias árbol arbol
  café cafe hello ok yes no please at a an`
  .split(/\s+/)
  .filter(Boolean);

interface Seeded {
  db: Db;
  contacts: number[];
  bodies: Map<number, string>;
}

function seed(db: Db, messages = 1200): Seeded {
  let state = 42;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const contacts: number[] = [];
  const conversations: { id: number; contactId: number; address: string }[] = [];
  for (let i = 0; i < 6; i += 1) {
    const address = `+1415555010${i}`;
    const contact = upsertContact(db, { address, rawAddress: address, now: 1 });
    contacts.push(contact.id);
    db.prepare('UPDATE contacts SET tags = ? WHERE id = ?').run(
      JSON.stringify(i % 3 === 0 ? ['vip'] : i % 3 === 1 ? ['vip', 'wholesale'] : []),
      contact.id,
    );
    // Two conversations for the first contact (two business numbers).
    for (const business of i === 0 ? ['+15005550006', '+15005550007'] : ['+15005550006']) {
      const id = upsertConversation(db, {
        contactId: contact.id,
        channel: 'sms',
        businessNumber: business,
        now: 1,
      });
      conversations.push({ id, contactId: contact.id, address });
    }
  }
  const bodies = new Map<number, string>();
  let at = 1_000_000;
  for (let n = 0; n < messages; n += 1) {
    if (random() < 0.8) at += 1 + Math.floor(random() * 1000); // else: the same millisecond
    const conversation = pick(conversations);
    const body = Array.from({ length: 2 + Math.floor(random() * 10) }, () => pick(WORDS)).join(' ');
    const inbound = random() < 0.5;
    const id = inbound
      ? insertInboundMessage(db, {
          conversationId: conversation.id,
          sid: `SM${n.toString(16).padStart(32, '0')}`,
          from: conversation.address,
          to: '+15005550006',
          body,
          media: [],
          numSegments: 1,
          now: at,
        })!
      : insertOutboundMessage(db, {
          conversationId: conversation.id,
          author: 'operator',
          from: '+15005550006',
          to: conversation.address,
          body,
          status: pick(['delivered', 'delivered', 'failed', 'sent'] as const),
          now: at,
        });
    if (inbound && random() < 0.7) {
      db.prepare('UPDATE messages SET category = ? WHERE id = ?').run(
        pick(['booking', 'billing', 'question']),
        id,
      );
    }
    bodies.set(id, body);
  }
  return { db, contacts, bodies };
}

/** What unicode61 with remove_diacritics does to these words: lower case, no accents. */
const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/**
 * The answer computed another way: every message whose words contain each typed word (the last
 * one as a prefix), filtered in plain code, newest first by the stored date, then by id.
 */
function reference(db: Db, query: string, filters: SearchFilters, limit: number): number[] {
  const terms = fold(query).split(/\s+/).filter(Boolean);
  const rows = db
    .prepare(
      `SELECT m.id, m.body, m.created_at, m.direction, m.status, m.category, k.id AS contact_id,
              k.tags
       FROM messages m JOIN conversations c ON c.id = m.conversation_id
       JOIN contacts k ON k.id = c.contact_id`,
    )
    .all() as {
    id: number;
    body: string;
    created_at: number;
    direction: string;
    status: string;
    category: string | null;
    contact_id: number;
    tags: string | string[];
  }[];
  return rows
    .filter((row) => {
      const words = fold(row.body).split(/[^\p{L}\p{N}]+/u);
      return terms.every((term, index) =>
        index === terms.length - 1
          ? words.some((word) => word.startsWith(term))
          : words.includes(term),
      );
    })
    .filter(
      (row) =>
        (filters.contactId === undefined || row.contact_id === filters.contactId) &&
        (filters.from === undefined || row.created_at >= filters.from) &&
        (filters.to === undefined || row.created_at < filters.to) &&
        (filters.direction === undefined || row.direction === filters.direction) &&
        (filters.status === undefined || row.status === filters.status) &&
        (filters.category === undefined || row.category === filters.category) &&
        (filters.tag === undefined ||
          (typeof row.tags === 'string' ? (JSON.parse(row.tags) as string[]) : row.tags).includes(
            filters.tag,
          )),
    )
    .sort((a, b) => b.created_at - a.created_at || b.id - a.id)
    .slice(0, limit)
    .map((row) => row.id);
}

// One suite, both engines: the same store gives the same hits, in the same order, with the same
// snippets, on SQLite (FTS5) and PostgreSQL (tsvector).
describeOnEngines('searchMessages', ({ open }) => {
  const indexed = () => {
    const seeded = seed(open());
    indexSearchBacklog(seeded.db);
    return seeded;
  };
  const ids = (hits: SearchHit[]) => hits.map((hit) => hit.messageId);

  it('returns the newest matches first, up to the limit, with every field of the hit', () => {
    const { db } = indexed();
    for (const [query, limit] of [
      ['thanks', 10],
      ['the', 30],
      ['booking', 100],
      ['see you', 20],
    ] as const) {
      const hits = searchMessages(db, { query, limit });
      expect(hits.length).toBeGreaterThan(0);
      expect(ids(hits)).toEqual(reference(db, query, {}, limit));
      const dates = hits.map((hit) => hit.createdAt);
      expect(dates).toEqual([...dates].sort((a, b) => b - a));
    }
    const [hit] = searchMessages(db, { query: 'invoice', limit: 1 });
    const row = db
      .prepare(
        `SELECT m.conversation_id, m.direction, m.created_at, c.contact_id
         FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE m.id = ?`,
      )
      .get(hit!.messageId) as Record<string, number | string>;
    expect(hit).toMatchObject({
      conversationId: row.conversation_id,
      direction: row.direction,
      createdAt: row.created_at,
      contact: { id: row.contact_id, optedOut: false },
    });
  });

  it('breaks ties in the same millisecond by the later message first', () => {
    const { db } = indexed();
    const all = searchMessages(db, { query: 'a', limit: 100 });
    const tied = all.filter((hit, i) => i > 0 && all[i - 1]!.createdAt === hit.createdAt);
    expect(tied.length).toBeGreaterThan(0); // the seed stores some messages in the same ms
    expect(ids(all)).toEqual(reference(db, 'a', {}, 100));
  });

  it('narrows by contact, date range, direction, status, category and tag, alone and together', () => {
    const { db, contacts } = indexed();
    const dates = column<number>(db, 'SELECT created_at FROM messages ORDER BY id');
    const mid = dates[Math.floor(dates.length / 2)]!;
    const late = dates[Math.floor((dates.length * 3) / 4)]!;
    const count = (contactId: number) => column<number>(db, `SELECT count(*) AS n FROM messages m JOIN conversations c ON c.id = m.conversation_id WHERE c.contact_id = ?`, contactId)[0]!; // prettier-ignore
    // Both ways a contact is searched: message by message (few messages), or the index walk.
    expect(count(contacts[0]!)).toBeGreaterThan(200);
    expect(count(contacts[4]!)).toBeLessThan(200);
    const filterSets: SearchFilters[] = [
      { contactId: contacts[0] }, // two conversations
      { contactId: contacts[4] },
      { from: mid },
      { to: mid },
      { from: mid, to: late },
      { from: dates.at(-1)! + 1 },
      { to: dates[0] },
      { direction: 'inbound' },
      { direction: 'outbound', status: 'failed' },
      { status: 'delivered' },
      { category: 'booking' },
      { tag: 'wholesale' },
      { tag: 'vip', direction: 'outbound', from: mid },
      { contactId: contacts[1], tag: 'vip', category: 'question' },
      { contactId: contacts[2], tag: 'vip' }, // that contact has no such tag
      { contactId: 999_999 },
    ];
    for (const filters of filterSets) {
      for (const query of ['the', 'to', 'gracias', 'ap', 't', 'can i']) {
        expect(
          ids(searchMessages(db, { query, limit: 15, ...filters })),
          `${query} ${JSON.stringify(filters)}`,
        ).toEqual(reference(db, query, filters, 15));
      }
    }
  });

  it('answers one- and two-letter prefixes like longer words, accents folded', () => {
    const { db } = indexed();
    for (const query of ['t', 'T', 'a', 'ap', 'bo', 'c', 'ca', 'ma', 'á', 'ár', 'see t', 'the b']) {
      const expected = reference(db, query, {}, 100);
      expect(expected.length, query).toBeGreaterThan(0);
      expect(ids(searchMessages(db, { query, limit: 100 })), query).toEqual(expected);
    }
    // "café" and "cafe" are one word to the index.
    expect(ids(searchMessages(db, { query: 'café', limit: 50 }))).toEqual(
      ids(searchMessages(db, { query: 'cafe', limit: 50 })),
    );
  });

  it('builds snippets only from the returned message, marking only the matched words', () => {
    const { db, bodies } = indexed();
    for (const query of ['t', 'ap', 'thanks', 'see you', 'mañana c']) {
      const terms = fold(query).split(/\s+/);
      const hits = searchMessages(db, { query, limit: 20 });
      expect(hits.length).toBeGreaterThan(0);
      for (const hit of hits) {
        const body = bodies.get(hit.messageId)!;
        const text = hit.snippet.map((part) => part.text).join('');
        // The snippet is a window of this message's own text (bodies here are short: all of it).
        expect(text).toBe(body);
        const marked = hit.snippet.filter((part) => part.match).map((part) => fold(part.text));
        expect(marked.length).toBeGreaterThan(0);
        for (const word of marked) {
          expect(
            terms.some((term, i) => (i === terms.length - 1 ? word.startsWith(term) : word === term)), // prettier-ignore
            `${query}: ${word}`,
          ).toBe(true);
        }
      }
    }
  });

  it('finds words with apostrophes, digits and punctuation around them as FTS5 splits them', () => {
    const { db } = indexed();
    const conversationId = column<number>(db, 'SELECT id FROM conversations ORDER BY id')[0]!;
    const bodies = [
      "Don't forget: it's $3.50 at info@shop.example (self-serve)",
      'ÁRBOL—Café_au_lait, naïve… 10am-2pm',
    ];
    const stored = bodies.map((body, n) =>
      insertOutboundMessage(db, {
        conversationId,
        author: 'operator',
        from: '+15005550006',
        to: '+14155550100',
        body,
        status: 'sent',
        now: 9_000_000_000 + n,
      }),
    );
    indexSearchBacklog(db);
    const find = (query: string) =>
      ids(searchMessages(db, { query, limit: 5, from: 9_000_000_000 }));
    expect(find("don't")).toEqual([stored[0]]);
    expect(find('don t')).toEqual([stored[0]]);
    expect(find('50 shop')).toEqual([stored[0]]);
    expect(find('self serv')).toEqual([stored[0]]);
    expect(find('info@shop')).toEqual([stored[0]]);
    expect(find('arbol cafe au lait naive 10am 2p')).toEqual([stored[1]]);
    expect(find("it'd")).toEqual([]); // "it" then a word starting "d" right after it: none
    expect(find('shop.ex')).toEqual([stored[0]]);
    const [hit] = searchMessages(db, { query: 'forget', limit: 1, from: 9_000_000_000 });
    expect(hit!.snippet).toEqual([
      { text: "Don't ", match: false },
      { text: 'forget', match: true },
      { text: ": it's $3.50 at info@shop.example (self-serve)", match: false },
    ]);
  });

  it('cuts a long body to a window around its matches, the same way on both engines', () => {
    const { db } = indexed();
    const conversationId = column<number>(db, 'SELECT id FROM conversations ORDER BY id')[0]!;
    const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
    words[30] = 'zebra';
    insertOutboundMessage(db, {
      conversationId,
      author: 'operator',
      from: '+15005550006',
      to: '+14155550100',
      body: `${words.join(' ')}.`,
      status: 'sent',
      now: 9_000_000_000,
    });
    indexSearchBacklog(db);
    const [hit] = searchMessages(db, { query: 'zebra', limit: 1 });
    expect(hit!.snippet).toEqual([
      { text: '…w23 w24 w25 w26 w27 w28 w29 ', match: false },
      { text: 'zebra', match: true },
      { text: ' w31 w32 w33 w34 w35 w36 w37 w38…', match: false },
    ]);
  });

  it('follows a message whose body is edited', () => {
    const { db } = indexed();
    const [id] = column<number>(db, 'SELECT id FROM messages ORDER BY id DESC LIMIT 1');
    db.prepare('UPDATE messages SET body = ? WHERE id = ?').run('a platypus arrived', id);
    indexSearchBacklog(db);
    expect(ids(searchMessages(db, { query: 'platyp', limit: 5 }))).toEqual([id]);
    db.prepare('UPDATE messages SET body = ? WHERE id = ?').run('an echidna now', id);
    expect(ids(searchMessages(db, { query: 'platypus', limit: 5 }))).toEqual([]);
    expect(ids(searchMessages(db, { query: 'echidna', limit: 5 }))).toEqual([id]);
  });
});

describeOnEngines('indexSearchBacklog', ({ name, open }) => {
  it(
    name === 'postgres'
      ? 'has nothing to do: a message is searchable as soon as it is committed'
      : 'indexes what was stored since the last call, once',
    () => {
      const { db } = seed(open(), 20);
      const first = indexSearchBacklog(db);
      expect(first).toBe(name === 'postgres' ? 0 : 20);
      expect(indexSearchBacklog(db)).toBe(0);
      expect(searchMessages(db, { query: 'a', limit: 50 }).length).toBeGreaterThan(0);
    },
  );
});

describe('searchMessages on SQLite', () => {
  const dirs: Array<() => void> = [];
  afterEach(() => dirs.splice(0).forEach((cleanup) => cleanup()));
  const ids = (hits: SearchHit[]) => hits.map((hit) => hit.messageId);

  it('is a pure read: runs on a read-only connection and leaves the backlog to its caller', () => {
    const tmp = makeTempDir();
    dirs.push(tmp.cleanup);
    const path = join(tmp.path, 'store.db');
    const db = openDatabase(path);
    seed(db, 50);
    indexSearchBacklog(db);
    const [contact] = db.prepare('SELECT id FROM contacts LIMIT 1').pluck().all() as number[];
    const conversationId = db.prepare('SELECT id FROM conversations LIMIT 1').pluck().get() as number; // prettier-ignore
    const waiting = insertInboundMessage(db, {
      conversationId,
      sid: 'SMwaiting',
      from: '+14155550100',
      to: '+15005550006',
      body: 'quokka waiting in the backlog',
      media: [],
      numSegments: 1,
      now: 9_999_999_999,
    })!;

    const reader = new Database(path, { readonly: true });
    try {
      expect(searchMessages(reader, { query: 'the', limit: 5, contactId: contact })).toEqual(
        searchMessages(db, { query: 'the', limit: 5, contactId: contact }),
      );
      // Not indexed yet: the read does not index it (and could not, read-only).
      expect(searchMessages(reader, { query: 'quokka', limit: 5, from: 1 })).toEqual([]);
      expect(db.prepare('SELECT count(*) FROM search_backlog').pluck().get()).toBe(1);
      // Once the writer indexed the backlog, every reader finds it.
      expect(indexSearchBacklog(db)).toBe(1);
      expect(ids(searchMessages(reader, { query: 'quokka', limit: 5 }))).toEqual([waiting]);
    } finally {
      reader.close();
      db.close();
    }
  });
});

// What an operator may type that is no plain word: both engines give the same answer for it,
// on the same store (words in other scripts, marks, digits, punctuation, FTS5 and tsquery syntax).
// Known difference, left out: a number sign that is no digit ("½", "①") is a word of its own to
// FTS5 and a separator to PostgreSQL's parser, so searching for it alone finds nothing there.
const postgres = storeEngines.find((engine) => engine.name === 'postgres')!;
describe.skipIf(postgres.skip !== undefined)('searchMessages on both engines at once', () => {
  it('answers odd queries the same on SQLite and PostgreSQL', () => {
    const bodies = [
      "Don't worry: it's 3.50€ (incl. tax) — see https://shop.example/a?b=c",
      'Mañana a las 10:30, ¿vale? Gracias!!',
      'Ελληνικά κείμενο και café',
      '日本語のテキスト and 中文',
      'Straße, Øre, łódź, İstanbul',
      'NEAR(a b) AND \'quoted\' "double" a:b a&b a|b !a <-> :* \\ back',
      'e\u0301cole (decomposed) école (composed)',
      'x² ① ½ 1st 2nd 3rd',
      'emoji 👍 thumbs-up, tab\there',
    ];
    const stores = [storeEngines[0]!.open(), postgres.open()].map((db) => {
      const contact = upsertContact(db, { address: '+14155550100', rawAddress: '+14155550100', now: 1 }); // prettier-ignore
      const conversationId = upsertConversation(db, { contactId: contact.id, channel: 'sms', businessNumber: '+15005550006', now: 1 }); // prettier-ignore
      bodies.forEach(
        (body, n) =>
        insertInboundMessage(db, { conversationId, sid: `SModd${n}`, from: '+14155550100', to: '+15005550006', body, media: [], numSegments: 1, now: 1_000 + n }), // prettier-ignore
      );
      indexSearchBacklog(db);
      return db;
    });
    const queries = [
      "don't", 'don', 'worry:', '3.50', '50', 'https', 'shop.example', 'b=c', 'manana', 'MAÑANA',
      '¿vale', 'gracias!!', 'cafe', 'café', 'ελληνικά', 'κείμ', '日本語のテキスト', '日本', 'strasse',
      'straße', 'ore', 'øre', 'lodz', 'łódź', 'istanbul', 'near(a', 'and', "'quoted'", '"double"',
      'a:b', 'a&b', 'a|b', '!a', '<->', ':*', '\\', 'ecole', 'école', 'e\u0301cole', 'x', 'x²',
      '1st', 'thumbs-up', 'emoji 👍', 'tab', 'a b', 'a', 'e',
    ]; // prettier-ignore
    const answers = stores.map((db) =>
      queries.map((query) => searchMessages(db, { query, limit: 20 })),
    );
    expect(answers[1]).toEqual(answers[0]);
    // Not everything is found nowhere: most of these find something.
    expect(answers[0]!.filter((hits) => hits.length > 0).length).toBeGreaterThan(35);
  });
});
