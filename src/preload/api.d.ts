import type { OperatorApi } from '../shared/contract';

declare global {
  interface Window {
    /** Present in the Electron window only (set by the preload); absent in a plain browser. */
    switchboard?: OperatorApi;
  }
}

export {};
