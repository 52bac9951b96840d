/**
 * Going live with WhatsApp (issue 16 item 6) against the carrier simulator: the sandbox's
 * instructions with its join code and who it can reach, an approved sender listed through the
 * Senders API, its webhook pointed at us and re-pointed when the tunnel moves, and the self-test
 * over the WhatsApp route.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import {
  DEMO_SANDBOX_JOIN_CODE,
  SANDBOX_PARTICIPANT_MS,
  startSimulator,
  WHATSAPP_SANDBOX_SENDER,
  type Simulator,
} from '../src/main/core/simulator';
import { getMessageBySid } from '../src/main/core/store/messages';
import type {
  MessageView,
  Notice,
  SelfTestResult,
  TunnelStatus,
  WhatsAppSetup,
} from '../src/shared/types';
import { invoke, messageWhen } from './support/appSignals';
import { FakeTunnelSdk } from './support/fakeTunnel';
import { liveEnvFor, startTestApp } from './support/testApp';

const BUSINESS = '+15005550006';
const SENDER = '+14155550999';
const CUSTOMER = '+14155550142';
const SMS_ROUTE = '/webhooks/twilio/sms';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Live mode; the simulator stands in for Twilio with the sandbox and one approved sender. */
async function startLive() {
  const sim: Simulator = await startSimulator({
    phoneNumbers: [{ phoneNumber: BUSINESS }],
    whatsappSenders: [
      { phoneNumber: WHATSAPP_SANDBOX_SENDER },
      { phoneNumber: SENDER, friendlyName: 'Corner Bakery' },
    ],
    sandboxJoinCode: 'amber-otter',
    sandboxJoinRequired: true,
    callbackDelayMs: 5,
  });
  cleanups.push(() => sim.close());
  const sdk = new FakeTunnelSdk();
  cleanups.push(() => sdk.closeAll());
  const started = await startTestApp(liveEnvFor(sim, BUSINESS), {
    tunnelSdk: sdk,
    timings: { tunnelBackoff: { baseMs: 5, maxMs: 20 } },
    skipStartupCatchUp: true,
  });
  cleanups.push(started.stop);
  return { sim, sdk, app: started.app };
}

const onlineAt = (app: App, notUrl?: string) =>
  app.events.once('tunnel:changed', (s) => s.state === 'online' && s.url !== notUrl);
const setup = (app: App) => invoke<WhatsAppSetup>(app, 'numbers:whatsapp', {});

describe('going live with WhatsApp', () => {
  it('sandbox: the join code typed once, the exact message, 3 days, and where to paste the URL', async () => {
    const { sdk, app } = await startLive();
    const tunnel = await invoke<TunnelStatus>(app, 'tunnel:start', { authtoken: 'ngrok-token' });
    const before = await setup(app);
    expect(before).toMatchObject({
      choice: null,
      demo: false,
      webhookUrl: tunnel.url + SMS_ROUTE,
      // Twilio's API does not tell a live account's join code: the operator types it.
      sandbox: { phoneNumber: '+14155238886', joinCode: null, participantDays: 3 },
    });
    expect(before.sandbox.consoleSteps.join(' ')).toContain(
      `paste ${tunnel.url}${SMS_ROUTE} and choose the method POST`,
    );
    expect(before.sandbox.consoleSteps.join(' ')).toMatch(/Try it out → Send a WhatsApp message/);

    await expect(invoke(app, 'numbers:useSandbox', {})).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/Type the sandbox’s join code/),
    });
    await expect(
      invoke(app, 'numbers:useSandbox', { joinCode: 'join two words' }),
    ).rejects.toMatchObject({ kind: 'invalid' });
    const chosen = await invoke<WhatsAppSetup>(app, 'numbers:useSandbox', {
      joinCode: '  Join Amber-Otter ',
    });
    expect(chosen).toMatchObject({
      choice: 'sandbox',
      sandbox: {
        joinCode: 'amber-otter',
        joinCodeFrom: 'operator',
        joinMessage: 'join amber-otter',
      },
    });
    expect(chosen.changes).toEqual([
      'Customers start by sending "join amber-otter" to +14155238886 on WhatsApp.',
    ]);
    // Remembered: the next look needs no typing.
    expect((await setup(app)).sandbox.joinMessage).toBe('join amber-otter');

    // No API sets the sandbox's URL: when the tunnel moves, the operator is told what to paste.
    const notice = app.events.once('notice', (n: Notice) => /sandbox settings/.test(n.text));
    const moved = onlineAt(app, tunnel.url);
    sdk.drop();
    const again = await moved;
    expect((await notice).text).toContain(`paste ${again.url}${SMS_ROUTE}`);
  });

  it('the sandbox reaches only customers who joined in the last 3 days (63015 explained)', async () => {
    const { sim, app } = await startLive();
    const writes = async (body: string, at?: Date) => {
      const { sid, webhookStatus } = await sim.textBusiness({
        from: `whatsapp:${CUSTOMER}`,
        to: WHATSAPP_SANDBOX_SENDER,
        body,
        ...(at ? { at } : {}),
      });
      expect(webhookStatus).toBe(200);
      return getMessageBySid(app.db, sid)!;
    };
    const reply = async (conversationId: number) => {
      const { messageId } = await invoke<{ messageId: number }>(app, 'messages:send', {
        conversationId,
        body: 'Thanks for writing!',
      });
      return messageWhen(app, messageId, (m: MessageView) => ['read', 'failed'].includes(m.status));
    };
    sim.configureNumber(WHATSAPP_SANDBOX_SENDER, { smsUrl: app.webhook.url + SMS_ROUTE });

    // Never joined: the customer's message came through, the sandbox will not answer them.
    const stranger = await sim.textBusiness({
      from: 'whatsapp:+14155550177',
      to: WHATSAPP_SANDBOX_SENDER,
      body: 'Hi, is this the bakery?',
    });
    const strangerMessage = getMessageBySid(app.db, stranger.sid)!;
    expect((await reply(strangerMessage.conversationId)).errorCode).toBe(63015);

    // Joined four days ago: the participation lapsed, though the customer wrote just now.
    await writes('join amber-otter', new Date(Date.now() - SANDBOX_PARTICIPANT_MS - 3_600_000));
    const lapsed = await reply((await writes('Hello again')).conversationId);
    expect(lapsed).toMatchObject({
      status: 'failed',
      errorCode: 63015,
      error: { title: 'Not joined to the WhatsApp sandbox' },
    });
    expect(lapsed.error?.action).toMatch(/"join …" message again/);

    // Joins again: the reply goes through and is read.
    const joined = await writes('join amber-otter');
    expect((await reply(joined.conversationId)).status).toBe('read');
  });

  it('approved sender: listed, its webhook pointed at us, re-pointed when the tunnel moves', async () => {
    const { sim, sdk, app } = await startLive();
    const tunnel = await invoke<TunnelStatus>(app, 'tunnel:start', { authtoken: 'ngrok-token' });
    const listed = await setup(app);
    // The Senders API lists approved senders only: the sandbox is not one.
    expect(listed.senders).toEqual([
      {
        sid: expect.stringMatching(/^XE[0-9a-f]{32}$/),
        phoneNumber: SENDER,
        name: 'Corner Bakery',
        status: 'ONLINE',
        callbackUrl: '',
        connected: false,
      },
    ]);
    const sid = listed.senders![0]!.sid;
    const connected = await invoke<WhatsAppSetup>(app, 'numbers:connectWhatsAppSender', {
      senderSid: sid,
    });
    expect(connected).toMatchObject({
      choice: 'sender',
      connectedSenderSid: sid,
      senders: [{ sid, connected: true, callbackUrl: tunnel.url + SMS_ROUTE }],
    });
    expect(connected.changes).toEqual([
      `Incoming WhatsApp messages to ${SENDER} (its webhook, POST) now go to ${tunnel.url}${SMS_ROUTE}.`,
    ]);
    const first = await sim.textBusiness({ from: `whatsapp:${CUSTOMER}`, to: SENDER, body: 'Hi!' });
    expect(first.webhookStatus).toBe(200);
    expect(getMessageBySid(app.db, first.sid)).toMatchObject({ from: CUSTOMER, to: SENDER });

    const moved = onlineAt(app, tunnel.url);
    sdk.drop();
    const again = await moved;
    expect((await setup(app)).senders![0]).toMatchObject({
      connected: true,
      callbackUrl: again.url + SMS_ROUTE,
    });
    const second = await sim.textBusiness({ from: `whatsapp:${CUSTOMER}`, to: SENDER, body: 'Still?' }); // prettier-ignore
    expect(second.webhookStatus).toBe(200);
    expect(getMessageBySid(app.db, second.sid)).toBeDefined();

    await expect(
      invoke(app, 'numbers:connectWhatsAppSender', { senderSid: 'XE' + '0'.repeat(32) }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/not on this Twilio account/) });
  });

  it('the self-test covers the WhatsApp route, and fails it plainly when nothing answers', async () => {
    const { app } = await startLive();
    await invoke<TunnelStatus>(app, 'tunnel:start', { authtoken: 'ngrok-token' });
    const result = await invoke<SelfTestResult>(app, 'setup:selfTest', {});
    expect(result).toMatchObject({
      ok: true,
      whatsapp: {
        ok: true,
        message: expect.stringMatching(/shaped like an incoming WhatsApp message went through/),
      },
    });
    app.setPublicUrl('http://127.0.0.1:9');
    const unreachable = await invoke<SelfTestResult>(app, 'setup:selfTest', {});
    expect(unreachable.whatsapp).toMatchObject({
      ok: false,
      message: expect.stringMatching(/Nothing answered/),
    });
  });

  it('demo mode: the join code comes from the (simulated) account and a demo sender connects', async () => {
    const { app, stop } = await startTestApp();
    cleanups.push(stop);
    const demo = await setup(app);
    expect(demo).toMatchObject({
      demo: true,
      sandbox: {
        joinCode: DEMO_SANDBOX_JOIN_CODE,
        joinCodeFrom: 'account',
        joinMessage: `join ${DEMO_SANDBOX_JOIN_CODE}`,
      },
      senders: [{ name: 'Bella Salon', connected: false }],
    });
    const chosen = await invoke<WhatsAppSetup>(app, 'numbers:useSandbox', {});
    expect(chosen.choice).toBe('sandbox');
    const sender = await invoke<WhatsAppSetup>(app, 'numbers:connectWhatsAppSender', {
      senderSid: demo.senders![0]!.sid,
    });
    expect(sender.senders![0]!.connected).toBe(true);
    const texted = await app.simulator!.textBusiness({
      from: `whatsapp:${CUSTOMER}`,
      to: demo.senders![0]!.phoneNumber,
      body: 'Hello Bella!',
    });
    expect(texted.webhookStatus).toBe(200);
  });
});
