import { createHash, randomBytes } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync, utimesSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import { makePrivateDir, PRIVATE_FILE_MODE } from '../privateFiles';

/** An attachment's bytes on the laptop, named by their SHA-256 so the same picture is kept once. */
export interface StoredMediaFile {
  sha256: string;
  size: number;
  /** Relative to the media folder: `ab/abcdef…` (the first two hex digits fan the folder out). */
  relativePath: string;
}

export class MediaTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The attachment is larger than ${Math.round(limitBytes / 1024 / 1024)} MB.`);
    this.name = 'MediaTooLargeError';
  }
}

export const mediaRelativePath = (sha256: string): string => join(sha256.slice(0, 2), sha256);

/**
 * Streams `source` into the media folder: hashed and counted on the way, written to a temporary
 * file, flushed to disk, then renamed to its content address. A stream past `maxBytes` is cut and
 * leaves nothing behind. Renaming last means a crash leaves either the whole file or a stray
 * temporary one (removed at the next start), never a half picture under a real name.
 */
export async function storeMediaFile(
  mediaDir: string,
  source: Readable,
  maxBytes: number,
): Promise<StoredMediaFile> {
  makePrivateDir(mediaDir, { ours: true });
  const temporary = join(mediaDir, `incoming-${randomBytes(8).toString('hex')}.part`);
  const hash = createHash('sha256');
  let size = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      if (size > maxBytes) return done(new MediaTooLargeError(maxBytes));
      hash.update(chunk);
      done(null, chunk);
    },
  });
  // Created before any byte flows, so a stream cut halfway cannot leave a file that appears
  // after the clean-up below.
  const handle = await open(temporary, 'wx', PRIVATE_FILE_MODE);
  try {
    await pipeline(source, counter, handle.createWriteStream());
    await flushToDisk(temporary);
    const sha256 = hash.digest('hex');
    const relativePath = mediaRelativePath(sha256);
    makePrivateDir(join(mediaDir, sha256.slice(0, 2)), { ours: true });
    const final = join(mediaDir, relativePath);
    if (existsSync(final)) {
      // Already kept (the same picture again): made young, so the tidy-up sweep
      // (records/mediaSweep.ts) cannot take it before this item's row names it.
      const touched = new Date();
      utimesSync(final, touched, touched);
      rmSync(temporary, { force: true });
    } else renameSync(temporary, final);
    return { sha256, size, relativePath };
  } catch (error) {
    await handle.close().catch(() => undefined); // the stream may have closed it already
    rmSync(temporary, { force: true });
    throw error;
  }
}

const TEMPORARY_NAME = /^incoming-[0-9a-f]+\.part$/;

/**
 * Removes the temporary files a crash left mid-download (`incoming-*.part`). Called once at start,
 * before any `media` job runs, so none of them can be a download still in progress. Only the top
 * of the media folder holds them; kept files (in the two-digit folders) are never looked at.
 * Answers how many went.
 */
export function removeStrayTemporaryFiles(mediaDir: string): number {
  let names: string[];
  try {
    names = readdirSync(mediaDir);
  } catch {
    return 0; // no media folder yet: nothing was ever downloaded
  }
  let removed = 0;
  for (const name of names) {
    if (!TEMPORARY_NAME.test(name)) continue;
    rmSync(join(mediaDir, name), { force: true });
    removed += 1;
  }
  return removed;
}

async function flushToDisk(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
