/** A new draft for the same message, with the operator's instruction ("shorter"). */
import { Refusal } from '../domain/refusal';
import { enqueueJob } from '../queue/enqueue';
import { audit } from '../store/audit';
import type { Db } from '../store/database';
import { getDraftSubject } from '../store/draftContext';
import { getDraft, insertDraft, latestDraftInConversation } from '../store/drafts';
import type { Drafter } from './drafter';

/** Refuses, in the operator's words, a draft that cannot be regenerated. */
function refuseUnlessRegenerable(db: Db, draftId: number) {
  const draft = getDraft(db, draftId);
  if (!draft) throw new Refusal('That draft no longer exists.');
  if (draft.state === 'approved' || draft.state === 'edited') {
    throw new Refusal('That draft was already sent; write a new reply instead.');
  }
  if (latestDraftInConversation(db, draft.conversation_id)?.id !== draft.id) {
    throw new Refusal('A newer draft exists for this conversation; regenerate that one.');
  }
  const subject = getDraftSubject(db, draft.reply_to_message_id);
  if (!subject) throw new Refusal('The message this draft answers no longer exists.');
  if (subject.contact.optedOut) {
    throw new Refusal('The customer opted out; no drafts are written for them.');
  }
  if (subject.newerInbound) {
    throw new Refusal('The customer wrote again; a draft for the newer message is on its way.');
  }
  return draft;
}

/**
 * In one transaction: the conversation's undecided drafts give way, a `draft` job is queued and
 * the new draft row waits for it. Returns the new draft and the superseded ones.
 */
export function regenerateDraft(
  db: Db,
  args: {
    draftId: number;
    instruction: string | undefined;
    drafter: Pick<Drafter, 'provider' | 'model'>;
    now: number;
    supersede: (conversationId: number) => number[];
  },
): { newId: number; superseded: number[] } {
  const { drafter, instruction, now } = args;
  const draft = refuseUnlessRegenerable(db, args.draftId);
  return db.transaction(() => {
    const superseded = args.supersede(draft.conversation_id);
    const jobId = enqueueJob(
      db,
      'draft',
      { messageId: draft.reply_to_message_id },
      { now, dedupeKey: `draft:${draft.reply_to_message_id}:regenerate:${draft.id}` },
    );
    if (jobId === undefined) throw new Refusal('That draft is already being regenerated.');
    const newId = insertDraft(db, {
      conversationId: draft.conversation_id,
      replyToMessageId: draft.reply_to_message_id,
      provider: drafter.provider,
      model: drafter.model,
      state: 'generating',
      text: '',
      instruction: instruction?.trim() || null,
      jobId,
      now,
    });
    audit(db, {
      actor: 'operator',
      action: 'draft.regenerated',
      subjectType: 'draft',
      subjectId: draft.id,
      details: { newDraftId: newId, ...(instruction ? { instruction } : {}) },
      now,
    });
    return { newId, superseded };
  })();
}
