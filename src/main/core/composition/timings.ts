import type { BackoffPolicy } from '../queue/backoff';

/**
 * The waits tests shorten, in one object (`AppDeps.timings`). Each field left out keeps the
 * default of the module that owns that wait, named there; production passes none.
 */
export interface Timings {
  /** Demo mode: the simulator's delay between status callbacks (default 250 ms). */
  simulatorCallbackDelayMs?: number;
  /** How long a carrier request may take before it counts as lost. */
  carrierTimeoutMs?: number;
  /** Retry timing of the job queue (default: each job kind's own policy, queue/jobKinds.ts). */
  jobBackoff?: BackoffPolicy;
  /** How long the AI model may stay silent before a draft attempt times out. */
  draftTimeoutMs?: number;
  /** Replaces the operator's auto-send countdown (Settings). */
  autoSendDelayMs?: number;
  /** When the backup/retention scheduler first checks what is due (default a minute after start). */
  recordsFirstCheckMs?: number;
  /** Reconnect timing of the ngrok tunnel. */
  tunnelBackoff?: BackoffPolicy;
  /** How often the notifier looks for customers left waiting (default a minute). */
  notifyCheckMs?: number;
}
