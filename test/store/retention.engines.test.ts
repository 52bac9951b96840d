import { expect, it } from 'vitest';
import { storeInboundMessage } from '../../src/main/core/messaging/inbound';
import { countExpired, deleteExpired } from '../../src/main/core/store/retention';
import { describeOnEngines } from '../support/storeEngines';

const DAY = 86_400_000;
const now = Date.UTC(2026, 10, 1);
const shared = 'a'.repeat(64);
const onlyOld = 'b'.repeat(64);

describeOnEngines('retention', ({ open }) => {
  it('deletes an idle conversation with its messages, and names the files nobody else uses', () => {
    const db = open();
    const text = (from: string, sid: string, at: number) => {
      const stored = storeInboundMessage(
        db,
        { sid, from, to: '+15005550006', body: 'A picture', media: [], numSegments: 1 },
        { now: at },
      );
      if (stored.duplicate) throw new Error('stored twice');
      return stored;
    };
    const old = text('+14155550100', `SM${'1'.repeat(32)}`, now - 400 * DAY);
    const recent = text('+14155550101', `SM${'2'.repeat(32)}`, now - DAY);
    const keep = db.prepare(
      `INSERT INTO message_media (message_id, position, carrier_url, content_type, state, sha256,
         size, created_at, updated_at)
       VALUES (?, ?, 'https://api.twilio.com/x', 'image/png', 'kept', ?, 10, ?, ?)`,
    );
    keep.run(old.messageId, 0, shared, now, now);
    keep.run(old.messageId, 1, onlyOld, now, now);
    keep.run(recent.messageId, 0, shared, now, now);

    const cutoff = now - 365 * DAY;
    expect(countExpired(db, cutoff)).toEqual({ conversations: 1, messages: 1 });
    const slice = db.transaction(() => deleteExpired(db, cutoff, 100))();
    expect(slice).toEqual({ conversations: 1, messages: 1, unreferencedMedia: [onlyOld] });
    expect(countExpired(db, cutoff)).toEqual({ conversations: 0, messages: 0 });
    const left = db.prepare('SELECT conversation_id AS id FROM messages ORDER BY id').all();
    expect(left).toEqual([{ id: recent.conversationId }]);
  });
});
