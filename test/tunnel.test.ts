import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../src/main/core/log';
import { describeTunnelError } from '../src/main/core/tunnel/errors';
import { TunnelManager } from '../src/main/core/tunnel/tunnelManager';
import type { TunnelStatus } from '../src/shared/types';
import {
  BAD_AUTHTOKEN,
  FakeTunnelSdk,
  FOREIGN_DOMAIN,
  NO_NETWORK,
  ngrokError,
} from './support/fakeTunnel';

/** A manager over the fake SDK, with every state change recorded and awaitable. */
function harness(options: { backoffMs?: number } = {}) {
  const sdk = new FakeTunnelSdk();
  const seen: TunnelStatus[] = [];
  const waiters: Array<{
    check: (s: TunnelStatus) => boolean;
    resolve: (s: TunnelStatus) => void;
  }> = [];
  const onlineCalls: Array<{ url: string; previous: string | null }> = [];
  const manager = new TunnelManager({
    sdk,
    addr: upstreamUrl,
    logger: silentLogger,
    backoff: { baseMs: options.backoffMs ?? 5, maxMs: options.backoffMs ?? 20 },
    onChange: (status) => {
      seen.push(status);
      for (const waiter of waiters.splice(0)) {
        if (waiter.check(status)) waiter.resolve(status);
        else waiters.push(waiter);
      }
    },
    onOnline: async (url, previous) => {
      onlineCalls.push({ url, previous });
    },
  });
  /** The next state change (after now) that satisfies `check`. */
  const next = (check: (s: TunnelStatus) => boolean) =>
    new Promise<TunnelStatus>((resolve) => waiters.push({ check, resolve }));
  cleanups.push(async () => {
    await manager.stop();
    await sdk.closeAll();
  });
  return { sdk, manager, seen, next, onlineCalls };
}

let upstream: Server;
let upstreamUrl = '';
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  await new Promise<void>((resolve) => (upstream ? upstream.close(() => resolve()) : resolve()));
});

async function startUpstream() {
  upstream = createServer((_req, res) => res.end('listener'));
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
}

describe('tunnel manager (ngrok SDK replaced at its seam)', () => {
  it('connects: connecting → online with the URL, and forwards only to the listener', async () => {
    await startUpstream();
    const { sdk, manager, seen, onlineCalls } = harness();
    const status = await manager.start({ authtoken: 'tok_fake_1', domain: 'shop.ngrok.app' });
    expect(status.state).toBe('online');
    expect(status.url).toBe(sdk.current!.url);
    expect(seen.map((s) => s.state)).toEqual(['connecting', 'online']);
    expect(sdk.opened[0]).toMatchObject({
      addr: upstreamUrl,
      authtoken: 'tok_fake_1',
      domain: 'shop.ngrok.app',
    });
    expect(sdk.opened[0]!.twilioAuthToken).toBeUndefined();
    expect(onlineCalls).toEqual([{ url: status.url, previous: null }]);
    expect(await (await fetch(status.url!)).text()).toBe('listener');
  });

  it('asks the edge to verify Twilio signatures only when told to', async () => {
    await startUpstream();
    const { sdk, manager } = harness();
    await manager.start({ authtoken: 'tok', twilioAuthToken: 'twilio-secret' });
    expect(sdk.opened[0]!.twilioAuthToken).toBe('twilio-secret');
  });

  it('bad authtoken: offline with a plain reason, and no retry until settings change', async () => {
    await startUpstream();
    const { sdk, manager, seen } = harness();
    sdk.failNext(BAD_AUTHTOKEN());
    const status = await manager.start({ authtoken: 'wrong' });
    expect(status).toMatchObject({ state: 'offline', retrying: false });
    expect(status.reason).toMatch(/check your authtoken in Settings/i);
    expect(status.reason).toContain('ERR_NGROK_105');
    expect(status.reason).not.toContain('wrong');
    expect(seen.at(-1)!.state).toBe('offline');
    expect(sdk.opened).toHaveLength(1);
    // The operator fixes the token: a new start goes online.
    expect((await manager.start({ authtoken: 'right' })).state).toBe('online');
  });

  it('a domain that is not yours is explained and not retried', async () => {
    await startUpstream();
    const { sdk, manager } = harness();
    sdk.failNext(FOREIGN_DOMAIN());
    const status = await manager.start({ authtoken: 'tok', domain: 'someone-else.ngrok.app' });
    expect(status).toMatchObject({ state: 'offline', retrying: false });
    expect(status.reason).toMatch(/domain is not reserved on your ngrok account/);
  });

  it('no network: offline, retrying with backoff, then online when the network is back', async () => {
    await startUpstream();
    const { sdk, manager, next } = harness();
    sdk.failNext(NO_NETWORK(), NO_NETWORK());
    const online = next((s) => s.state === 'online');
    const first = await manager.start({ authtoken: 'tok' });
    expect(first).toMatchObject({ state: 'offline', retrying: true });
    expect(first.reason).toMatch(/check the internet connection/i);
    expect(first.nextAttemptAt).toBeGreaterThan(0);
    const status = await online;
    expect(status.url).toBe(sdk.current!.url);
    expect(sdk.opened).toHaveLength(3);
  });

  it('drop: offline, then a new session with a new URL; onOnline learns the previous URL', async () => {
    await startUpstream();
    const { sdk, manager, next, onlineCalls } = harness();
    const first = await manager.start({ authtoken: 'tok' });
    const offline = next((s) => s.state === 'offline');
    const backOnline = next((s) => s.state === 'online');
    sdk.drop();
    expect((await offline).reason).toMatch(/lost/);
    const second = await backOnline;
    expect(second.url).not.toBe(first.url);
    expect(onlineCalls.at(-1)).toEqual({ url: second.url, previous: first.url });
    // The old public URL is gone; the new one reaches the listener.
    await expect(fetch(first.url!)).rejects.toThrow();
    expect(await (await fetch(second.url!)).text()).toBe('listener');
  });

  it('drop then ngrok reconnects by itself: same URL, no new session', async () => {
    await startUpstream();
    // A long backoff so ngrok's own reconnect wins the race.
    const { sdk, manager, next } = harness({ backoffMs: 60_000 });
    const first = await manager.start({ authtoken: 'tok' });
    const offline = next((s) => s.state === 'offline');
    sdk.drop();
    await offline;
    const online = next((s) => s.state === 'online');
    sdk.reconnect();
    expect((await online).url).toBe(first.url);
    expect(sdk.opened).toHaveLength(1);
  });

  it('stop closes the tunnel and ignores late callbacks', async () => {
    await startUpstream();
    const { sdk, manager, seen } = harness();
    const status = await manager.start({ authtoken: 'tok' });
    const tunnel = sdk.current!;
    await manager.stop();
    expect(manager.status()).toEqual({ state: 'idle' });
    await expect(fetch(status.url!)).rejects.toThrow();
    const count = seen.length;
    tunnel.options.onStatusChange('closed'); // a late callback from the closed session
    expect(seen).toHaveLength(count);
  });

  it('translates ngrok errors for the operator', () => {
    expect(describeTunnelError(ngrokError('x\nerror_code: ERR_NGROK_4018')).reason).toMatch(
      /needs an authtoken/,
    );
    expect(
      describeTunnelError(ngrokError('failed to connect session: tls handshake error')).retry,
    ).toBe(true);
    expect(describeTunnelError(new Error('something odd')).reason).toMatch(/keeps trying/);
  });
});
