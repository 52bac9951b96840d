import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { startSimulator, type Simulator } from '../src/main/core/simulator';
import { getMessageBySid } from '../src/main/core/store/messages';
import type {
  CredentialCheck,
  NumberList,
  PhoneNumberView,
  SelfTestResult,
  TunnelStatus,
} from '../src/shared/types';
import { invoke } from './support/appSignals';
import { startFakeOpenAI } from './support/fakeOpenAI';
import { BAD_AUTHTOKEN, FakeTunnelSdk } from './support/fakeTunnel';
import { startTestApp } from './support/testApp';

const BUSINESS = '+15005550006';
const OTHER = '+15005550009';
const SMS = '/webhooks/twilio/sms';
const STATUS = '/webhooks/twilio/status';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Live mode against a simulator standing in for api.twilio.com, ngrok replaced by the fake. */
async function startLive(extraEnv: Record<string, string> = {}, authToken?: string) {
  const sim: Simulator = await startSimulator({
    phoneNumbers: [
      { phoneNumber: BUSINESS, friendlyName: 'Shop line' },
      { phoneNumber: OTHER, friendlyName: 'Spare' },
    ],
    callbackDelayMs: 5,
  });
  cleanups.push(() => sim.close());
  const sdk = new FakeTunnelSdk();
  cleanups.push(() => sdk.closeAll());
  const started = await startTestApp(
    {
      TWILIO_ACCOUNT_SID: sim.accountSid,
      TWILIO_AUTH_TOKEN: authToken ?? sim.authToken,
      TWILIO_PHONE_NUMBER: BUSINESS,
      SWITCHBOARD_TWILIO_API_URL: sim.url,
      ...extraEnv,
    },
    {
      tunnelSdk: sdk,
      timings: { tunnelBackoff: { baseMs: 5, maxMs: 20 } },
      skipStartupCatchUp: true,
    },
  );
  cleanups.push(started.stop);
  return { sim, sdk, app: started.app };
}

const onlineAt = (app: App, notUrl?: string) =>
  app.events.once('tunnel:changed', (s) => s.state === 'online' && s.url !== notUrl);

describe('going live: number setup against the carrier simulator', () => {
  it('lists numbers, connects one to the tunnel, and re-points it when the tunnel URL changes', async () => {
    const { sim, sdk, app } = await startLive();
    const started = await invoke<TunnelStatus>(app, 'tunnel:start', { authtoken: 'ngrok-token-1' });
    expect(started.state).toBe('online');
    expect(app.publicUrl()).toBe(started.url);

    const list = await invoke<NumberList>(app, 'numbers:list', {});
    expect(list.publicUrl).toBe(started.url);
    expect(list.messagingServicesChecked).toBe(false); // the simulator has no Messaging Services API
    expect(list.numbers.map((n) => n.phoneNumber).sort()).toEqual([BUSINESS, OTHER]);
    expect(list.numbers.every((n) => !n.connected)).toBe(true);
    const business = list.numbers.find((n) => n.phoneNumber === BUSINESS)!;
    expect(business.isBusinessNumber).toBe(true);
    expect(list.numbers.find((n) => n.phoneNumber === OTHER)!.warning).toMatch(/replies from/);

    const connected = await invoke<PhoneNumberView>(app, 'numbers:connect', {
      phoneNumberSid: business.sid,
    });
    // Only the SMS URL changes: the number's status_callback is Twilio's *call* status webhook.
    expect(connected).toMatchObject({
      connected: true,
      smsUrl: started.url + SMS,
      statusCallback: '',
      warning: null,
      changes: [`Incoming texts (SMS URL, POST) now go to ${started.url + SMS}.`],
    });

    // A customer texts: the carrier calls the public URL, the signature is checked against it.
    const first = await sim.textBusiness({
      from: '+14155550100',
      body: 'Hello through the tunnel',
    });
    expect(first.webhookStatus).toBe(200);
    expect(getMessageBySid(app.db, first.sid)).toBeDefined();

    // Free ngrok URLs change: the session drops and comes back elsewhere.
    const moved = onlineAt(app, started.url);
    sdk.drop();
    const again = await moved;
    expect(again.url).not.toBe(started.url);
    expect(app.publicUrl()).toBe(again.url);
    const relisted = await invoke<NumberList>(app, 'numbers:list', {});
    const repointed = relisted.numbers.find((n) => n.sid === business.sid)!;
    expect(repointed).toMatchObject({
      connected: true,
      smsUrl: again.url + SMS,
      statusCallback: '',
    });
    expect(relisted.connectedSid).toBe(business.sid);
    const second = await sim.textBusiness({ from: '+14155550100', body: 'Still there?' });
    expect(second.webhookStatus).toBe(200);
    expect(getMessageBySid(app.db, second.sid)).toBeDefined();

    const selfTest = await invoke<SelfTestResult>(app, 'setup:selfTest', {});
    expect(selfTest).toMatchObject({ ok: true, url: `${again.url}/webhooks/twilio/selftest` });
  });

  it('clears a call status callback an earlier version pointed at us, and leaves any other alone', async () => {
    const { sim, app } = await startLive();
    sim.configureNumber(BUSINESS, { statusCallback: 'https://old-tunnel.ngrok.app' + STATUS });
    sim.configureNumber(OTHER, { statusCallback: 'https://voice.example.com/calls' });
    const list = await invoke<NumberList>(app, 'numbers:list', {});
    const business = list.numbers.find((n) => n.phoneNumber === BUSINESS)!;
    const other = list.numbers.find((n) => n.phoneNumber === OTHER)!;
    expect(business.connected).toBe(false);

    const fixed = await invoke<PhoneNumberView>(app, 'numbers:connect', { phoneNumberSid: business.sid }); // prettier-ignore
    expect(fixed).toMatchObject({ connected: true, statusCallback: '' });
    expect(fixed.changes!.join(' ')).toMatch(
      /call status callback an earlier version set was cleared/,
    );

    const untouched = await invoke<PhoneNumberView>(app, 'numbers:connect', { phoneNumberSid: other.sid }); // prettier-ignore
    expect(untouched).toMatchObject({ statusCallback: 'https://voice.example.com/calls' });
    expect(untouched.changes!.join(' ')).not.toMatch(/cleared/);
  });

  it('refuses a number that is not on the account', async () => {
    const { app } = await startLive();
    await expect(
      invoke(app, 'numbers:connect', { phoneNumberSid: 'PN' + '0'.repeat(32) }),
    ).rejects.toMatchObject({ message: expect.stringMatching(/not on this Twilio account/) });
  });

  it('self-test fails plainly when the public URL does not lead here', async () => {
    const { app } = await startLive();
    expect((await invoke<SelfTestResult>(app, 'setup:selfTest', {})).ok).toBe(true); // listener itself
    app.setPublicUrl('http://127.0.0.1:9'); // nothing listens on the discard port
    const unreachable = await invoke<SelfTestResult>(app, 'setup:selfTest', {});
    expect(unreachable.ok).toBe(false);
    expect(unreachable.message).toMatch(/Nothing answered/);
    // Reaches us, but under another name: the signature over the configured URL cannot match.
    app.setPublicUrl(app.webhook.url.replace('127.0.0.1', 'localhost'));
    const other = await fetch(app.webhook.url + '/webhooks/twilio/selftest', { method: 'POST' });
    expect(other.status).toBe(403);
  });
});

describe('going live: credential checks', () => {
  it('Twilio account, AI model present or missing, ngrok not set / bad token', async () => {
    const ai = await startFakeOpenAI({ models: ['gpt-4o-mini', 'llama3.2'] });
    cleanups.push(() => ai.close());
    const { app, sdk } = await startLive({
      OPENAI_API_KEY: 'sk-test-key',
      OPENAI_BASE_URL: ai.url,
      SWITCHBOARD_MODEL: 'llama3.2',
    });
    const checks = await invoke<CredentialCheck[]>(app, 'credentials:check', {});
    const by = Object.fromEntries(checks.map((c) => [c.service, c]));
    expect(by.twilio).toMatchObject({ ok: true });
    expect(by.ai).toMatchObject({ ok: true });
    expect(by.ai!.message).toContain('llama3.2');
    expect(by.ngrok).toMatchObject({ ok: null });

    const health = await invoke<{ reachability: { twilio: CredentialCheck; ai: CredentialCheck } }>(
      app,
      'health:get',
      {},
    );
    expect(health.reachability.twilio.ok).toBe(true);
    expect(health.reachability.ai.ok).toBe(true);

    sdk.failNext(BAD_AUTHTOKEN());
    await expect(invoke(app, 'tunnel:start', { authtoken: 'bad-token' })).resolves.toMatchObject({
      state: 'offline',
      retrying: false,
    });
    sdk.failNext(BAD_AUTHTOKEN());
    const [ngrok] = await invoke<CredentialCheck[]>(app, 'credentials:check', {
      services: ['ngrok'],
    });
    expect(ngrok).toMatchObject({ service: 'ngrok', ok: false });
    expect(ngrok!.message).toMatch(/check your authtoken in Settings/i);
  });

  it('a wrong Twilio token and a missing model get plain answers', async () => {
    const ai = await startFakeOpenAI({ models: ['gpt-4o-mini'] });
    cleanups.push(() => ai.close());
    const { app } = await startLive(
      { OPENAI_API_KEY: 'sk-test-key', OPENAI_BASE_URL: ai.url, SWITCHBOARD_MODEL: 'llama3.2' },
      'f'.repeat(32),
    );
    const checks = await invoke<CredentialCheck[]>(app, 'credentials:check', {
      services: ['twilio', 'ai'],
    });
    expect(checks[0]).toMatchObject({ service: 'twilio', ok: false });
    expect(checks[0]!.message).toMatch(/refused the Account SID or Auth Token/);
    expect(checks[1]).toMatchObject({ service: 'ai', ok: false });
    expect(checks[1]!.message).toMatch(/no model "llama3.2".*gpt-4o-mini/);
  });
});

describe('going live: tunnel in the app, health', () => {
  it('demo mode: the tunnel stays idle without an authtoken; /health carries no personal data', async () => {
    const sdk = new FakeTunnelSdk();
    const { app, stop } = await startTestApp({}, { tunnelSdk: sdk });
    cleanups.push(stop);
    await app.simulator!.textBusiness({ from: '+14155550123', body: 'Private words' });
    const response = await fetch(app.webhook.url + '/health');
    const text = await response.text();
    const body = JSON.parse(text) as Record<string, unknown>;
    expect(body).toMatchObject({
      status: 'ok',
      mode: 'demo',
      tunnel: 'idle',
      queueDepth: expect.any(Number),
      deadJobs: 0,
    });
    expect(body.lastWebhookAt).toEqual(expect.any(Number));
    // The timestamp is a number anyone may see; its digits can spell "0006" by chance, so it is
    // set aside before looking for the customer's number, their words and the business's number.
    expect(text.replace(/"lastWebhookAt":\d+/, '"lastWebhookAt":0')).not.toMatch(/4155550123|Private|0006/); // prettier-ignore
    expect(sdk.opened).toHaveLength(0);
    const health = await invoke<{ tunnel: TunnelStatus }>(app, 'health:get', {});
    expect(health.tunnel).toEqual({ state: 'idle' });
  });

  it('starts by itself with NGROK_AUTHTOKEN, and the demo simulator follows the tunnel', async () => {
    const sdk = new FakeTunnelSdk();
    const { app, stop } = await startTestApp(
      { NGROK_AUTHTOKEN: 'ngrok-env-token' },
      { tunnelSdk: sdk, timings: { tunnelBackoff: { baseMs: 5, maxMs: 20 } } },
    );
    cleanups.push(async () => {
      await stop();
      await sdk.closeAll();
    });
    const online =
      app.goLive.tunnelStatus().state === 'online'
        ? app.goLive.tunnelStatus()
        : await onlineAt(app);
    expect(sdk.opened[0]!.authtoken).toBe('ngrok-env-token');
    expect(app.publicUrl()).toBe(online.url);
    const texted = await app.simulator!.textBusiness({ from: '+14155550100', body: 'Via tunnel' });
    expect(texted.webhookStatus).toBe(200);
    await invoke(app, 'tunnel:stop', {});
    expect(app.goLive.tunnelStatus()).toEqual({ state: 'idle' });
  });
});
