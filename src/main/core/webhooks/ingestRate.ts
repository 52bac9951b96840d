/**
 * How many webhooks were stored per second just now. Background work that can wait (drafting)
 * asks it to stand aside while a flood is being acknowledged: every second spent drafting during
 * a flood is a second of webhooks waiting for their answer, and Twilio gives up after 15 s.
 *
 * Two fixed windows of `windowMs`: the rate covers the previous window and the current one, so it
 * falls to zero within two windows after the flood ends.
 */
export class IngestRate {
  private windowStart = 0;
  private current = 0;
  private previous = 0;

  constructor(
    // A monotonic clock: this is about load on the machine, not business time.
    private readonly now: () => number = () => performance.now(),
    private readonly windowMs = 100,
  ) {}

  record(count = 1): void {
    this.roll();
    this.current += count;
  }

  perSecond(): number {
    this.roll();
    const span = this.windowMs + (this.now() - this.windowStart);
    return ((this.previous + this.current) * 1000) / span;
  }

  private roll(): void {
    const at = this.now();
    const elapsed = at - this.windowStart;
    if (elapsed < this.windowMs) return;
    this.previous = elapsed < 2 * this.windowMs ? this.current : 0;
    this.current = 0;
    this.windowStart = at - (elapsed % this.windowMs);
  }
}
