import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../src/main/core/simulator';
import { SENDING_SETTINGS_KEY } from '../src/main/core/sendingSettings';
import { getMessageBySid, getMessage } from '../src/main/core/store/messages';
import { setSetting } from '../src/main/core/store/settings';
import { invoke, messageWhen } from './support/appSignals';
import { startTestApp, liveEnvFor } from './support/testApp';
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
    const env = liveEnvFor(sim, BUSINESS);
    const start = async () => {
      // No media jobs: the photos here live on example.com (test/media.pipeline.test.ts keeps them).
      const deps = { skipStartupCatchUp: true, jobHandlers: { media: undefined } };
      const started = await startTestApp(env, deps, data.path);
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

  it('takes in an MMS with every attachment, at the URLs its webhook would have carried', async () => {
    const { sim, start } = await setup();
    const app = await start();
    const photos = [
      { url: 'https://example.com/dent-front.jpg', contentType: 'image/jpeg' },
      { url: 'https://example.com/dent-side.png', contentType: 'image/png' },
    ];
    // One MMS arrives while the app listens, one while it is asleep: both must end up the same.
    const heard = await sim.textBusiness({ from: '+14155550100', body: 'The dent', media: photos });
    await app.close();
    const missed = await sim.textBusiness({
      from: '+14155550100',
      body: 'Side view',
      media: photos,
    });
    expect(missed.webhookStatus).toBeNull();

    const again = await start();
    // The first run cannot list the media (Twilio answers 500): the MMS is not stored without them.
    sim.faults.injectRest({
      kind: 'serverError',
      match: { method: 'GET', pathSuffix: '/Media.json' },
    });
    await expect(again.catchUp()).rejects.toThrow();
    expect(getMessageBySid(again.db, missed.sid)).toBeUndefined();

    expect(await again.catchUp()).toEqual({ inboundTakenIn: 1, statusesRefreshed: 0 });
    const viaWebhook = getMessageBySid(again.db, heard.sid)!.media;
    const viaCatchUp = getMessageBySid(again.db, missed.sid)!.media;
    expect(viaCatchUp.map((m) => m.contentType)).toEqual(['image/jpeg', 'image/png']);
    for (const [i, item] of viaCatchUp.entries()) {
      expect(item.url).toMatch(new RegExp(`^${sim.url}/2010-04-01/Accounts/${sim.accountSid}/Messages/${missed.sid}/Media/ME[0-9a-f]{32}$`)); // prettier-ignore
      // Same shape as the webhook's URL for the other MMS, and it leads to the same photo.
      expect(item.url.replace(missed.sid, heard.sid).replace(/ME\w+$/, '')).toBe(
        viaWebhook[i]!.url.replace(/ME\w+$/, ''),
      );
      const answer = await fetch(item.url, { redirect: 'manual' });
      expect(answer.headers.get('location')).toBe(photos[i]!.url);
    }
    await again.close();
  });

  it('keeps the text of an MMS deleted at Twilio meanwhile, and goes on with the later messages', async () => {
    const { sim, start } = await setup();
    const app = await start();
    await app.close();
    const photo = [{ url: 'https://example.com/p.jpg', contentType: 'image/jpeg' }];
    const gone = await sim.textBusiness({ from: '+14155550100', body: 'Photo', media: photo });
    const later = await sim.textBusiness({ from: '+14155550100', body: 'Did you get it?' });

    const again = await start();
    sim.faults.injectRest({ kind: 'notFound', match: { pathSuffix: `/${gone.sid}/Media.json` } });
    expect(await again.catchUp()).toEqual({ inboundTakenIn: 2, statusesRefreshed: 0 });
    expect(getMessageBySid(again.db, gone.sid)).toMatchObject({ body: 'Photo', media: [] });
    expect(getMessageBySid(again.db, later.sid)!.body).toBe('Did you get it?');
    await again.close();
  });
});
