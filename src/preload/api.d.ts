import type { CommandName, CommandRequest, OperatorApi } from '../shared/contract';
import type { InvokeReply } from './channels';

/**
 * What the preload exposes as `window.switchboard`: the operator contract, except that a failed
 * command resolves to `{ ok: false, error }` instead of throwing (only an Error's message survives
 * contextBridge). The renderer's api module turns it back into a thrown OperatorError.
 */
export interface PreloadApi {
  invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<InvokeReply>;
  on: OperatorApi['on'];
  /** A file for a conversation's composer; the result is a `StagedAttachment`. */
  upload(conversationId: number, bytes: ArrayBuffer): Promise<InvokeReply>;
}

declare global {
  interface Window {
    /** Present in the Electron window only (set by the preload); absent in a plain browser. */
    switchboard?: PreloadApi;
  }
}
