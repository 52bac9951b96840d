import { mkdirSync, writeFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { ConversationSummary } from '../src/shared/types';
import { EventBus } from '../src/main/core/events';
import { silentLogger } from '../src/main/core/log';
import { startOperatorBridge, type OperatorBridge } from '../src/main/core/operator/httpBridge';
import {
  CommandFailure,
  createOperatorService,
  type CommandHandlers,
} from '../src/main/core/operator/service';
import { makeTempDir } from './support/tempDir';

const conversation: ConversationSummary = {
  id: 7,
  channel: 'sms',
  businessNumber: '+14155550000',
  contact: { id: 3, address: '+14155550100', name: null, optedOut: false, optedOutAt: null },
  unreadCount: 1,
  lastActivityAt: 1_700_000_000_000,
  lastMessage: { body: 'Hi', direction: 'inbound', status: 'received', hasMedia: false },
};

// The bridge never looks inside a command; a few stand-ins exercise every path it has.
const handlers = {
  'app:info': () => ({
    mode: 'demo',
    version: '0.0.0-test',
    businessNumber: '+14155550000',
    simulator: { enabled: true },
  }),
  'conversations:list': () => [conversation],
  'conversations:markRead': () => ({ ok: true }),
  'messages:list': () => [],
  'simulator:textBusiness': ({ from }) => {
    if (from === 'refuse') throw new CommandFailure('That is not a phone number.');
    return { messageSid: 'SM1' };
  },
  'health:get': () => {
    throw new Error('disk on fire');
  },
  'jobs:listDead': () => [],
  'jobs:retry': () => ({ ok: true }),
  // Stands in for the import: says how many bytes arrived, in the result's `summary`.
  'knowledge:importFile': ({ fileName, data }) => ({
    id: 1,
    kind: 'document',
    title: fileName,
    origin: fileName,
    passages: 1,
    summary: `${Buffer.from(data, 'base64').length} bytes`,
    createdAt: 0,
    updatedAt: 0,
  }),
} satisfies Partial<CommandHandlers> as unknown as CommandHandlers;

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

/** node:http rather than fetch, because these tests need to forge the Host header. */
function send(
  port: number,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { Host: `127.0.0.1:${port}`, ...options.headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString(),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('operator HTTP/WebSocket bridge', () => {
  let bridge: OperatorBridge;
  let bus: EventBus;
  let staticDir: { path: string; cleanup: () => void };

  const command = (name: string, payload: unknown, token = bridge.token) =>
    send(bridge.port, {
      method: 'POST',
      path: `/api/${encodeURIComponent(name)}`,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(payload),
    });

  beforeEach(async () => {
    staticDir = makeTempDir('switchboard-static-');
    writeFileSync(join(staticDir.path, 'index.html'), '<!doctype html><title>Switchboard</title>');
    mkdirSync(join(staticDir.path, 'assets'));
    writeFileSync(join(staticDir.path, 'assets', 'app.js'), 'console.log(1)');
    bus = new EventBus();
    bridge = await startOperatorBridge({
      service: createOperatorService(handlers, bus),
      port: 0,
      staticDir: staticDir.path,
      logger: silentLogger,
    });
  });

  afterEach(async () => {
    await bridge.close();
    staticDir.cleanup();
  });

  it('runs a command only with the per-run token', async () => {
    const missing = await send(bridge.port, {
      method: 'POST',
      path: '/api/app:info',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ kind: 'unauthorized' });

    expect((await command('app:info', {}, 'not-the-token')).status).toBe(401);

    const ok = await command('app:info', {});
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body)).toMatchObject({ mode: 'demo', simulator: { enabled: true } });
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/?token=${bridge.token}`);
    expect(bridge.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses requests addressed to another host name (DNS rebinding)', async () => {
    for (const host of [
      `evil.example:${bridge.port}`,
      `127.0.0.1:${bridge.port + 1}`,
      'localhost',
    ]) {
      const reply = await send(bridge.port, { path: '/', headers: { Host: host } });
      expect(reply.status, host).toBe(403);
    }
    const viaLocalhost = await send(bridge.port, {
      path: '/',
      headers: { Host: `localhost:${bridge.port}` },
    });
    expect(viaLocalhost.status).toBe(200);
  });

  it('refuses cross-site requests even with the token', async () => {
    const reply = await send(bridge.port, {
      method: 'POST',
      path: '/api/app:info',
      headers: {
        Authorization: `Bearer ${bridge.token}`,
        'Content-Type': 'application/json',
        Origin: 'https://evil.example',
      },
      body: '{}',
    });
    expect(reply.status).toBe(403);
  });

  it('maps command errors to statuses with the operator-readable message', async () => {
    const invalid = await command('simulator:textBusiness', { from: 'x', body: 'hi' });
    expect(invalid.status).toBe(400);
    expect(JSON.parse(invalid.body)).toEqual({
      kind: 'invalid',
      message: 'from: Enter the customer number',
    });

    const unknown = await command('nope:never', {});
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject({ kind: 'unknown-command' });

    const refused = await command('simulator:textBusiness', { from: 'refuse', body: 'hi' });
    expect(refused.status).toBe(422);
    expect(JSON.parse(refused.body)).toEqual({
      kind: 'failed',
      message: 'That is not a phone number.',
    });

    const broken = await command('health:get', {});
    expect(broken.status).toBe(500);
    expect(JSON.parse(broken.body).message).not.toContain('disk on fire');
  });

  it('rejects bodies that are not JSON, too large, or not POST', async () => {
    const notJson = await send(bridge.port, {
      method: 'POST',
      path: '/api/app:info',
      headers: { Authorization: `Bearer ${bridge.token}`, 'Content-Type': 'application/json' },
      body: '{oops',
    });
    expect(notJson.status).toBe(400);

    const tooBig = await command('simulator:textBusiness', {
      from: '+14155550100',
      body: 'x'.repeat(300_000),
    });
    expect(tooBig.status).toBe(413);

    const get = await send(bridge.port, { path: '/api/app:info' });
    expect(get.status).toBe(405);
  });

  it('takes a document of a few megabytes for the knowledge, and only that command', async () => {
    const data = Buffer.alloc(3 * 1024 * 1024, 7).toString('base64');
    const file = await command('knowledge:importFile', { fileName: 'Price list.pdf', data });
    expect(file.status).toBe(200);
    expect(JSON.parse(file.body)).toMatchObject({ title: 'Price list.pdf', summary: `${3 * 1024 * 1024} bytes` }); // prettier-ignore
    expect((await command('simulator:textBusiness', { from: '+14155550100', body: data })).status).toBe(413); // prettier-ignore
    // Without the token, nothing is read at all.
    expect((await command('knowledge:importFile', { fileName: 'x.pdf', data }, 'wrong')).status).toBe(401); // prettier-ignore
  });

  it('pushes every service event to token-holding WebSocket clients', async () => {
    // Nobody watching: the core may skip building event payloads.
    expect(bus.hasListeners).toBe(false);
    const client = new WebSocket(`ws://127.0.0.1:${bridge.port}/events`, [
      'switchboard.v1',
      `bearer.${bridge.token}`,
    ]);
    await new Promise<void>((resolve, reject) => {
      client.once('open', () => resolve());
      client.once('error', reject);
    });
    expect(client.protocol).toBe('switchboard.v1');
    const received = new Promise<unknown>((resolve) =>
      client.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))),
    );
    bus.emit('conversation:updated', conversation);
    expect(await received).toEqual({ event: 'conversation:updated', payload: conversation });
    client.close();
  });

  it('refuses WebSocket clients without the token or from another site', async () => {
    const attempts = [
      new WebSocket(`ws://127.0.0.1:${bridge.port}/events`, ['switchboard.v1']),
      new WebSocket(`ws://127.0.0.1:${bridge.port}/events`, ['switchboard.v1', 'bearer.wrong']),
      new WebSocket(
        `ws://127.0.0.1:${bridge.port}/events`,
        ['switchboard.v1', `bearer.${bridge.token}`],
        {
          origin: 'https://evil.example',
        },
      ),
    ];
    const statuses = await Promise.all(
      attempts.map(
        (socket) =>
          new Promise<number>((resolve) => {
            socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
            socket.once('open', () => resolve(101));
            socket.once('error', () => undefined);
          }),
      ),
    );
    expect(statuses).toEqual([401, 401, 403]);
  });

  it('serves the renderer with a strict CSP, and nothing outside it', async () => {
    const index = await send(bridge.port, { path: '/?token=abc' });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = index.headers['content-security-policy'] ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(
      `connect-src 'self' ws://127.0.0.1:${bridge.port} ws://localhost:${bridge.port}`,
    );
    expect(csp).toContain("img-src 'self' data:;"); // the app's own images only
    expect(csp).not.toMatch(/https:|http:/);
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(index.headers['referrer-policy']).toBe('no-referrer');

    const script = await send(bridge.port, { path: '/assets/app.js' });
    expect(script.headers['content-type']).toBe('text/javascript; charset=utf-8');

    expect((await send(bridge.port, { path: '/assets/' })).status).toBe(404);
    expect((await send(bridge.port, { path: '/assets' })).status).toBe(404);
    expect((await send(bridge.port, { path: '/../package.json' })).status).toBe(404);
    expect((await send(bridge.port, { path: '/%2e%2e/%2e%2e/etc/passwd' })).status).toBe(404);
  });

  it('listens on the loopback interface only', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((info) => info && info.family === 'IPv4' && !info.internal);
    if (external) {
      const error = await new Promise<NodeJS.ErrnoException | null>((resolve) => {
        const req = httpRequest({ host: external.address, port: bridge.port, path: '/' }, () =>
          resolve(null),
        );
        req.on('error', resolve);
        req.end();
      });
      expect(error?.code).toBe('ECONNREFUSED');
    }
    const reply = await send(bridge.port, { path: '/' });
    expect(reply.status).toBe(200);
  });
});

describe('operator bridge on a hub (npm run hub)', () => {
  const hubToken = 'hub-token-of-the-test-0123456789abcdef';
  let bridge: OperatorBridge;
  let staticDir: { path: string; cleanup: () => void };

  const post = (headers: Record<string, string>) =>
    send(bridge.port, {
      method: 'POST',
      path: '/api/app:info',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: '{}',
    });

  const upgradeStatus = (protocols: string[], options: { origin?: string; host?: string } = {}) =>
    new Promise<number>((resolve) => {
      const socket = new WebSocket(`ws://127.0.0.1:${bridge.port}/events`, protocols, {
        ...(options.origin ? { origin: options.origin } : {}),
        ...(options.host ? { headers: { Host: options.host } } : {}),
      });
      socket.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      socket.once('open', () => {
        socket.close();
        resolve(101);
      });
      socket.once('error', () => undefined);
    });

  beforeEach(async () => {
    staticDir = makeTempDir('switchboard-static-');
    writeFileSync(join(staticDir.path, 'index.html'), '<!doctype html><title>Switchboard</title>');
    bridge = await startOperatorBridge({
      service: createOperatorService(handlers, new EventBus()),
      port: 0,
      staticDir: staticDir.path,
      logger: silentLogger,
      hub: { token: hubToken, host: '127.0.0.1' },
    });
  });

  afterEach(async () => {
    await bridge.close();
    staticDir.cleanup();
  });

  it('takes the token from the environment, under any host name a proxy gives it', async () => {
    expect(bridge.token).toBe(hubToken);
    // The address to open carries no token: the console asks for it.
    expect(bridge.url).toBe(`http://127.0.0.1:${bridge.port}/`);

    const host = 'switchboard.example.com';
    const signedIn = await post({ Authorization: `Bearer ${hubToken}`, Host: host });
    expect(signedIn.status).toBe(200);
    expect(JSON.parse(signedIn.body)).toMatchObject({ mode: 'demo' });

    const without = await post({ Host: host });
    expect(without.status).toBe(401);
    expect(JSON.parse(without.body).message).toContain('SWITCHBOARD_HUB_TOKEN');
    expect(without.body).not.toContain(hubToken);
    expect((await post({ Authorization: `Bearer ${hubToken}x`, Host: host })).status).toBe(401);
    expect((await post({ Authorization: hubToken, Host: host })).status).toBe(401);

    // The console's page itself holds no data and loads for anyone who reaches the hub.
    expect((await send(bridge.port, { path: '/', headers: { Host: host } })).status).toBe(200);
  });

  it("accepts a page of the hub's own origin and refuses any other site, token or not", async () => {
    const host = 'switchboard.example.com';
    const auth = { Authorization: `Bearer ${hubToken}`, Host: host };
    expect((await post({ ...auth, Origin: `https://${host}` })).status).toBe(200);
    expect((await post({ ...auth, Origin: 'https://evil.example' })).status).toBe(403);
  });

  it('opens the event socket only with the token, from its own origin', async () => {
    const origin = `http://127.0.0.1:${bridge.port}`;
    expect(await upgradeStatus(['switchboard.v1', `bearer.${hubToken}`], { origin })).toBe(101);
    expect(await upgradeStatus(['switchboard.v1'], { origin })).toBe(401);
    expect(await upgradeStatus(['switchboard.v1', 'bearer.wrong'], { origin })).toBe(401);
    expect(
      await upgradeStatus(['switchboard.v1', `bearer.${hubToken}`], {
        origin: 'https://evil.example',
      }),
    ).toBe(403);
  });

  it("lets the page's sockets reach the hub under the proxy's name (CSP connect-src 'self')", async () => {
    const index = await send(bridge.port, { path: '/' });
    const csp = index.headers['content-security-policy'] ?? '';
    expect(csp).toContain("connect-src 'self';");
    expect(csp).not.toMatch(/ws:|https:|http:/);
  });
});
