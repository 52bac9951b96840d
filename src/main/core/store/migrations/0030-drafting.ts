import type { Migration } from './types';

/**
 * Drafting: what the draft worker, triage and auto-send need on top of the initial `drafts` table.
 */
export const migration0030: Migration = {
  version: 30,
  name: 'drafting',
  up(db) {
    db.exec(`
      -- Why a draft failed, as a stable code the UI can act on ('auth' points to Settings,
      -- 'no-suggestion' means the offline drafter found nothing that fits…); error keeps the words.
      ALTER TABLE drafts ADD COLUMN error_kind TEXT;
      -- Generation attempts (a retried job reuses its draft row).
      ALTER TABLE drafts ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
      -- The job that owns the generation: an older job that wakes up after a regenerate leaves it.
      ALTER TABLE drafts ADD COLUMN job_id INTEGER;
      -- Set while an auto-send countdown runs; cleared when the operator stops it.
      ALTER TABLE drafts ADD COLUMN auto_send_at INTEGER;
      ALTER TABLE drafts ADD COLUMN urgency TEXT;
      -- Offline drafts: what the suggestion came from ('template: Opening hours'…).
      ALTER TABLE drafts ADD COLUMN source TEXT;
      CREATE INDEX drafts_by_reply ON drafts (reply_to_message_id, id);
      CREATE INDEX drafts_auto_send ON drafts (auto_send_at) WHERE auto_send_at IS NOT NULL;

      -- Triage of each inbound message (the conversation keeps the latest in category/priority).
      ALTER TABLE messages ADD COLUMN category TEXT;
      ALTER TABLE messages ADD COLUMN urgency TEXT;
      CREATE INDEX conversations_by_category ON conversations (category, last_activity_at DESC);
    `);
  },
};
