/**
 * Local stand-ins for the services notifications go to: an HTTP server that records what it was
 * sent and answers like the service would (Slack's "ok", Discord's 204, Pushover's status JSON…),
 * and a real SMTP server (smtp-server) with STARTTLS and a login. Loopback, port 0, each test its own.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface RecordedPost {
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface HttpStandIn {
  url: string;
  posts: RecordedPost[];
  /** Resolves when the `n`th request (1-based) has arrived. */
  nth(n: number): Promise<RecordedPost>;
  /** How to answer from now on. */
  answer(fn: (post: RecordedPost, res: ServerResponse) => void): void;
  close(): Promise<void>;
}

export async function startHttpStandIn(
  answer: (post: RecordedPost, res: ServerResponse) => void = (_post, res) => res.end('ok'),
): Promise<HttpStandIn> {
  const posts: RecordedPost[] = [];
  const waiters: Array<{ n: number; resolve: (post: RecordedPost) => void }> = [];
  let respond = answer;
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      const post = { path: req.url ?? '/', headers: req.headers, body };
      posts.push(post);
      respond(post, res);
      for (const waiter of waiters.splice(0)) {
        if (posts.length >= waiter.n) waiter.resolve(posts[waiter.n - 1]!);
        else waiters.push(waiter);
      }
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    nth: (n) =>
      posts.length >= n
        ? Promise.resolve(posts[n - 1]!)
        : new Promise((resolve) => waiters.push({ n, resolve })),
    answer: (fn) => void (respond = fn),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ReceivedMail {
  from: string;
  to: string[];
  user: string | undefined;
  secure: boolean;
  data: string;
}

export interface SmtpStandIn {
  port: number;
  mails: ReceivedMail[];
  next(): Promise<ReceivedMail>;
  close(): Promise<void>;
}

/**
 * STARTTLS required before the login (or, with `tls`, TLS from the first byte, as on port 465);
 * the one account is `user` / `password`.
 */
export async function startSmtpStandIn(
  account: { user: string; password: string },
  options: { tls?: boolean } = {},
): Promise<SmtpStandIn> {
  const mails: ReceivedMail[] = [];
  const waiting: Array<(mail: ReceivedMail) => void> = [];
  const server = new SMTPServer({
    secure: options.tls ?? false,
    authMethods: ['PLAIN', 'LOGIN'],
    // Its built-in self-signed certificate: the test client is told to accept it.
    hideSTARTTLS: false,
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === account.user && auth.password === account.password) {
        callback(null, { user: auth.username });
      } else callback(new Error('Invalid username or password'));
    },
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (data += chunk));
      stream.on('end', () => {
        const mail: ReceivedMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          user: session.user as string | undefined,
          secure: session.secure,
          data,
        };
        mails.push(mail);
        waiting.shift()?.(mail);
        callback();
      });
    },
  });
  // A client that gives up mid-handshake (a security setting that does not match) is that test's
  // point, not the stand-in's failure.
  server.on('error', () => {});
  server.listen(0, '127.0.0.1');
  await once(server.server, 'listening');
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    mails,
    next: () => new Promise((resolve) => waiting.push(resolve)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
