import { EventEmitter } from 'node:events';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  TunnelHandle,
  TunnelOpenOptions,
  TunnelSdk,
} from '../../src/main/core/tunnel/ngrokSdk';

/** An error shaped like the ngrok SDK's (message + errorCode when the service gave one). */
export function ngrokError(message: string, errorCode?: string): Error {
  return Object.assign(new Error(message), errorCode ? { errorCode } : {});
}

export const NO_NETWORK = () =>
  ngrokError('failed to connect session: failed to establish tcp connection');
export const BAD_AUTHTOKEN = () =>
  ngrokError(
    'failed to connect session: The authentication you specified does not look like a proper ngrok authtoken.\n\nerror_code: ERR_NGROK_105',
    'ERR_NGROK_105',
  );
export const FOREIGN_DOMAIN = () =>
  ngrokError(
    'failed to start listener: You must reserve an endpoint for this domain.\n\nerror_code: ERR_NGROK_326',
    'ERR_NGROK_326',
  );

interface OpenTunnel {
  options: TunnelOpenOptions;
  url: string;
  server: Server;
  closed: boolean;
}

/**
 * Stands in for @ngrok/ngrok at the adapter seam. Each successful open() starts a real loopback
 * proxy to `addr`, so "the public URL" carries real HTTP and a new session means a new URL (like
 * free ngrok). Scripted failures are consumed by the next open() calls.
 */
export class FakeTunnelSdk implements TunnelSdk {
  readonly opened: TunnelOpenOptions[] = [];
  private readonly failures: Error[] = [];
  private readonly tunnels: OpenTunnel[] = [];
  private readonly signals = new EventEmitter();

  failNext(...errors: Error[]): void {
    this.failures.push(...errors);
  }

  async open(options: TunnelOpenOptions): Promise<TunnelHandle> {
    this.opened.push(options);
    const failure = this.failures.shift();
    if (failure) {
      this.signals.emit('attempt');
      throw failure;
    }
    const target = new URL(options.addr);
    const server = createServer((req, res) => {
      const upstream = request(
        {
          host: target.hostname,
          port: target.port,
          path: req.url,
          method: req.method,
          headers: req.headers,
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      upstream.on('error', () => {
        res.writeHead(502);
        res.end('ERR_NGROK_8012 upstream unreachable');
      });
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const tunnel: OpenTunnel = { options, url, server, closed: false };
    this.tunnels.push(tunnel);
    this.signals.emit('attempt');
    return {
      url: () => url,
      close: async () => {
        if (tunnel.closed) return;
        tunnel.closed = true;
        await new Promise<void>((resolve) => {
          server.close(() => resolve());
          server.closeAllConnections();
        });
      },
    };
  }

  /** The live tunnel (the last one opened and not closed). */
  get current(): OpenTunnel | undefined {
    return [...this.tunnels].reverse().find((t) => !t.closed);
  }

  /** ngrok reports the session lost. */
  drop(): void {
    this.current?.options.onStatusChange('closed');
  }

  /** ngrok reports that it reconnected the session by itself (same URL). */
  reconnect(): void {
    this.current?.options.onStatusChange('connected');
  }

  /** Resolves after the n-th open() attempt (1-based) finished, successful or not. */
  attempts(n: number): Promise<void> {
    return new Promise((resolve) => {
      const check = () => {
        if (this.opened.length >= n) {
          this.signals.off('attempt', check);
          resolve();
        }
      };
      this.signals.on('attempt', check);
      check();
    });
  }

  async closeAll(): Promise<void> {
    for (const tunnel of this.tunnels) {
      if (tunnel.closed) continue;
      tunnel.closed = true;
      await new Promise<void>((resolve) => {
        tunnel.server.close(() => resolve());
        tunnel.server.closeAllConnections();
      });
    }
  }
}
