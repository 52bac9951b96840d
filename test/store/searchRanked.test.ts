import { expect, it } from 'vitest';
import { upsertContact } from '../../src/main/core/store/contacts';
import { upsertConversation } from '../../src/main/core/store/conversations';
import type { Db } from '../../src/main/core/store/database';
import { findPastReplies } from '../../src/main/core/store/draftContext';
import {
  insertKnowledgeSource,
  searchKnowledgePassages,
} from '../../src/main/core/store/knowledge';
import { insertInboundMessage, insertOutboundMessage } from '../../src/main/core/store/messages';
import { describeOnEngines } from '../support/storeEngines';

// The searches that rank rather than list (the knowledge retrieval, the offline drafter's past
// replies) find the same things on both engines; the best match comes first on both.
describeOnEngines('ranked searches', ({ open }) => {
  const passages = (db: Db, words: string[]) =>
    searchKnowledgePassages(db, { words, limit: 10 }).map((p) => p.heading);

  it('find knowledge passages by the start of any word, accents folded, the heading first', () => {
    const db = open();
    const passage = (heading: string, text: string) => ({ language: null, heading, text, hash: heading }); // prettier-ignore
    insertKnowledgeSource(db, {
      kind: 'fact',
      title: 'FAQ',
      content: {},
      origin: null,
      passages: [
        passage('Prices', 'A cut is $30; colour from $60. We are open late on Thursdays.'),
        passage('Opening hours', 'Monday to Saturday 9–6, Sundays 10–4.'),
        passage('Café', 'Free coffee while you wait.'),
      ],
      now: 1,
    });
    expect(passages(db, ['sunday'])).toEqual(['Opening hours']);
    expect(passages(db, ['open'])).toEqual(['Opening hours', 'Prices']);
    expect(passages(db, ['cafe'])).toEqual(['Café']);
    expect(passages(db, ['colour', 'coffee']).sort()).toEqual(['Café', 'Prices']);
    expect(passages(db, ['parking'])).toEqual([]);
    expect(passages(db, ['–', '$'])).toEqual([]);
    const [best] = searchKnowledgePassages(db, { words: ['sunday'], limit: 1 });
    expect(best!.rank).toBeLessThan(0); // lower is better, as BM25's
  });

  it('find past replies to texts holding a word, never one whose reply failed', () => {
    const db = open();
    const contact = upsertContact(db, { address: '+14155550100', rawAddress: '+14155550100', now: 1 }); // prettier-ignore
    const conversationId = upsertConversation(db, { contactId: contact.id, channel: 'sms', businessNumber: '+15005550006', now: 1 }); // prettier-ignore
    let at = 1_000;
    const exchange = (question: string, answer: string, status: 'delivered' | 'failed') => {
      const inbound = insertInboundMessage(db, { conversationId, sid: `SM${at}`, from: '+14155550100', to: '+15005550006', body: question, media: [], numSegments: 1, now: (at += 10) })!; // prettier-ignore
      insertOutboundMessage(db, { conversationId, author: 'operator', from: '+15005550006', to: '+14155550100', body: answer, status, now: (at += 10) }); // prettier-ignore
      return inbound;
    };
    const gel = exchange('Do you do gel nails on Fridays?', 'We do, 45 minutes.', 'delivered');
    exchange('Nails tomorrow?', 'Sorry, full.', 'failed');
    const cut = exchange("What's a cut?", 'A cut is $30.', 'delivered');
    const find = (words: string[]) =>
      findPastReplies(db, { words, excludeConversationMessageId: 0, limit: 5 }).map((r) => r.inboundId); // prettier-ignore
    expect(find(['nails'])).toEqual([gel]);
    expect(find(['friday'])).toEqual([]); // whole words only: "Fridays" is another word
    expect(find(['fridays', 'cut']).sort()).toEqual([gel, cut].sort());
    expect(find(["what's"])).toEqual([cut]);
    expect(findPastReplies(db, { words: ['nails'], excludeConversationMessageId: gel, limit: 5 })).toEqual([]); // prettier-ignore
    expect(findPastReplies(db, { words: ['cut'], excludeConversationMessageId: 0, limit: 5 })).toMatchObject([
      { inboundId: cut, inboundBody: "What's a cut?", reply: 'A cut is $30.' },
    ]); // prettier-ignore
  });
});
