import { describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../src/main/core/store/database';
import { setOptedOut, upsertContact } from '../../src/main/core/store/contacts';
import {
  listConversations,
  markConversationRead,
  touchConversation,
  upsertConversation,
} from '../../src/main/core/store/conversations';
import { insertInboundMessage, listMessages } from '../../src/main/core/store/messages';
import { indexSearchBacklog, searchMessages } from '../../src/main/core/store/search';
import { describeOnEngines } from '../support/storeEngines';

const sid = (n: number) => `SM${n.toString(16).padStart(32, '0')}`;

function seed(open: () => Db = () => openDatabase(':memory:')) {
  const db = open();
  const contact = upsertContact(db, {
    address: '+14155550100',
    rawAddress: '+14155550100',
    now: 1,
  });
  const conversationId = upsertConversation(db, {
    contactId: contact.id,
    channel: 'sms',
    businessNumber: '+15005550006',
    now: 1,
  });
  const add = (n: number, body: string, at = n) => {
    const id = insertInboundMessage(db, {
      conversationId,
      sid: sid(n),
      from: '+14155550100',
      to: '+15005550006',
      body,
      media: [],
      numSegments: 1,
      now: at,
    })!;
    touchConversation(db, { conversationId, messageId: id, at, unread: true, direction: 'inbound', contactOptedOut: false }); // prettier-ignore
    return id;
  };
  return { db, contact, conversationId, add };
}

/** Like every reader of the index, catch up on the backlog first. */
const search = (db: Db, q: string) => {
  indexSearchBacklog(db);
  return (
    db.prepare('SELECT rowid FROM messages_fts WHERE messages_fts MATCH ?').all(q) as {
      rowid: number;
    }[]
  ).map((r) => r.rowid);
};

/** FTS5's own check, comparing the index with the messages table word for word. */
const indexMatchesMessages = (db: Db) =>
  db.prepare(`INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)`).run();

// Every repository call here means the same on both engines.
describeOnEngines('repositories', ({ open }) => {
  it('stores a message once per provider SID', () => {
    const { db, conversationId, add } = seed(open);
    add(1, 'hello');
    const again = insertInboundMessage(db, {
      conversationId,
      sid: sid(1),
      from: '+14155550100',
      to: '+15005550006',
      body: 'hello (retry)',
      media: [],
      numSegments: 1,
      now: 2,
    });
    expect(again).toBeUndefined();
    expect(listMessages(db, { conversationId, limit: 10 }).map((m) => m.body)).toEqual(['hello']);
  });
  it('pages messages newest-first by cursor and returns each page oldest-first', () => {
    const { db, conversationId, add } = seed(open);
    const ids = Array.from({ length: 25 }, (_, i) => add(i + 1, `m${i + 1}`));
    const page1 = listMessages(db, { conversationId, limit: 10 });
    expect(page1.map((m) => m.body)).toEqual(ids.slice(15).map((_, i) => `m${i + 16}`));
    const page2 = listMessages(db, { conversationId, limit: 10, beforeId: page1[0]!.id });
    expect(page2.map((m) => m.body)).toEqual(ids.slice(5, 15).map((_, i) => `m${i + 6}`));
  });

  it('lists conversations by latest activity with unread counts, and marks them read', () => {
    const { db, conversationId, add } = seed(open);
    add(1, 'first');
    add(2, 'second');
    const other = upsertContact(db, {
      address: '+14155550101',
      rawAddress: '+14155550101',
      now: 3,
    });
    const otherConv = upsertConversation(db, {
      contactId: other.id,
      channel: 'sms',
      businessNumber: '+15005550006',
      now: 3,
    });
    const list = listConversations(db, { limit: 10 });
    expect(list.map((c) => c.id)).toEqual([otherConv, conversationId]);
    expect(list[1]!.unreadCount).toBe(2);
    expect(list[1]!.lastMessage?.body).toBe('second');
    expect(markConversationRead(db, conversationId)).toBe(true);
    expect(listConversations(db, { limit: 10 })[1]!.unreadCount).toBe(0);
    const older = listConversations(db, {
      limit: 10,
      before: { lastActivityAt: 3, id: otherConv },
    });
    expect(older.map((c) => c.id)).toEqual([conversationId]);
  });

  it('reports whether a consent change really changed anything', () => {
    const { db, contact } = seed(open);
    expect(setOptedOut(db, contact.id, true, 5)).toBe(true);
    expect(setOptedOut(db, contact.id, true, 6)).toBe(false);
    expect(setOptedOut(db, contact.id, false, 7)).toBe(true);
  });
});

// The full-text index is SQLite's FTS5 here; search on PostgreSQL has its own suite.
describe('repositories: the search index (SQLite)', () => {
  it('keeps the full-text index in step with inserts, edits and deletes', () => {
    const { db, add } = seed();
    const id = add(1, 'Can I book a haircut tomorrow?');
    add(2, 'Thanks, see you then');
    expect(search(db, 'haircut')).toEqual([id]);
    expect(search(db, 'book*')).toEqual([id]);
    db.prepare('UPDATE messages SET body = ? WHERE id = ?').run('Can I book a massage?', id);
    expect(search(db, 'haircut')).toEqual([]);
    expect(search(db, 'massage')).toEqual([id]);
    db.prepare('DELETE FROM messages WHERE id = ?').run(id);
    expect(search(db, 'massage')).toEqual([]);
    indexMatchesMessages(db);
  });

  it('indexes a batch of new messages together, even ones edited or deleted before that', () => {
    const { db, add } = seed();
    const kept = add(1, 'Do you sell gift cards?');
    const edited = add(2, 'Is parking free?');
    const deleted = add(3, 'Wrong number, sorry');
    db.prepare('UPDATE messages SET body = ? WHERE id = ?').run('Is parking nearby?', edited);
    db.prepare('DELETE FROM messages WHERE id = ?').run(deleted);
    expect(() => indexMatchesMessages(db)).toThrow(); // not indexed yet: the check sees the gap

    // The search handler indexes what waits before it reads (searchMessages itself is a pure
    // read): nothing stored is missed.
    expect(searchMessages(db, { query: 'gift', limit: 10 })).toEqual([]);
    indexSearchBacklog(db);
    expect(searchMessages(db, { query: 'gift', limit: 10 }).map((h) => h.messageId)).toEqual([
      kept,
    ]);
    expect(search(db, 'nearby')).toEqual([edited]);
    expect(search(db, 'free')).toEqual([]);
    expect(search(db, 'sorry')).toEqual([]);
    expect(indexSearchBacklog(db)).toBe(0);
    indexMatchesMessages(db);
  });
});
