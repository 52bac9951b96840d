import { mediaPath, type AttachmentState, type AttachmentView } from '../../../shared/types';
import { bareContentType, mediaKind } from '../media/mediaTypes';

/** An attachment as the store keeps it (store/messageMedia.ts): the facts the view is made of. */
export interface AttachmentFacts {
  position: number;
  contentType: string;
  state: AttachmentState;
  sha256: string | null;
  size: number | null;
  error: string | null;
  /** When Twilio's copy was deleted at our request; null while it may still be there. */
  carrierDeletedAt?: number | null;
}

/**
 * What the console shows for an attachment. The kind comes from the render allow-list
 * (media/mediaTypes.ts) each time a view is made, never from the row, so a type taken off the
 * list is no longer rendered even for files kept before; the URL is the app's own path to the
 * laptop's copy, so the console never loads anything from the carrier.
 */
export function toAttachmentView(facts: AttachmentFacts): AttachmentView {
  const kept = facts.state === 'kept' && facts.sha256 !== null;
  return {
    carrierCopyDeleted: (facts.carrierDeletedAt ?? null) !== null,
    position: facts.position,
    kind: mediaKind(facts.contentType),
    contentType: bareContentType(facts.contentType),
    size: facts.size,
    state: facts.state,
    stateText: describeAttachmentState(facts),
    error: facts.state === 'kept' ? null : facts.error,
    url: kept ? mediaPath(facts.sha256!) : null,
  };
}

function describeAttachmentState(facts: AttachmentFacts): string {
  switch (facts.state) {
    case 'kept':
      return (facts.carrierDeletedAt ?? null) !== null
        ? "Kept on this computer · Twilio's copy deleted"
        : 'Kept on this computer';
    case 'waiting':
      return facts.error === null
        ? 'Downloading to this computer…'
        : 'Not downloaded yet: Switchboard will try again';
    case 'too-large':
      return 'Too large to keep: it stays on Twilio only';
    case 'failed':
      return 'Could not be kept';
  }
}

/** Why an attachment was given up on after its last try, from the last try's reason. */
export function attachmentGivenUp(lastReason: string): string {
  const reason = lastReason.replace(/\s*It will be tried again\.$/, '');
  return `${reason} Switchboard tried for about half an hour and gave up; the attachment may still be on Twilio.`;
}
