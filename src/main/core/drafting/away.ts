/**
 * The "away" switch: while on, a customer who writes gets the away reply (closedReply.ts), as when
 * the business is closed, once per conversation until it is switched off. Kept in the settings
 * table with the moment it was switched on: that moment starts the away period.
 */
import { z } from 'zod';
import type { AwayState } from '../../../shared/types';
import { audit } from '../store/audit';
import type { Db } from '../store/database';
import type { EventBus } from '../events';
import { getSetting, setSetting } from '../store/settings';

export const AWAY_SETTINGS_KEY = 'away';

const storedAway = z.object({ since: z.number().int().nonnegative() }).nullable();

export function readAway(db: Db): AwayState {
  const stored = storedAway.safeParse(getSetting(db, AWAY_SETTINGS_KEY) ?? null);
  const since = stored.success ? (stored.data?.since ?? null) : null;
  return { on: since !== null, since };
}

/**
 * Switches away on or off, audited, and tells the consoles (`away:changed`) when it changed;
 * returns the new state (unchanged when it was already so).
 */
export function setAway(db: Db, args: { on: boolean; now: number; events: EventBus }): AwayState {
  const before = readAway(db);
  if (before.on === args.on) return before;
  db.transaction(() => {
    setSetting(db, AWAY_SETTINGS_KEY, args.on ? { since: args.now } : null, args.now);
    audit(db, {
      actor: 'operator',
      action: args.on ? 'settings.away_on' : 'settings.away_off',
      now: args.now,
    });
  })();
  const after = readAway(db);
  args.events.emit('away:changed', after);
  return after;
}
