/**
 * The words for a conversation's customer service window (WhatsApp's 24 hours), shared so the
 * core's refusals and the console's countdown, which ticks without asking the core, say the same.
 * The rule itself (how long, which channel) is the core's: `domain/channels.ts`.
 */

/** A conversation's window as the console receives it: when it closes, null if never opened. */
export interface ServiceWindowView {
  /** When free-form replies stop being allowed; null: the customer never wrote on this channel. */
  closesAt: number | null;
}

/** Below this the inbox row shows the countdown too, so a closing window is not missed. */
export const WINDOW_WARNING_MS = 4 * 60 * 60 * 1000;

export function windowIsOpen(window: ServiceWindowView, now: number): boolean {
  return window.closesAt !== null && now < window.closesAt;
}

/** "Window closes in 2 h", "Window closes in 35 min", "Window closed: templates only". */
export function describeWindowCountdown(window: ServiceWindowView, now: number): string {
  if (window.closesAt === null || now >= window.closesAt) return 'Window closed: templates only';
  const minutes = Math.max(1, Math.ceil((window.closesAt - now) / 60_000));
  if (minutes < 60) return `Window closes in ${minutes} min`;
  return `Window closes in ${Math.floor(minutes / 60)} h`;
}

/** "25 hours ago", "3 days ago": how long since the customer last wrote, for a refusal. */
export function describeSince(at: number, now: number): string {
  const hours = Math.floor((now - at) / 3_600_000);
  if (hours < 1) return 'less than an hour ago';
  if (hours < 48) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  return `${Math.floor(hours / 24)} days ago`;
}
