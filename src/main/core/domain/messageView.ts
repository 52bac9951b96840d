import type { MessageView } from '../../../shared/types';
import { toAttachmentView, type AttachmentFacts } from './attachmentView';
import { describeDeliveryStatus, explainCarrierError } from './carrierErrors';

/**
 * A message as the store keeps it: the facts, without the words for people. The store returns
 * this shape (`MessageRecord` in store/messages.ts); what the operator reads is added here, so
 * wording lives with the error catalogue it comes from and never in SQL code.
 */
export interface MessageFacts extends Omit<MessageView, 'statusText' | 'error' | 'attachments'> {
  /** Our own reason it has not gone out, when the carrier gave no error code. */
  errorMessage: string | null;
  attachments: readonly AttachmentFacts[];
}

/** A failure the operator should read about: a carrier code, or our own words when there is none. */
function errorInfo(
  errorCode: number | null,
  errorMessage: string | null,
  failed: boolean,
): MessageView['error'] {
  if (errorCode !== null) {
    const { code, title, explanation, action } = explainCarrierError(errorCode);
    return { code, title, explanation, action };
  }
  if (errorMessage !== null) {
    // A failed message will not go out by itself: "yet" would promise a retry that is not coming.
    const title = failed ? 'Not sent' : 'Not sent yet';
    return { code: null, title, explanation: errorMessage, action: '' };
  }
  return null;
}

/** The message as the console shows it: its delivery status and any failure in words. */
export function toMessageView({ errorMessage, attachments, ...facts }: MessageFacts): MessageView {
  return {
    ...facts,
    attachments: attachments.map(toAttachmentView),
    statusText: describeDeliveryStatus(facts.status, facts.errorCode),
    error: errorInfo(facts.errorCode, errorMessage, facts.status === 'failed'),
  };
}
