import { describe, expect, it } from 'vitest';
import {
  carrierAddress,
  channelRules,
  describeServiceWindow,
  serviceWindow,
  serviceWindowProblem,
  serviceWindowView,
} from '../../src/main/core/domain/channels';

const HOUR = 60 * 60 * 1000;

describe('the WhatsApp customer service window', () => {
  const wroteAt = Date.UTC(2026, 11, 1, 9, 0);

  it('opens with the customer’s message, counts down, closes 24 hours later, and opens again when they write', () => {
    expect(serviceWindow('whatsapp', wroteAt, wroteAt)).toEqual({
      rule: 'open',
      closesAt: wroteAt + 24 * HOUR,
    });
    const later = wroteAt + 22 * HOUR;
    expect(describeServiceWindow(serviceWindow('whatsapp', wroteAt, later), later)).toBe(
      'Window closes in 2 h',
    );
    const nearlyClosed = wroteAt + 24 * HOUR - 35 * 60_000;
    expect(
      describeServiceWindow(serviceWindow('whatsapp', wroteAt, nearlyClosed), nearlyClosed),
    ).toBe('Window closes in 35 min');
    const dayAfter = wroteAt + 25 * HOUR;
    expect(serviceWindow('whatsapp', wroteAt, dayAfter)).toEqual({
      rule: 'closed',
      closedAt: wroteAt + 24 * HOUR,
    });
    expect(describeServiceWindow(serviceWindow('whatsapp', wroteAt, dayAfter), dayAfter)).toBe(
      'Window closed: templates only',
    );
    // The customer writes again: the window is open from their new message.
    expect(serviceWindow('whatsapp', dayAfter, dayAfter + HOUR)).toMatchObject({ rule: 'open' });
  });

  it('is closed for a customer who never wrote, and does not exist on SMS', () => {
    expect(serviceWindow('whatsapp', null, wroteAt)).toEqual({ rule: 'closed', closedAt: null });
    expect(serviceWindow('sms', wroteAt, wroteAt + 48 * HOUR)).toEqual({ rule: 'none' });
    expect(describeServiceWindow({ rule: 'none' }, wroteAt)).toBeNull();
  });
});

describe('channel rules', () => {
  it('address each channel the way Twilio expects', () => {
    expect(carrierAddress('sms', '+14155550100')).toBe('+14155550100');
    expect(carrierAddress('whatsapp', '+14155550100')).toBe('whatsapp:+14155550100');
  });

  it('bill SMS by segment and WhatsApp by message, with each channel’s attachment limits', () => {
    expect(channelRules.sms).toMatchObject({ billedPerSegment: true, readReceipts: false });
    expect(channelRules.whatsapp).toMatchObject({ billedPerSegment: false, readReceipts: true });
    expect(channelRules.whatsapp.media.maxBytes).toBeGreaterThan(channelRules.sms.media.maxBytes);
  });
});

describe('the window in words, for a refusal', () => {
  const wroteAt = Date.UTC(2026, 11, 1, 9, 0);

  it('says how long ago the customer wrote and that only a template may go now', () => {
    const problem = serviceWindowProblem({
      channel: 'whatsapp',
      lastInboundAt: wroteAt,
      now: wroteAt + 25 * HOUR,
    });
    expect(problem).toMatch(
      /^The customer last wrote 25 hours ago; WhatsApp only allows an approved template now/,
    );
    // Templates exist now: the refusal points at them instead of "wait" (issue 16, item 4).
    expect(problem).toMatch(/Send an approved template from the composer instead/);
    expect(
      serviceWindowProblem({ channel: 'whatsapp', lastInboundAt: wroteAt, now: wroteAt + HOUR }),
    ).toBeNull();
    expect(serviceWindowProblem({ channel: 'sms', lastInboundAt: null, now: wroteAt })).toBeNull();
  });

  it('refuses a scheduled time after the window closes, and a customer who never wrote', () => {
    expect(
      serviceWindowProblem({
        channel: 'whatsapp',
        lastInboundAt: wroteAt,
        now: wroteAt + 21 * HOUR,
        sendAt: wroteAt + 26 * HOUR,
      }),
    ).toMatch(
      /^That time is after the WhatsApp window closes: .*\(window closes in 3 h\)\. Pick an earlier time\.$/,
    );
    expect(
      serviceWindowProblem({ channel: 'whatsapp', lastInboundAt: null, now: wroteAt }),
    ).toMatch(/has not written to you on WhatsApp/);
  });

  it('gives the console when the window closes, only on a channel that has one', () => {
    expect(serviceWindowView('whatsapp', wroteAt)).toEqual({ closesAt: wroteAt + 24 * HOUR });
    expect(serviceWindowView('whatsapp', null)).toEqual({ closesAt: null });
    expect(serviceWindowView('sms', wroteAt)).toBeUndefined();
  });
});
