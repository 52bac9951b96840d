/**
 * Each migration on a store that holds data from before it: the store is made with the migrations
 * before N only (the runner stops where its list stops), rows go in with the SQL of that era, the
 * store is migrated to the end, and then the features that depend on migration N are used through
 * the repository functions, on the old rows. migrations.test.ts checks that each one applies;
 * this file checks that what people had still works after it.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { toMessageView } from '../../src/main/core/domain/messageView';
import { EventBus } from '../../src/main/core/events';
import { envSecretStore } from '../../src/main/core/golive/secrets';
import { defaultEndpoints } from '../../src/main/core/notify/channels';
import { createNotifier } from '../../src/main/core/notify/notifier';
import { writeChannels } from '../../src/main/core/notify/settings';
import { silentLogger } from '../../src/main/core/log';
import { storeInboundMessage } from '../../src/main/core/messaging/inbound';
import { createMediaHandler } from '../../src/main/core/messaging/mediaJob';
import { getMessage } from '../../src/main/core/store/messages';
import { markCarrierCopyDeleted } from '../../src/main/core/store/messageMedia';
import { queueOutboundMessage } from '../../src/main/core/messaging/outbound';
import {
  mediaOutLookup,
  mintMediaLinks,
  stageAttachment,
} from '../../src/main/core/messaging/outboundMedia';
import { pruneWebhookLog } from '../../src/main/core/records/retention';
import {
  countAttention,
  markConversationRead,
  readInboxCounts,
  totalUnread,
} from '../../src/main/core/store/conversations';
import { setOptedOut } from '../../src/main/core/store/contacts';
import { updateMessageStatus } from '../../src/main/core/store/messages';
import { deleteExpired } from '../../src/main/core/store/retention';
import type { TriageCategory } from '../../src/shared/types';
import {
  migrate,
  openDatabase,
  schemaVersion,
  type Db as AnyDb,
  type SqliteDb as Db,
} from '../../src/main/core/store/database';
import { findPastReplies, storeMessageTriage } from '../../src/main/core/store/draftContext';
import {
  closedReplyCovers,
  holdConversation,
  markAutoSince,
  personRepliedSince,
  recordClosedReply,
  releaseConversation,
  unansweredTexts,
} from '../../src/main/core/store/handoff';
import { getConversationSummary } from '../../src/main/core/store/conversations';
import {
  decideDraft,
  getDraftRecord,
  insertDraft,
  listDraftRecords,
} from '../../src/main/core/store/drafts';
import { leaseJobs } from '../../src/main/core/store/jobs';
import {
  insertKnowledgeSource,
  searchKnowledgePassages,
} from '../../src/main/core/store/knowledge';
import { migrations } from '../../src/main/core/store/migrations';
import { getReplyRoute } from '../../src/main/core/messaging/preSend';
import { queueTemplate, templateSendable } from '../../src/main/core/messaging/templateSend';
import { replaceTemplates } from '../../src/main/core/store/contentTemplates';
import { recordWhatsAppConsent } from '../../src/main/core/store/whatsappConsent';
import {
  adoptProviderSid,
  getSendableMessage,
  markSendStarted,
  resetForManualRetry,
} from '../../src/main/core/store/outbound';
import { indexSearchBacklog, searchMessages } from '../../src/main/core/store/search';
import {
  addRefusalCount,
  lastWebhookAt,
  listRefusalCounts,
} from '../../src/main/core/store/webhookLog';
import { describeOnEngines } from '../support/storeEngines';
import { makeTempDir } from '../support/tempDir';

const BUSINESS = '+15005550006';
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 5, 1);

/** A store as the app left it when migration `version` did not exist yet. */
const storeBefore = (version: number): Db =>
  openDatabase(':memory:', { migrations: migrations.filter((m) => m.version < version) });

const migrateToLatest = (db: Db) => {
  migrate(db, migrations);
  expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
};

// Rows with the columns of 0010, which every era has (later migrations only add columns with
// defaults), and the bookkeeping the app of that era did with each message.
function oldConversation(db: Db, n: number, name: string | null = null): number {
  const contactId = Number(
    db
      .prepare(
        `INSERT INTO contacts (address, raw_address, name, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?)`,
      )
      .run(`+1415555${String(n).padStart(4, '0')}`, `+1415555${String(n).padStart(4, '0')}`, name, NOW - 90 * DAY, NOW - 90 * DAY).lastInsertRowid, // prettier-ignore
  );
  return Number(
    db
      .prepare(
        `INSERT INTO conversations (contact_id, channel, business_number, last_activity_at, created_at)
         VALUES (?, 'sms', ?, ?, ?)`,
      )
      .run(contactId, BUSINESS, NOW - 90 * DAY, NOW - 90 * DAY).lastInsertRowid,
  );
}

function oldMessage(
  db: Db,
  conversationId: number,
  m: {
    direction: 'inbound' | 'outbound';
    body: string;
    status: string;
    at: number;
    author?: string;
    sid?: string;
  },
): number {
  const contact = db
    .prepare(
      `SELECT k.address FROM conversations c JOIN contacts k ON k.id = c.contact_id WHERE c.id = ?`,
    )
    .pluck()
    .get(conversationId) as string;
  const inbound = m.direction === 'inbound';
  const id = Number(
    db
      .prepare(
        `INSERT INTO messages (conversation_id, direction, author, provider_sid, from_address,
           to_address, body, num_segments, encoding, status, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 1, 'GSM-7', ?, ?, ?)`,
      )
      .run(
        conversationId,
        m.direction,
        m.author ?? (inbound ? 'customer' : 'operator'),
        m.sid ?? null,
        inbound ? contact : BUSINESS,
        inbound ? BUSINESS : contact,
        m.body,
        m.status,
        m.at,
        m.at,
      ).lastInsertRowid,
  );
  db.prepare(
    `UPDATE conversations SET last_message_id = ?, last_activity_at = ?,
       unread_count = unread_count + ? WHERE id = ?`,
  ).run(id, m.at, inbound ? 1 : 0, conversationId);
  return id;
}

const searchIds = (db: Db, query: string) => {
  indexSearchBacklog(db); // as every search does first
  return searchMessages(db, { query, limit: 50 }).map((hit) => hit.messageId);
};

describe('migrations keep what the store held working', () => {
  const cleanups: Array<() => void> = [];
  const open: Db[] = [];
  const track = (db: Db) => (open.push(db), db);
  afterEach(() => {
    open.splice(0).forEach((db) => db.close());
    cleanups.splice(0).forEach((cleanup) => cleanup());
  });

  it('0010 (initial schema): a data file that predates every table takes texts and finds them', () => {
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const path = join(tmp.path, 'switchboard.db');
    new Database(path).close(); // an empty file, user_version 0
    const db = track(openDatabase(path));
    expect(schemaVersion(db)).toBe(migrations.at(-1)!.version);
    const stored = db.transaction(() =>
      storeInboundMessage(
        db,
        { sid: 'SM0010', from: '+14155550100', to: BUSINESS, body: 'Is the salon open Sunday?', media: [], numSegments: 1 }, // prettier-ignore
        { now: NOW },
      ),
    )();
    expect(stored.duplicate).toBe(false);
    expect(searchIds(db, 'sunday')).toEqual([stored.duplicate ? -1 : stored.messageId]);
  });

  it('0020 (sending): a conversation from before it can be answered, and the send is tracked', () => {
    const db = track(storeBefore(20));
    const conversation = oldConversation(db, 1);
    oldMessage(db, conversation, { direction: 'inbound', body: 'Can I book?', status: 'received', at: NOW - 2 * DAY, sid: 'SMin' }); // prettier-ignore
    const delivered = oldMessage(db, conversation, { direction: 'outbound', body: 'Yes!', status: 'delivered', at: NOW - DAY, sid: 'SMout' }); // prettier-ignore
    migrateToLatest(db);

    // The old reply is settled: no send started, no attempts, nothing to reconcile.
    expect(getSendableMessage(db, delivered)).toMatchObject({
      status: 'delivered',
      sid: 'SMout',
      sendStartedAt: null,
      sendAttempts: 0,
    });
    const route = getReplyRoute(db, conversation)!;
    const reply = db.transaction(
      () =>
      queueOutboundMessage(db, { route, body: 'See you at ten', author: 'operator', auditAction: 'message.sent', now: NOW }), // prettier-ignore
    )();
    expect(getSendableMessage(db, reply)).toMatchObject({ status: 'pending', sendAttempts: 0 });
    expect(db.prepare(`SELECT kind, state FROM jobs`).all()).toEqual([{ kind: 'send', state: 'queued' }]); // prettier-ignore
    markSendStarted(db, reply, NOW + 1);
    expect(adoptProviderSid(db, { id: reply, sid: 'SMnew', status: 'queued', now: NOW + 2 })).toBe(true); // prettier-ignore
    expect(getSendableMessage(db, reply)).toMatchObject({
      sid: 'SMnew',
      status: 'queued',
      sendStartedAt: NOW + 1,
      sendAttempts: 1,
    });
  });

  it('0030 (drafting): a draft waiting from before it can be approved, and old texts triaged', () => {
    const db = track(storeBefore(30));
    const conversation = oldConversation(db, 1);
    const question = oldMessage(db, conversation, { direction: 'inbound', body: 'Open late?', status: 'received', at: NOW - DAY, sid: 'SMq' }); // prettier-ignore
    const draft = Number(
      db
        .prepare(
          `INSERT INTO drafts (conversation_id, reply_to_message_id, provider, state, text_generated, created_at)
           VALUES (?, ?, 'offline', 'ready', 'Until 8 pm on Thursdays.', ?)`,
        )
        .run(conversation, question, NOW - DAY).lastInsertRowid,
    );
    migrateToLatest(db);

    expect(getDraftRecord(db, draft)).toMatchObject({ state: 'ready', text: 'Until 8 pm on Thursdays.' }); // prettier-ignore
    expect(decideDraft(db, { id: draft, state: 'approved', textSent: 'Until 8 pm on Thursdays.', now: NOW })).toBe(true); // prettier-ignore
    expect(listDraftRecords(db, { conversationId: conversation, limit: 5 })).toMatchObject([
      { id: draft, state: 'approved', textSent: 'Until 8 pm on Thursdays.' },
    ]);
    storeMessageTriage(db, { messageId: question, conversationId: conversation, language: 'en', category: 'question', urgency: 'normal' }); // prettier-ignore
    expect(db.prepare('SELECT category, priority FROM conversations WHERE id = ?').get(conversation)).toEqual({ category: 'question', priority: 'normal' }); // prettier-ignore
  });

  it('0040 (job indexes): jobs queued, and leases left running, before it are picked up', () => {
    const db = track(storeBefore(40));
    const job = db.prepare(
      `INSERT INTO jobs (kind, payload, state, max_attempts, run_after, lease_owner, lease_expires_at,
         created_at, updated_at)
       VALUES (?, '{}', ?, 5, ?, ?, ?, ?, ?)`,
    );
    const queued = Number(job.run('send', 'queued', NOW - 10, null, null, NOW - 10, NOW - 10).lastInsertRowid); // prettier-ignore
    const later = Number(job.run('send', 'queued', NOW + DAY, null, null, NOW - 10, NOW - 10).lastInsertRowid); // prettier-ignore
    const orphan = Number(job.run('draft', 'running', NOW - 20, 'dead-worker', NOW - 5, NOW - 20, NOW - 20).lastInsertRowid); // prettier-ignore
    migrateToLatest(db);

    const lease = (kinds: string[]) =>
      leaseJobs(db, { kinds, owner: 'me', now: NOW, leaseMs: 30_000, limit: 10 }).map((j) => j.id);
    expect(lease(['send'])).toEqual([queued]);
    expect(lease(['draft'])).toEqual([orphan]);
    expect(lease(['send', 'draft'])).toEqual([]); // both taken; `later` is not due
    expect(later).toBeGreaterThan(0);
  });

  it('0050 (search backlog): messages indexed before it are found, and leave the index when deleted', () => {
    const db = track(storeBefore(50));
    const conversation = oldConversation(db, 1);
    const old = oldMessage(db, conversation, { direction: 'inbound', body: 'Balayage price please', status: 'received', at: NOW - 3 * DAY, sid: 'SMold' }); // prettier-ignore
    const gone = oldMessage(db, conversation, { direction: 'inbound', body: 'Balayage on Friday?', status: 'received', at: NOW - 2 * DAY, sid: 'SMgone' }); // prettier-ignore
    migrateToLatest(db);

    const stored = db.transaction(() =>
      storeInboundMessage(
        db,
        { sid: 'SMnew', from: '+14155550001', to: BUSINESS, body: 'Balayage tomorrow', media: [], numSegments: 1 }, // prettier-ignore
        { now: NOW },
      ),
    )();
    const fresh = stored.duplicate ? -1 : stored.messageId;
    expect(searchIds(db, 'balayage')).toEqual([fresh, gone, old]);
    db.prepare('DELETE FROM messages WHERE id = ?').run(gone);
    expect(searchIds(db, 'balayage')).toEqual([fresh, old]);
    expect(searchIds(db, 'friday')).toEqual([]);
  });

  it('0060 (inbox counters): conversations from before it count in the tabs and move with new activity', () => {
    const db = track(storeBefore(60));
    const waiting = oldConversation(db, 1);
    oldMessage(db, waiting, { direction: 'inbound', body: 'Hello?', status: 'received', at: NOW - DAY, sid: 'SMa' }); // prettier-ignore
    oldMessage(db, waiting, { direction: 'inbound', body: 'Anyone there?', status: 'received', at: NOW - DAY + 1, sid: 'SMb' }); // prettier-ignore
    const failed = oldConversation(db, 2);
    oldMessage(db, failed, { direction: 'outbound', body: 'Your table is ready', status: 'failed', at: NOW - DAY }); // prettier-ignore
    const answered = oldConversation(db, 3);
    oldMessage(db, answered, { direction: 'inbound', body: 'Thanks', status: 'received', at: NOW - 3 * DAY, sid: 'SMc' }); // prettier-ignore
    db.prepare('UPDATE conversations SET unread_count = 0 WHERE id = ?').run(answered);
    oldMessage(db, answered, { direction: 'outbound', body: 'Anytime', status: 'delivered', at: NOW - 2 * DAY }); // prettier-ignore
    migrateToLatest(db);

    expect(countAttention(db, undefined)).toEqual({ 'needs-reply': 1, drafts: 0, failed: 1 });
    expect(totalUnread(db)).toBe(2);
    expect(markConversationRead(db, waiting)).toBe(true);
    expect(totalUnread(db)).toBe(0);
    db.transaction(
      () =>
      queueOutboundMessage(db, { route: getReplyRoute(db, waiting)!, body: 'Yes, hi!', author: 'operator', auditAction: 'message.sent', now: NOW }), // prettier-ignore
    )();
    expect(countAttention(db, undefined)).toEqual({ 'needs-reply': 0, drafts: 0, failed: 1 });
  });

  it('0070 (prefix indexes): one-, two- and three-letter prefixes find texts stored before it', () => {
    const db = track(storeBefore(70));
    const conversation = oldConversation(db, 1);
    const tomorrow = oldMessage(db, conversation, { direction: 'inbound', body: 'Tomorrow at ten works', status: 'received', at: NOW - 2 * DAY, sid: 'SM1' }); // prettier-ignore
    const thanks = oldMessage(db, conversation, { direction: 'inbound', body: 'Thanks, see you then', status: 'received', at: NOW - DAY, sid: 'SM2' }); // prettier-ignore
    migrateToLatest(db);

    expect(searchIds(db, 't')).toEqual([thanks, tomorrow]);
    expect(searchIds(db, 'th')).toEqual([thanks]);
    expect(searchIds(db, 'tom')).toEqual([tomorrow]);
  });

  it('0080 (bounded lookups): replies typed before it are examples for the offline drafter; health sees the last webhook', () => {
    const db = track(storeBefore(80));
    const conversation = oldConversation(db, 1, 'Ada');
    const question = oldMessage(db, conversation, { direction: 'inbound', body: 'Do you do gel nails?', status: 'received', at: NOW - 3 * DAY, sid: 'SMq' }); // prettier-ignore
    oldMessage(db, conversation, { direction: 'outbound', body: 'We do, 45 minutes.', status: 'delivered', at: NOW - 3 * DAY + 60_000 }); // prettier-ignore
    const log = db.prepare(
      `INSERT INTO webhook_log (received_at, route, method, headers, raw_body, signature, status_code, outcome)
       VALUES (?, '/webhooks/twilio/sms', 'POST', '{}', '', ?, ?, 'x')`,
    );
    log.run(NOW - 3 * DAY, 'valid', 200);
    log.run(NOW - DAY, 'missing', 403); // refused after it: says nothing about Twilio reaching us
    migrateToLatest(db);

    expect(findPastReplies(db, { words: ['nails'], excludeConversationMessageId: 0, limit: 5 })).toMatchObject([
      { inboundId: question, reply: 'We do, 45 minutes.', contactName: 'Ada' },
    ]); // prettier-ignore
    expect(lastWebhookAt(db)).toBe(NOW - 3 * DAY);
  });

  it('0090 (webhook refusals): refusals logged before it go after a week, accepted requests stay', async () => {
    const db = track(storeBefore(90));
    const log = db.prepare(
      `INSERT INTO webhook_log (received_at, route, method, headers, raw_body, signature, status_code, outcome)
       VALUES (?, '/webhooks/twilio/sms', 'POST', '{}', ?, ?, ?, ?)`,
    );
    log.run(NOW - 30 * DAY, 'Body=hi', 'valid', 200, 'stored');
    log.run(NOW - 30 * DAY, 'x'.repeat(1000), 'missing', 403, 'refused: no signature');
    log.run(NOW - DAY, 'x'.repeat(1000), 'invalid', 403, 'refused: bad signature');
    migrateToLatest(db);

    expect(await pruneWebhookLog(db, { acceptedDays: 365, refusedDays: 7, now: NOW })).toBe(1);
    expect(db.prepare('SELECT outcome FROM webhook_log ORDER BY id').pluck().all()).toEqual([
      'stored',
      'refused: bad signature',
    ]);
    const minute = NOW - (NOW % 60_000);
    addRefusalCount(db, minute, 40);
    addRefusalCount(db, minute, 2);
    expect(listRefusalCounts(db)).toEqual([{ minute, refused: 42 }]);
  });

  it('0110 (message media): an MMS stored before it is kept on the laptop by the media job', async () => {
    const db = track(storeBefore(110));
    const conversationId = oldConversation(db, 110);
    const mms = oldMessage(db, conversationId, { direction: 'inbound', body: 'The dent', status: 'received', at: NOW - DAY, sid: 'MM0110' }); // prettier-ignore
    const mediaUrl = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM0110/Media/ME1';
    db.prepare('UPDATE messages SET media = ? WHERE id = ?').run(
      JSON.stringify([{ url: mediaUrl, contentType: 'image/jpeg' }]),
      mms,
    );
    migrateToLatest(db);

    // The migration queued it for when it ran (the wall clock), not for the rows' era.
    const [job] = leaseJobs(db, { kinds: ['media'], owner: 'test', now: Date.now(), leaseMs: 60_000, limit: 5 }); // prettier-ignore
    expect(JSON.parse(job!.payload)).toEqual({ messageId: mms });
    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const picture = Buffer.from('a jpeg from last year');
    const handle = createMediaHandler({
      db,
      account: () => ({ apiBaseUrl: 'https://api.twilio.com', accountSid: 'AC1', authToken: 't' }),
      mediaDir: tmp.path,
      now: () => NOW,
      logger: silentLogger,
      onMessageChanged: () => {},
      // Twilio still has it: the media URL answers with the bytes.
      fetch: (async () =>
        new Response(picture, { headers: { 'content-type': 'image/jpeg' } })) as typeof fetch,
    });
    await handle({ messageId: mms }, { jobId: job!.id, attempt: 1, signal: new AbortController().signal }); // prettier-ignore

    const [attachment] = toMessageView(getMessage(db, mms)!).attachments;
    const hash = createHash('sha256').update(picture).digest('hex');
    expect(attachment).toMatchObject({ state: 'kept', kind: 'image', url: `/media/${hash}` });
    expect(readFileSync(join(tmp.path, hash.slice(0, 2), hash))).toEqual(picture);
  });
  it('0150 (closed replies, hand-off holds): a conversation from before it is held, released and answered once per closure', () => {
    const db = track(storeBefore(150));
    const conversationId = oldConversation(db, 150);
    oldMessage(db, conversationId, { direction: 'inbound', body: 'Hi there', status: 'received', at: NOW - DAY }); // prettier-ignore
    oldMessage(db, conversationId, { direction: 'outbound', body: 'Hello!', status: 'delivered', at: NOW - DAY + 1 }); // prettier-ignore
    const late = oldMessage(db, conversationId, { direction: 'inbound', body: 'Open tomorrow?', status: 'received', at: NOW - 60_000 }); // prettier-ignore
    migrateToLatest(db);

    // Nothing is held after the upgrade; the old texts count as they stand.
    expect(getConversationSummary(db, conversationId)!.heldReason).toBeNull();
    expect(unansweredTexts(db, { conversationId, sinceAuto: true })).toBe(1);
    markAutoSince(db, conversationId);
    expect(unansweredTexts(db, { conversationId, sinceAuto: true })).toBe(0);
    expect(unansweredTexts(db, { conversationId, sinceAuto: false })).toBe(1);

    expect(holdConversation(db, { conversationId, reason: 'the customer asked for a person', now: NOW })).toBe(true); // prettier-ignore
    expect(holdConversation(db, { conversationId, reason: 'another', now: NOW })).toBe(false);
    expect(getConversationSummary(db, conversationId)!.heldReason).toBe('the customer asked for a person'); // prettier-ignore
    expect(releaseConversation(db, conversationId)).toBe(true);
    expect(getConversationSummary(db, conversationId)!.heldReason).toBeNull();

    // The operator's old reply was before this closure; the record makes the reply once only.
    const since = NOW - 3_600_000;
    expect(personRepliedSince(db, { conversationId, since })).toBe(false);
    expect(closedReplyCovers(db, { conversationId, periodStart: since, now: NOW })).toBe(false);
    recordClosedReply(db, { conversationId, replyToMessageId: late, messageId: late + 1, kind: 'closed', periodStart: since, periodEnd: NOW + 3_600_000, now: NOW }); // prettier-ignore
    expect(closedReplyCovers(db, { conversationId, periodStart: since, now: NOW })).toBe(true);
  });

  it('0170 (carrier copy deleted): an attachment kept before it shows as still at Twilio, and can be marked deleted', () => {
    const db = track(storeBefore(170));
    const conversationId = oldConversation(db, 170);
    const mms = oldMessage(db, conversationId, { direction: 'inbound', body: 'Old photo', status: 'received', at: NOW - DAY, sid: 'MM0170' }); // prettier-ignore
    const url = 'https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM0170/Media/ME1';
    db.prepare('UPDATE messages SET media = ? WHERE id = ?').run(
      JSON.stringify([{ url, contentType: 'image/jpeg' }]),
      mms,
    );
    db.prepare(
      `INSERT INTO message_media (message_id, position, carrier_url, content_type, state, sha256,
         size, created_at, updated_at)
       VALUES (?, 0, ?, 'image/jpeg', 'kept', ?, 10, ?, ?)`,
    ).run(mms, url, 'b'.repeat(64), NOW - DAY, NOW - DAY);
    migrateToLatest(db);

    const before = toMessageView(getMessage(db, mms)!).attachments[0];
    expect(before).toMatchObject({ state: 'kept', carrierCopyDeleted: false, stateText: 'Kept on this computer' }); // prettier-ignore
    markCarrierCopyDeleted(db, { messageId: mms, position: 0, now: NOW });
    const after = toMessageView(getMessage(db, mms)!).attachments[0];
    expect(after).toMatchObject({ carrierCopyDeleted: true, stateText: "Kept on this computer · Twilio's copy deleted" }); // prettier-ignore
  });

  it('0130 (outbound media): a conversation from before it sends a picture, beside the customer’s kept one', async () => {
    const db = track(storeBefore(130));
    const conversationId = oldConversation(db, 130);
    const mms = oldMessage(db, conversationId, { direction: 'inbound', body: 'The dent', status: 'received', at: NOW - DAY, sid: 'MM0130' }); // prettier-ignore
    db.prepare('UPDATE messages SET media = ? WHERE id = ?').run(
      JSON.stringify([{ url: 'https://api.twilio.com/x/ME1', contentType: 'image/jpeg' }]),
      mms,
    );
    db.prepare(
      `INSERT INTO message_media (message_id, position, carrier_url, content_type, state, sha256,
         size, created_at, updated_at)
       VALUES (?, 0, 'https://api.twilio.com/x/ME1', 'image/jpeg', 'kept', ?, 4, ?, ?)`,
    ).run(mms, 'a'.repeat(64), NOW - DAY, NOW - DAY);
    migrateToLatest(db);

    const tmp = makeTempDir();
    cleanups.push(tmp.cleanup);
    const picture = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('quote')]); // prettier-ignore
    const staged = await stageAttachment(
      { db, mediaDir: tmp.path, now: () => NOW },
      { conversationId, source: Readable.from([picture]) },
    );
    expect(staged).toMatchObject({ kind: 'image', contentType: 'image/png', size: picture.length });
    const messageId = db.transaction(() =>
      queueOutboundMessage(db, {
        route: getReplyRoute(db, conversationId)!,
        body: 'Here is the quote',
        author: 'operator',
        auditAction: 'message.sent_by_operator',
        now: NOW,
        media: {
          items: [{ sha256: createHash('sha256').update(picture).digest('hex'), contentType: 'image/png', size: picture.length }], // prettier-ignore
          stagedIds: [staged.id],
        },
      }),
    )();
    expect(toMessageView(getMessage(db, mms)!).attachments).toMatchObject([{ state: 'kept', kind: 'image' }]); // prettier-ignore
    expect(toMessageView(getMessage(db, messageId)!).attachments).toMatchObject([
      { state: 'kept', kind: 'image', url: staged.url },
    ]);
    expect(getSendableMessage(db, messageId)!.hasMedia).toBe(true);
    const [link] = mintMediaLinks(db, { messageId, count: 1, baseUrl: '', now: NOW });
    const lookup = mediaOutLookup({ db, mediaDir: tmp.path, now: () => NOW });
    expect(lookup(link!.slice('/media-out/'.length))?.messageId).toBe(messageId);
  });

  it('0160 (notifications): a customer waiting since before it is notified once, and only once', () => {
    const db = track(storeBefore(160));
    const conversationId = oldConversation(db, 160);
    const waiting = oldMessage(db, conversationId, { direction: 'inbound', body: 'Anyone there?', status: 'received', at: NOW - 20 * 60_000 }); // prettier-ignore
    // The flag the app of that era set with the message (touchConversation, migration 0060).
    db.prepare('UPDATE conversations SET needs_reply = 1 WHERE id = ?').run(conversationId);
    migrateToLatest(db);
    writeChannels(db, [{ id: 1, name: 'Slack', enabled: true, settings: { kind: 'slack' } }], NOW);
    const notifier = () =>
      createNotifier({
        db,
        secrets: envSecretStore({ openai: {} }),
        events: new EventBus(),
        now: () => NOW,
        logger: silentLogger,
        onQueued: () => {},
        endpoints: defaultEndpoints,
      });
    expect(notifier().checkWaiting()).toBe(1);
    // A new notifier (a restart) sees the same cause: nothing more.
    expect(notifier().checkWaiting()).toBe(0);
    expect(db.prepare('SELECT cause FROM notifications').pluck().all()).toEqual([`waiting:${conversationId}:${waiting}`]); // prettier-ignore
    const [job] = leaseJobs(db, { kinds: ['notify'], owner: 'test', now: NOW, leaseMs: 60_000, limit: 5 }); // prettier-ignore
    expect(JSON.parse(job!.payload)).toEqual({ notificationId: 1, channelId: 1 });
  });

  it('0120 (whatsapp templates): a WhatsApp conversation from before it can be sent a template, with consent', () => {
    const db = track(storeBefore(120));
    const conversationId = oldConversation(db, 120, 'Maria Lopez');
    db.prepare(`UPDATE conversations SET channel = 'whatsapp', business_number = '+14155238886' WHERE id = ?`).run(conversationId); // prettier-ignore
    oldMessage(db, conversationId, { direction: 'inbound', body: 'Is my order ready?', status: 'received', at: NOW - 3 * DAY, sid: 'SM0120' }); // prettier-ignore
    migrateToLatest(db);

    const sid = 'HX' + 'a'.repeat(32);
    replaceTemplates(db, [{ sid, name: 'order_ready', language: 'en', body: 'Hi {{1}}, your order is ready.', samples: { '1': 'Maria' }, approval: 'approved', rejectionReason: null, category: 'UTILITY' }], NOW); // prettier-ignore
    const args = { conversationId, templateSid: sid, variables: { '1': 'Maria' }, now: NOW, confirmedQuietHours: true }; // prettier-ignore
    // Her window closed days ago: the business writes first, so her agreement must be recorded.
    expect(() => templateSendable(db, args)).toThrow(/agreement/);
    const contactId = getReplyRoute(db, conversationId)!.contactId;
    recordWhatsAppConsent(db, { contactId, method: 'in-person', note: null, recordedBy: 'Ana', now: NOW }); // prettier-ignore
    const messageId = db.transaction(() => queueTemplate(db, { send: templateSendable(db, args), now: NOW }))()!; // prettier-ignore
    expect(getSendableMessage(db, messageId)).toMatchObject({ body: 'Hi Maria, your order is ready.', content: { sid, variables: { '1': 'Maria' } } }); // prettier-ignore
    expect(toMessageView(getMessage(db, messageId)!).template).toEqual({
      sid,
      name: 'order_ready',
    });
  });

  it('0140 (knowledge): a draft from before it reads as based on nothing, and can be approved', () => {
    const db = track(storeBefore(140));
    const conversation = oldConversation(db, 140);
    const question = oldMessage(db, conversation, { direction: 'inbound', body: 'Price of a cut?', status: 'received', at: NOW - DAY, sid: 'SM0140' }); // prettier-ignore
    const draft = Number(
      db
        .prepare(
          `INSERT INTO drafts (conversation_id, reply_to_message_id, provider, state, text_generated, created_at)
           VALUES (?, ?, 'offline', 'ready', 'A cut is $30.', ?)`,
        )
        .run(conversation, question, NOW - DAY).lastInsertRowid,
    );
    migrateToLatest(db);

    expect(getDraftRecord(db, draft)).toMatchObject({ state: 'ready', basedOn: [], unsupportedClaims: [] }); // prettier-ignore
    expect(decideDraft(db, { id: draft, state: 'approved', textSent: 'A cut is $30.', now: NOW })).toBe(true); // prettier-ignore
    // The knowledge is empty, and what is added now is found.
    insertKnowledgeSource(db, { kind: 'prices', title: 'Prices', content: {}, origin: null, passages: [{ language: null, heading: 'Prices', text: 'Cut: $30', hash: 'h' }], now: NOW }); // prettier-ignore
    expect(searchKnowledgePassages(db, { words: ['cut'], limit: 5 }).map((p) => p.text)).toEqual(['Cut: $30']); // prettier-ignore
  });
});

/**
 * The inbox counters migrations 0060 and 0100 keep with triggers (PostgreSQL's come with its
 * baseline), after every kind of change the app makes, on both engines. Each step states the
 * counts a user sees and compares them with a count from scratch over the conversations' latest
 * messages, drafts and contacts (the rules the console used before the counters existed).
 */
function recount(db: AnyDb, category: TriageCategory | null) {
  const row = db
    .prepare(
      `SELECT
         COALESCE(SUM(CASE WHEN m.direction = 'inbound' AND k.opted_out = 0 THEN 1 ELSE 0 END), 0)
           AS needs_reply,
         COALESCE(SUM(CASE WHEN EXISTS (SELECT 1 FROM drafts d
                                        WHERE d.conversation_id = c.id AND d.state = 'ready')
                      THEN 1 ELSE 0 END), 0) AS drafts,
         COALESCE(SUM(CASE WHEN m.direction = 'outbound' AND m.status IN ('failed', 'undelivered')
                      THEN 1 ELSE 0 END), 0) AS failed,
         COALESCE(SUM(c.unread_count), 0) AS unread
       FROM conversations c JOIN contacts k ON k.id = c.contact_id
       LEFT JOIN messages m ON m.id = c.last_message_id
       WHERE CAST(? AS TEXT) IS NULL OR c.category = ?`,
    )
    .get(category, category) as { needs_reply: number; drafts: number; failed: number; unread: number }; // prettier-ignore
  return {
    unread: row.unread,
    tabs: { 'needs-reply': row.needs_reply, drafts: row.drafts, failed: row.failed },
  };
}

describeOnEngines('the inbox counters the triggers keep (0060, 0100)', ({ open }) => {
  it('follow texts, reading, triage, drafts, replies, failures, consent and deletion', () => {
    const db = open();
    const text = (from: string, body: string, at: number) => {
      const stored = db.transaction(
        () =>
        storeInboundMessage(db, { sid: `SM${from.slice(-4)}${at}`, from, to: BUSINESS, body, media: [], numSegments: 1 }, { now: at }), // prettier-ignore
      )();
      if (stored.duplicate) throw new Error('stored twice');
      return stored;
    };
    const seen = () => {
      const all = { unread: totalUnread(db), tabs: countAttention(db, undefined) };
      const question = countAttention(db, 'question');
      // The counters agree with a count from scratch, and with what the console is pushed.
      expect(all).toEqual(recount(db, null));
      expect(question).toEqual(recount(db, 'question').tabs);
      const pushed = readInboxCounts(db);
      expect({ unread: pushed.unreadTotal, tabs: pushed.tabs }).toEqual(all);
      expect(pushed.byCategory.question).toEqual(question);
      return { unread: all.unread, ...all.tabs, question };
    };
    const none = { 'needs-reply': 0, drafts: 0, failed: 0 };

    // Two customers write; Ana twice.
    const ana = text('+14155550001', 'Hi, are you open today?', 1_000);
    text('+14155550001', 'Hello?', 1_001);
    const ben = text('+14155550002', 'Can I move my booking?', 2_000);
    expect(seen()).toEqual({ unread: 3, 'needs-reply': 2, drafts: 0, failed: 0, question: none });

    // Triage files Ana's conversation under questions: the category's counters take it over.
    storeMessageTriage(db, { messageId: ana.messageId + 1, conversationId: ana.conversationId, language: 'en', category: 'question', urgency: 'normal' }); // prettier-ignore
    expect(seen()).toMatchObject({ unread: 3, 'needs-reply': 2, question: { 'needs-reply': 1 } });

    // The operator reads it.
    expect(markConversationRead(db, ana.conversationId)).toBe(true);
    expect(seen()).toMatchObject({ unread: 1, 'needs-reply': 2 });

    // A draft is ready, then approved and sent as the reply.
    const draft = insertDraft(db, { conversationId: ana.conversationId, replyToMessageId: ana.messageId + 1, provider: 'offline', state: 'ready', text: 'Yes, until 6.', now: 3_000 }); // prettier-ignore
    expect(seen()).toEqual({ unread: 1, 'needs-reply': 2, drafts: 1, failed: 0, question: { 'needs-reply': 1, drafts: 1, failed: 0 } }); // prettier-ignore
    expect(decideDraft(db, { id: draft, state: 'approved', textSent: 'Yes, until 6.', now: 3_001 })).toBe(true); // prettier-ignore
    const reply = db.transaction(
      () =>
      queueOutboundMessage(db, { route: getReplyRoute(db, ana.conversationId)!, body: 'Yes, until 6.', author: 'draft', auditAction: 'message.sent', now: 3_002 }), // prettier-ignore
    )();
    expect(seen()).toEqual({ unread: 1, 'needs-reply': 1, drafts: 0, failed: 0, question: none });

    // The reply fails at the carrier: a failed send, until the customer writes again.
    updateMessageStatus(db, { id: reply, status: 'failed', errorCode: 30007, now: 3_100 });
    expect(seen()).toEqual({ unread: 1, 'needs-reply': 1, drafts: 0, failed: 1, question: { ...none, failed: 1 } }); // prettier-ignore
    // The operator retries it (pending again: no longer failed), and the carrier gives up again.
    expect(resetForManualRetry(db, reply, 3_200)).toBe(1);
    expect(seen()).toMatchObject({ 'needs-reply': 1, failed: 0, question: { failed: 0 } });
    updateMessageStatus(db, { id: reply, status: 'undelivered', errorCode: 30003, now: 3_300 });
    expect(seen()).toMatchObject({ 'needs-reply': 1, failed: 1, question: { failed: 1 } });
    text('+14155550001', 'Did you get my message?', 3_500);
    expect(seen()).toEqual({ unread: 2, 'needs-reply': 2, drafts: 0, failed: 0, question: { ...none, 'needs-reply': 1 } }); // prettier-ignore

    // Ben opts out (no reply needed from a customer who said STOP), then back in.
    const benContact = getReplyRoute(db, ben.conversationId)!.contactId;
    expect(setOptedOut(db, benContact, true, 3_600)).toBe(true);
    expect(seen()).toMatchObject({ unread: 2, 'needs-reply': 1 });
    expect(setOptedOut(db, benContact, false, 3_700)).toBe(true);
    expect(seen()).toMatchObject({ unread: 2, 'needs-reply': 2 });

    // A later text moves Ana's conversation to another category.
    const again = text('+14155550001', 'Also, a booking for Friday', 3_800);
    storeMessageTriage(db, { messageId: again.messageId, conversationId: ana.conversationId, language: 'en', category: 'booking', urgency: 'normal' }); // prettier-ignore
    expect(seen()).toEqual({ unread: 3, 'needs-reply': 2, drafts: 0, failed: 0, question: none });
    expect(countAttention(db, 'booking')).toEqual({ 'needs-reply': 1, drafts: 0, failed: 0 });

    // A draft for Ben comes and is deleted (as retention does with a conversation's drafts).
    const benDraft = insertDraft(db, { conversationId: ben.conversationId, replyToMessageId: ben.messageId, provider: 'offline', state: 'ready', text: 'Sure.', now: 3_850 }); // prettier-ignore
    expect(seen()).toMatchObject({ 'needs-reply': 2, drafts: 1 });
    db.prepare('DELETE FROM drafts WHERE id = ?').run(benDraft);
    expect(seen()).toMatchObject({ 'needs-reply': 2, drafts: 0 });

    // Retention deletes Ana's conversation: only Ben's counts are left.
    text('+14155550002', 'Friday works too', 4_000);
    const slice = db.transaction(() => deleteExpired(db, 3_900, 10))();
    expect(slice.conversations).toBe(1);
    expect(seen()).toEqual({ unread: 2, 'needs-reply': 1, drafts: 0, failed: 0, question: none });
    expect(countAttention(db, 'booking')).toEqual(none);
  });
});
