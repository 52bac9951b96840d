/**
 * The one module that talks to the core. Electron's preload exposes `window.switchboard`; a plain
 * browser (serve mode) gets the HTTP/WebSocket bridge. Nothing else in the renderer knows which.
 */
import { takeAccessToken } from './accessToken';
import { createHttpTransport } from './httpTransport';
import { ipcTransport, type Transport } from './transport';

export { OperatorError, type ConnectionState, type Transport } from './transport';

export const api: Transport = window.switchboard
  ? ipcTransport(window.switchboard)
  : createHttpTransport(takeAccessToken());

/** The sentence to show for a failed command, whichever transport it came through. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error && error.message) return error.message;
  return 'Something went wrong. Try again.';
}
