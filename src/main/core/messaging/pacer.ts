/**
 * Outbound pacing per sender. A US long code sends about one segment per second; Twilio queues
 * the rest for up to the validity period and then drops them. Pacing here keeps our own durable
 * queue, not Twilio's, as the buffer, so nothing expires unseen.
 */
export class SenderPacer {
  private readonly nextSlot = new Map<string, number>();

  constructor(
    private readonly messagesPerSecond: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Resolves when `sender` may send its next message; reserves that slot. */
  async wait(sender: string, signal?: AbortSignal): Promise<void> {
    const interval = 1000 / Math.max(0.01, this.messagesPerSecond());
    const now = this.now();
    const slot = Math.max(now, this.nextSlot.get(sender) ?? 0);
    this.nextSlot.set(sender, slot + interval);
    const delay = slot - now;
    if (delay <= 0) return;
    await new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason as Error);
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, delay);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
