/**
 * The simulator's WhatsApp going-live side, through the real twilio SDK: the Senders API
 * (messaging v2, JSON bodies) lists approved senders but not the sandbox, refuses what Twilio
 * refuses, and sets a sender's incoming-message webhook, which the next message then follows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createTwilioClient } from '../src/main/core/carriers/twilioSdk';
import { startSimulator, WHATSAPP_SANDBOX_SENDER } from '../src/main/core/simulator';
import { startSimReceiver } from './support/simReceiver';

const SENDER = '+14155550999';
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup() {
  const sim = await startSimulator({
    whatsappSenders: [
      { phoneNumber: WHATSAPP_SANDBOX_SENDER },
      { phoneNumber: SENDER, friendlyName: 'Corner Bakery' },
    ],
    callbackDelayMs: 5,
  });
  cleanups.push(() => sim.close());
  const client = createTwilioClient({
    accountSid: sim.accountSid,
    authToken: sim.authToken,
    apiBaseUrl: sim.url,
  });
  return { sim, client };
}

describe('simulator: WhatsApp senders (messaging v2)', () => {
  it('lists approved senders only, with their webhook; the sandbox is not one', async () => {
    const { client } = await setup();
    const senders = await client.messaging.v2.channelsSenders.list({ channel: 'whatsapp' });
    expect(senders).toHaveLength(1);
    expect(senders[0]).toMatchObject({
      sid: expect.stringMatching(/^XE[0-9a-f]{32}$/),
      senderId: `whatsapp:${SENDER}`,
      status: 'ONLINE',
      webhook: { callbackUrl: null, callbackMethod: 'POST' },
    });
    expect(await client.messaging.v2.channelsSenders.list({ channel: 'rcs' })).toEqual([]);
  });

  it('points a sender webhook with a JSON update, and refuses a bad URL or an unknown sender', async () => {
    const { sim, client } = await setup();
    const receiver = await startSimReceiver(sim.authToken);
    cleanups.push(() => receiver.close());
    const [sender] = await client.messaging.v2.channelsSenders.list({ channel: 'whatsapp' });
    const update = (sid: string, webhook: Record<string, unknown>) =>
      client.messaging.v2.channelsSenders(sid).update({ webhook } as never);

    await expect(update(sender!.sid, { callback_url: 'not a url' })).rejects.toMatchObject({
      status: 400,
    });
    await expect(
      update('XE' + '0'.repeat(32), { callback_url: `${receiver.url}/sms` }),
    ).rejects.toMatchObject({ status: 404 });

    const updated = await update(sender!.sid, {
      callback_url: `${receiver.url}/sms`,
      callback_method: 'POST',
    });
    expect(updated.webhook).toMatchObject({ callbackUrl: `${receiver.url}/sms` });
    const fetched = await client.messaging.v2.channelsSenders(sender!.sid).fetch();
    expect(fetched.webhook.callbackUrl).toBe(`${receiver.url}/sms`);

    const { webhookStatus } = await sim.textBusiness({
      from: 'whatsapp:+14155550142',
      to: SENDER,
      body: 'Hi bakery',
    });
    expect(webhookStatus).toBe(200);
    const [posted] = await receiver.waitFor((requests) => requests.length >= 1);
    expect(posted).toMatchObject({
      path: '/sms',
      params: { From: 'whatsapp:+14155550142', To: `whatsapp:${SENDER}`, Body: 'Hi bakery' },
    });
  });
});
