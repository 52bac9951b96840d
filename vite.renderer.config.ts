/**
 * The renderer build, shared by serve mode (`npm run build:web` uses this file directly) and the
 * Electron build (electron.vite.config.ts imports `rendererConfig`), so both ship the same bundle.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type UserConfig } from 'vite';

const fromRoot = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export const rendererConfig = {
  root: fromRoot('./src/renderer'),
  // Relative asset URLs work both from file:// (Electron) and from / (serve mode).
  base: './',
  plugins: [react()],
  build: {
    outDir: fromRoot('./out/renderer'),
    emptyOutDir: true,
    reportCompressedSize: false,
    // Stated rather than defaulted: electron-vite's renderer preset changes both, and the Electron
    // window and the browser should run the very same bundle.
    target: 'baseline-widely-available',
    minify: true,
    modulePreload: { polyfill: false },
  },
} satisfies UserConfig;

export default defineConfig(rendererConfig);
