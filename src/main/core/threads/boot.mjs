// Source mode only (tests, `tsx src/main/serve.ts`): a worker thread does not inherit the
// TypeScript loader of the thread that starts it, so this plain-JS file registers tsx and then
// loads the TypeScript entry. The desktop build runs the bundled readerThread.js directly.
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
