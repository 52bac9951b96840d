/** Baseline triggers on PostgreSQL: SQLite's after migration 0170, as PL/pgSQL (see baseline.ts). */
export const baselineTriggers = `
-- Triggers: the same bookkeeping SQLite's triggers do (migrations 0050, 0060, 0080, 0100), as
-- PL/pgSQL. Row triggers of one event fire in name order on PostgreSQL, so the names keep the
-- order the counters rely on: a conversation's counts row is written (conversation_counts_insert)
-- before its flags are first set (conversation_flags_insert), whose update moves the counts.

-- needs_reply: the newest message is the customer's and the contact has not opted out;
-- failed_send: the newest message is ours and failed. Recomputed for the conversations a change
-- can move, and written only where a value changes (so the counts triggers see real changes).
CREATE FUNCTION sb_refresh_reply_flags(p_conversation BIGINT, p_contact BIGINT, p_message BIGINT)
RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE conversations c SET needs_reply = f.needs_reply, failed_send = f.failed_send
  FROM (
    SELECT c2.id,
      COALESCE((SELECT (m.direction = 'inbound')::int FROM messages m
                WHERE m.id = c2.last_message_id), 0)
      * COALESCE((SELECT (k.opted_out = 0)::int FROM contacts k WHERE k.id = c2.contact_id), 0)
        AS needs_reply,
      COALESCE((SELECT (m.direction = 'outbound' AND m.status IN ('failed', 'undelivered'))::int
                FROM messages m WHERE m.id = c2.last_message_id), 0) AS failed_send
    FROM conversations c2
    WHERE (p_conversation IS NULL OR c2.id = p_conversation)
      AND (p_contact IS NULL OR c2.contact_id = p_contact)
      AND (p_message IS NULL OR c2.last_message_id = p_message)
  ) f
  WHERE c.id = f.id
    AND (c.needs_reply IS DISTINCT FROM f.needs_reply OR c.failed_send IS DISTINCT FROM f.failed_send);
END $$;

CREATE FUNCTION sb_refresh_draft_flag(p_conversation BIGINT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  UPDATE conversations c
  SET draft_ready = (EXISTS (SELECT 1 FROM drafts d WHERE d.conversation_id = c.id AND d.state = 'ready'))::int
  WHERE c.id = p_conversation
    AND c.draft_ready IS DISTINCT FROM
      (EXISTS (SELECT 1 FROM drafts d WHERE d.conversation_id = c.id AND d.state = 'ready'))::int;
END $$;

-- Adds a conversation's figures to its category's counts (the row is made on first use).
CREATE FUNCTION sb_count_conversation(c conversations) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO conversation_counts (category, needs_reply, drafts, failed, unread)
  VALUES (COALESCE(c.category, ''), c.needs_reply, c.draft_ready, c.failed_send, c.unread_count)
  ON CONFLICT (category) DO UPDATE SET
    needs_reply = conversation_counts.needs_reply + excluded.needs_reply,
    drafts = conversation_counts.drafts + excluded.drafts,
    failed = conversation_counts.failed + excluded.failed,
    unread = conversation_counts.unread + excluded.unread;
END $$;

CREATE FUNCTION sb_conversation_counted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sb_count_conversation(NEW);
  RETURN NULL;
END $$;
CREATE TRIGGER conversation_counts_insert AFTER INSERT ON conversations
  FOR EACH ROW EXECUTE FUNCTION sb_conversation_counted();

-- A new conversation's flags, and again when it moves to another contact (a merge).
CREATE FUNCTION sb_conversation_flags() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sb_refresh_reply_flags(NEW.id, NULL, NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER conversation_flags_insert AFTER INSERT ON conversations
  FOR EACH ROW WHEN (NEW.last_message_id IS NOT NULL) EXECUTE FUNCTION sb_conversation_flags();
CREATE TRIGGER conversation_flags_latest AFTER UPDATE OF contact_id ON conversations
  FOR EACH ROW WHEN (OLD.contact_id IS DISTINCT FROM NEW.contact_id)
  EXECUTE FUNCTION sb_conversation_flags();

CREATE FUNCTION sb_message_status_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sb_refresh_reply_flags(NEW.conversation_id, NULL, NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER conversation_flags_message_update AFTER UPDATE OF status, direction ON messages
  FOR EACH ROW WHEN (OLD.direction IS DISTINCT FROM NEW.direction
    OR (OLD.direction = 'outbound' AND OLD.status IN ('failed', 'undelivered'))
       IS DISTINCT FROM (NEW.direction = 'outbound' AND NEW.status IN ('failed', 'undelivered')))
  EXECUTE FUNCTION sb_message_status_changed();

CREATE FUNCTION sb_message_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sb_refresh_reply_flags(OLD.conversation_id, NULL, OLD.id);
  DELETE FROM search_backlog WHERE message_id = OLD.id;
  DELETE FROM reply_examples WHERE inbound_id = OLD.id;
  RETURN NULL;
END $$;
CREATE TRIGGER conversation_flags_message_delete AFTER DELETE ON messages
  FOR EACH ROW EXECUTE FUNCTION sb_message_deleted();

CREATE FUNCTION sb_contact_consent_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM sb_refresh_reply_flags(NULL, NEW.id, NULL);
  RETURN NULL;
END $$;
CREATE TRIGGER conversation_flags_consent AFTER UPDATE OF opted_out ON contacts
  FOR EACH ROW WHEN (OLD.opted_out IS DISTINCT FROM NEW.opted_out)
  EXECUTE FUNCTION sb_contact_consent_changed();

CREATE FUNCTION sb_draft_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN PERFORM sb_refresh_draft_flag(OLD.conversation_id); END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN PERFORM sb_refresh_draft_flag(NEW.conversation_id); END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER conversation_flags_draft_insert AFTER INSERT ON drafts
  FOR EACH ROW WHEN (NEW.state = 'ready') EXECUTE FUNCTION sb_draft_changed();
CREATE TRIGGER conversation_flags_draft_update AFTER UPDATE OF state, conversation_id ON drafts
  FOR EACH ROW WHEN ((OLD.state = 'ready') IS DISTINCT FROM (NEW.state = 'ready')
    OR OLD.conversation_id IS DISTINCT FROM NEW.conversation_id)
  EXECUTE FUNCTION sb_draft_changed();
CREATE TRIGGER conversation_flags_draft_delete AFTER DELETE ON drafts
  FOR EACH ROW WHEN (OLD.state = 'ready') EXECUTE FUNCTION sb_draft_changed();

-- The counts per category follow every change of a conversation's flags, unread count or
-- category, and its deletion.
CREATE FUNCTION sb_conversation_counts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.category IS DISTINCT FROM NEW.category) THEN
    UPDATE conversation_counts SET
      needs_reply = needs_reply - OLD.needs_reply, drafts = drafts - OLD.draft_ready,
      failed = failed - OLD.failed_send, unread = unread - OLD.unread_count
    WHERE category = COALESCE(OLD.category, '');
    IF TG_OP = 'UPDATE' THEN PERFORM sb_count_conversation(NEW); END IF;
  ELSE
    UPDATE conversation_counts SET
      needs_reply = needs_reply + NEW.needs_reply - OLD.needs_reply,
      drafts = drafts + NEW.draft_ready - OLD.draft_ready,
      failed = failed + NEW.failed_send - OLD.failed_send,
      unread = unread + NEW.unread_count - OLD.unread_count
    WHERE category = COALESCE(NEW.category, '');
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER conversation_counts_recategorised AFTER UPDATE OF category ON conversations
  FOR EACH ROW WHEN (OLD.category IS DISTINCT FROM NEW.category)
  EXECUTE FUNCTION sb_conversation_counts_changed();
CREATE TRIGGER conversation_counts_delete AFTER DELETE ON conversations
  FOR EACH ROW EXECUTE FUNCTION sb_conversation_counts_changed();
CREATE TRIGGER conversation_counts_update
  AFTER UPDATE OF unread_count, needs_reply, draft_ready, failed_send ON conversations
  FOR EACH ROW WHEN (OLD.category IS NOT DISTINCT FROM NEW.category
    AND (OLD.unread_count IS DISTINCT FROM NEW.unread_count
      OR OLD.needs_reply IS DISTINCT FROM NEW.needs_reply
      OR OLD.draft_ready IS DISTINCT FROM NEW.draft_ready
      OR OLD.failed_send IS DISTINCT FROM NEW.failed_send))
  EXECUTE FUNCTION sb_conversation_counts_changed();

-- The offline drafter's examples: each operator answer records the customer's text before it,
-- and only the newest 5,000 are kept (migration 0080). Their search index is the search section's.
CREATE FUNCTION sb_reply_example_from_answer() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO reply_examples (inbound_id, reply_id)
    SELECT p.id, NEW.id FROM messages p
    WHERE p.id = (SELECT MAX(id) FROM messages
                  WHERE conversation_id = NEW.conversation_id AND id < NEW.id)
      AND p.direction = 'inbound'
  ON CONFLICT (inbound_id) DO NOTHING;
  DELETE FROM reply_examples WHERE inbound_id < (
    SELECT inbound_id FROM reply_examples ORDER BY inbound_id DESC LIMIT 1 OFFSET 4999);
  RETURN NULL;
END $$;
CREATE TRIGGER reply_examples_from_answer AFTER INSERT ON messages
  FOR EACH ROW WHEN (NEW.direction = 'outbound' AND NEW.author IN ('operator', 'draft'))
  EXECUTE FUNCTION sb_reply_example_from_answer();
`;
