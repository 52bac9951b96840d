/**
 * The composer's attachments: what waits to be sent in a conversation (uploaded through the
 * bridge's upload route, already kept on the laptop, so a restart loses nothing) and removing one.
 */
import { Refusal } from '../../domain/refusal';
import { attachmentLimits, toStagedAttachment } from '../../messaging/outboundMedia';
import { replyRouteOrRefuse } from '../../messaging/preSend';
import { deleteStagedMedia, listStagedMedia } from '../../store/outboundMedia';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

export function attachmentsCommands(
  deps: Pick<HandlerDeps, 'db'>,
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
      if (!deleteStagedMedia(db, { conversationId, id: attachmentId })) {
        throw new Refusal('That attachment was already removed.');
      }
      return { ok: true };
    },
  };
}
