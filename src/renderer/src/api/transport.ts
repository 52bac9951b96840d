import type { OperatorApi } from '../../../shared/contract';

/**
 * `open`: commands and events flow. `connecting`/`reconnecting`: the event stream is not up yet or
 * dropped (serve mode only). `signed-out`: the page has no valid access token (serve mode only).
 */
export type ConnectionState = 'connecting' | 'open' | 'reconnecting' | 'signed-out';

/** The operator contract plus the one thing a transport adds: whether it is connected. */
export interface Transport extends OperatorApi {
  /** Calls `listener` at once with the current state, then on every change. */
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
}

/** Electron: the preload's bridge is always connected for as long as the window lives. */
export function ipcTransport(bridge: OperatorApi): Transport {
  return {
    invoke: (command, request) => bridge.invoke(command, request),
    on: (event, listener) => bridge.on(event, listener),
    onConnectionChange(listener) {
      listener('open');
      return () => undefined;
    },
  };
}
