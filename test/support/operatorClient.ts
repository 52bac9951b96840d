import WebSocket from 'ws';

/**
 * Talks to a serve-mode process the way the browser console does (token, HTTP, WebSocket). A
 * hub's address carries no token: pass the one its console would be signed in with.
 */
export function operatorClient(operatorUrl: string, hubToken?: string) {
  const url = new URL(operatorUrl);
  const token = hubToken ?? url.searchParams.get('token')!;
  const origin = url.origin;

  const invoke = async <T>(command: string, payload: unknown): Promise<T> => {
    const response = await fetch(`${origin}/api/${command}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    const body = (await response.json()) as T & { message?: string };
    if (!response.ok) throw new Error(`${command}: ${response.status} ${body.message ?? ''}`);
    return body;
  };

  /** Opens the event stream; resolves once connected. */
  const events = (onEvent: (event: string, payload: unknown) => void) =>
    new Promise<WebSocket>((resolve, reject) => {
      const socket = new WebSocket(`ws://${url.host}/events`, [
        'switchboard.v1',
        `bearer.${token}`,
      ]);
      socket.on('message', (data) => {
        const frame = JSON.parse(data.toString()) as { event: string; payload: unknown };
        onEvent(frame.event, frame.payload);
      });
      socket.once('open', () => resolve(socket));
      socket.once('error', reject);
    });

  return { invoke, events };
}
