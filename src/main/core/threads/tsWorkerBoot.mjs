// Runs a TypeScript worker entry from source (serve mode through tsx, Vitest, the benchmark):
// on Node 20 a worker thread does not inherit the parent's tsx loader, so it registers its own.
// The desktop build never comes here: its worker entries are compiled to JavaScript.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.tsEntry);
