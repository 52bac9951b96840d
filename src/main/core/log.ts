/**
 * Named structured loggers (pino). Every line carries the logger's name and the ids that matter.
 * Never log a secret, a full phone number or a message body: mask numbers with `maskAddress`, and
 * the redact list below is a second lock for fields that should never have been passed.
 */
import pino from 'pino';

export type Logger = pino.Logger;

const redactPaths = [
  'authToken',
  'apiKey',
  'authtoken',
  'password',
  'token',
  'body',
  'Body',
  '*.authToken',
  '*.apiKey',
  '*.authtoken',
  '*.password',
  '*.token',
  '*.body',
  '*.Body',
  'headers.authorization',
  'headers["x-twilio-signature"]',
];

export interface LoggerOptions {
  level?: string;
  /**
   * Write the log here (created with its folder). Warnings and errors still go to stderr too, so
   * whoever started the app in a terminal sees what needs attention. Without a file: stderr only,
   * so stdout stays machine-readable.
   */
  file?: string;
}

export function createRootLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const stderr = pino.destination({ fd: 2, sync: true });
  const destination = options.file
    ? pino.multistream([
        { level: level as pino.Level, stream: pino.destination({ dest: options.file, mkdir: true }) },
        { level: 'warn', stream: stderr },
      ])
    : stderr;
  return pino(
    {
      level,
      base: { pid: process.pid },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}

/** A logger that writes nothing: the default for tests that do not look at logs. */
export const silentLogger: Logger = pino({ level: 'silent' });

/** "+14155550123" → "+1•••••••0123": enough to tell numbers apart in a log, not to dial them. */
export function maskAddress(address: string): string {
  const digits = address.replace(/^whatsapp:/, '');
  if (digits.length <= 6) return '•'.repeat(digits.length);
  return digits.slice(0, 2) + '•'.repeat(digits.length - 6) + digits.slice(-4);
}
