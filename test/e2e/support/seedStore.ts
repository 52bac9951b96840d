/**
 * Seeds a data folder before serve mode opens it, through the core's own store functions and
 * migrations (contacts, conversations, messages; the search index follows from the messages), for
 * histories far longer than a test could text through the simulator.
 */
import { join } from 'node:path';
import { upsertContact } from '../../../src/main/core/store/contacts';
import { touchConversation, upsertConversation } from '../../../src/main/core/store/conversations';
import { openDatabase, type Db } from '../../../src/main/core/store/database';
import { insertInboundMessage, insertOutboundMessage } from '../../../src/main/core/store/messages';

export const businessNumber = '+15005550006';

export interface SeededConversation {
  conversationId: number;
  /** Message ids, oldest first. */
  messageIds: number[];
}

/**
 * One conversation of `bodies.length` messages, alternating customer and business, one minute
 * apart from `start`.
 */
export function seedConversation(
  db: Db,
  args: { address: string; name: string | null; bodies: string[]; start: number },
): SeededConversation {
  return db.transaction(() => {
    const contact = upsertContact(db, {
      address: args.address,
      rawAddress: args.address,
      name: args.name,
      now: args.start,
    });
    const conversationId = upsertConversation(db, {
      contactId: contact.id,
      channel: 'sms',
      businessNumber,
      now: args.start,
    });
    const messageIds = args.bodies.map((body, index) => {
      const now = args.start + index * 60_000;
      const inbound = index % 2 === 0;
      const messageId = inbound
        ? insertInboundMessage(db, {
            conversationId,
            sid: `SMseed${conversationId}x${index}`,
            from: args.address,
            to: businessNumber,
            body,
            media: [],
            numSegments: 1,
            now,
          })!
        : insertOutboundMessage(db, {
            conversationId,
            author: 'operator',
            from: businessNumber,
            to: args.address,
            body,
            status: 'delivered',
            sid: `SMseed${conversationId}x${index}`,
            now,
          });
      touchConversation(db, { conversationId, messageId, at: now, unread: false, direction: inbound ? 'inbound' : 'outbound', contactOptedOut: contact.optedOut }); // prettier-ignore
      return messageId;
    });
    return { conversationId, messageIds };
  })();
}

/** Opens the store in `dataDir` (creating it with every migration), runs `seed`, closes it. */
export function seedStore<T>(dataDir: string, seed: (db: Db) => T): T {
  const db = openDatabase(join(dataDir, 'switchboard.db'));
  try {
    // Test data: no need to wait for the disk on every commit.
    db.pragma('synchronous = OFF');
    return seed(db);
  } finally {
    db.close();
  }
}
