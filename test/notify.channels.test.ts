/**
 * Each notification channel against a local stand-in speaking the service's protocol: the request
 * the real service expects, and what the operator reads when the service refuses.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { ChannelError, deliverTo, type ChannelTarget } from '../src/main/core/notify/channels';
import type { NotificationText } from '../src/main/core/domain/notificationText';
import { startHttpStandIn, startSmtpStandIn } from './support/notifyStandIns';

const message: NotificationText = {
  title: 'Switchboard: +1 415 ••• ••42 is waiting for an answer',
  text: '+1 415 ••• ••42 has waited 16 minutes without an answer.\nOpen Switchboard to answer.',
};

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function standIn(...args: Parameters<typeof startHttpStandIn>) {
  const server = await startHttpStandIn(...args);
  cleanups.push(server.close);
  return server;
}

const options = (pushover = 'http://127.0.0.1:9/1/messages.json') => ({ endpoints: { pushover } });
const target = (
  settings: ChannelTarget['settings'],
  secrets: Record<string, string>,
): ChannelTarget => ({
  name: 'My channel',
  settings,
  secrets,
});

describe('webhook channels', () => {
  it('Slack: posts {text} as JSON to the incoming webhook', async () => {
    const slack = await standIn();
    await deliverTo(
      target({ kind: 'slack' }, { webhookUrl: `${slack.url}/services/T1/B2/x` }),
      message,
      options(),
    );
    const post = await slack.nth(1);
    expect(post.path).toBe('/services/T1/B2/x');
    expect(post.headers['content-type']).toBe('application/json');
    expect(JSON.parse(post.body)).toEqual({ text: `*${message.title}*\n${message.text}` });
  });

  it('Discord: posts {content} (no mentions) and takes its 204', async () => {
    const discord = await standIn((_p, res) => res.writeHead(204).end());
    await deliverTo(
      target({ kind: 'discord' }, { webhookUrl: `${discord.url}/api/webhooks/1/t` }),
      message,
      options(),
    );
    const body = JSON.parse((await discord.nth(1)).body) as {
      content: string;
      allowed_mentions: unknown;
    };
    expect(body.content).toContain(message.title);
    expect(body.allowed_mentions).toEqual({ parse: [] });
  });

  it('Teams: posts a message with an Adaptive Card attached', async () => {
    const teams = await standIn((_p, res) => res.writeHead(202).end());
    await deliverTo(
      target({ kind: 'teams' }, { webhookUrl: `${teams.url}/workflows/x` }),
      message,
      options(),
    );
    const body = JSON.parse((await teams.nth(1)).body) as {
      type: string;
      attachments: Array<{
        contentType: string;
        content: { type: string; body: Array<{ text: string }> };
      }>;
    };
    expect(body.type).toBe('message');
    expect(body.attachments[0]!.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(body.attachments[0]!.content.type).toBe('AdaptiveCard');
    expect(body.attachments[0]!.content.body.map((b) => b.text)).toEqual([
      message.title,
      message.text,
    ]);
  });

  it('ntfy: publishes JSON {topic, title, message} to the server, with the token as Bearer', async () => {
    const ntfy = await standIn((_p, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x"}'),
    );
    await deliverTo(
      target({ kind: 'ntfy', server: ntfy.url, topic: 'bella-salon' }, { token: 'tk_secret' }),
      message,
      options(),
    );
    const post = await ntfy.nth(1);
    expect(post.path).toBe('/');
    expect(post.headers.authorization).toBe('Bearer tk_secret');
    expect(JSON.parse(post.body)).toMatchObject({
      topic: 'bella-salon',
      title: message.title,
      message: message.text,
    });
  });

  it('Pushover: posts the form token, user, title, message to its messages API', async () => {
    const pushover = await standIn((_p, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":1,"request":"r1"}'),
    );
    await deliverTo(
      target({ kind: 'pushover' }, { userKey: 'u-key', appToken: 'a-token' }),
      message,
      options(`${pushover.url}/1/messages.json`),
    );
    const post = await pushover.nth(1);
    expect(post.path).toBe('/1/messages.json');
    const form = new URLSearchParams(post.body);
    expect(Object.fromEntries(form)).toEqual({
      token: 'a-token',
      user: 'u-key',
      title: message.title,
      message: message.text,
    });
  });

  it('says exactly what failed: a deleted Slack webhook, bad Pushover keys, a service down, nothing listening', async () => {
    const slack = await standIn((_p, res) => res.writeHead(404).end('no_service'));
    const gone = await deliverTo(
      target({ kind: 'slack' }, { webhookUrl: slack.url }),
      message,
      options(),
    ).catch((e: unknown) => e);
    expect(gone).toBeInstanceOf(ChannelError);
    expect((gone as ChannelError).retryable).toBe(false);
    expect((gone as ChannelError).message).toMatch(
      /Slack does not know this address.*no_service.*paste it in Settings → Notifications/,
    );

    const pushover = await standIn((_p, res) =>
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end('{"user":"invalid","errors":["user identifier is invalid"],"status":0}'),
    );
    const refused = (await deliverTo(
      target({ kind: 'pushover' }, { userKey: 'bad', appToken: 'a' }),
      message,
      options(pushover.url),
    ).catch((e: unknown) => e)) as ChannelError;
    expect(refused.message).toContain('user identifier is invalid');

    const down = await standIn((_p, res) => res.writeHead(503).end());
    const later = (await deliverTo(target({ kind: 'discord' }, { webhookUrl: down.url }), message, options()).catch((e: unknown) => e)) as ChannelError; // prettier-ignore
    expect(later.retryable).toBe(true);
    expect(later.message).toMatch(/Discord had a problem \(HTTP 503\); Switchboard tries again/);

    const closed = await standIn();
    const url = closed.url;
    await closed.close();
    const nobody = (await deliverTo(target({ kind: 'teams' }, { webhookUrl: url }), message, options()).catch((e: unknown) => e)) as ChannelError; // prettier-ignore
    expect(nobody.retryable).toBe(true);
    expect(nobody.message).toMatch(/^Teams refused the connection/);

    const missing = (await deliverTo(target({ kind: 'slack' }, {}), message, options()).catch((e: unknown) => e)) as ChannelError; // prettier-ignore
    expect(missing.message).toMatch(/webhook address of “My channel” is not set/);
  });
});

describe('email over SMTP', () => {
  const settings = (port: number) => ({
    kind: 'email' as const,
    host: '127.0.0.1',
    port,
    security: 'starttls' as const,
    user: 'owner',
    from: 'switchboard@bella.example',
    to: 'owner@bella.example',
  });

  it('sends through STARTTLS with the login, subject and text', async () => {
    const smtp = await startSmtpStandIn({ user: 'owner', password: 'app-password' });
    cleanups.push(smtp.close);
    const received = smtp.next();
    await deliverTo(target(settings(smtp.port), { password: 'app-password' }), message, {
      ...options(),
      smtpTls: { rejectUnauthorized: false },
    });
    const mail = await received;
    expect(mail).toMatchObject({ from: 'switchboard@bella.example', to: ['owner@bella.example'], user: 'owner', secure: true }); // prettier-ignore
    expect(mail.data).toMatch(/^Subject: /m);
    // The body travels quoted-printable (the masked number's dots are not ASCII).
    const body = Buffer.from(
      mail.data
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      'latin1',
    ).toString('utf8');
    expect(body).toContain(message.text.replace(/\n/g, '\r\n'));
  });

  it('sends over TLS from the start (port 465 style)', async () => {
    const smtp = await startSmtpStandIn({ user: 'owner', password: 'app-password' }, { tls: true });
    cleanups.push(smtp.close);
    const received = smtp.next();
    await deliverTo(
      target({ ...settings(smtp.port), security: 'tls' }, { password: 'app-password' }),
      message,
      { ...options(), smtpTls: { rejectUnauthorized: false } },
    );
    expect(await received).toMatchObject({
      user: 'owner',
      secure: true,
      to: ['owner@bella.example'],
    });
  });

  it('a server that speaks TLS from the start, set up as STARTTLS, says to check the security setting', async () => {
    const smtp = await startSmtpStandIn({ user: 'owner', password: 'app-password' }, { tls: true });
    cleanups.push(smtp.close);
    const error = (await deliverTo(
      target(settings(smtp.port), { password: 'app-password' }),
      message,
      {
        ...options(),
        smtpTls: { rejectUnauthorized: false },
      },
    ).catch((e: unknown) => e)) as ChannelError;
    expect(error).toBeInstanceOf(ChannelError);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(
      /did not greet Switchboard: if it uses TLS from the start.*choose “TLS from the start”/,
    );
  });

  it('a wrong password says to check it, and is not retried', async () => {
    const smtp = await startSmtpStandIn({ user: 'owner', password: 'right' });
    cleanups.push(smtp.close);
    const error = (await deliverTo(target(settings(smtp.port), { password: 'wrong' }), message, {
      ...options(),
      smtpTls: { rejectUnauthorized: false },
    }).catch((e: unknown) => e)) as ChannelError;
    expect(error).toBeInstanceOf(ChannelError);
    expect(error.retryable).toBe(false);
    expect(error.message).toMatch(/refused the user name or password.*app password/);
  });
});
