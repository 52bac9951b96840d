import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../src/main/core/store/database';
import { listMessages } from '../src/main/core/store/messages';
import { seedHistory } from './support/recordsSeed';
import { makeTempDir } from './support/tempDir';

// Speed is measured in bench/history.ts (figures, never a timed assertion). This test pins what
// makes it fast: pages come from the (conversation_id, id) index, newest first, by cursor.
describe('history of a 10,000-message conversation', () => {
  const tmp = makeTempDir();
  let db: Db;
  beforeAll(() => {
    db = openDatabase(join(tmp.path, 'switchboard.db'));
    seedHistory(db, { contacts: 3, messages: 30_000 }); // conversation 1: every third message
  });
  afterAll(() => {
    db.close();
    tmp.cleanup();
  });

  it('opens at the newest page and scrolls back by cursor without gaps', () => {
    const first = listMessages(db, { conversationId: 1, limit: 100 });
    expect(first).toHaveLength(100);
    expect(first.at(-1)!.id).toBe(29_998); // ids 1, 4, 7 … 29998 belong to conversation 1
    let seen = first.length;
    let cursor = first[0]!.id;
    for (;;) {
      const page = listMessages(db, { conversationId: 1, limit: 100, beforeId: cursor });
      if (page.length === 0) break;
      expect(page.at(-1)!.id).toBe(cursor - 3);
      seen += page.length;
      cursor = page[0]!.id;
    }
    expect(seen).toBe(10_000);
  });

  it('reads a page through the conversation index, never a scan of all messages', () => {
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id FROM messages WHERE conversation_id = ? AND id < ?
         ORDER BY id DESC LIMIT ?`,
      )
      .all(1, Number.MAX_SAFE_INTEGER, 100) as Array<{ detail: string }>;
    const details = plan.map((row) => row.detail).join(' | ');
    expect(details).toMatch(/USING (COVERING )?INDEX messages_by_conversation/);
    expect(details).not.toMatch(/TEMP B-TREE/);
  });
});
