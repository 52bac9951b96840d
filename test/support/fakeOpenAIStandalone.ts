/**
 * The fake OpenAI-compatible server as a process, for end-to-end tests:
 *   tsx test/support/fakeOpenAIStandalone.ts [--port 0] [--token-delay-ms 20]
 * Prints one line {"ready":true,"url":"http://127.0.0.1:PORT/v1"} on stdout when it listens.
 * Steer it over HTTP: POST /__control/fault {"fault":{"kind":"unauthorized"},"options":{"times":1}},
 * POST /__control/reply {"reply":"..."}, POST /__control/reset, POST /__control/requests.
 */
import { startFakeOpenAI } from './fakeOpenAI';

const arg = (name: string) => {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
};

const fake = await startFakeOpenAI({
  port: Number(arg('--port') ?? process.env.FAKE_OPENAI_PORT ?? 0),
  tokenDelayMs: Number(arg('--token-delay-ms') ?? process.env.FAKE_OPENAI_TOKEN_DELAY_MS ?? 15),
});
process.stdout.write(`${JSON.stringify({ ready: true, url: fake.url })}\n`);

const stop = () => {
  void fake.close().then(() => process.exit(0));
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
