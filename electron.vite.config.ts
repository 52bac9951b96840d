import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { rendererConfig } from './vite.renderer.config';

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  main: {
    build: {
      outDir: fromRoot('./out/main'),
      // The reader thread is its own entry, emitted beside index.js (see core/threads/readerPool.ts).
      lib: {
        entry: {
          index: fromRoot('./src/main/index.ts'),
          readerThread: fromRoot('./src/main/core/threads/readerThread.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: fromRoot('./out/preload'),
      lib: { entry: fromRoot('./src/preload/index.ts') },
      // A sandboxed preload is a classic script: CommonJS, one file, nothing left to require
      // but 'electron'.
      externalizeDeps: false,
      rolldownOptions: {
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: rendererConfig,
});
