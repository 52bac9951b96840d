/** The words of a notification (masking, the body rule) and what the waiting check costs. */
import { describe, expect, it } from 'vitest';
import { composeNotification, maskPhone } from '../src/main/core/domain/notificationText';
import { openDatabase } from '../src/main/core/store/database';
import { migrations } from '../src/main/core/store/migrations';

describe('masking the customer’s number', () => {
  it('keeps the country, the first group and the last two digits', () => {
    expect(maskPhone('+14155550142')).toBe('+1 415 ••• ••42');
    expect(maskPhone('whatsapp:+14155550142')).toBe('+1 415 ••• ••42');
    expect(maskPhone('+447700900123')).toBe('+44 7700 ••••23');
    expect(maskPhone('id-40812')).toBe('••• ••12');
  });
});

describe('composing a notification', () => {
  const facts = {
    kind: 'waiting' as const,
    address: '+14155550142',
    name: null,
    waitedMinutes: 16,
    detail: '',
    body: 'My card number is 4111 1111 1111 1111',
    includeBody: false,
  };

  it('leaves the message out unless the operator allows it', () => {
    const without = composeNotification(facts);
    expect(without.title).toBe('Switchboard: +1 415 ••• ••42 is waiting for an answer');
    expect(`${without.title}\n${without.text}`).not.toContain('4111');
    expect(`${without.title}\n${without.text}`).not.toContain('+14155550142');
    const withBody = composeNotification({ ...facts, includeBody: true });
    expect(withBody.text).toContain('Message: “My card number is 4111 1111 1111 1111”');
  });

  it('names a saved contact beside the masked number, and cuts a long message', () => {
    const text = composeNotification({
      ...facts,
      name: 'Ana',
      includeBody: true,
      body: 'x'.repeat(1000),
    });
    expect(text.title).toBe('Switchboard: Ana (+1 415 ••• ••42) is waiting for an answer');
    expect(text.text.length).toBeLessThan(500);
  });
});

describe('the waiting check', () => {
  it('is one range read on the index of conversations needing a reply, not a scan', () => {
    const db = openDatabase(':memory:', { migrations });
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT id, last_message_id, last_activity_at
         FROM conversations INDEXED BY conversations_needing_reply
         WHERE needs_reply = 1 AND last_activity_at > 1 AND last_activity_at <= 2
           AND last_message_id IS NOT NULL
         ORDER BY last_activity_at DESC, id DESC LIMIT 200`,
      )
      .all() as Array<{ detail: string }>;
    const detail = plan.map((p) => p.detail).join(' | ');
    expect(detail).toMatch(
      /SEARCH conversations USING INDEX conversations_needing_reply \(last_activity_at>\? AND last_activity_at<\?\)/,
    );
    expect(detail).not.toMatch(/SCAN/);
    db.close();
  });
});
