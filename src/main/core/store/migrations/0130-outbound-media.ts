import type { Migration } from './types';

/**
 * Pictures and PDFs the operator sends (issue 16, item 8).
 *
 * `staged_media`: what the operator attached in a conversation's composer and has not sent yet.
 * The bytes are already in the media folder (by hash) when the row is written, so nothing
 * attached is lost to a restart or a failed send; the row goes when the message that carries it
 * is queued (its rows move to `message_media`), when the operator removes it, or with its
 * conversation.
 *
 * `message_media.direction`: an outbound attachment is a row like an inbound one, `kept` from the
 * start (the laptop had it first), so the thread shows both the same way. Every row before this
 * migration is inbound, which is the default.
 *
 * `serve_token_hash`, `serve_until`: Twilio fetches an outbound attachment from a public URL, so
 * each send attempt gives each item a random token, served at `/media-out/<token>` until
 * `serve_until` or the message's final status. Only the token's SHA-256 is stored: the database
 * (and every backup of it) never holds a link that works.
 */
export const migration0130: Migration = {
  version: 130,
  name: 'outbound media',
  up(db) {
    db.exec(`
      ALTER TABLE message_media ADD COLUMN direction TEXT NOT NULL DEFAULT 'inbound'
        CHECK (direction IN ('inbound', 'outbound'));
      ALTER TABLE message_media ADD COLUMN serve_token_hash TEXT;
      ALTER TABLE message_media ADD COLUMN serve_until INTEGER;
      CREATE UNIQUE INDEX message_media_by_serve_token ON message_media (serve_token_hash)
        WHERE serve_token_hash IS NOT NULL;

      CREATE TABLE staged_media (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
        sha256 TEXT NOT NULL,
        content_type TEXT NOT NULL,            -- sniffed from the bytes, never the file's name
        size INTEGER NOT NULL,
        created_at INTEGER NOT NULL
      );
      CREATE INDEX staged_media_by_conversation ON staged_media (conversation_id);
      CREATE INDEX staged_media_by_sha256 ON staged_media (sha256);
    `);
  },
};
