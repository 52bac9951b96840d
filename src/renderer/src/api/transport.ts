import type { CommandError, CommandResult, OperatorApi } from '../../../shared/contract';
import type { PreloadApi } from '../../../preload/api';
import type { StagedAttachment } from '../../../shared/types';

/** A failed command, with the kind the core reported (e.g. "needs-confirmation"). */
export class OperatorError extends Error {
  constructor(
    message: string,
    readonly kind: CommandError['kind'],
  ) {
    super(message);
    this.name = 'OperatorError';
  }
}

/**
 * `open`: commands and events flow. `connecting`/`reconnecting`: the event stream is not up yet or
 * dropped (serve mode only). `signed-out`: the page has no valid access token (serve mode only).
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'signed-out';

/** The operator contract plus the one thing a transport adds: whether it is connected. */
export interface Transport extends OperatorApi {
  /** Calls `listener` at once with the current state, then on every change. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /**
   * Hands a picture or PDF to the core for a conversation's composer; the core keeps it on the
   * laptop (type sniffed from the bytes, size capped) and answers what the composer previews.
   */
  upload(conversationId: number, file: Blob): Promise<StagedAttachment>;
}

/** Electron: the preload's bridge is always connected for as long as the window lives. */
export function ipcTransport(bridge: PreloadApi): Transport {
  return {
    async invoke(command, request) {
      const reply = await bridge.invoke(command, request);
      if (!reply.ok) throw new OperatorError(reply.error.message, reply.error.kind);
      return reply.result as CommandResult<typeof command>;
    },
    on: (event, listener) => bridge.on(event, listener),
    async upload(conversationId, file) {
      const reply = await bridge.upload(conversationId, await file.arrayBuffer());
      if (!reply.ok) throw new OperatorError(reply.error.message, reply.error.kind);
      return reply.result as StagedAttachment;
    },
    onConnectionChange(listener) {
      listener('open');
      return () => undefined;
    },
  };
}

/** The sentence to show for a failed command, whichever transport it came through. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}
