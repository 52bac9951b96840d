/** How the instrumented ingest thread reports each group-commit flush to instrumentedCore.ts. */
export const FLUSH_CHANNEL = 'switchboard-bench-flushes';

export interface FlushFigure {
  size: number;
  ms: number;
}
