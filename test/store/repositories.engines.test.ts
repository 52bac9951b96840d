/**
 * The repositories' statements on both engines, one area at a time: what the app does with a
 * conversation (replies, drafts, hand-off, attachments, notifications, the logs, retention,
 * exports) gives the same answers on SQLite and PostgreSQL.
 */
import { expect, it } from 'vitest';
import { storeInboundMessage } from '../../src/main/core/messaging/inbound';
import { queueOutboundMessage } from '../../src/main/core/messaging/outbound';
import { getReplyRoute } from '../../src/main/core/messaging/preSend';
import { audit, listAudit } from '../../src/main/core/store/audit';
import {
  getContactRecord,
  listConsentAudit,
  listContactConversations,
  updateContactDetails,
} from '../../src/main/core/store/contactHistory';
import { importContact } from '../../src/main/core/store/contactImport';
import { getSetting, setSetting } from '../../src/main/core/store/settings';
import {
  getConversationSummary,
  listConversations,
  moveConversationBack,
} from '../../src/main/core/store/conversations';
import type { Db } from '../../src/main/core/store/database';
import { setContactLanguage, storeMessageTriage } from '../../src/main/core/store/draftContext';
import {
  completeDraft,
  decideDraft,
  failDraft,
  insertDraft,
  listAutoSendCountdowns,
  listDraftOutcomes,
  previousDraftText,
  setDraftAutoSendAt,
  startDraftAttempt,
  stopConversationCountdowns,
  supersedeUndecidedDrafts,
} from '../../src/main/core/store/drafts';
import {
  beginSnapshot,
  countExportRows,
  iterateExportRows,
  type ExportFilter,
} from '../../src/main/core/store/exportQueries';
import {
  closedReplyCovers,
  holdConversation,
  markAutoSince,
  recordClosedReply,
  unansweredTexts,
} from '../../src/main/core/store/handoff';
import {
  insertMessageMedia,
  listKeptMediaFiles,
  listMediaOfMessages,
  markCarrierCopyDeleted,
  markMediaKept,
} from '../../src/main/core/store/messageMedia';
import {
  getMessage,
  listMessagesAround,
  updateMessageStatus,
} from '../../src/main/core/store/messages';
import {
  forgetChannelDeliveries,
  getTranslation,
  insertDelivery,
  insertNotification,
  listDeliveryTrouble,
  listWaitingBetween,
  putTranslation,
  setDeliveryState,
} from '../../src/main/core/store/notifications';
import {
  adoptProviderSid,
  cancelScheduledInConversation,
  getSendableMessage,
  markSendStarted,
  newestInboundAt,
  recordSendError,
  resetForManualRetry,
} from '../../src/main/core/store/outbound';
import {
  deleteStagedMediaByIds,
  findServableMedia,
  findStagedMedia,
  insertOutboundMedia,
  insertStagedMedia,
  isMediaReferenced,
  setServeTokens,
} from '../../src/main/core/store/outboundMedia';
import { countExpired, deleteExpired } from '../../src/main/core/store/retention';
import {
  addRefusalCount,
  deleteOldWebhookLog,
  insertWebhookLog,
  lastWebhookAt,
  listRefusalCounts,
  webhookLogBytes,
} from '../../src/main/core/store/webhookLog';
import {
  getTemplate,
  listTemplates,
  replaceTemplates,
} from '../../src/main/core/store/contentTemplates';
import {
  getWhatsAppConsent,
  recordWhatsAppConsent,
  withdrawWhatsAppConsent,
} from '../../src/main/core/store/whatsappConsent';
import { insertMessageEvent, listMessageEvents } from '../../src/main/core/store/messageEvents';
import { insertTemplateDraft, newestMessageId } from '../../src/main/core/store/templateDrafts';
import { getDraftRecord } from '../../src/main/core/store/drafts';
import {
  deleteKnowledgeSource,
  getEmbeddings,
  hasKnowledge,
  insertKnowledgeSource,
  knowledgeVersion,
  listKnowledgePassages,
  listKnowledgeSources,
  putEmbeddings,
} from '../../src/main/core/store/knowledge';
import { describeOnEngines } from '../support/storeEngines';

const BUSINESS = '+15005550006';
let sids = 0;

function customerText(db: Db, from: string, body: string, now: number) {
  const stored = db.transaction(() =>
    storeInboundMessage(
      db,
      { sid: `SM${(++sids).toString(16).padStart(32, '0')}`, from, to: BUSINESS, body, media: [], numSegments: 1 }, // prettier-ignore
      { now },
    ),
  )();
  if (stored.duplicate) throw new Error('stored twice');
  return stored;
}

function reply(db: Db, conversationId: number, body: string, now: number) {
  return db.transaction(() =>
    queueOutboundMessage(db, {
      route: getReplyRoute(db, conversationId)!,
      body,
      author: 'operator',
      auditAction: 'message.sent',
      now,
    }),
  )();
}

describeOnEngines('repositories, area by area', ({ open }) => {
  it('sending: start, carrier SID, errors, manual retry, and the newest inbound time', () => {
    const db = open();
    const text = customerText(db, '+14155550100', 'Table for two?', 1_000);
    const id = reply(db, text.conversationId, 'Yes, at 8.', 2_000);
    markSendStarted(db, id, 2_001);
    recordSendError(db, { id, code: 20003, message: 'auth', final: true, now: 2_002 });
    expect(getSendableMessage(db, id)).toMatchObject({ status: 'failed', sendAttempts: 1 });
    expect(resetForManualRetry(db, id, 2_003)).toBe(1);
    markSendStarted(db, id, 2_004);
    expect(adoptProviderSid(db, { id, sid: 'SMout1', status: 'queued', now: 2_005 })).toBe(true);
    expect(adoptProviderSid(db, { id, sid: 'SMout2', status: 'queued', now: 2_006 })).toBe(false);
    expect(getSendableMessage(db, id)).toMatchObject({ sid: 'SMout1', status: 'queued', sendAttempts: 2 }); // prettier-ignore
    expect(newestInboundAt(db)).toBe(1_000);
    expect(cancelScheduledInConversation(db, text.conversationId, 2_007)).toEqual([]);
    expect(getMessage(db, id)).toMatchObject({ body: 'Yes, at 8.' });
    const around = listMessagesAround(db, { conversationId: text.conversationId, messageId: id, before: 5, after: 5 }); // prettier-ignore
    expect(around?.messages.map((m) => m.id)).toEqual([text.messageId, id]);
  });

  it('drafts: attempts, outcomes, countdowns and supersession', () => {
    const db = open();
    const text = customerText(db, '+14155550101', 'Open Sunday?', 1_000);
    const args = { conversationId: text.conversationId, replyToMessageId: text.messageId };
    const first = insertDraft(db, { ...args, provider: 'openai', state: 'generating', text: '', now: 1_001 }); // prettier-ignore
    expect(failDraft(db, { id: first, error: 'timeout', errorKind: 'timeout', partialText: 'We', category: null, urgency: null, latencyMs: 5 })).toBe(true); // prettier-ignore
    expect(startDraftAttempt(db, { id: first, jobId: 7, provider: 'offline', model: null })).toBe(true); // prettier-ignore
    expect(completeDraft(db, { id: first, text: 'Closed on Sundays.', model: null, source: null, language: 'en', category: 'question', urgency: 'normal', promptTokens: null, completionTokens: null, latencyMs: 3 })).toBe(true); // prettier-ignore
    expect(setDraftAutoSendAt(db, first, 5_000)).toBe(true);
    expect(setDraftAutoSendAt(db, first, null)).toBe(true);
    expect(setDraftAutoSendAt(db, first, null)).toBe(false); // nothing to stop
    expect(setDraftAutoSendAt(db, first, 6_000)).toBe(true);
    expect(listAutoSendCountdowns(db)).toEqual([{ id: first, autoSendAt: 6_000 }]);
    expect(stopConversationCountdowns(db, text.conversationId)).toEqual([first]);
    const second = insertDraft(db, { ...args, provider: 'offline', state: 'ready', text: 'No, sorry.', now: 1_002 }); // prettier-ignore
    expect(previousDraftText(db, { messageId: text.messageId, beforeId: second })).toBe('Closed on Sundays.'); // prettier-ignore
    expect(supersedeUndecidedDrafts(db, { conversationId: text.conversationId, exceptId: second, now: 1_003 })).toEqual([first]); // prettier-ignore
    expect(decideDraft(db, { id: second, state: 'edited', textSent: 'No, sorry!', now: 1_004 })).toBe(true); // prettier-ignore
    expect(listDraftOutcomes(db, 0).map((d) => [d.state, d.auto_sent])).toEqual([
      ['edited', 0],
      ['superseded', 0],
    ]);
  });

  it('conversations: triage filters, language, hand-off and closed-hours replies', () => {
    const db = open();
    const text = customerText(db, '+14155550102', 'Refund please', 1_000);
    const other = customerText(db, '+14155550103', 'Hi', 1_500);
    storeMessageTriage(db, { messageId: text.messageId, conversationId: text.conversationId, language: 'en', category: 'billing', urgency: 'high' }); // prettier-ignore
    expect(listConversations(db, { limit: 10 }).map((c) => c.id)).toEqual([other.conversationId, text.conversationId]); // prettier-ignore
    expect(listConversations(db, { limit: 10, category: 'billing' }).map((c) => c.id)).toEqual([text.conversationId]); // prettier-ignore
    expect(listConversations(db, { limit: 10, urgency: 'high', attention: 'needs-reply' }).map((c) => c.id)).toEqual([text.conversationId]); // prettier-ignore
    const contactId = getReplyRoute(db, text.conversationId)!.contactId;
    expect(setContactLanguage(db, contactId, 'es', 1_001)).toBe(true);
    expect(setContactLanguage(db, contactId, 'es', 1_002)).toBe(false);

    expect(unansweredTexts(db, { conversationId: text.conversationId, sinceAuto: true })).toBe(1);
    markAutoSince(db, text.conversationId);
    expect(unansweredTexts(db, { conversationId: text.conversationId, sinceAuto: true })).toBe(0);
    expect(unansweredTexts(db, { conversationId: text.conversationId, sinceAuto: false })).toBe(1);
    expect(holdConversation(db, { conversationId: text.conversationId, reason: 'money', now: 1_003 })).toBe(true); // prettier-ignore
    expect(getConversationSummary(db, text.conversationId)!.heldReason).toBe('money');
    expect(closedReplyCovers(db, { conversationId: text.conversationId, periodStart: 900, now: 1_004 })).toBe(false); // prettier-ignore
    recordClosedReply(db, { conversationId: text.conversationId, replyToMessageId: text.messageId, messageId: text.messageId + 10, kind: 'closed', periodStart: 900, periodEnd: 9_000, now: 1_004 }); // prettier-ignore
    expect(closedReplyCovers(db, { conversationId: text.conversationId, periodStart: 900, now: 1_005 })).toBe(true); // prettier-ignore
    expect(moveConversationBack(db, { conversationId: text.conversationId, ms: 500, now: 2_000 })).toEqual([text.messageId]); // prettier-ignore
    expect(getConversationSummary(db, text.conversationId)!.lastActivityAt).toBe(500);
  });

  it('attachments: kept, listed by message, staged, linked and referenced', () => {
    const db = open();
    const text = customerText(db, '+14155550104', 'Photo', 1_000);
    insertMessageMedia(db, { messageId: text.messageId, media: [{ url: 'https://api.twilio.com/x/ME1', contentType: 'image/jpeg' }], now: 1_000 }); // prettier-ignore
    markMediaKept(db, { messageId: text.messageId, position: 0, sha256: 'a'.repeat(64), size: 10, contentType: 'image/jpeg', now: 900 }); // prettier-ignore
    expect(getMessage(db, text.messageId)!.updatedAt).toBe(1_000); // never moves back in time
    markCarrierCopyDeleted(db, { messageId: text.messageId, position: 0, now: 1_100 });
    expect(getMessage(db, text.messageId)!.updatedAt).toBe(1_100);
    const listed = listMediaOfMessages(db, [text.messageId, text.messageId + 99]);
    expect([...listed.keys()]).toEqual([text.messageId]);
    expect(listed.get(text.messageId)).toMatchObject([{ state: 'kept', sha256: 'a'.repeat(64) }]);
    expect(listKeptMediaFiles(db)).toEqual([{ sha256: 'a'.repeat(64), size: 10 }]);

    const staged = [1, 2].map(
      (n) =>
      insertStagedMedia(db, { conversationId: text.conversationId, sha256: String(n).repeat(64), contentType: 'image/png', size: n, now: 1_200 }), // prettier-ignore
    );
    const ids = staged.map((s) => s.id);
    expect(findStagedMedia(db, { conversationId: text.conversationId, ids: [ids[1]!, ids[0]!] }).map((s) => s.id)).toEqual([ids[1], ids[0]]); // prettier-ignore
    const sent = reply(db, text.conversationId, 'Here', 1_300);
    insertOutboundMedia(db, { messageId: sent, items: [{ sha256: '1'.repeat(64), contentType: 'image/png', size: 1 }], now: 1_300 }); // prettier-ignore
    deleteStagedMediaByIds(db, ids);
    expect(findStagedMedia(db, { conversationId: text.conversationId, ids })).toEqual([]);
    setServeTokens(db, { messageId: sent, tokenHashes: ['h1'], until: 9_999 });
    expect(findServableMedia(db, 'h1')).toMatchObject({ messageId: sent, size: 1, serveUntil: 9_999 }); // prettier-ignore
    expect(isMediaReferenced(db, '1'.repeat(64))).toBe(true);
    expect(isMediaReferenced(db, '2'.repeat(64))).toBe(false);
  });

  it('notifications: a cause once, deliveries in trouble, the waiting range, translations', () => {
    const db = open();
    const text = customerText(db, '+14155550105', 'Anyone?', 1_000);
    const notification = { cause: `waiting:${text.conversationId}`, kind: 'waiting' as const, conversationId: text.conversationId, messageId: text.messageId, detail: '', now: 1_100 }; // prettier-ignore
    const id = insertNotification(db, notification);
    expect(id).toBeGreaterThan(0);
    expect(insertNotification(db, notification)).toBeUndefined();
    insertDelivery(db, { notificationId: id!, channelId: 3, now: 1_100 });
    insertDelivery(db, { notificationId: id!, channelId: 3, now: 1_101 }); // once per channel
    setDeliveryState(db, { notificationId: id!, channelId: 3, state: 'retrying', attempts: 1, error: 'busy', now: 1_200 }); // prettier-ignore
    expect(listDeliveryTrouble(db, 10)).toEqual([
      { notificationId: id, channelId: 3, kind: 'waiting', state: 'retrying', attempts: 1, error: 'busy', updatedAt: 1_200 }, // prettier-ignore
    ]);
    forgetChannelDeliveries(db, 3);
    expect(listDeliveryTrouble(db, 10)).toEqual([]);
    expect(listWaitingBetween(db, { after: 0, upTo: 1_000, limit: 10 })).toEqual([
      { conversationId: text.conversationId, lastMessageId: text.messageId, lastActivityAt: 1_000 },
    ]);
    expect(listWaitingBetween(db, { after: 1_000, upTo: 2_000, limit: 10 })).toEqual([]);
    putTranslation(db, { textHash: 'h', language: 'es', text: 'Hola', now: 1 });
    putTranslation(db, { textHash: 'h', language: 'es', text: '¡Hola!', now: 2 });
    expect(getTranslation(db, 'h', 'es')).toBe('¡Hola!');
  });

  it('the webhook log: last accepted, refusal counts, retention and its size', () => {
    const db = open();
    const log = (receivedAt: number, signature: 'valid' | 'missing', statusCode: number) =>
      insertWebhookLog(db, { receivedAt, route: '/twilio/sms', method: 'POST', headers: {}, rawBody: 'x', signature, statusCode, outcome: 'x', messageSid: null }); // prettier-ignore
    log(1_000, 'valid', 200);
    log(2_000, 'missing', 403);
    log(3_000, 'valid', 200);
    expect(lastWebhookAt(db)).toBe(3_000);
    addRefusalCount(db, 60_000, 40);
    addRefusalCount(db, 60_000, 2);
    expect(listRefusalCounts(db)).toEqual([{ minute: 60_000, refused: 42 }]);
    expect(webhookLogBytes(db)).toBeGreaterThan(0);
    expect(deleteOldWebhookLog(db, { acceptedBefore: 1_500, refusedBefore: 70_000, limit: 10 })).toBe(2); // prettier-ignore
    expect(lastWebhookAt(db)).toBe(3_000);
    expect(listRefusalCounts(db)).toEqual([]);
  });

  it('contacts, settings and the audit log', () => {
    const db = open();
    expect(importContact(db, { address: '+14155550106', name: 'Ada', tags: ['vip'], notes: null }, 1)).toBe('created'); // prettier-ignore
    expect(importContact(db, { address: '+14155550106', name: null, tags: ['new'], notes: 'hi' }, 2)).toBe('updated'); // prettier-ignore
    const text = customerText(db, '+14155550106', 'Hello', 3);
    const contactId = getReplyRoute(db, text.conversationId)!.contactId;
    expect(getContactRecord(db, contactId)).toMatchObject({ name: 'Ada', notes: 'hi', tags: ['vip', 'new'] }); // prettier-ignore
    expect(updateContactDetails(db, { contactId, notes: 'regular', now: 4 })).toBe(true);
    expect(getContactRecord(db, contactId)).toMatchObject({ name: 'Ada', notes: 'regular' });
    expect(listContactConversations(db, contactId).map((c) => c.id)).toEqual([text.conversationId]); // prettier-ignore
    audit(db, { actor: 'customer', action: 'contact.opted_out', subjectType: 'contact', subjectId: contactId, now: 5 }); // prettier-ignore
    expect(listConsentAudit(db, contactId).map((a) => a.action)).toEqual(['contact.opted_out']);
    expect(listAudit(db, 1)[0]).toMatchObject({ action: 'contact.opted_out' });
    setSetting(db, 'quietHours', { from: 21 }, 1);
    setSetting(db, 'quietHours', { from: 22 }, 2);
    expect(getSetting(db, 'quietHours')).toEqual({ from: 22 });
  });

  it('retention deletes what expired, never a conversation with a reply waiting to go', () => {
    const db = open();
    const old = customerText(db, '+14155550107', 'Old', 1_000);
    insertMessageMedia(db, { messageId: old.messageId, media: [{ url: 'https://api.twilio.com/x/ME2', contentType: 'image/jpeg' }], now: 1_000 }); // prettier-ignore
    markMediaKept(db, { messageId: old.messageId, position: 0, sha256: 'c'.repeat(64), size: 3, contentType: 'image/jpeg', now: 1_000 }); // prettier-ignore
    const waiting = customerText(db, '+14155550108', 'Also old', 1_100);
    reply(db, waiting.conversationId, 'Pending reply', 1_200);
    customerText(db, '+14155550109', 'New', 9_000);
    expect(countExpired(db, 5_000)).toEqual({ conversations: 1, messages: 1 });
    const slice = db.transaction(() => deleteExpired(db, 5_000, 10))();
    expect(slice).toEqual({ conversations: 1, messages: 1, unreferencedMedia: ['c'.repeat(64)] });
    expect(countExpired(db, 5_000)).toEqual({ conversations: 0, messages: 0 });
  });

  it('exports count and stream the same rows, by date and by contact, with attachments', () => {
    const db = open();
    const a = customerText(db, '+14155550110', 'First', 1_000);
    insertMessageMedia(db, { messageId: a.messageId, media: [{ url: 'https://api.twilio.com/x/ME3', contentType: 'image/jpeg' }, { url: 'https://api.twilio.com/x/ME4', contentType: 'image/png' }], now: 1_000 }); // prettier-ignore
    markMediaKept(db, { messageId: a.messageId, position: 1, sha256: 'd'.repeat(64), size: 4, contentType: 'image/png', now: 1_000 }); // prettier-ignore
    markMediaKept(db, { messageId: a.messageId, position: 0, sha256: 'e'.repeat(64), size: 5, contentType: 'image/jpeg', now: 1_000 }); // prettier-ignore
    const b = customerText(db, '+14155550111', 'Second', 2_000);
    updateMessageStatus(db, { id: b.messageId, status: 'received', errorCode: null, now: 2_001 });
    const contactA = getReplyRoute(db, a.conversationId)!.contactId;
    const rows = (what: 'messages' | 'conversations', filter: ExportFilter) => ({
      count: countExportRows(db, what, filter),
      ids: [...iterateExportRows(db, what, filter)].map((r) => r.id),
    });
    expect(rows('messages', { from: null, to: null, contactIds: null })).toEqual({ count: 2, ids: [a.messageId, b.messageId] }); // prettier-ignore
    expect(rows('messages', { from: 1_500, to: null, contactIds: null })).toEqual({ count: 1, ids: [b.messageId] }); // prettier-ignore
    expect(rows('messages', { from: null, to: 1_500, contactIds: null })).toEqual({ count: 1, ids: [a.messageId] }); // prettier-ignore
    expect(rows('conversations', { from: null, to: null, contactIds: [contactA] })).toEqual({ count: 1, ids: [a.conversationId] }); // prettier-ignore
    const [withMedia] = [...iterateExportRows(db, 'messagesWithMedia', { from: null, to: 1_500, contactIds: null })]; // prettier-ignore
    expect(JSON.parse(withMedia!.kept_media)).toEqual([
      { sha256: 'e'.repeat(64), contentType: 'image/jpeg' },
      { sha256: 'd'.repeat(64), contentType: 'image/png' },
    ]);
    // Inside one snapshot, as an export job reads: the count and the rows agree, and the
    // connection is usable afterwards.
    const end = beginSnapshot(db);
    const snapshot = rows('messages', { from: null, to: null, contactIds: null });
    end();
    expect(snapshot).toEqual({ count: 2, ids: [a.messageId, b.messageId] });
    expect(customerText(db, '+14155550112', 'Third', 3_000).duplicate).toBe(false);
    const transcript = [...iterateExportRows(db, 'transcript', { from: null, to: null, contactIds: null }, b.conversationId)]; // prettier-ignore
    expect(transcript.map((r) => [r.id, JSON.parse(r.all_media)])).toEqual([[b.messageId, []]]);
  });

  it('WhatsApp templates, consent, delivery events and template drafts', () => {
    const db = open();
    const sid = 'HX' + 'b'.repeat(32);
    db.transaction(
      () =>
      replaceTemplates(db, [{ sid, name: 'order_ready', language: 'en', body: 'Hi {{1}}', samples: { '1': 'Ana' }, approval: 'approved', rejectionReason: null, category: 'UTILITY' }], 1), // prettier-ignore
    )();
    expect(listTemplates(db).map((t) => t.name)).toEqual(['order_ready']);
    expect(getTemplate(db, sid)).toMatchObject({ samples: { '1': 'Ana' } });
    const text = customerText(db, '+14155550112', 'Order?', 1_000);
    const contactId = getReplyRoute(db, text.conversationId)!.contactId;
    recordWhatsAppConsent(db, { contactId, method: 'web-form', note: null, recordedBy: 'Ana', now: 2 }); // prettier-ignore
    expect(withdrawWhatsAppConsent(db, contactId, 3)).toBe(true);
    expect(withdrawWhatsAppConsent(db, contactId, 4)).toBe(false);
    recordWhatsAppConsent(db, { contactId, method: 'in-person', note: 'asked', recordedBy: 'Ben', now: 5 }); // prettier-ignore
    expect(getWhatsAppConsent(db, contactId)).toMatchObject({ method: 'in-person', withdrawnAt: null }); // prettier-ignore
    insertMessageEvent(db, { sid: 'SMx', messageId: null, status: 'delivered', errorCode: null, raw: { a: 1 }, applied: false, now: 6 }); // prettier-ignore
    expect(listMessageEvents(db, 'SMx')).toMatchObject([{ status: 'delivered', applied: 0 }]);
    expect(newestMessageId(db, text.conversationId)).toBe(text.messageId);
    const draft = insertTemplateDraft(db, { conversationId: text.conversationId, replyToMessageId: text.messageId, provider: 'offline', model: null, text: 'Hi Ana', templateSid: sid, variables: { '1': 'Ana' }, source: 'a template', now: 7 }); // prettier-ignore
    expect(getDraftRecord(db, draft)).toMatchObject({ state: 'ready', template: { sid, name: 'order_ready', variables: { '1': 'Ana' } } }); // prettier-ignore
  });

  it('knowledge sources, passages and cached embeddings (search has its own suite)', () => {
    const db = open();
    expect(hasKnowledge(db)).toBe(false);
    const id = insertKnowledgeSource(db, { kind: 'prices', title: 'Prices', content: { rows: 1 }, origin: null, passages: [{ language: null, heading: 'Cut', text: 'Cut: $30', hash: 'h1' }], now: 10 }); // prettier-ignore
    expect(hasKnowledge(db)).toBe(true);
    expect(knowledgeVersion(db)).toMatch(/^1:10:\d+$/);
    expect(listKnowledgeSources(db)).toMatchObject([{ id, title: 'Prices', passages: 1 }]);
    expect(listKnowledgePassages(db).map((p) => p.text)).toEqual(['Cut: $30']);
    const vector = new Float32Array([0.5, -1, 2]);
    putEmbeddings(db, { model: 'm', vectors: [{ hash: 'h1', vector }], now: 11 });
    putEmbeddings(db, { model: 'm', vectors: [{ hash: 'h1', vector: new Float32Array([9]) }], now: 12 }); // prettier-ignore
    expect([...getEmbeddings(db, 'm').get('h1')!]).toEqual([0.5, -1, 2]);
    expect(deleteKnowledgeSource(db, id)).toBe(true);
    expect(listKnowledgePassages(db)).toEqual([]);
  });
});
