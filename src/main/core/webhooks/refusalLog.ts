/**
 * How much of a refused request is kept. The public listener will be sent junk; what Twilio did
 * not sign must not cost lasting disk. A refused request keeps a short summary (route, verdict,
 * status, size, a few chosen headers, each cut short), and beyond `perMinute` summaries in a
 * minute only a count for that minute.
 */
import type { WebhookLogEntry } from '../store/webhookLog';

/** Summaries kept per minute before refusals are only counted. */
export const REFUSALS_LOGGED_PER_MINUTE = 60;

const MINUTE = 60_000;
const keptHeaders = ['user-agent', 'content-type', 'x-forwarded-for'] as const;
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max)}…` : text);

/** The summary of a refused request: a few hundred bytes at most, never its body. */
export function refusalSummary(
  entry: Omit<WebhookLogEntry, 'rawBody'> & { bodyBytes: number | null },
): WebhookLogEntry {
  const headers: Record<string, string> = {};
  for (const name of keptHeaders) {
    const value = entry.headers[name];
    if (value !== undefined) headers[name] = cut(value, 80);
  }
  if (entry.bodyBytes !== null) headers['body-bytes'] = String(entry.bodyBytes);
  return {
    receivedAt: entry.receivedAt,
    route: cut(entry.route, 120),
    method: cut(entry.method, 10),
    headers,
    rawBody: null,
    signature: entry.signature,
    statusCode: entry.statusCode,
    outcome: cut(entry.outcome, 160),
    messageSid: entry.messageSid,
  };
}

/** Decides which refusals get a summary; counts the rest per minute until they are flushed. */
export class RefusalRate {
  private minute = -1;
  private logged = 0;
  private readonly overflow = new Map<number, number>();

  constructor(private readonly perMinute = REFUSALS_LOGGED_PER_MINUTE) {}

  /** True when this refusal gets a summary row; false when it is only counted. */
  admit(now: number): boolean {
    const minute = now - (now % MINUTE);
    if (minute !== this.minute) {
      this.minute = minute;
      this.logged = 0;
    }
    if (this.logged < this.perMinute) {
      this.logged += 1;
      return true;
    }
    this.overflow.set(minute, (this.overflow.get(minute) ?? 0) + 1);
    return false;
  }

  /** The counts not yet written, oldest first; forgets them. */
  drain(): Array<{ minute: number; count: number }> {
    const counts = [...this.overflow].map(([minute, count]) => ({ minute, count }));
    this.overflow.clear();
    return counts.sort((a, b) => a.minute - b.minute);
  }

  get pending(): boolean {
    return this.overflow.size > 0;
  }
}
