/**
 * The last lines of the application log for the log viewer. Reads backwards from the end of the
 * file (and the newest rotated file when that is not enough) in blocks, so a large log costs only
 * what is shown. Lines were redacted when written (see log.ts); they are returned as parsed.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { logLevels, type LogEntry, type LogLevelName } from '../../../shared/types';

const pinoLevels: Record<number, LogLevelName> = {
  10: 'trace',
  20: 'debug',
  30: 'info',
  40: 'warn',
  50: 'error',
  60: 'fatal',
};

const MAX_SCAN_BYTES = 16 * 1024 * 1024;

/** Lines of `path`, newest first, at most `maxBytes` read from its end. */
function* linesFromEnd(path: string, maxBytes: number): Generator<string> {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return;
  }
  try {
    let position = fstatSync(fd).size;
    const stop = Math.max(0, position - maxBytes);
    let carry = Buffer.alloc(0);
    const block = Buffer.alloc(64 * 1024);
    while (position > stop) {
      const length = Math.min(block.length, position - stop);
      position -= length;
      readSync(fd, block, 0, length, position);
      let data = Buffer.concat([block.subarray(0, length), carry]);
      let end = data.length;
      for (let i = data.length - 1; i >= 0; i -= 1) {
        if (data[i] !== 0x0a) continue;
        const line = data.subarray(i + 1, end).toString('utf8');
        if (line.trim() !== '') yield line;
        end = i;
      }
      carry = Buffer.from(data.subarray(0, end));
      data = carry;
    }
    const first = carry.toString('utf8');
    if (position === 0 && first.trim() !== '') yield first;
  } finally {
    closeSync(fd);
  }
}

export function tailLog(
  file: string,
  args: { limit: number; level?: LogLevelName | undefined },
): LogEntry[] {
  const minimum = logLevels.indexOf(args.level ?? 'trace');
  const found: LogEntry[] = [];
  let budget = MAX_SCAN_BYTES;
  for (const path of [file, `${file}.1`]) {
    for (const line of linesFromEnd(path, budget)) {
      budget -= line.length + 1;
      const entry = parseLine(line);
      if (!entry || logLevels.indexOf(entry.level) < minimum) continue;
      found.push(entry);
      if (found.length >= args.limit) return found.reverse();
    }
    if (budget <= 0) break;
  }
  return found.reverse();
}

function parseLine(line: string): LogEntry | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null) return undefined;
  const { level, time, name, msg, ...fields } = raw as Record<string, unknown>;
  delete fields.pid; // process details, not news for the operator
  delete fields.hostname;
  const levelName = typeof level === 'number' ? pinoLevels[level] : undefined;
  if (!levelName) return undefined;
  return {
    time: typeof time === 'string' ? time : new Date(Number(time)).toISOString(),
    level: levelName,
    name: typeof name === 'string' ? name : null,
    msg: typeof msg === 'string' ? msg : '',
    fields,
  };
}
