/**
 * The one module that talks to the core. Electron's preload exposes `window.switchboard`; a plain
 * browser (serve mode) gets the HTTP/WebSocket bridge. Nothing else in the renderer knows which.
 */
import { DESKTOP_MEDIA_ORIGIN } from '../../../shared/types';
import { takeAccessToken } from './accessToken';
import { createHttpTransport } from './httpTransport';
import { ipcTransport, type Transport } from './transport';

export { errorMessage, OperatorError, type ConnectionState, type Transport } from './transport';

export const api: Transport = window.switchboard
  ? ipcTransport(window.switchboard)
  : createHttpTransport(takeAccessToken());

/**
 * Where the page loads a kept attachment (`AttachmentView.url`, a path on the app) from: the
 * desktop shell's media scheme, or serve mode's own origin (the bridge's `/media/` route, with the
 * cookie the first command set). Never the carrier: the console loads no remote media.
 */
export const mediaSrc = (path: string): string =>
  window.switchboard ? `${DESKTOP_MEDIA_ORIGIN}${path}` : path;
