/**
 * Work found waiting at start (draft jobs left by the last run, or queued while the app was shut)
 * waits until the console has had its first answers: when the operator opens Switchboard, the
 * inbox comes first and the backlog is drafted right after. The hold ends a moment after the
 * first operator command is answered (the console sends its first few together), or after
 * `maxMs` when no console connects (serve mode without a browser, a laptop that restarted
 * unattended). The app holds a whole job kind, so a text that arrives in those first moments
 * waits with the backlog (two seconds at most); with nothing waiting at start, nothing is held.
 */
export interface StartHoldOptions {
  /** Something was waiting at start; when false the hold is released from the outset. */
  active: boolean;
  /** The longest the backlog waits for a console. */
  maxMs: number;
  /** How long after the first answered command the backlog starts. */
  afterFirstCommandMs: number;
  /** Called once when the hold ends (the app wakes the worker). */
  onRelease: () => void;
}

export class StartHold {
  private released: boolean;
  private commandSeen = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: StartHoldOptions) {
    this.released = !options.active;
    if (!this.released) this.arm(options.maxMs);
  }

  get held(): boolean {
    return !this.released;
  }

  /** An operator command was answered: the backlog starts shortly. */
  commandAnswered(): void {
    if (this.released || this.commandSeen) return;
    this.commandSeen = true;
    this.arm(this.options.afterFirstCommandMs);
  }

  release(): void {
    if (this.released) return;
    this.released = true;
    clearTimeout(this.timer);
    this.options.onRelease();
  }

  close(): void {
    this.released = true;
    clearTimeout(this.timer);
  }

  private arm(ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.release(), ms);
    this.timer.unref();
  }
}

/** The same service, telling `hold` when each command has been answered (or refused). */
export function tellWhenAnswered<
  S extends { invoke(command: string, payload: unknown): Promise<unknown> },
>(service: S, hold: StartHold): S {
  return {
    ...service,
    invoke(command: string, payload: unknown) {
      const answer = service.invoke(command, payload);
      const answered = () => hold.commandAnswered();
      answer.then(answered, answered);
      return answer;
    },
  };
}
