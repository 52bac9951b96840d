/**
 * Notifications in the running core (demo mode): a customer left waiting reaches a Slack
 * stand-in once, across a restart; the number is masked and the message left out unless allowed;
 * a hand-off notifies; a failing channel is retried and then shown in Health with what to do.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import type { SecretKey, SecretStore } from '../src/main/core/golive/secrets';
import { createRootLogger } from '../src/main/core/log';
import type { Health } from '../src/shared/types';
import type { NotifySettingsView } from '../src/shared/notify';
import { invoke } from './support/appSignals';
import { customerTexts } from './support/draftSignals';
import { startHttpStandIn, type HttpStandIn } from './support/notifyStandIns';
import { makeTempDir } from './support/tempDir';
import { startTestApp } from './support/testApp';
import { sqlite } from './support/sqlite';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const MINUTE = 60_000;

async function slackStandIn(status = 200): Promise<HttpStandIn> {
  const server = await startHttpStandIn((_p, res) =>
    res.writeHead(status).end(status === 200 ? 'ok' : 'down'),
  );
  cleanups.push(server.close);
  return server;
}

async function addSlack(app: App, url: string): Promise<NotifySettingsView> {
  return invoke<NotifySettingsView>(app, 'notify:saveChannel', {
    name: 'Team Slack',
    enabled: true,
    settings: { kind: 'slack' },
    secrets: { webhookUrl: url },
  });
}

const slackText = (body: string) => (JSON.parse(body) as { text: string }).text;

describe('notifications in the running core', () => {
  it('a customer left waiting is notified once, masked, across a restart; the body only when allowed', async () => {
    const slack = await slackStandIn();
    const folder = makeTempDir();
    cleanups.push(folder.cleanup);
    let clock = Date.parse('2026-12-03T09:00:00Z');
    // A keychain-like store that outlives the core, as the desktop's does.
    const kept = new Map<SecretKey, string>();
    const secrets: SecretStore = {
      kind: 'keychain',
      canStore: () => true,
      get: (name) => kept.get(name),
      set: (name, value) => void kept.set(name, value),
      clear: (name) => void kept.delete(name),
    };
    const start = () =>
      startTestApp({}, { now: () => clock, secrets, timings: { notifyCheckMs: 10 } }, folder.path);

    const first = await start();
    const view = await addSlack(first.app, `${slack.url}/services/T/B/x`);
    expect(view.channels[0]).toMatchObject({
      name: 'Team Slack',
      enabled: true,
      secrets: { webhookUrl: true },
    });
    // The webhook URL is a secret: never in the view, never in the database.
    expect(JSON.stringify(view)).not.toContain(slack.url);
    expect(JSON.stringify(first.app.db.prepare('SELECT * FROM settings').all())).not.toContain(
      slack.url,
    );

    await customerTexts(first.app, '+14155550142', '¿Tienen mesa para dos esta noche?');
    clock += 16 * MINUTE; // past the default 15 minutes
    const text = slackText((await slack.nth(1)).body);
    expect(text).toContain('+1 415 ••• ••42');
    expect(text).toContain('has waited 16 minutes without an answer');
    expect(text).not.toContain('+14155550142');
    expect(text).not.toContain('mesa para dos'); // the body stays out by default
    await first.app.close();

    // A restart finds the same customer still waiting: the cause was notified, nobody is told twice.
    clock += 5 * MINUTE;
    const second = await start();
    cleanups.push(second.stop);
    await invoke(second.app, 'notify:saveRules', {
      waitingMinutes: 15,
      handoff: true,
      sendFailed: true,
      includeBody: true,
    });
    await customerTexts(second.app, '+14155550177', 'Can I move my appointment to Friday?');
    clock += 16 * MINUTE;
    const next = slackText((await slack.nth(2)).body);
    expect(next).toContain('+1 415 ••• ••77');
    expect(next).toContain('Message: “Can I move my appointment to Friday?”');
    expect(
      slack.posts.map((p) => slackText(p.body)).filter((t) => t.includes('••42')),
    ).toHaveLength(1);
    expect(sqlite(second.app.db).prepare('SELECT count(*) FROM notifications').pluck().get()).toBe(
      2,
    );
  });

  it('a hand-off notifies with its reason', async () => {
    const slack = await slackStandIn();
    const { app, stop } = await startTestApp({}, { timings: { notifyCheckMs: 60_000 } });
    cleanups.push(stop);
    await addSlack(app, slack.url);
    // A conversation on auto-send whose customer asks for a person: the hand-off rule holds it.
    await invoke(app, 'drafting:saveSettings', { autoSendCategories: ['question', 'other'] });
    const first = await customerTexts(app, '+14155550142', 'hi');
    await invoke(app, 'conversations:setAiMode', { conversationId: first.conversationId, mode: 'auto' }); // prettier-ignore
    await customerTexts(app, '+14155550142', 'Can I talk to a person please?');
    const text = slackText((await slack.nth(1)).body);
    expect(text).toContain('needs a person');
    expect(text).toContain(
      'Auto-replies stopped in the conversation with +1 415 ••• ••42: the customer asked for a person.',
    );
    expect(
      sqlite(app.db).prepare(`SELECT count(*) FROM jobs WHERE kind = 'notify'`).pluck().get(),
    ).toBe(1);
  });

  it('a channel that keeps failing is retried with backoff, then shown in Health with what to do', async () => {
    const slack = await slackStandIn(503);
    const { app, stop } = await startTestApp({}, { timings: { notifyCheckMs: 60_000 } });
    cleanups.push(stop);
    await addSlack(app, slack.url);
    const message = await customerTexts(app, '+14155550142', 'Hello?');
    const failed = new Promise<Health>((resolve) => {
      const look = async () => {
        const health = await invoke<Health>(app, 'health:get', {});
        if (health.notifications?.[0]?.state === 'failed') resolve(health);
      };
      app.events.watch((event) => {
        if (event === 'queue:changed') void look();
      });
      app.events.subscribe(() => {}); // queue figures are pushed only while someone listens
    });
    app.events.emit('conversation:held', { conversationId: message.conversationId, rule: 'topic', reason: 'the message is a complaint', autoReply: 'auto-send', at: Date.now() }); // prettier-ignore
    const health = await failed;
    expect(slack.posts).toHaveLength(6); // the notify kind's attempts, each one retried
    expect(health.notifications![0]).toMatchObject({
      channelName: 'Team Slack',
      kind: 'handoff',
      state: 'failed',
      attempts: 6,
    });
    expect(health.notifications![0]!.error).toMatch(/Slack had a problem \(HTTP 503\)/);
  });

  it('the Test button says exactly what failed, and a channel without its webhook is refused', async () => {
    const slack = await slackStandIn(404);
    const { app, stop } = await startTestApp();
    cleanups.push(stop);
    await expect(
      invoke(app, 'notify:saveChannel', {
        name: 'Slack',
        enabled: true,
        settings: { kind: 'slack' },
        secrets: {},
      }),
    ).rejects.toMatchObject({ message: 'Paste the webhook address too, then save.' });
    const view = await addSlack(app, slack.url);
    const result = await invoke<{ ok: boolean; message: string }>(app, 'notify:test', {
      id: view.channels[0]!.id,
    });
    expect(result.ok).toBe(false);
    expect(result.message).toMatch(/Slack does not know this address any more \(HTTP 404\)/);
    slack.answer((_p, res) => res.end('ok'));
    const ok = await invoke<{ ok: boolean; message: string }>(app, 'notify:test', {
      id: view.channels[0]!.id,
    });
    expect(ok).toEqual({
      ok: true,
      message: 'Sent a test notification through “Team Slack”. Check that it arrived.',
    });
    expect(slackText(slack.posts[1]!.body)).toContain('This is a test from Switchboard.');
  });

  it('a reply that could not be delivered notifies with the carrier’s reason', async () => {
    const slack = await slackStandIn();
    const { app, stop } = await startTestApp({}, { timings: { notifyCheckMs: 60_000 } });
    cleanups.push(stop);
    await addSlack(app, slack.url);
    const inbound = await customerTexts(app, '+15005550001', 'Call me');
    await invoke(app, 'messages:send', {
      conversationId: inbound.conversationId,
      body: 'Sure, when?',
    });
    const text = slackText((await slack.nth(1)).body);
    expect(text).toContain('was not delivered');
    expect(text).toMatch(/A reply to \+1 500 ••• ••01 could not be delivered: /);
    expect(text).not.toContain('Sure, when?');
  });

  it('channel secrets never reach the data folder, the log or the console', async () => {
    const slack = await slackStandIn(503);
    const data = makeTempDir();
    cleanups.push(data.cleanup);
    const logFile = join(data.path, 'logs', 'switchboard.log');
    const { app, stop } = await startTestApp(
      {},
      {
        logger: createRootLogger({ level: 'trace', file: logFile }),
        timings: { notifyCheckMs: 60_000 },
      },
      data.path,
    );
    cleanups.push(stop);
    const secret = { path: 'T0SECRET/B0SECRET/xoxSECRETPATH', password: 'smtp-SECRET-pass', user: 'uSECRETuserkey', token: 'aSECRETapptoken' }; // prettier-ignore
    const views = [
      await addSlack(app, `${slack.url}/${secret.path}`),
      await invoke(app, 'notify:saveChannel', {
        name: 'Mail',
        enabled: true,
        settings: { kind: 'email', host: '127.0.0.1', port: 9, security: 'none', user: 'me', from: 'a@b.example', to: 'c@d.example' }, // prettier-ignore
        secrets: { password: secret.password },
      }),
      await invoke(app, 'notify:saveChannel', {
        name: 'Phone',
        enabled: false,
        settings: { kind: 'pushover' },
        secrets: { userKey: secret.user, appToken: secret.token },
      }),
      await invoke(app, 'notify:get', {}),
    ];
    // A delivery that fails and is logged.
    const message = await customerTexts(app, '+14155550142', 'Hello?');
    app.events.emit('conversation:held', { conversationId: message.conversationId, rule: 'topic', reason: 'the message is a complaint', autoReply: 'auto-send', at: Date.now() }); // prettier-ignore
    await slack.nth(2);
    await stop();
    const everything = [
      JSON.stringify(views),
      ...filesUnder(data.path).map((file) => readFileSync(file).toString('latin1')),
    ].join('\n');
    expect(everything).toContain('Team Slack'); // the files were read
    for (const value of Object.values(secret)) expect(everything).not.toContain(value);
  });
});

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
