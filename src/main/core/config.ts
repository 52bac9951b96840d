import { join } from 'node:path';
import { homedir } from 'node:os';
import { z } from 'zod';
import type { CountryCode } from 'libphonenumber-js';

/** Twilio credentials; present = live mode, absent = demo mode on the built-in simulator. */
export interface TwilioConfig {
  accountSid: string;
  authToken: string;
  phoneNumber: string;
  /** Tests only: an out-of-process carrier simulator standing in for api.twilio.com. */
  apiBaseUrl?: string | undefined;
}

export interface AppConfig {
  dataDir: string;
  webhookPort: number;
  webhookHost: string;
  /** Serve mode only: the browser UI's loopback port. */
  operatorPort: number;
  /** The base URL Twilio reaches; signatures are checked against it plus the route. */
  publicUrl?: string | undefined;
  twilio?: TwilioConfig | undefined;
  openai: { apiKey?: string | undefined; baseUrl?: string | undefined; model?: string | undefined };
  ngrokAuthtoken?: string | undefined;
  /** A reserved ngrok domain (saved in Settings). */
  ngrokDomain?: string | undefined;
  /** Tests only: where Twilio credentials saved in Settings are sent (SWITCHBOARD_TWILIO_API_URL). */
  twilioApiUrl?: string | undefined;
  /** How numbers typed without a country code are read. */
  defaultCountry: CountryCode;
  logLevel: string;
  /** A hub only: the PostgreSQL database the store lives in (absent: the SQLite file). */
  databaseUrl?: string | undefined;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const port = (name: string) =>
  z.coerce
    .number({ error: `${name} must be a port number (0 picks a free one)` })
    .int()
    .min(0, `${name} must be between 0 and 65535`)
    .max(65535, `${name} must be between 0 and 65535`);

const envSchema = z.object({
  SWITCHBOARD_DATA_DIR: z.string().min(1).optional(),
  SWITCHBOARD_WEBHOOK_PORT: port('SWITCHBOARD_WEBHOOK_PORT').default(0),
  SWITCHBOARD_WEBHOOK_HOST: z.string().default('127.0.0.1'),
  SWITCHBOARD_OPERATOR_PORT: port('SWITCHBOARD_OPERATOR_PORT').default(0),
  SWITCHBOARD_PUBLIC_URL: z
    .url({ error: 'SWITCHBOARD_PUBLIC_URL must be a full URL such as https://example.ngrok.app' })
    .optional(),
  SWITCHBOARD_COUNTRY: z
    .string()
    .regex(/^[A-Z]{2}$/, 'SWITCHBOARD_COUNTRY must be a two-letter country code such as US')
    .default('US'),
  SWITCHBOARD_TWILIO_API_URL: z.url().optional(),
  SWITCHBOARD_LOG_LEVEL: z.string().default('info'),
  TWILIO_ACCOUNT_SID: z
    .string()
    .regex(/^AC[0-9a-fA-F]{32}$/, 'TWILIO_ACCOUNT_SID must start with AC followed by 32 characters')
    .optional(),
  TWILIO_AUTH_TOKEN: z.string().min(1).optional(),
  TWILIO_PHONE_NUMBER: z.string().min(1).optional(),
  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.url().optional(),
  SWITCHBOARD_MODEL: z.string().min(1).optional(),
  NGROK_AUTHTOKEN: z.string().min(1).optional(),
});

/** Where the data lives when nothing says otherwise (serve mode; the desktop app uses userData). */
export function defaultDataDir(): string {
  return join(homedir(), '.switchboard');
}

/** Reads configuration from the environment; empty variables count as unset. */
export function configFromEnv(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const cleaned = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value !== ''),
  );
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((issue) => issue.message).join('; '));
  }
  const e = parsed.data;
  const twilioParts = [e.TWILIO_ACCOUNT_SID, e.TWILIO_AUTH_TOKEN, e.TWILIO_PHONE_NUMBER];
  const given = twilioParts.filter(Boolean).length;
  if (given > 0 && given < 3) {
    throw new ConfigError(
      'Set TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN and TWILIO_PHONE_NUMBER together for live mode, ' +
        'or none of them to run in demo mode.',
    );
  }
  return {
    dataDir: e.SWITCHBOARD_DATA_DIR ?? defaultDataDir(),
    webhookPort: e.SWITCHBOARD_WEBHOOK_PORT,
    webhookHost: e.SWITCHBOARD_WEBHOOK_HOST,
    operatorPort: e.SWITCHBOARD_OPERATOR_PORT,
    publicUrl: e.SWITCHBOARD_PUBLIC_URL,
    twilio:
      given === 3
        ? {
            accountSid: e.TWILIO_ACCOUNT_SID!,
            authToken: e.TWILIO_AUTH_TOKEN!,
            phoneNumber: e.TWILIO_PHONE_NUMBER!,
            apiBaseUrl: e.SWITCHBOARD_TWILIO_API_URL,
          }
        : undefined,
    openai: { apiKey: e.OPENAI_API_KEY, baseUrl: e.OPENAI_BASE_URL, model: e.SWITCHBOARD_MODEL },
    ngrokAuthtoken: e.NGROK_AUTHTOKEN,
    twilioApiUrl: e.SWITCHBOARD_TWILIO_API_URL,
    defaultCountry: e.SWITCHBOARD_COUNTRY as CountryCode,
    logLevel: e.SWITCHBOARD_LOG_LEVEL,
  };
}

/** What a hub (`npm run hub`) takes beyond serve mode's environment. */
export interface HubSettings {
  databaseUrl: string;
  /** Every operator request and WebSocket upgrade must carry it. */
  token: string;
  /** Where the operator API listens: loopback unless told otherwise (TLS is a proxy's job). */
  operatorHost: string;
}

export const minimumHubTokenLength = 32;

/** A hub's own settings from the environment, refused in words when missing or unusable. */
export function hubSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): HubSettings {
  const databaseUrl = env.DATABASE_URL?.trim() ?? '';
  if (databaseUrl === '') {
    throw new ConfigError(
      'A hub keeps its data in PostgreSQL: set DATABASE_URL=postgres://user:password@host:5432/database.',
    );
  }
  if (!/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a PostgreSQL URL starting with postgres://.');
  }
  try {
    new URL(databaseUrl);
  } catch {
    // Never echo the value: it carries the password.
    throw new ConfigError(
      'DATABASE_URL is not a valid URL (postgres://user:password@host/database).',
    );
  }
  const token = env.SWITCHBOARD_HUB_TOKEN ?? '';
  if (token.length < minimumHubTokenLength) {
    throw new ConfigError(
      `Set SWITCHBOARD_HUB_TOKEN to a secret of at least ${minimumHubTokenLength} characters ` +
        '(for example: openssl rand -base64 32); every console signs in with it.',
    );
  }
  const operatorHost = env.SWITCHBOARD_OPERATOR_HOST?.trim() || '127.0.0.1';
  return { databaseUrl, token, operatorHost };
}

/** A PostgreSQL URL fit for a person to read: host, port and database, never the password. */
export function describeDatabaseUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname || 'localhost'}${parsed.port ? `:${parsed.port}` : ''}${parsed.pathname}`;
  } catch {
    return 'the database in DATABASE_URL';
  }
}
