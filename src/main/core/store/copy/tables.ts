/**
 * What a copy moves, in the order foreign keys allow: a row's parents are always copied before it
 * (contacts → conversations → messages → drafts, media, events …). Every table the migrations make
 * is either here or an index the destination rebuilds from these (`rebuiltIndexes`); a test holds
 * the two lists against the schema, so a migration that adds a table must say which it is.
 */
export interface CopiedTable {
  name: string;
  /** The primary key: batches walk it in order (keyset), and the upsert's conflict target. */
  key: readonly string[];
  /**
   * Kept by triggers on the source (counters, the search backlog, the reply examples). Copied
   * verbatim like any other table, with the destination's triggers set aside: see README.md.
   */
  derived?: true;
  /**
   * Columns that never change once a row is stored: a destination row with the same key but other
   * values here belongs to another store's history (see `checkSameHistory`).
   */
  identity?: readonly string[];
}

export const copiedTables: readonly CopiedTable[] = [
  { name: 'contacts', key: ['id'], identity: ['address', 'created_at'] },
  { name: 'conversations', key: ['id'], identity: ['contact_id', 'channel', 'business_number'] },
  // messages.retry_of names an older message: id order copies it after the one it retries.
  { name: 'messages', key: ['id'], identity: ['conversation_id', 'direction', 'created_at'] },
  { name: 'drafts', key: ['id'] },
  { name: 'message_events', key: ['id'] },
  { name: 'message_media', key: ['message_id', 'position'] },
  { name: 'staged_media', key: ['id'] },
  { name: 'closed_replies', key: ['id'] },
  { name: 'whatsapp_consent', key: ['contact_id'] },
  { name: 'notifications', key: ['id'] },
  { name: 'notification_deliveries', key: ['notification_id', 'channel_id'] },
  { name: 'knowledge_sources', key: ['id'] },
  { name: 'knowledge_passages', key: ['id'] },
  { name: 'knowledge_embeddings', key: ['model', 'hash'] },
  { name: 'content_templates', key: ['sid'] },
  { name: 'translations', key: ['text_hash', 'language'] },
  { name: 'jobs', key: ['id'] },
  { name: 'webhook_log', key: ['id'] },
  { name: 'webhook_refusal_counts', key: ['minute'] },
  { name: 'audit_log', key: ['id'] },
  { name: 'settings', key: ['key'] },
  { name: 'conversation_counts', key: ['category'], derived: true },
  { name: 'search_backlog', key: ['message_id'], derived: true },
  { name: 'reply_examples', key: ['inbound_id'], derived: true },
];

/**
 * SQLite's full-text indexes (FTS5 and their shadow tables): not copied, rebuilt on a SQLite
 * destination from the copied rows (`rebuildSqliteIndexes`).
 */
export const rebuiltIndexes = ['messages_fts', 'reply_examples_fts', 'knowledge_fts'] as const;
