import { closeSync, existsSync, openSync, readSync } from 'node:fs';

/**
 * The application log's lines, oldest first, across its rotated files (`switchboard.log.5` …
 * `.1`, then `switchboard.log`), read in chunks so memory stays flat however large the files are.
 * Lines are already redacted when written (see log.ts), so they are exported as they are, except
 * that lines outside `from`/`to` (by their `time`) are skipped.
 */
export function* applicationLogLines(
  file: string,
  filter: { from: number | null; to: number | null },
  keep = 5,
): Generator<string> {
  const files = [...Array.from({ length: keep }, (_, i) => `${file}.${keep - i}`), file].filter(
    (path) => existsSync(path),
  );
  for (const path of files) {
    for (const line of readLines(path)) {
      if (line.trim() === '') continue;
      const time = timeOf(line);
      if (filter.from !== null && time !== null && time < filter.from) continue;
      if (filter.to !== null && time !== null && time >= filter.to) continue;
      yield line;
    }
  }
}

/** Counts what `applicationLogLines` will yield (a second pass; only for the progress bar). */
export function countApplicationLogLines(
  file: string,
  filter: { from: number | null; to: number | null },
): number {
  let count = 0;
  const lines = applicationLogLines(file, filter);
  while (!lines.next().done) count += 1;
  return count;
}

function* readLines(path: string, chunkBytes = 64 * 1024): Generator<string> {
  const fd = openSync(path, 'r');
  try {
    const buffer = Buffer.alloc(chunkBytes);
    let carry = '';
    for (;;) {
      const read = readSync(fd, buffer, 0, chunkBytes, null);
      if (read === 0) break;
      const text = carry + buffer.toString('utf8', 0, read);
      const lines = text.split('\n');
      carry = lines.pop() ?? '';
      yield* lines;
    }
    if (carry !== '') yield carry;
  } finally {
    closeSync(fd);
  }
}

function timeOf(line: string): number | null {
  const match = /"time":"([^"]+)"/.exec(line);
  if (!match) return null;
  const time = Date.parse(match[1]!);
  return Number.isNaN(time) ? null : time;
}
