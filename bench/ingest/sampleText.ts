/**
 * The `n`th inbound SMS of a store benchmark, as the webhook processor hands it to the store: the
 * message (500 customers texting one business number) and its webhook log line. Plain data, so a
 * benchmark can store it through any checkout's functions.
 */
export function sampleInbound(n: number, now: number) {
  const sid = `SM${n.toString(16).padStart(32, '0')}`;
  return {
    message: {
      sid,
      from: `+1415555${1000 + (n % 500)}`,
      to: '+15005550006',
      body: `Hi, are you open on Saturday? (#${n})`,
      media: [],
      numSegments: 1,
    },
    logLine: {
      receivedAt: now,
      route: '/webhooks/twilio/sms',
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'x-twilio-signature': 'x'.repeat(28),
      },
      rawBody: `MessageSid=${sid}&AccountSid=AC${'0'.repeat(32)}&From=%2B14155551000&Body=Hi`,
      signature: 'valid' as const,
      statusCode: 200,
      outcome: 'stored' as const,
      messageSid: sid,
    },
  };
}
