import type { Migration } from './types';

/**
 * Notifications to the operator away from the laptop (issue 17 item 5), and translations for the
 * operator (item 6).
 *
 * `notifications` holds one row per cause ("customer waiting since message 812", "hand-off on
 * message 840", "send of message 901 failed"): `cause` is unique, so a cause seen again — after a
 * restart, or by a second check — inserts nothing and notifies nobody twice. The text is composed
 * when delivered, from the conversation as it is then (retention-safe: no message body kept here).
 * `notification_deliveries` is one row per notification and channel, with where its `notify` job
 * stands; Health lists the ones retrying or given up (`notification_deliveries_trouble`).
 *
 * `translations` caches what the model translated, by the text's hash and the target language,
 * so a message translated once is shown again without the model.
 */
export const migration0160: Migration = {
  version: 160,
  name: 'notifications and translations',
  up(db) {
    db.exec(`
      CREATE TABLE notifications (
        id INTEGER PRIMARY KEY,
        cause TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('waiting', 'handoff', 'send-failed')),
        conversation_id INTEGER,
        message_id INTEGER,
        detail TEXT NOT NULL DEFAULT '',       -- the hand-off rule's reason, in words
        created_at INTEGER NOT NULL
      );
      CREATE TABLE notification_deliveries (
        notification_id INTEGER NOT NULL REFERENCES notifications(id) ON DELETE CASCADE,
        channel_id INTEGER NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'retrying', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (notification_id, channel_id)
      ) WITHOUT ROWID;
      CREATE INDEX notification_deliveries_trouble ON notification_deliveries (updated_at)
        WHERE state IN ('retrying', 'failed');

      CREATE TABLE translations (
        text_hash TEXT NOT NULL,               -- SHA-256 of the source text
        language TEXT NOT NULL,                -- ISO 639-1 of the translation
        text TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        PRIMARY KEY (text_hash, language)
      ) WITHOUT ROWID;
    `);
  },
};
