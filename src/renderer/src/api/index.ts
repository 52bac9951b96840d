/**
 * The one module that talks to the core. Electron's preload exposes `window.switchboard`; a plain
 * browser (serve mode) gets the HTTP/WebSocket bridge. Nothing else in the renderer knows which.
 */
import { takeAccessToken } from './accessToken';
import { createHttpTransport } from './httpTransport';
import { ipcTransport, type Transport } from './transport';

export { errorMessage, OperatorError, type ConnectionState, type Transport } from './transport';

export const api: Transport = window.switchboard
  ? ipcTransport(window.switchboard)
  : createHttpTransport(takeAccessToken());
