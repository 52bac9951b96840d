import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import type { ConversationSummary, MessagePage, MessageView } from '../src/shared/types';
import { invoke } from './support/appSignals';
import { seedHistory } from './support/recordsSeed';
import { startTestApp } from './support/testApp';

// Conversation 1 holds every third seeded message: ids 1, 4, 7 … 898 (300 messages). The thread
// pages through it both ways from any message, as the console does from a search hit.
const firstId = 1;
const lastId = 898;
const idsOfConversation1 = Array.from({ length: 300 }, (_, i) => 1 + 3 * i);

describe('a conversation read from any message (history pages and search hits)', () => {
  let app: App;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ app, stop } = await startTestApp({}, { skipStartupCatchUp: true }));
    seedHistory(app.db, { contacts: 3, messages: 900 });
  });
  afterAll(() => stop());

  const list = (payload: Record<string, unknown>) =>
    invoke<MessageView[]>(app, 'messages:list', { conversationId: 1, ...payload });
  const around = (payload: Record<string, unknown>) =>
    invoke<MessagePage>(app, 'messages:around', { conversationId: 1, ...payload });
  const ids = (messages: MessageView[]) => messages.map((m) => m.id);

  describe('messages:list', () => {
    it('opens at the newest page, oldest first', async () => {
      expect(ids(await list({ limit: 5 }))).toEqual(idsOfConversation1.slice(-5));
    });

    it('goes back from the middle without gaps and ends short at the first message', async () => {
      expect(ids(await list({ limit: 4, beforeId: 451 }))).toEqual([439, 442, 445, 448]);
      expect(ids(await list({ limit: 4, beforeId: 10 }))).toEqual([1, 4, 7]);
      expect(await list({ limit: 4, beforeId: firstId })).toEqual([]);
    });

    it('goes forward from the middle and ends short at the newest message', async () => {
      expect(ids(await list({ limit: 4, afterId: 451 }))).toEqual([454, 457, 460, 463]);
      expect(ids(await list({ limit: 4, afterId: 889 }))).toEqual([892, 895, 898]);
      expect(await list({ limit: 4, afterId: lastId })).toEqual([]);
    });

    it('walks the whole history forward from the first message', async () => {
      const seen = [firstId];
      for (;;) {
        const page = await list({ limit: 100, afterId: seen.at(-1) });
        if (page.length === 0) break;
        seen.push(...ids(page));
      }
      expect(seen).toEqual(idsOfConversation1);
    });

    it('refuses older and newer at once', async () => {
      await expect(list({ beforeId: 10, afterId: 4 })).rejects.toMatchObject({ kind: 'invalid' });
    });
  });

  describe('messages:around', () => {
    it('returns a message in the middle with its neighbours on both sides', async () => {
      const page = await around({ messageId: 451, before: 2, after: 3 });
      expect(ids(page.messages)).toEqual([445, 448, 451, 454, 457, 460]);
      expect(page).toMatchObject({ hasOlder: true, hasNewer: true });
    });

    it('says the history starts at the first message', async () => {
      const page = await around({ messageId: firstId, before: 5, after: 2 });
      expect(ids(page.messages)).toEqual([1, 4, 7]);
      expect(page).toMatchObject({ hasOlder: false, hasNewer: true });
    });

    it('says there is nothing older when exactly `before` messages precede it', async () => {
      const page = await around({ messageId: 10, before: 3, after: 0 });
      expect(ids(page.messages)).toEqual([1, 4, 7, 10]);
      expect(page).toMatchObject({ hasOlder: false, hasNewer: true });
    });

    it('says the history ends at the newest message', async () => {
      const page = await around({ messageId: lastId, before: 2, after: 5 });
      expect(ids(page.messages)).toEqual([892, 895, 898]);
      expect(page).toMatchObject({ hasOlder: true, hasNewer: false });
    });

    it('uses 50 on each side by default', async () => {
      const page = await around({ messageId: 451 });
      expect(page.messages).toHaveLength(101);
      expect(page.messages[50]!.id).toBe(451);
    });

    it('refuses a message of another conversation in plain words', async () => {
      await expect(around({ messageId: 2 })).rejects.toThrow(/no longer in this conversation/);
    });
  });

  describe('conversations:get', () => {
    it('returns a conversation the inbox may not have loaded, with its contact', async () => {
      const summary = await invoke<ConversationSummary>(app, 'conversations:get', {
        conversationId: 2,
      });
      expect(summary).toMatchObject({
        id: 2,
        contact: { address: '+14155550001', name: 'Customer 1' },
        lastMessage: { body: expect.stringContaining('#898') as string },
      });
    });

    it('says so when the conversation is gone', async () => {
      await expect(invoke(app, 'conversations:get', { conversationId: 999 })).rejects.toThrow(
        /no longer exists/,
      );
    });
  });

  it('reads older and newer pages through the conversation index, never a sort', () => {
    for (const query of [
      'SELECT id FROM messages WHERE conversation_id = ? AND id < ? ORDER BY id DESC LIMIT ?',
      'SELECT id FROM messages WHERE conversation_id = ? AND id > ? ORDER BY id ASC LIMIT ?',
    ]) {
      const plan = app.db.prepare(`EXPLAIN QUERY PLAN ${query}`).all(1, 451, 100) as Array<{
        detail: string;
      }>;
      const details = plan.map((row) => row.detail).join(' | ');
      expect(details).toMatch(/USING (COVERING )?INDEX messages_by_conversation/);
      expect(details).not.toMatch(/TEMP B-TREE/);
    }
  });
});
