/**
 * Email over SMTP: the one file that imports `nodemailer`. STARTTLS (port 587: the connection is
 * upgraded and must be), TLS from the start (465), or none (a relay on this machine).
 */
import nodemailer from 'nodemailer';
import type { NotifyChannelSettings } from '../../../shared/notify';
import type { NotificationText } from '../domain/notificationText';
import { ChannelError } from './channelError';

type EmailSettings = Extract<NotifyChannelSettings, { kind: 'email' }>;

/** Which certificates to trust (tests: the stand-in's self-signed one). Default: the system's. */
export interface SmtpTls {
  ca?: string;
  rejectUnauthorized?: boolean;
}

const TIMEOUT_MS = 15_000;
/**
 * Shorter than the socket's timeout on purpose: a server that speaks TLS from its first byte says
 * nothing to a plain client, and that silence must be read as "no greeting" (wrong security
 * setting, not worth retrying) before the socket's own timeout calls it a dead line (retried).
 * With equal timers the two raced, and a loaded machine sometimes told the wrong story.
 */
const GREETING_TIMEOUT_MS = 8_000;

export async function sendEmail(
  settings: EmailSettings,
  password: string | undefined,
  message: NotificationText,
  tls?: SmtpTls,
): Promise<void> {
  const transport = nodemailer.createTransport({
    host: settings.host,
    port: settings.port,
    secure: settings.security === 'tls',
    requireTLS: settings.security === 'starttls',
    ignoreTLS: settings.security === 'none',
    ...(settings.user ? { auth: { user: settings.user, pass: password ?? '' } } : {}),
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: GREETING_TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
    ...(tls ? { tls } : {}),
  });
  try {
    await transport.sendMail({
      from: settings.from,
      to: settings.to,
      subject: message.title,
      text: message.text,
    });
  } catch (error) {
    throw smtpError(
      error as Error & { code?: string; responseCode?: number; response?: string },
      settings,
    );
  } finally {
    transport.close();
  }
}

function smtpError(
  error: Error & { code?: string; responseCode?: number; response?: string },
  settings: EmailSettings,
): ChannelError {
  const where = `${settings.host}:${settings.port}`;
  const said = error.response ? ` (the server said: ${error.response.slice(0, 160)})` : '';
  switch (error.code) {
    case 'EAUTH':
      return new ChannelError(
        `The mail server ${where} refused the user name or password${said}: check them in Settings → Notifications (some providers want an app password).`,
        false,
      );
    case 'ECONNREFUSED':
    case 'ESOCKET':
    case 'ECONNECTION':
    case 'EDNS':
    case 'ETIMEDOUT':
      if (/certificate|self.signed|SSL|TLS|wrong version/i.test(error.message)) {
        return new ChannelError(
          `The secure connection to ${where} failed (${error.message}): check the security setting (STARTTLS for port 587, TLS for 465).`,
          false,
        );
      }
      if (/greeting never received/i.test(error.message) && settings.security !== 'tls') {
        // A server that speaks TLS from its first byte (465) says nothing to a plain client.
        return new ChannelError(
          `The mail server ${where} did not greet Switchboard: if it uses TLS from the start (usually port 465), choose “TLS from the start” as the security setting.`,
          false,
        );
      }
      return new ChannelError(
        `Could not reach the mail server ${where} (${error.message}): check the server name and port, and the network.`,
        true,
      );
    case 'EENVELOPE':
      return new ChannelError(
        `The mail server ${where} refused the addresses${said}: check From and To in Settings → Notifications.`,
        false,
      );
    default: {
      const temporary = typeof error.responseCode === 'number' && error.responseCode < 500;
      return new ChannelError(
        `The mail server ${where} did not take the email${said || ` (${error.message})`}${temporary ? '; Switchboard tries again.' : ': check the channel’s settings.'}`,
        temporary,
      );
    }
  }
}
