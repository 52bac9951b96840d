import type { Migration } from './types';

/**
 * Every inbound attachment kept on the laptop (issue 16). Until now an MMS kept only its carrier
 * URLs (the `messages.media` JSON): when Twilio deleted its copy, the picture was gone. Each item
 * now has a row here, in the order the carrier listed it, with where it stands: `waiting` to be
 * downloaded, `kept` (its bytes in the media folder under `sha256`), `failed` or `too-large`
 * (with the reason in words). `messages.media` stays as the carrier's record of the message.
 *
 * Rows go with their message (ON DELETE CASCADE), so retention and restores need no new step.
 * `message_media_by_sha256` finds a kept file's type when the console asks for it by its hash.
 *
 * Inbound messages stored before this migration get their rows and a `media` job here, so an MMS
 * from before the upgrade is kept too while Twilio still has it (max_attempts is the `media` kind's
 * at the time of writing: a migration never changes, even if the kind's policy does).
 */
export const migration0110: Migration = {
  version: 110,
  name: 'message media',
  up(db) {
    db.exec(`
      CREATE TABLE message_media (
        message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
        position INTEGER NOT NULL,             -- 0 for MediaUrl0, in the carrier's order
        carrier_url TEXT NOT NULL,
        content_type TEXT NOT NULL,            -- as the carrier declared it, then as it served it
        state TEXT NOT NULL DEFAULT 'waiting'
          CHECK (state IN ('waiting', 'kept', 'failed', 'too-large')),
        sha256 TEXT,                           -- set once kept: the file's name in the media folder
        size INTEGER,                          -- bytes, once kept
        error TEXT,                            -- why it is not kept (yet), in words
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL,
        PRIMARY KEY (message_id, position)
      ) WITHOUT ROWID;
      CREATE INDEX message_media_by_sha256 ON message_media (sha256) WHERE sha256 IS NOT NULL;

      INSERT INTO message_media (message_id, position, carrier_url, content_type, created_at,
          updated_at)
        SELECT m.id, CAST(item.key AS INTEGER), json_extract(item.value, '$.url'),
               COALESCE(json_extract(item.value, '$.contentType'), 'application/octet-stream'),
               m.created_at, m.created_at
        FROM messages m, json_each(m.media) item
        WHERE m.direction = 'inbound' AND m.media <> '[]'
          AND json_extract(item.value, '$.url') IS NOT NULL;

      INSERT INTO jobs (kind, payload, state, max_attempts, run_after, dedupe_key, created_at,
          updated_at)
        SELECT 'media', json_object('messageId', message_id), 'queued', 8,
               CAST(strftime('%s', 'now') AS INTEGER) * 1000, 'media:' || message_id,
               CAST(strftime('%s', 'now') AS INTEGER) * 1000,
               CAST(strftime('%s', 'now') AS INTEGER) * 1000
        FROM (SELECT DISTINCT message_id FROM message_media)
        WHERE true
        ON CONFLICT (dedupe_key) DO NOTHING;
    `);
  },
};
