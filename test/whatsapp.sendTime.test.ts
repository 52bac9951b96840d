/**
 * The WhatsApp window re-checked when the reply would leave (issue 16 item 3): a free-form reply
 * queued inside the 24 hours but reaching the send worker after they ended is not sent; it fails
 * with the reason and what to do, and nothing reaches the carrier. A fake clock and a carrier that
 * records what it is asked, around the real store and the real send job.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Carrier, OutgoingMessage } from '../src/main/core/carriers/carrier';
import { toMessageView } from '../src/main/core/domain/messageView';
import { silentLogger } from '../src/main/core/log';
import { storeInboundMessage } from '../src/main/core/messaging/inbound';
import { queueOutboundMessage } from '../src/main/core/messaging/outbound';
import { SenderPacer } from '../src/main/core/messaging/pacer';
import { sendableRoute } from '../src/main/core/messaging/preSend';
import { createSendHandler } from '../src/main/core/messaging/sendMessage';
import type { JobContext } from '../src/main/core/queue/worker';
import { openDatabase, type Db } from '../src/main/core/store/database';
import { getMessage } from '../src/main/core/store/messages';
import { makeTempDir } from './support/tempDir';

const MINUTE = 60_000;
const job: JobContext = { jobId: 1, attempt: 1, signal: new AbortController().signal };
const HOUR = 60 * MINUTE;
const CUSTOMER = '+14155550142';
const SANDBOX = '+14155238886';
const BUSINESS = '+15005550006';

/** A carrier that accepts everything and remembers what it was asked to send. */
function recordingCarrier(): Carrier & { sent: OutgoingMessage[] } {
  const sent: OutgoingMessage[] = [];
  let n = 0;
  return {
    sent,
    send: (message) => {
      sent.push(message);
      return Promise.resolve({ sid: `SM${String(++n).padStart(32, '0')}`, status: 'queued' });
    },
    findSent: () => Promise.resolve(undefined),
    fetchMessage: () => Promise.reject(new Error('not used')),
    listInbound: () => Promise.resolve([]),
    listMedia: () => Promise.resolve([]),
    deleteMedia: () => Promise.reject(new Error('not used')),
    listTemplates: () => Promise.resolve([]),
  };
}

describe('the WhatsApp window, re-checked at send time', () => {
  let db: Db;
  let cleanup: () => void;
  let clock: number;
  const t0 = Date.UTC(2026, 11, 1, 9, 0);
  beforeEach(() => {
    const tmp = makeTempDir();
    cleanup = tmp.cleanup;
    db = openDatabase(join(tmp.path, 'switchboard.db'));
    clock = t0;
  });
  afterEach(() => {
    db.close();
    cleanup();
  });

  /** The customer writes at t0; the operator's reply is decided `after` later (and checked then). */
  const replyQueuedAfter = (from: string, to: string, after: number) => {
    const stored = db.transaction(() =>
      storeInboundMessage(
        db,
        {
          sid: `SM${'a'.repeat(32)}`,
          from,
          to,
          body: 'Are you open today?',
          media: [],
          numSegments: 1,
        },
        { now: t0 },
      ),
    )();
    if (stored.duplicate) throw new Error('unexpected duplicate');
    clock = t0 + after;
    return db.transaction(() => {
      const body = 'Yes, until 6pm!';
      const route = sendableRoute(db, { conversationId: stored.conversationId, body, now: clock });
      return queueOutboundMessage(db, { route, body, author: 'operator', auditAction: 'message.sent', now: clock }); // prettier-ignore
    })();
  };

  const sendJob = (carrier: Carrier, changed: number[]) =>
    createSendHandler({
      db,
      carrier,
      pacer: new SenderPacer(
        () => 100,
        () => clock,
      ),
      statusCallbackUrl: () => undefined,
      logger: silentLogger,
      now: () => clock,
      onMessageChanged: (id) => changed.push(id),
    });

  it('queued at 23h59, reaching the worker at 24h01: failed with the reason, nothing sent', async () => {
    const messageId = replyQueuedAfter(`whatsapp:${CUSTOMER}`, `whatsapp:${SANDBOX}`, 23 * HOUR + 59 * MINUTE); // prettier-ignore
    clock = t0 + 24 * HOUR + MINUTE; // the laptop slept, the queue was busy: two minutes later
    const carrier = recordingCarrier();
    const changed: number[] = [];
    await sendJob(carrier, changed)({ messageId }, job); // prettier-ignore

    expect(carrier.sent).toEqual([]);
    expect(changed).toContain(messageId);
    const message = getMessage(db, messageId)!;
    expect(message).toMatchObject({ status: 'failed', sendAttempts: 0 });
    const view = toMessageView(message);
    expect(view.error).toMatchObject({ code: null, title: 'Not sent' });
    expect(view.error?.explanation).toMatch(
      /^Not sent: the WhatsApp 24-hour window closed before this reply could go out \(the customer last wrote 24 hours ago\)\./,
    );
    expect(view.error?.explanation).toMatch(/Send an approved template instead/);
  });

  it('still inside the window when it leaves: sent as usual', async () => {
    const messageId = replyQueuedAfter(`whatsapp:${CUSTOMER}`, `whatsapp:${SANDBOX}`, 23 * HOUR);
    clock = t0 + 23 * HOUR + 59 * MINUTE;
    const carrier = recordingCarrier();
    await sendJob(carrier, [])({ messageId }, job); // prettier-ignore
    expect(carrier.sent).toEqual([
      expect.objectContaining({ to: `whatsapp:${CUSTOMER}`, body: 'Yes, until 6pm!' }),
    ]);
    expect(getMessage(db, messageId)).toMatchObject({ status: 'queued', errorMessage: null });
  });

  it('an SMS has no window: a reply sent days after the customer wrote still goes', async () => {
    const messageId = replyQueuedAfter(CUSTOMER, BUSINESS, 72 * HOUR);
    clock += HOUR;
    const carrier = recordingCarrier();
    await sendJob(carrier, [])({ messageId }, job); // prettier-ignore
    expect(carrier.sent).toHaveLength(1);
  });
});
