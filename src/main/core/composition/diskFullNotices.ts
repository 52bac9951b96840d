/**
 * A full disk is the one store failure the operator can fix, so it is said in words (once a minute
 * at most) while webhooks are answered 500. Twilio does not retry them: when a webhook is stored
 * again, catch-up fetches from Twilio what it could not deliver meanwhile.
 */
import type { EventBus } from '../events';
import type { Logger } from '../log';

const SAY_AT_MOST_EVERY_MS = 60_000;

export interface DiskFullNotices {
  /** A webhook could not be stored. */
  readonly failed: (error: unknown) => void;
  /** A webhook was stored: the store takes writes (again). */
  readonly stored: () => void;
}

export function diskFullNotices(deps: {
  events: EventBus;
  logger: Logger;
  now: () => number;
  /** Fetches what was refused while the disk was full. */
  catchUp: () => void;
}): DiskFullNotices {
  const { events, logger: log, now } = deps;
  let full = false;
  let saidAt = -Infinity;
  return {
    failed: (error) => {
      if ((error as { code?: unknown } | null)?.code !== 'SQLITE_FULL') return;
      full = true;
      if (now() - saidAt < SAY_AT_MOST_EVERY_MS) return;
      saidAt = now();
      log.error('disk full: webhooks are answered 500 until there is space again');
      events.emit('notice', {
        level: 'error',
        text: 'The disk is full: texts from customers cannot be saved right now. Twilio keeps them, and they are fetched from Twilio once texts can be saved again. Free some disk space; no restart is needed.',
      });
    },
    stored: () => {
      if (!full) return;
      full = false;
      saidAt = -Infinity;
      log.info('the store takes writes again: catching up on what was refused');
      events.emit('notice', {
        level: 'info',
        text: 'There is disk space again: texts are being saved, and those refused while the disk was full are being fetched from Twilio.',
      });
      deps.catchUp();
    },
  };
}
