/**
 * Delivering one notification through one channel, speaking each service's own protocol: Slack,
 * Discord and Microsoft Teams incoming webhooks, ntfy's JSON publish, Pushover's message API, and
 * email over SMTP (`smtp.ts`). Each failure becomes a `ChannelError` with one sentence saying
 * what failed and what to do, and whether trying again later can help.
 */
import type { NotifyChannelSettings } from '../../../shared/notify';
import type { NotificationText } from '../domain/notificationText';
import { ChannelError } from './channelError';
import { sendEmail, type SmtpTls } from './smtp';

export { ChannelError };

/** Where the fixed-address services live; tests point them at local stand-ins (and only tests). */
export interface NotifyEndpoints {
  pushover: string;
}

export const defaultEndpoints: NotifyEndpoints = {
  pushover: 'https://api.pushover.net/1/messages.json',
};

const TIMEOUT_MS = 15_000;

export interface ChannelTarget {
  name: string;
  settings: NotifyChannelSettings;
  /** The channel's secret fields, from the secret store. */
  secrets: Record<string, string>;
}

export interface SendOptions {
  endpoints: NotifyEndpoints;
  /** Trust for SMTP TLS (tests: the stand-in's own certificate). */
  smtpTls?: SmtpTls;
}

export async function deliverTo(
  target: ChannelTarget,
  message: NotificationText,
  options: SendOptions,
): Promise<void> {
  const { settings, secrets } = target;
  switch (settings.kind) {
    case 'email':
      return sendEmail(settings, secrets.password, message, options.smtpTls);
    case 'slack':
      return postJson('Slack', webhookUrl(target), { text: `*${message.title}*\n${message.text}` });
    case 'discord':
      // Discord refuses content over 2,000 characters.
      return postJson('Discord', webhookUrl(target), {
        content: `**${message.title}**\n${message.text}`.slice(0, 2000),
        allowed_mentions: { parse: [] },
      });
    case 'teams':
      return postJson('Teams', webhookUrl(target), teamsCard(message));
    case 'ntfy':
      // The JSON form: a title with non-ASCII characters (the masked number's dots) cannot
      // travel in ntfy's Title header.
      return postJson(
        'ntfy',
        settings.server.replace(/\/+$/, '') + '/',
        {
          topic: settings.topic,
          title: message.title,
          message: message.text,
          tags: ['speech_balloon'],
        },
        secrets.token ? { authorization: `Bearer ${secrets.token}` } : {},
      );
    case 'pushover':
      return postForm('Pushover', options.endpoints.pushover, {
        token: need(target, 'appToken', 'app token'),
        user: need(target, 'userKey', 'user key'),
        title: message.title.slice(0, 250),
        message: message.text.slice(0, 1024),
      });
  }
}

/** Teams Workflows (and the older connectors) take a message with an Adaptive Card attached. */
function teamsCard(message: NotificationText): unknown {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            { type: 'TextBlock', text: message.title, weight: 'Bolder', wrap: true },
            { type: 'TextBlock', text: message.text, wrap: true },
          ],
        },
      },
    ],
  };
}

function need(target: ChannelTarget, field: string, label: string): string {
  const value = target.secrets[field];
  if (!value) {
    throw new ChannelError(
      `The ${label} of “${target.name}” is not set: type it in Settings → Notifications and save.`,
      false,
    );
  }
  return value;
}

function webhookUrl(target: ChannelTarget): string {
  const url = need(target, 'webhookUrl', 'webhook address');
  if (!/^https?:\/\//i.test(url)) {
    throw new ChannelError(
      `The webhook address of “${target.name}” is not a web address: paste the whole https://… address the service gave you.`,
      false,
    );
  }
  return url;
}

async function postJson(
  service: string,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<void> {
  await request(service, url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

async function postForm(service: string, url: string, fields: Record<string, string>) {
  await request(service, url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}

async function request(service: string, url: string, init: RequestInit): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const why =
      (error as Error).name === 'TimeoutError'
        ? `did not answer within ${TIMEOUT_MS / 1000} seconds`
        : cause === 'ENOTFOUND'
          ? `could not be found (${new URL(url).host}): check the address and the network`
          : cause === 'ECONNREFUSED'
            ? `refused the connection (${new URL(url).host}): check the address, or whether the server runs`
            : 'could not be reached: check the network';
    throw new ChannelError(`${service} ${why}.`, true);
  }
  const text = await response.text().catch(() => '');
  if (response.ok) {
    // Pushover answers 200 only when it took the message; its body says so too.
    return;
  }
  throw refusalFrom(service, response.status, text, response.headers.get('retry-after'));
}

/** What the service's answer means, with what to do. */
function refusalFrom(
  service: string,
  status: number,
  body: string,
  retryAfter: string | null,
): ChannelError {
  const said = serviceWords(body);
  const suffix = said ? ` (${service} said: ${said})` : '';
  if (status === 429) {
    const seconds = Number(retryAfter);
    return new ChannelError(
      `${service} asked to slow down${suffix}; Switchboard tries again shortly.`,
      true,
      Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null,
    );
  }
  if (status >= 500) {
    return new ChannelError(`${service} had a problem (HTTP ${status})${suffix}; Switchboard tries again.`, true); // prettier-ignore
  }
  if (status === 401 || status === 403) {
    return new ChannelError(
      `${service} refused the credentials (HTTP ${status})${suffix}: check the token or key in Settings → Notifications.`,
      false,
    );
  }
  if (status === 404 || status === 410) {
    return new ChannelError(
      `${service} does not know this address any more (HTTP ${status})${suffix}: the webhook or topic was deleted or mistyped; create a new one and paste it in Settings → Notifications.`,
      false,
    );
  }
  return new ChannelError(
    `${service} refused the notification (HTTP ${status})${suffix}: check the channel’s settings.`,
    false,
  );
}

/** The service's own short explanation, from the JSON or plain-text bodies they answer with. */
function serviceWords(body: string): string {
  const trimmed = body.trim();
  if (!trimmed) return '';
  try {
    const parsed = JSON.parse(trimmed) as Record<string, unknown>;
    const errors = parsed.errors;
    if (Array.isArray(errors) && errors.length) return errors.map(String).join('; ').slice(0, 200);
    for (const key of ['error', 'message', 'description']) {
      if (typeof parsed[key] === 'string') return (parsed[key] as string).slice(0, 200);
    }
    return '';
  } catch {
    return trimmed.slice(0, 120);
  }
}
