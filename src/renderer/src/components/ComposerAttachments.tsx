/**
 * The composer's attachments: pick (a button, or drop files on the composer) a picture or PDF,
 * checked here against the channel's limits the core gave (so a file that cannot go is never
 * uploaded), then handed to the core, which keeps it on the laptop and checks it again (type
 * from the bytes). Shown as previews from the laptop's copy, each with Remove. What is attached
 * survives a restart: the list comes from the core.
 */
import { useEffect, useRef, useState, type DragEvent } from 'react';
import type { AttachmentLimits, StagedAttachment } from '../../../shared/types';
import { api, errorMessage, mediaSrc } from '../api';
import { formatBytes } from '../format';
import { Button } from './ui/Button';
import { Callout } from './ui/Callout';
import styles from './ComposerAttachments.module.css';

const typeNames: Record<string, string> = {
  'image/jpeg': 'JPEG',
  'image/png': 'PNG',
  'image/gif': 'GIF',
  'application/pdf': 'PDF',
};

/** Why this file cannot join the ones already attached, in words; null when it can. */
function consoleProblem(
  file: File,
  limits: AttachmentLimits,
  attached: readonly { size: number }[],
): string | null {
  const allowed = Object.keys(limits.types)
    .map((type) => typeNames[type] ?? type)
    .join(', ');
  const limit = limits.types[file.type];
  if (limit === undefined) return `“${file.name}” cannot be sent here: attach a ${allowed} file.`;
  if (file.size > limit) {
    return `“${file.name}” is ${formatBytes(file.size)}; this channel takes at most ${formatBytes(limit)} for a ${typeNames[file.type] ?? 'file'}. Attach a smaller copy.`;
  }
  if (attached.length + 1 > limits.maxItems) {
    return limits.maxItems === 1
      ? 'This channel carries one attachment per message: send the others separately.'
      : `At most ${limits.maxItems} attachments go with one message.`;
  }
  const total = attached.reduce((sum, item) => sum + item.size, file.size);
  if (total > limits.maxTotalBytes) {
    return `With “${file.name}” the attachments come to ${formatBytes(total)}; one message carries at most ${formatBytes(limits.maxTotalBytes)}.`;
  }
  return null;
}

export function useComposerAttachments(conversationId: number) {
  const [items, setItems] = useState<StagedAttachment[]>([]);
  const [limits, setLimits] = useState<AttachmentLimits | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);

  useEffect(() => {
    let current = true;
    api.invoke('attachments:list', { conversationId }).then(
      (found) => {
        if (!current) return;
        setItems(found.attachments);
        setLimits(found.limits);
      },
      () => undefined, // the composer still works for text; sending says what is wrong
    );
    return () => {
      current = false;
    };
  }, [conversationId]);

  async function add(files: Iterable<File>) {
    if (!limits) {
      setProblem('Switchboard is still reading what this conversation can carry; try again.');
      return;
    }
    setProblem(null);
    setUploading(true);
    try {
      let attached = items;
      for (const file of files) {
        const refused = consoleProblem(file, limits, attached);
        if (refused !== null) {
          setProblem(refused);
          return;
        }
        const staged = await api.upload(conversationId, file);
        attached = [...attached, staged];
        setItems(attached);
      }
    } catch (error) {
      setProblem(errorMessage(error));
    } finally {
      setUploading(false);
    }
  }

  async function remove(id: number) {
    setProblem(null);
    setItems((list) => list.filter((item) => item.id !== id));
    await api.invoke('attachments:remove', { conversationId, attachmentId: id }).catch(() => {
      // Already gone elsewhere: nothing to do.
    });
  }

  return {
    items,
    ids: items.map((item) => item.id),
    ready: limits !== null,
    accept: limits ? Object.keys(limits.types).join(',') : '',
    problem,
    uploading,
    add,
    remove,
    /** After a send: the core moved them onto the message. */
    clear: () => setItems([]),
  };
}

export type ComposerAttachmentsState = ReturnType<typeof useComposerAttachments>;

/** The Attach button and its hidden file picker. */
export function AttachButton({ state }: { state: ComposerAttachmentsState }) {
  const input = useRef<HTMLInputElement>(null);
  return (
    <>
      <input
        ref={input}
        type="file"
        multiple
        hidden
        accept={state.accept}
        onChange={(event) => {
          const files = [...(event.target.files ?? [])];
          event.target.value = ''; // picking the same file again still fires
          void state.add(files);
        }}
        data-testid="composer-file"
      />
      <Button
        disabled={!state.ready || state.uploading}
        onClick={() => input.current?.click()}
        data-testid="composer-attach"
      >
        {state.uploading ? 'Attaching…' : 'Attach picture or PDF'}
      </Button>
    </>
  );
}

/** Previews of what is attached, each with Remove, and why a file was not. */
export function AttachmentPreviews({ state }: { state: ComposerAttachmentsState }) {
  return (
    <>
      {state.items.length > 0 && (
        <ul className={styles.previews} aria-label="Attached">
          {state.items.map((item) => (
            <li key={item.id} className={styles.preview} data-testid="composer-attachment">
              {item.kind === 'image' ? (
                <img className={styles.thumb} src={mediaSrc(item.url)} alt="" />
              ) : (
                <span className={styles.doc} aria-hidden="true">
                  PDF
                </span>
              )}
              <span className={styles.caption}>
                {typeNames[item.contentType] ?? 'File'} · {formatBytes(item.size)}
              </span>
              <Button
                variant="quiet"
                size="small"
                onClick={() => void state.remove(item.id)}
                aria-label={`Remove the ${typeNames[item.contentType] ?? 'file'} of ${formatBytes(item.size)}`}
                data-testid="composer-attachment-remove"
              >
                Remove
              </Button>
            </li>
          ))}
        </ul>
      )}
      {state.problem && (
        <Callout tone="problem" role="alert" data-testid="composer-attachment-problem">
          {state.problem}
        </Callout>
      )}
    </>
  );
}

/**
 * Files dropped on an element: `dragging` while a file is over it (to show the drop target), and
 * the handlers to spread on it. Text dragged over it is left to the browser.
 */
export function useFileDrop(onFiles: (files: File[]) => void) {
  const [dragging, setDragging] = useState(false);
  return {
    dragging,
    handlers: {
      onDragOver(event: DragEvent) {
        if (![...event.dataTransfer.types].includes('Files')) return;
        event.preventDefault();
        setDragging(true);
      },
      onDragLeave: () => setDragging(false),
      onDrop(event: DragEvent) {
        event.preventDefault();
        setDragging(false);
        onFiles([...event.dataTransfer.files]);
      },
    },
  };
}
