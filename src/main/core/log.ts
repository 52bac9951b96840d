/**
 * Named structured loggers (pino). Every line carries the logger's name and the ids that matter.
 * Never log a secret, a full phone number or a message body: mask numbers with `maskAddress`, and
 * the redact list below is a second lock for fields that should never have been passed.
 */
import { closeSync, existsSync, fchmodSync, fstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'; // prettier-ignore
import { dirname } from 'node:path';
import pino from 'pino';

export type Logger = pino.Logger;

const redactPaths = [
  'authToken',
  'apiKey',
  'authtoken',
  'password',
  'token',
  'databaseUrl',
  'body',
  'Body',
  '*.authToken',
  '*.apiKey',
  '*.authtoken',
  '*.password',
  '*.token',
  '*.databaseUrl',
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
  /** Rotate the file when it passes this size (default 10 MB), keeping `keepFiles` old ones (5). */
  maxFileBytes?: number;
  keepFiles?: number;
}

export function createRootLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const stderr = pino.destination({ fd: 2, sync: true });
  const destination = options.file
    ? pino.multistream([
        {
          level: level as pino.Level,
          stream: new RotatingFile(
            options.file,
            options.maxFileBytes ?? 10_000_000,
            options.keepFiles ?? 5,
          ),
        },
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

/**
 * A log file that rotates by size: `switchboard.log` → `.1` → … → `.<keep>` (the oldest dropped).
 * Writes are synchronous so nothing logged before a crash is lost; log volume is low (no per-message
 * lines at info), so this costs little and needs no dependency.
 */
export class RotatingFile {
  private fd: number;
  private size: number;

  constructor(
    readonly path: string,
    private readonly maxBytes: number,
    private readonly keep: number,
  ) {
    // Private: 0700 folder, 0600 file (the log names masked numbers, ids and errors).
    mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
    this.fd = openSync(path, 'a', 0o600);
    fchmodSync(this.fd, 0o600);
    this.size = fstatSync(this.fd).size;
  }

  write(chunk: string): void {
    if (this.size > 0 && this.size + Buffer.byteLength(chunk) > this.maxBytes) this.rotate();
    this.size += writeSync(this.fd, chunk);
  }

  private rotate(): void {
    closeSync(this.fd);
    rmSync(`${this.path}.${this.keep}`, { force: true });
    for (let i = this.keep - 1; i >= 1; i -= 1) {
      if (existsSync(`${this.path}.${i}`)) renameSync(`${this.path}.${i}`, `${this.path}.${i + 1}`);
    }
    if (this.keep > 0) renameSync(this.path, `${this.path}.1`);
    else rmSync(this.path, { force: true });
    this.fd = openSync(this.path, 'a', 0o600);
    this.size = 0;
  }
}
