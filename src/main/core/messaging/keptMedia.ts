/**
 * A kept attachment as the console loads it: the file on the laptop, found by its hash, with the
 * type it was stored with and the headers every host serves it with (the serve-mode bridge's
 * `GET /media/<sha256>` and the desktop shell's media protocol alike).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { mediaRelativePath } from '../media/mediaFiles';
import { bareContentType, mediaKind, type MediaKind } from '../media/mediaTypes';
import type { Db } from '../store/database';
import { findKeptMedia } from '../store/messageMedia';
import { findStagedByHash } from '../store/outboundMedia';

export interface KeptMediaFile {
  /** Absolute path of the file in the media folder. */
  path: string;
  contentType: string;
  kind: MediaKind;
  size: number;
}

/** What the hosts ask: the kept file behind a hash, or undefined (unknown, not kept, removed). */
export interface KeptMedia {
  open(sha256: string): KeptMediaFile | undefined;
}

const SHA256 = /^[0-9a-f]{64}$/;

export function keptMedia(db: Db, mediaDir: string): KeptMedia {
  return {
    open(sha256) {
      if (!SHA256.test(sha256)) return undefined; // never a path: only a hash names a file
      // A picture waiting in a composer is previewed from the laptop's copy too.
      const row = findKeptMedia(db, sha256) ?? findStagedByHash(db, sha256);
      if (!row) return undefined;
      const path = join(mediaDir, mediaRelativePath(sha256));
      if (!existsSync(path)) return undefined;
      const contentType = bareContentType(row.contentType);
      return { path, contentType, kind: mediaKind(contentType), size: row.size };
    },
  };
}

/**
 * Headers for a kept file. Only the render allow-list's types are served as themselves for
 * showing inline; anything else goes out as a download (`attachment`), and `nosniff` stops a
 * browser guessing a type the file claims not to be. The sandbox policy means a file opened
 * directly (an HTML or SVG a customer sent) runs no script and reaches nothing.
 */
export function keptMediaHeaders(file: KeptMediaFile): Record<string, string> {
  return {
    'Content-Type': file.contentType,
    'Content-Length': String(file.size),
    'Content-Disposition': file.kind === 'file' ? 'attachment' : 'inline',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'Cache-Control': 'private, max-age=31536000, immutable',
  };
}
