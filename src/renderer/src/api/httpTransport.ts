/**
 * Serve mode: commands over `POST /api/<command>`, events over one WebSocket at `/events`, both
 * authenticated with the per-run token (see src/main/core/operator/httpBridge.ts for the server).
 */
import type {
  CommandError,
  CommandName,
  CommandRequest,
  CommandResult,
  EventMap,
  EventName,
} from '../../../shared/contract';
import { uploadPath, type StagedAttachment } from '../../../shared/types';
import { forgetRefusedToken } from './accessToken';
import { OperatorError, type ConnectionState, type Transport } from './transport';

const unreachable =
  "Switchboard isn't answering. Check that npm run serve is still running, then try again.";
const signedOut =
  'This page is not signed in. Open the link that npm run serve printed (it ends in ?token=…), ' +
  "or on a hub sign in with the hub's token.";

function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as CommandError).message === 'string' &&
    typeof (value as CommandError).kind === 'string'
  );
}

export function createHttpTransport(token: string | null): Transport {
  const eventListeners = new Map<string, Set<(payload: unknown) => void>>();
  const stateListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = token ? 'connecting' : 'signed-out';
  let attempt = 0;
  let hasBeenOpen = false;

  const setState = (next: ConnectionState) => {
    if (next === state) return;
    state = next;
    for (const listener of stateListeners) listener(next);
  };

  const dispatch = (data: unknown) => {
    if (typeof data !== 'string') return;
    let message: { event?: unknown; payload?: unknown };
    try {
      message = JSON.parse(data) as typeof message;
    } catch {
      return;
    }
    if (typeof message.event !== 'string') return;
    for (const listener of eventListeners.get(message.event) ?? []) listener(message.payload);
  };

  async function invoke<C extends CommandName>(
    command: C,
    request: CommandRequest<C>,
  ): Promise<CommandResult<C>> {
    if (!token) throw new OperatorError(signedOut, 'unauthorized');
    let response: Response;
    try {
      response = await fetch(`/api/${encodeURIComponent(command)}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(request),
      });
    } catch {
      throw new OperatorError(unreachable, 'failed');
    }
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) return body as CommandResult<C>;
    if (response.status === 401) {
      forgetRefusedToken();
      setState('signed-out');
      throw new OperatorError(signedOut, 'unauthorized');
    }
    if (isCommandError(body)) throw new OperatorError(body.message, body.kind);
    throw new OperatorError(unreachable, 'failed');
  }

  /** The file's bytes as the body of `POST /upload/<id>`: the same token and answers as a command. */
  async function upload(conversationId: number, file: Blob): Promise<StagedAttachment> {
    if (!token) throw new OperatorError(signedOut, 'unauthorized');
    let response: Response;
    try {
      response = await fetch(uploadPath(conversationId), {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/octet-stream' },
        body: file,
      });
    } catch {
      throw new OperatorError(unreachable, 'failed');
    }
    const body: unknown = await response.json().catch(() => null);
    if (response.ok) return body as StagedAttachment;
    if (isCommandError(body)) throw new OperatorError(body.message, body.kind);
    throw new OperatorError(unreachable, 'failed');
  }

  const connect = () => {
    if (!token || state === 'signed-out') return;
    const scheme = window.location.protocol === 'https:' ? 'wss' : 'ws';
    // Browsers cannot put headers on a WebSocket: the token travels as a subprotocol.
    const socket = new WebSocket(`${scheme}://${window.location.host}/events`, [
      'switchboard.v1',
      `bearer.${token}`,
    ]);
    let opened = false;
    socket.onopen = () => {
      opened = true;
      hasBeenOpen = true;
      attempt = 0;
      setState('open');
    };
    socket.onmessage = (message) => dispatch(message.data);
    socket.onclose = () => {
      if (state === 'signed-out') return;
      setState(hasBeenOpen ? 'reconnecting' : 'connecting');
      // A refused upgrade looks like any network error; one command tells a stale token apart.
      if (!opened) void invoke('app:info', {}).catch(() => undefined);
      const delay = Math.min(10_000, 500 * 2 ** attempt) * (0.5 + Math.random() / 2);
      attempt += 1;
      window.setTimeout(connect, delay);
    };
  };
  connect();

  return {
    invoke,
    upload,
    on<E extends EventName>(event: E, listener: (payload: EventMap[E]) => void) {
      const listeners = eventListeners.get(event) ?? new Set();
      eventListeners.set(event, listeners);
      const untyped = listener as (payload: unknown) => void;
      listeners.add(untyped);
      return () => {
        listeners.delete(untyped);
      };
    },
    onConnectionChange(listener) {
      stateListeners.add(listener);
      listener(state);
      return () => {
        stateListeners.delete(listener);
      };
    },
  };
}
