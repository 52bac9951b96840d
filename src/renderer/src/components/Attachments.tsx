/**
 * A message's attachments, from the laptop's own copy: pictures as thumbnails that open in a
 * viewer, audio and video in the browser's own players, documents and other files as a link to
 * save. Only kinds the core puts on its render list are ever shown inline; anything else is a
 * file to save. An attachment not kept (yet) says where it stands, in the core's words.
 */
import './Attachments.css';
import { useState } from 'react';
import type { AttachmentKind, AttachmentView } from '../../../shared/types';
import { mediaSrc } from '../api';
import { formatBytes } from '../format';
import { Button } from './ui/Button';
import { Dialog, DialogTitle } from './ui/Dialog';

const kindLabel: Record<AttachmentKind, string> = {
  image: 'Picture',
  audio: 'Audio',
  video: 'Video',
  document: 'Document',
  file: 'File',
};

/** "Picture (PNG, 1 KB)": what it is, for a label or a screen reader. */
function describe(attachment: AttachmentView): string {
  const subtype = attachment.contentType.split('/')[1]?.toUpperCase() ?? '';
  const size = attachment.size === null ? '' : `, ${formatBytes(attachment.size)}`;
  return `${kindLabel[attachment.kind]} (${subtype}${size})`;
}

export function Attachments({ attachments }: { attachments: readonly AttachmentView[] }) {
  if (attachments.length === 0) return null;
  return (
    <ul className="attachments">
      {attachments.map((attachment) => (
        <li
          key={attachment.position}
          className="attachment"
          data-testid="attachment"
          data-state={attachment.state}
          data-kind={attachment.kind}
        >
          {attachment.url === null ? (
            <NotKept attachment={attachment} />
          ) : (
            <Kept attachment={attachment} src={mediaSrc(attachment.url)} />
          )}
          {attachment.carrierCopyDeleted && (
            <span className="attachment-note" data-testid="attachment-carrier-deleted">
              Twilio&apos;s copy deleted
            </span>
          )}
        </li>
      ))}
    </ul>
  );
}

function Kept({ attachment, src }: { attachment: AttachmentView; src: string }) {
  switch (attachment.kind) {
    case 'image':
      return <Picture attachment={attachment} src={src} />;
    case 'audio':
      return <audio className="attachment-player" controls preload="metadata" src={src} />;
    case 'video':
      return <video className="attachment-player" controls preload="metadata" src={src} />;
    case 'document':
    case 'file':
      return (
        <a className="attachment-file" href={src} download data-testid="attachment-save">
          Save {describe(attachment)}
        </a>
      );
  }
}

function Picture({ attachment, src }: { attachment: AttachmentView; src: string }) {
  const [open, setOpen] = useState(false);
  const label = describe(attachment);
  return (
    <>
      <button
        type="button"
        className="attachment-thumb"
        onClick={() => setOpen(true)}
        aria-label={`Open ${label}`}
        data-testid="attachment-thumbnail"
      >
        <img src={src} alt="" loading="lazy" />
      </button>
      <Dialog
        isOpen={open}
        onClose={() => setOpen(false)}
        className="picture-viewer"
        testId="picture-viewer"
      >
        <DialogTitle>{label}</DialogTitle>
        <img className="picture-viewer-image" src={src} alt={label} />
        <div className="picture-viewer-actions">
          <a href={src} download className="button-secondary">
            Save
          </a>
          <Button variant="primary" onClick={() => setOpen(false)}>
            Close
          </Button>
        </div>
      </Dialog>
    </>
  );
}

function NotKept({ attachment }: { attachment: AttachmentView }) {
  return (
    <div className="attachment-missing" data-testid="attachment-missing">
      <span className="attachment-missing-what">{describe(attachment)}</span>
      <span className="attachment-missing-state">{attachment.stateText}</span>
      {attachment.error && attachment.state !== 'waiting' && (
        <span className="attachment-missing-why">{attachment.error}</span>
      )}
    </div>
  );
}
