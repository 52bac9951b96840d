import type { Db } from '../../src/main/core/store/database';
import { sqlite } from './sqlite';

export interface SeededMessage {
  id: number;
  conversationId: number;
  contactNumber: string;
  contactName: string | null;
  direction: 'inbound' | 'outbound';
  from: string;
  to: string;
  body: string;
  createdAt: number;
}

const BUSINESS = '+15005550006';
// Bodies that stress quoting, formula injection and Unicode, cycled through the seed.
const tricky = [
  'Plain text, with a comma',
  'She said "hello" twice',
  'line one\nline two\r\nline three',
  '=HYPERLINK("http://evil.example","click")',
  '+1 for that',
  '-2 degrees',
  '@channel look',
  'Grüße aus Köln 👋 — ça va?',
  '',
  '   leading spaces',
];

/**
 * Seeds `contacts` contacts with one conversation each and `messages` messages spread over them,
 * in one transaction of prepared inserts (seconds for 100,000). Returns what it wrote.
 */
export function seedHistory(
  db: Db,
  args: { contacts: number; messages: number; start?: number; stepMs?: number },
): SeededMessage[] {
  const start = args.start ?? Date.UTC(2026, 0, 1);
  const step = args.stepMs ?? 60_000;
  const insertContact = db.prepare(
    `INSERT INTO contacts (address, raw_address, name, tags, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insertConversation = db.prepare(
    `INSERT INTO conversations (contact_id, channel, business_number, last_activity_at, created_at)
     VALUES (?, 'sms', ?, ?, ?)`,
  );
  const insertMessage = db.prepare(
    `INSERT INTO messages (conversation_id, direction, author, provider_sid, from_address,
       to_address, body, status, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateActivity = db.prepare(
    // As touchConversation does: the latest message's inbox flags come with it.
    'UPDATE conversations SET last_activity_at = ?, last_message_id = ?, needs_reply = ?, failed_send = 0 WHERE id = ?',
  );
  const out: SeededMessage[] = [];
  // Test data: no need to wait for the disk on every page (the store runs synchronous=FULL).
  const synchronous = sqlite(db).pragma('synchronous', { simple: true }) as number;
  sqlite(db).pragma('synchronous = OFF');
  db.transaction(() => {
    const convs: Array<{ id: number; number: string; name: string | null }> = [];
    for (let c = 0; c < args.contacts; c += 1) {
      const number = `+1415555${String(c).padStart(4, '0')}`;
      const name = c % 3 === 0 ? null : c % 3 === 1 ? `Customer ${c}` : `O'Brien, "Jr" ${c}`;
      const contactId = Number(
        insertContact.run(number, number, name, JSON.stringify(['seed', `t${c % 5}`]), start, start)
          .lastInsertRowid,
      );
      const id = Number(insertConversation.run(contactId, BUSINESS, start, start).lastInsertRowid);
      convs.push({ id, number, name });
    }
    for (let m = 0; m < args.messages; m += 1) {
      const conv = convs[m % convs.length]!;
      const inbound = m % 2 === 0;
      const body = `${tricky[m % tricky.length]} #${m}`;
      const createdAt = start + m * step;
      const from = inbound ? conv.number : BUSINESS;
      const to = inbound ? BUSINESS : conv.number;
      const id = Number(
        insertMessage.run(
          conv.id,
          inbound ? 'inbound' : 'outbound',
          inbound ? 'customer' : 'operator',
          `SM${String(m).padStart(32, '0')}`,
          from,
          to,
          body,
          inbound ? 'received' : 'delivered',
          createdAt,
          createdAt,
        ).lastInsertRowid,
      );
      updateActivity.run(createdAt, id, inbound ? 1 : 0, conv.id);
      out.push({
        id,
        conversationId: conv.id,
        contactNumber: conv.number,
        contactName: conv.name,
        direction: inbound ? 'inbound' : 'outbound',
        from,
        to,
        body,
        createdAt,
      });
    }
  })();
  sqlite(db).pragma(`synchronous = ${synchronous}`);
  return out;
}
