/**
 * The composer's attachments: what waits to be sent in a conversation (uploaded through the
 * bridge's upload route, already kept on the laptop, so a restart loses nothing) and removing one.
 */
import { Refusal } from '../../domain/refusal';
import {
  attachmentLimits,
  forgetUnreferencedFile,
  toStagedAttachment,
} from '../../messaging/outboundMedia';
import { replyRouteOrRefuse } from '../../messaging/preSend';
import { deleteStagedMedia, getStagedMedia, listStagedMedia } from '../../store/outboundMedia';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

export function attachmentsCommands(
  deps: Pick<HandlerDeps, 'db' | 'records'>,
): NamespaceCommands<'attachments'> {
  const { db } = deps;
  return {
    'attachments:list': ({ conversationId }) => {
      const { channel } = replyRouteOrRefuse(db, conversationId);
      return {
        attachments: listStagedMedia(db, conversationId).map(toStagedAttachment),
        limits: attachmentLimits(channel),
      };
    },
    'attachments:remove': ({ conversationId, attachmentId }) => {
      const staged = getStagedMedia(db, { conversationId, id: attachmentId });
      if (!staged || !deleteStagedMedia(db, { conversationId, id: attachmentId })) {
        throw new Refusal('That attachment was already removed.');
      }
      // Never sent: its file goes too, unless another message or composer has the same one.
      forgetUnreferencedFile({ db, mediaDir: deps.records.mediaDir }, staged.sha256);
      return { ok: true };
    },
  };
}
