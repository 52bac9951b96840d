import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/main/core/simulator';
import { SENDING_SETTINGS_KEY } from '../src/main/core/sendingSettings';
import { getMessageBySid, getMessage } from '../src/main/core/store/messages';
import { setSetting } from '../src/main/core/store/settings';
import { invoke, messageWhen } from './support/appSignals';
import { startTestApp } from './support/testApp';
import { makeTempDir } from './support/tempDir';

const BUSINESS = '+15005550006';

describe('catch-up after sleep', () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  /** Live mode against an out-of-process-like simulator that outlives the app. */
  async function setup() {
    const sim: Simulator = await startSimulator({
      phoneNumbers: [{ phoneNumber: BUSINESS }],
      callbackDelayMs: 50,
    });
    cleanups.push(() => sim.close());
    const data = makeTempDir();
    cleanups.push(data.cleanup);
    const env = {
      TWILIO_ACCOUNT_SID: sim.accountSid,
      TWILIO_AUTH_TOKEN: sim.authToken,
      TWILIO_PHONE_NUMBER: BUSINESS,
      SWITCHBOARD_TWILIO_API_URL: sim.url,
    };
    const start = async () => {
      const started = await startTestApp(env, { skipStartupCatchUp: true }, data.path);
      sim.configureNumber(BUSINESS, {
        smsUrl: `${started.app.webhook.url}/webhooks/twilio/sms`,
        statusCallback: `${started.app.webhook.url}/webhooks/twilio/status`,
      });
      setSetting(started.app.db, SENDING_SETTINGS_KEY, { messagesPerSecond: 100 }, Date.now());
      return started.app;
    };
    return { sim, start };
  }

  it('takes in messages that arrived while the app was stopped, once, and refreshes statuses', async () => {
    const { sim, start } = await setup();
    const first = await start();
    const { sid: seenSid } = await sim.textBusiness({ from: '+14155550100', body: 'Hello?' });
    const seen = getMessageBySid(first.db, seenSid)!;
    const { messageId } = await invoke<{ messageId: number }>(first, 'messages:send', {
      conversationId: seen.conversationId,
      body: 'Hi! How can I help?',
    });
    const accepted = await messageWhen(first, messageId, (m) => m.sid !== null);
    await first.close(); // the laptop goes to sleep before any delivery report arrives

    await sim.statusWalkDone(accepted.sid!); // the carrier delivered it; its callbacks failed
    const missed1 = await sim.textBusiness({ from: '+14155550100', body: 'Are you open today?' });
    const missed2 = await sim.textBusiness({ from: '+14155550199', body: 'Do you deliver?' });
    expect(missed1.webhookStatus).toBeNull(); // nobody was listening
    expect(missed2.webhookStatus).toBeNull();

    const second = await start();
    expect(getMessageBySid(second.db, missed1.sid)).toBeUndefined();
    const result = await second.catchUp();
    expect(result).toEqual({ inboundTakenIn: 2, statusesRefreshed: 1 });
    expect(getMessageBySid(second.db, missed1.sid)).toMatchObject({
      body: 'Are you open today?',
      conversationId: seen.conversationId,
    });
    expect(getMessageBySid(second.db, missed2.sid)!.body).toBe('Do you deliver?');
    expect(getMessage(second.db, messageId)!.status).toBe('delivered');

    // Running it again (another wake-up) takes in nothing twice.
    expect(await second.catchUp()).toEqual({ inboundTakenIn: 0, statusesRefreshed: 0 });
    await second.close();
  });
});
