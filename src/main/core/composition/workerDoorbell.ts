/**
 * "Work was queued": the console sees the new queue figures and the worker looks for work now.
 *
 * The parts that queue work exist before the worker that runs it (drafting queues sends and the
 * worker runs drafting's jobs; the webhook listener queues drafts and starts first), so they ring
 * this bell and the worker answers it once built. The worker runs nothing before `start` anyway,
 * so a ring before then changes nothing.
 */
export class WorkerDoorbell {
  private worker: { wake(): void } | undefined;

  constructor(private readonly queueChanged: () => void) {}

  /** The worker answers from now on. */
  answeredBy(worker: { wake(): void }): void {
    this.worker = worker;
  }

  /** A job was queued (or requeued): new figures, and the worker looks now. */
  readonly queued = (): void => {
    this.queueChanged();
    this.worker?.wake();
  };

  /** Only look for work (held jobs were released; the figures did not change). */
  readonly wake = (): void => {
    this.worker?.wake();
  };
}
