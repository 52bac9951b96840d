/**
 * The floor: a bare node:http server that reads the body and answers the empty TwiML, with no
 * signature check and no storage. Not a competitor; it shows what HTTP alone costs on this machine
 * with this client, i.e. the most any webhook handler here could reach. Opt-in:
 * `npm run bench -- --targets floor,switchboard,baseline`.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

const EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, {
      'content-type': 'text/xml',
      'content-length': Buffer.byteLength(EMPTY_TWIML),
    });
    res.end(EMPTY_TWIML);
  });
});
server.keepAliveTimeout = 5_000;
server.listen(Number(process.env.SWITCHBOARD_WEBHOOK_PORT ?? 0), '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  process.stdout.write(
    `${JSON.stringify({ ready: true, webhookUrl: `http://127.0.0.1:${port}` })}\n`,
  );
});
process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
