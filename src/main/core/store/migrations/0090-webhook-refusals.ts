import type { Migration } from './types';

/**
 * Refused webhooks cost nothing lasting. Anyone who finds the tunnel's address can send it
 * anything: 3,000 unsigned 61 KB posts grew the store by 97 MB, because each refused request was
 * kept whole, forever. Refused requests now keep a short summary (webhooks/refusalLog.ts), and
 * beyond a rate only a count per minute, here. `webhook_log_refused` finds the refused rows for
 * their shorter retention without walking the accepted ones.
 */
export const migration0090: Migration = {
  version: 90,
  name: 'webhook refusals',
  up(db) {
    db.exec(`
      CREATE TABLE webhook_refusal_counts (
        minute INTEGER PRIMARY KEY,            -- start of the minute, ms since the epoch
        refused INTEGER NOT NULL               -- refused requests beyond the logged ones
      );
      CREATE INDEX webhook_log_refused ON webhook_log (received_at) WHERE status_code <> 200;
    `);
  },
};
