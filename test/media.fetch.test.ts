import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fetchMedia, MediaFetchError, type MediaAccount } from '../src/main/core/media/fetchMedia';
import { makeTempDir } from './support/tempDir';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** A real HTTP server on loopback whose handler each test sets. */
async function listen(handler: { current: Handler }): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => handler.current(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

const picture = Buffer.from('\x89PNG\r\n\x1a\n a small picture, as bytes', 'binary');
const sha = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

describe('fetching an attachment onto the laptop', () => {
  // "carrier" plays Twilio's API (basic auth, redirects); "storage" plays where it redirects to.
  const carrier = { current: (() => {}) as Handler };
  const storage = { current: (() => {}) as Handler };
  let servers: Server[] = [];
  let carrierUrl = '';
  let storageUrl = '';
  let account: MediaAccount;
  let dir: ReturnType<typeof makeTempDir>;
  const seenAuth: Array<string | undefined> = [];

  beforeEach(async () => {
    const a = await listen(carrier);
    const b = await listen(storage);
    servers = [a.server, b.server];
    carrierUrl = a.url;
    storageUrl = b.url;
    account = { apiBaseUrl: carrierUrl, accountSid: 'AC' + '1'.repeat(32), authToken: 'secret' };
    dir = makeTempDir();
    seenAuth.length = 0;
    const expected = 'Basic ' + Buffer.from(`${account.accountSid}:secret`).toString('base64');
    carrier.current = (req, res) => {
      if (req.headers.authorization !== expected) return void res.writeHead(401).end();
      res.writeHead(307, { location: `${storageUrl}/signed/${req.url!.split('/').pop()}` }).end();
    };
    storage.current = (req, res) => {
      seenAuth.push(req.headers.authorization);
      res.writeHead(200, { 'content-type': 'image/png' }).end(picture);
    };
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    dir.cleanup();
  });

  const mediaUrl = () => `${carrierUrl}/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1`;
  const fetchIt = (maxBytes = 5_000_000) =>
    fetchMedia(mediaUrl(), { account, mediaDir: join(dir.path, 'media'), maxBytes });

  it('signs in at the carrier, follows its redirect without the credentials, and keeps the bytes by their hash', async () => {
    const stored = await fetchIt();
    expect(stored).toMatchObject({
      sha256: sha(picture),
      size: picture.length,
      contentType: 'image/png',
      kind: 'image',
    });
    const onDisk = join(dir.path, 'media', stored.relativePath);
    expect(readFileSync(onDisk)).toEqual(picture);
    expect(seenAuth).toEqual([undefined]); // the storage host never saw the account's token
    if (process.platform !== 'win32') expect(statSync(onDisk).mode & 0o777).toBe(0o600);

    // The same picture again is the same file, kept once, with no stray temporary file.
    const again = await fetchIt();
    expect(again.relativePath).toBe(stored.relativePath);
    expect(readdirSync(join(dir.path, 'media')).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('refuses an attachment over the size cap, declared or not, and leaves nothing behind', async () => {
    await expect(fetchIt(10)).rejects.toMatchObject({ retryable: false, message: /larger than/ });
    storage.current = (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/png' }); // chunked: no length declared
      res.write(picture);
      res.end(picture);
    };
    await expect(fetchIt(picture.length + 1)).rejects.toMatchObject({ retryable: false });
    expect(readdirSync(join(dir.path, 'media'))).toEqual([]);
  });

  it('keeps a type it will not render as a plain file', async () => {
    storage.current = (_req, res) => {
      res.writeHead(200, { 'content-type': 'image/svg+xml' }).end('<svg onload="alert(1)"/>');
    };
    expect(await fetchIt()).toMatchObject({ contentType: 'image/svg+xml', kind: 'file' });
  });

  it('says what to do when the credentials are refused, and that a deleted copy is gone', async () => {
    account = { ...account, authToken: 'wrong' };
    const refused = await fetchIt().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(MediaFetchError);
    expect(refused).toMatchObject({ retryable: false, message: /Auth Token in Settings/ });

    account = { ...account, authToken: 'secret' };
    storage.current = (_req, res) => void res.writeHead(404).end();
    await expect(fetchIt()).rejects.toMatchObject({ retryable: false, message: /no longer on/ });
  });

  it('tries a cut connection once more at once, so a stale kept-alive socket costs no backoff', async () => {
    let cuts = 1;
    const serve = storage.current;
    storage.current = (req, res) => {
      if (cuts-- > 0) return void req.socket.destroy();
      serve(req, res);
    };
    expect(await fetchIt()).toMatchObject({ sha256: sha(picture), kind: 'image' });
  });

  it('reports a carrier that is down or busy as worth another try', async () => {
    carrier.current = (_req, res) => void res.writeHead(503).end();
    await expect(fetchIt()).rejects.toMatchObject({ retryable: true, message: /busy/ });
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
    await expect(fetchIt()).rejects.toMatchObject({
      retryable: true,
      message: /could not be reached/,
    });
  });
});
