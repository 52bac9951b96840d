import type { Migration } from './types';

/**
 * Sending: what the send worker needs to never send twice and to tell a retry from a first try.
 */
export const migration0020: Migration = {
  version: 20,
  name: 'sending',
  up(db) {
    db.exec(`
      -- Set (and committed) just before a request to the carrier leaves. If a later attempt finds
      -- it set without a SID, the request may have reached the carrier: reconcile before resending.
      ALTER TABLE messages ADD COLUMN send_started_at INTEGER;
      -- How many requests to the carrier were started; above 1 means the operator sees "retried".
      ALTER TABLE messages ADD COLUMN send_attempts INTEGER NOT NULL DEFAULT 0;
      -- Operator retries of a failed send (a fresh series of attempts).
      ALTER TABLE messages ADD COLUMN manual_retries INTEGER NOT NULL DEFAULT 0;
      -- A resend of a message the carrier accepted but could not deliver is a new message that
      -- points at the one it retries, so the record keeps both.
      ALTER TABLE messages ADD COLUMN retry_of INTEGER REFERENCES messages(id);
      -- For messages scheduled to go later (status 'scheduled' until then).
      ALTER TABLE messages ADD COLUMN scheduled_for INTEGER;
      CREATE INDEX messages_scheduled ON messages (conversation_id, status) WHERE status = 'scheduled';
    `);
  },
};
