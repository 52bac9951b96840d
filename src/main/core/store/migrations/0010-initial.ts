import type { Migration } from './types';

/**
 * The first schema. Timestamps are INTEGER milliseconds since the epoch; JSON is stored as TEXT.
 * SQL stays portable where it costs nothing (no SQLite-only types), so the same repositories can
 * later run on PostgreSQL; FTS5 is the one SQLite-specific part and lives behind search functions.
 */
export const migration0010: Migration = {
  version: 10,
  name: 'initial schema',
  up(db) {
    db.exec(`
      CREATE TABLE contacts (
        id INTEGER PRIMARY KEY,
        address TEXT NOT NULL UNIQUE,          -- E.164, or the raw address when it is not a phone number
        raw_address TEXT NOT NULL,             -- as first received, e.g. 'whatsapp:+1415…'
        name TEXT,
        notes TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        language TEXT,
        opted_out INTEGER NOT NULL DEFAULT 0,
        opted_out_at INTEGER,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );

      CREATE TABLE conversations (
        id INTEGER PRIMARY KEY,
        contact_id INTEGER NOT NULL REFERENCES contacts(id),
        channel TEXT NOT NULL CHECK (channel IN ('sms', 'whatsapp')),
        business_number TEXT NOT NULL,
        unread_count INTEGER NOT NULL DEFAULT 0,
        last_activity_at INTEGER NOT NULL,
        last_message_id INTEGER,
        state TEXT NOT NULL DEFAULT 'open' CHECK (state IN ('open', 'closed')),
        category TEXT,
        priority TEXT,
        ai_mode TEXT NOT NULL DEFAULT 'draft' CHECK (ai_mode IN ('off', 'draft', 'auto')),
        created_at INTEGER NOT NULL,
        UNIQUE (contact_id, channel, business_number)
      );
      CREATE INDEX conversations_by_activity ON conversations (last_activity_at DESC, id DESC);

      CREATE TABLE messages (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id),
        direction TEXT NOT NULL CHECK (direction IN ('inbound', 'outbound')),
        author TEXT NOT NULL CHECK (author IN ('customer', 'operator', 'draft', 'auto')),
        provider_sid TEXT UNIQUE,              -- NULL until the carrier accepted an outbound message
        from_address TEXT NOT NULL,
        to_address TEXT NOT NULL,
        body TEXT NOT NULL,
        media TEXT NOT NULL DEFAULT '[]',      -- JSON [{url, contentType}]
        num_segments INTEGER,
        encoding TEXT,
        status TEXT NOT NULL,
        error_code INTEGER,
        error_message TEXT,
        language TEXT,
        draft_id INTEGER,
        created_at INTEGER NOT NULL,           -- when we stored it (received, or decided to send)
        provider_created_at INTEGER,           -- when the carrier says it happened
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX messages_by_conversation ON messages (conversation_id, id);
      CREATE INDEX messages_by_status ON messages (direction, status);

      -- Full-text search over bodies, kept in step by triggers (external content table).
      CREATE VIRTUAL TABLE messages_fts USING fts5(
        body, content='messages', content_rowid='id', tokenize='unicode61 remove_diacritics 2'
      );
      CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
        INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
      END;
      CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
      END;
      CREATE TRIGGER messages_fts_update AFTER UPDATE OF body ON messages BEGIN
        INSERT INTO messages_fts (messages_fts, rowid, body) VALUES ('delete', old.id, old.body);
        INSERT INTO messages_fts (rowid, body) VALUES (new.id, new.body);
      END;

      CREATE TABLE message_events (
        id INTEGER PRIMARY KEY,
        message_sid TEXT NOT NULL,             -- kept even when no message has this SID yet
        message_id INTEGER REFERENCES messages(id),
        status TEXT NOT NULL,
        error_code INTEGER,
        raw TEXT NOT NULL,                     -- the callback's parameters as received (JSON)
        applied INTEGER NOT NULL,              -- 1 when it moved the message forward
        received_at INTEGER NOT NULL
      );
      CREATE INDEX message_events_by_sid ON message_events (message_sid, id);

      CREATE TABLE drafts (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations(id),
        reply_to_message_id INTEGER NOT NULL REFERENCES messages(id),
        provider TEXT NOT NULL,
        model TEXT,
        state TEXT NOT NULL CHECK (state IN
          ('generating', 'ready', 'approved', 'edited', 'rejected', 'failed', 'superseded')),
        text_generated TEXT NOT NULL DEFAULT '',
        text_sent TEXT,
        instruction TEXT,
        language TEXT,
        category TEXT,
        prompt_tokens INTEGER,
        completion_tokens INTEGER,
        latency_ms INTEGER,
        error TEXT,
        reject_reason TEXT,
        created_at INTEGER NOT NULL,
        decided_at INTEGER
      );
      CREATE INDEX drafts_by_conversation ON drafts (conversation_id, id);

      CREATE TABLE jobs (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        payload TEXT NOT NULL,
        state TEXT NOT NULL CHECK (state IN ('queued', 'running', 'done', 'dead')),
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        run_after INTEGER NOT NULL,
        lease_owner TEXT,
        lease_expires_at INTEGER,
        last_error TEXT,
        dedupe_key TEXT UNIQUE,
        created_at INTEGER NOT NULL,
        updated_at INTEGER NOT NULL
      );
      CREATE INDEX jobs_ready ON jobs (state, run_after);

      CREATE TABLE webhook_log (
        id INTEGER PRIMARY KEY,
        received_at INTEGER NOT NULL,
        route TEXT NOT NULL,
        method TEXT NOT NULL,
        headers TEXT NOT NULL,                 -- JSON of the headers that matter
        raw_body TEXT,                         -- NULL when refused before reading (oversized)
        signature TEXT NOT NULL CHECK (signature IN ('valid', 'invalid', 'missing', 'not-checked')),
        status_code INTEGER NOT NULL,
        outcome TEXT NOT NULL,                 -- one line: what we did with it
        message_sid TEXT
      );
      CREATE INDEX webhook_log_by_time ON webhook_log (received_at);

      CREATE TABLE audit_log (
        id INTEGER PRIMARY KEY,
        at INTEGER NOT NULL,
        actor TEXT NOT NULL,                   -- operator, customer, system
        action TEXT NOT NULL,                  -- area.verb, e.g. contact.opted_out
        subject_type TEXT,
        subject_id INTEGER,
        details TEXT NOT NULL DEFAULT '{}'
      );
      CREATE INDEX audit_log_by_time ON audit_log (at);

      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,                   -- JSON; never a secret
        updated_at INTEGER NOT NULL
      );
    `);
  },
};
