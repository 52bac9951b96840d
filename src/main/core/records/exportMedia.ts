/**
 * Attachments carried by a messages export: each kept file is copied once (by its hash) into
 * `media/` beside the export file, named `<sha256>.<extension>`, and each row names its files by
 * paths relative to the export file, so the folder can be moved or zipped whole.
 */
import { copyFileSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { mediaRelativePath } from '../media/mediaFiles';
import { bareContentType, mediaExtension, mediaKind } from '../media/mediaTypes';
import { PRIVATE_DIR_MODE } from '../privateFiles';
import type { MessageWithMediaExportRow, TranscriptExportRow } from '../store/exportQueries';
import { escapeHtml, messageRecord, transcriptMessage, type ExportRecord } from './exportFormats';

/** The folder beside the export file, and the prefix of the paths rows give. */
export const EXPORT_MEDIA_FOLDER = 'media';

export interface MediaCopier {
  /** Copies a row's kept files (those not there yet) and answers their relative paths. */
  copy(keptMedia: string): string[];
  /** A cancelled or failed export: removes the files this export copied, and nothing else. */
  discard(): void;
}

export function mediaCopier(mediaDir: string, exportPath: string): MediaCopier {
  const folder = join(dirname(exportPath), EXPORT_MEDIA_FOLDER);
  const copied: string[] = [];
  let folderMade = false;
  return {
    copy(keptMedia) {
      const items = JSON.parse(keptMedia) as Array<{ sha256: string; contentType: string }>;
      const paths: string[] = [];
      for (const item of items) {
        const source = join(mediaDir, mediaRelativePath(item.sha256));
        // A file someone deleted by hand is left out rather than named and missing.
        if (!existsSync(source)) continue;
        const name = `${item.sha256}.${mediaExtension(item.contentType)}`;
        const target = join(folder, name);
        if (!existsSync(target)) {
          if (!folderMade) mkdirSync(folder, { recursive: true, mode: PRIVATE_DIR_MODE });
          folderMade = true;
          // Through a temporary name: an export stopped mid-copy never leaves half a picture.
          // The copy keeps the kept file's mode: private to the operator already.
          const part = `${target}.part`;
          copyFileSync(source, part);
          renameSync(part, target);
          copied.push(target);
        }
        // Forward slashes on every system: the path is data in the file, not a local path.
        paths.push(`${EXPORT_MEDIA_FOLDER}/${name}`);
      }
      return paths;
    },
    discard() {
      for (const file of copied.splice(0)) rmSync(file, { force: true });
    },
  };
}

/** A messages row with its attachments: CSV gets the paths in one cell, JSON Lines an array. */
export function messageRecordWithMedia(
  copier: MediaCopier,
  format: 'csv' | 'jsonl',
): (row: MessageWithMediaExportRow) => ExportRecord {
  return (row) => {
    const paths = copier.copy(row.kept_media);
    return { ...messageRecord(row), attachments: format === 'csv' ? paths.join(' ') : paths };
  };
}

const sizeInWords = (bytes: number | null): string => {
  if (bytes === null) return 'size unknown';
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
};

/**
 * A transcript's message with its attachments. A kept picture is copied beside the transcript
 * (`media/`, as a messages export does) and shown inline; any other kept file is a link to its
 * copy, named with its type and size; one not kept on this computer is named with its type and
 * why, never with the carrier's URL (the transcript loads nothing from the network).
 */
export function transcriptMessageWithMedia(
  copier: MediaCopier | undefined,
): (row: TranscriptExportRow) => string {
  return (row) => {
    const items = JSON.parse(row.all_media) as Array<{
      sha256: string | null;
      contentType: string;
      size: number | null;
      state: string;
    }>;
    if (items.length === 0) return transcriptMessage(row);
    const html = items.map((item) => {
      const type = escapeHtml(bareContentType(item.contentType) || 'unknown type');
      const label = `${type}, ${sizeInWords(item.size)}`;
      const [path] =
        item.state === 'kept' && item.sha256 !== null && copier
          ? copier.copy(JSON.stringify([{ sha256: item.sha256, contentType: item.contentType }]))
          : [];
      if (path === undefined) {
        const why =
          item.state === 'kept' ? 'not carried with this transcript' : 'not kept on this computer';
        return `<span class="attachment">Attachment (${label}): ${why}</span>`;
      }
      if (mediaKind(item.contentType) === 'image') {
        return `<a href="${escapeHtml(path)}"><img src="${escapeHtml(path)}" alt="Picture (${label})"></a>`;
      }
      return `<a class="attachment" href="${escapeHtml(path)}">Attachment (${label})</a>`;
    });
    return transcriptMessage(row, `<div class="attachments">${html.join('')}</div>`);
  };
}
