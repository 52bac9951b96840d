import { describe, expect, it } from 'vitest';
import { checkOutgoing } from '../../src/main/core/domain/preSendChecks';
import { meterText } from '../../src/renderer/src/components/meterText';

/** The composer's meter reads the core's own report (the rule book decides, the meter words it). */
const report = (body: string, channel: 'sms' | 'whatsapp') =>
  checkOutgoing({
    body,
    contactOptedOut: false,
    now: new Date(Date.UTC(2026, 11, 1, 12)),
    quietHours: { enabled: false, start: '21:00', end: '08:00', timeZone: 'UTC' },
    pricePerSegment: 0.0083,
    channel,
  });

describe('the composer meter per channel', () => {
  it('SMS stays as it was: characters, segments, encoding, cost per segment', () => {
    const words = meterText(report('a'.repeat(161), 'sms'));
    expect(words).toEqual({
      count: '161 characters · 2 segments · GSM-7',
      cost: '≈ $0.0166',
      note: null,
    });
  });

  it('WhatsApp: one message whatever the length, its limit, the per-message cost and why', () => {
    const long = 'Ciao! Sì, venerdì alle 15 va benissimo 😀 '.repeat(8);
    const whatsapp = report(long, 'whatsapp');
    expect(whatsapp.lookalikeFix).toBeNull();
    const words = meterText(whatsapp);
    // Counted as Twilio counts the limit: each emoji is two.
    expect(words.count).toBe(`${long.length} / 1,600 characters · 1 WhatsApp message`);
    expect(long.length).toBe(whatsapp.segments.characters + 8);
    expect(words.count).not.toMatch(/segment|UCS-2/);
    expect(words.cost).toBe('≈ $0.005 per message');
    expect(words.note).toMatch(/per message, not per segment/);
    expect(words.note).toMatch(/nothing for a reply inside the 24-hour window/);
  });

  it('WhatsApp refuses what is over its limit, in its own numbers', () => {
    const over = report('a'.repeat(1601), 'whatsapp');
    expect(over.problems).toEqual([
      expect.objectContaining({ code: 'too-long', message: expect.stringMatching(/1,600/) }),
    ]);
  });
});
