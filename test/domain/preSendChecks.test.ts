import { describe, expect, it } from 'vitest';
import { checkOutgoing, type OutgoingCheckInput } from '../../src/main/core/domain/preSendChecks';

// 02:00 in New York (UTC-4 in June): inside 21:00–08:00.
const night = new Date('2024-06-01T06:00:00Z');
// 14:00 in New York.
const afternoon = new Date('2024-06-01T18:00:00Z');

const base: OutgoingCheckInput = {
  body: 'Your order is ready for pickup.',
  contactOptedOut: false,
  now: night,
  quietHours: { enabled: false, start: '21:00', end: '08:00', timeZone: 'America/New_York' },
  pricePerSegment: 0.0079,
};
const quietOn = { ...base.quietHours, enabled: true };

describe('checkOutgoing', () => {
  it('passes an ordinary message and prices it', () => {
    const result = checkOutgoing(base);
    expect(result).toMatchObject({ verdict: 'ok', problems: [], cost: 0.0079, lookalikeFix: null });
    expect(result.segments).toMatchObject({ encoding: 'GSM-7', segments: 1 });
  });

  it('has no cost when the price is unknown', () => {
    expect(checkOutgoing({ ...base, pricePerSegment: null }).cost).toBeNull();
  });

  it('blocks a customer who texted STOP and says how they come back', () => {
    const result = checkOutgoing({ ...base, contactOptedOut: true });
    expect(result.verdict).toBe('blocked');
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]?.code).toBe('opted-out');
    expect(result.problems[0]?.message).toMatch(/texted STOP.*must text START/);
  });

  it('blocks an empty or blank body', () => {
    for (const body of ['', '   \n\t ']) {
      const result = checkOutgoing({ ...base, body });
      expect(result.verdict).toBe('blocked');
      expect(result.problems.map((p) => p.code)).toEqual(['empty']);
    }
  });

  it('blocks a body over 1,600 characters, counting emoji as Twilio does', () => {
    expect(checkOutgoing({ ...base, body: 'a'.repeat(1600) }).verdict).toBe('ok');
    const long = checkOutgoing({ ...base, body: 'a'.repeat(1601) });
    expect(long.verdict).toBe('blocked');
    expect(long.problems[0]).toEqual({
      code: 'too-long',
      message:
        'This message is 1,601 characters long; the most a text can hold is 1,600. Shorten it or split it into two messages.',
    });
    // 800 emoji look like 800 characters but are 1,600 UTF-16 units; one more tips it over.
    expect(checkOutgoing({ ...base, body: '😀'.repeat(800) }).verdict).toBe('ok');
    const emoji = checkOutgoing({ ...base, body: `${'😀'.repeat(800)}!` });
    expect(emoji.verdict).toBe('blocked');
    expect(emoji.problems[0]?.message).toMatch(/1,601 characters long as Twilio counts them/);
  });

  it('asks for confirmation during quiet hours, only when they are on', () => {
    expect(checkOutgoing(base).verdict).toBe('ok'); // off by default
    const quiet = checkOutgoing({ ...base, quietHours: quietOn });
    expect(quiet.verdict).toBe('needs-confirmation');
    expect(quiet.problems).toEqual([
      {
        code: 'quiet-hours',
        message: expect.stringMatching(/quiet hours.*21:00–08:00.*America\/New_York/) as unknown,
      },
    ]);
    expect(checkOutgoing({ ...base, quietHours: quietOn, now: afternoon }).verdict).toBe('ok');
  });

  it('lets a confirmed message through quiet hours', () => {
    const result = checkOutgoing({ ...base, quietHours: quietOn, confirmedQuietHours: true });
    expect(result).toMatchObject({ verdict: 'ok', problems: [] });
  });

  it('lists every problem, and blocking ones win over quiet hours', () => {
    const result = checkOutgoing({
      ...base,
      body: ' ',
      contactOptedOut: true,
      quietHours: quietOn,
    });
    expect(result.verdict).toBe('blocked');
    expect(result.problems.map((p) => p.code)).toEqual(['opted-out', 'empty', 'quiet-hours']);
  });

  it('offers the look-alike fix when it brings the body back to GSM-7', () => {
    const body = `${'a'.repeat(100)} we’re open`;
    const result = checkOutgoing({ ...base, body });
    expect(result.segments).toMatchObject({ encoding: 'UCS-2', segments: 2 });
    expect(result.cost).toBe(0.0158);
    expect(result.lookalikeFix).toEqual({ text: `${'a'.repeat(100)} we're open`, segments: 1 });
  });

  it('offers no fix when real non-GSM characters would remain', () => {
    expect(checkOutgoing({ ...base, body: 'See you “soon” 😀' }).lookalikeFix).toBeNull();
    expect(checkOutgoing({ ...base, body: '你好' }).lookalikeFix).toBeNull();
  });
});

describe('checkOutgoing with attachments', () => {
  const MB = 1024 * 1024;
  const photo = { contentType: 'image/jpeg', size: 2 * MB };

  it('calls an SMS with a picture an MMS, billed as one message, and lets a picture go without text', () => {
    const result = checkOutgoing({ ...base, body: '', media: { channel: 'sms', items: [photo] } });
    expect(result.verdict).toBe('ok');
    expect(result.cost).toBeNull(); // the price per segment says nothing about an MMS
    expect(result.media).toMatchObject({ count: 1, totalBytes: 2 * MB, mms: true });
    expect(result.media!.notice).toMatch(/MMS.*1 MMS message.*not per segment.*US and Canadian/);
    expect(checkOutgoing({ ...base, body: '' }).problems.map((p) => p.code)).toEqual(['empty']);
  });

  it('blocks what the channel does not carry, in plain words', () => {
    const blocked = (channel: 'sms' | 'whatsapp', items: Array<{ contentType: string; size: number }>) =>
      checkOutgoing({ ...base, media: { channel, items } }).problems.find((p) => p.code === 'attachment')?.message; // prettier-ignore
    expect(blocked('sms', [photo, photo, photo])).toMatch(
      /come to 6 MB; one MMS carries at most 5 MB/,
    );
    expect(blocked('sms', Array.from({ length: 11 }, () => ({ ...photo, size: 1 })))).toMatch(/at most 10 attachments/); // prettier-ignore
    expect(blocked('sms', [{ contentType: 'text/html', size: 10 }])).toMatch(/SMS cannot carry this kind of file/); // prettier-ignore
    expect(blocked('whatsapp', [{ contentType: 'image/gif', size: 10 }])).toMatch(/WhatsApp cannot carry/); // prettier-ignore
    expect(blocked('whatsapp', [{ contentType: 'image/png', size: 6 * MB }])).toMatch(/PNG picture is 6 MB; WhatsApp takes at most 5 MB/); // prettier-ignore
    expect(
      blocked('whatsapp', [{ contentType: 'application/pdf', size: 12 * MB }]),
    ).toBeUndefined();
    expect(blocked('whatsapp', [photo, photo])).toMatch(/one attachment per message/);
    const whatsapp = checkOutgoing({ ...base, media: { channel: 'whatsapp', items: [photo] } });
    expect(whatsapp.media).toMatchObject({ mms: false, notice: 'The attachment and the text go as one WhatsApp message.' }); // prettier-ignore
    expect(whatsapp.cost).not.toBeNull();
  });
});
