import type { Migration } from './types';

/**
 * WhatsApp templates and consent (issue 16, items 4 and 5).
 *
 * - `content_templates`: the account's content templates as the carrier last listed them, with
 *   their WhatsApp approval, so the composer shows and offers them offline. A refresh replaces
 *   the whole list in one transaction; when it was fetched lives in `settings`.
 * - `whatsapp_consent`: one row per contact who agreed to receive business-initiated WhatsApp
 *   messages: when, how, who recorded it, and when it was withdrawn (kept, never deleted, so the
 *   record shows what was true when a template went; every change is in the audit log too).
 * - `messages.content_sid` / `content_variables`: a message sent as a template goes to the carrier
 *   as ContentSid + ContentVariables (JSON); `body` holds the text as rendered for the thread.
 * - `drafts.template_sid` / `template_variables`: a draft that proposes a template (outside the
 *   window) instead of free text, approved, edited or rejected like any draft.
 */
export const migration0120: Migration = {
  version: 120,
  name: 'whatsapp templates and consent',
  up(db) {
    db.exec(`
      CREATE TABLE content_templates (
        sid TEXT PRIMARY KEY,                  -- HX…
        position INTEGER NOT NULL,             -- the carrier's order
        friendly_name TEXT NOT NULL,
        language TEXT NOT NULL,
        body TEXT NOT NULL,                    -- twilio/text body with {{1}} placeholders
        variables TEXT NOT NULL DEFAULT '{}',  -- JSON: the template's sample value per placeholder
        whatsapp_status TEXT NOT NULL,         -- approved, pending, rejected, unsubmitted, paused…
        rejection_reason TEXT,
        category TEXT
      ) WITHOUT ROWID;

      CREATE TABLE whatsapp_consent (
        contact_id INTEGER PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
        method TEXT NOT NULL
          CHECK (method IN ('customer-wrote-first', 'web-form', 'in-person', 'other')),
        note TEXT,
        recorded_by TEXT NOT NULL,
        recorded_at INTEGER NOT NULL,
        withdrawn_at INTEGER
      );

      ALTER TABLE messages ADD COLUMN content_sid TEXT;
      ALTER TABLE messages ADD COLUMN content_variables TEXT;
      ALTER TABLE drafts ADD COLUMN template_sid TEXT;
      ALTER TABLE drafts ADD COLUMN template_variables TEXT;
    `);
  },
};
