/**
 * What each export contains, as flat records with a fixed key order: CSV uses the keys as its
 * header, JSON Lines writes each record as one object. Raw rows come from store/exportQueries.
 */
import type {
  AuditExportRow,
  ConversationExportRow,
  MessageExportRow,
  WebhookLogExportRow,
} from '../store/exportQueries';

export type ExportRecord = Record<string, unknown>;

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const parseJson = (text: string | null, fallback: unknown): unknown => {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return fallback;
  }
};

export function messageRecord(row: MessageExportRow): ExportRecord {
  const media = parseJson(row.media, []) as Array<{ url?: string }>;
  return {
    message_id: row.id,
    conversation_id: row.conversation_id,
    created_at: iso(row.created_at),
    direction: row.direction,
    author: row.author,
    contact_name: row.contact_name,
    contact_number: row.contact_number,
    from: row.from_address,
    to: row.to_address,
    body: row.body,
    media_urls: Array.isArray(media) ? media.map((m) => m.url ?? '').join(' ') : '',
    status: row.status,
    error_code: row.error_code,
    segments: row.num_segments,
    provider_sid: row.provider_sid,
  };
}

export function conversationRecord(row: ConversationExportRow): ExportRecord {
  const tags = parseJson(row.contact_tags, []);
  return {
    conversation_id: row.id,
    contact_name: row.contact_name,
    contact_number: row.contact_number,
    contact_tags: Array.isArray(tags) ? tags.join('; ') : '',
    channel: row.channel,
    business_number: row.business_number,
    state: row.state,
    category: row.category,
    priority: row.priority,
    unread: row.unread_count,
    messages: row.message_count,
    started_at: iso(row.created_at),
    last_activity_at: iso(row.last_activity_at),
  };
}

// Headers that could authenticate a request never leave the app, whatever was stored.
const privateHeaders = new Set([
  'authorization',
  'cookie',
  'x-twilio-signature',
  'proxy-authorization',
]);

export function webhookLogRecord(row: WebhookLogExportRow): ExportRecord {
  const headers = parseJson(row.headers, {}) as Record<string, unknown>;
  const kept: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (!privateHeaders.has(name.toLowerCase())) kept[name] = value;
  }
  return {
    id: row.id,
    received_at: iso(row.received_at),
    route: row.route,
    method: row.method,
    headers: kept,
    raw_body: row.raw_body,
    signature: row.signature,
    status_code: row.status_code,
    outcome: row.outcome,
    message_sid: row.message_sid,
  };
}

export function auditRecord(row: AuditExportRow): ExportRecord {
  return {
    id: row.id,
    at: iso(row.at),
    actor: row.actor,
    action: row.action,
    subject_type: row.subject_type,
    subject_id: row.subject_id,
    details: parseJson(row.details, {}),
  };
}

export const escapeHtml = (text: string) =>
  text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');

/** The start of a printable transcript: plain HTML, no scripts, styles for screen and paper. */
export function transcriptHead(args: {
  contactName: string | null;
  contactNumber: string;
  businessNumber: string;
  channel: string;
  exportedAt: number;
}): string {
  const who = args.contactName ? `${args.contactName} (${args.contactNumber})` : args.contactNumber;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src 'self' file:">
<title>Conversation with ${escapeHtml(who)}</title>
<style>
  body { font: 14px/1.45 system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; color: #111; }
  h1 { font-size: 1.3rem; margin-bottom: .2rem; }
  .meta { color: #555; margin-bottom: 1.5rem; }
  .msg { border-left: 3px solid #bbb; padding: .3rem .7rem; margin: .6rem 0; break-inside: avoid; }
  .outbound { border-color: #2b6cb0; background: #f3f7fc; }
  .when { color: #555; font-size: .85rem; }
  .body { white-space: pre-wrap; overflow-wrap: anywhere; }
  .attachments { margin: .4rem 0 .1rem; display: flex; flex-wrap: wrap; gap: .5rem; }
  .attachments img { max-width: 18rem; max-height: 18rem; border: 1px solid #ccc; }
  .attachment { color: #333; font-size: .9rem; }
  @media print { body { margin: 0; max-width: none; } .msg { background: none; } }
</style>
</head>
<body>
<h1>Conversation with ${escapeHtml(who)}</h1>
<p class="meta">${escapeHtml(args.channel.toUpperCase())} with ${escapeHtml(args.businessNumber)} · exported ${escapeHtml(new Date(args.exportedAt).toISOString())}</p>
<main>
`;
}

/**
 * One message of a transcript. `attachments`: its attachments as HTML (records/exportMedia.ts),
 * empty when it has none.
 */
export function transcriptMessage(row: MessageExportRow, attachments = ''): string {
  const who =
    row.direction === 'inbound'
      ? (row.contact_name ?? row.contact_number)
      : `Business (${row.author})`;
  const status = row.direction === 'outbound' ? ` · ${escapeHtml(row.status)}` : '';
  return `<article class="msg ${row.direction}"><div class="when">${escapeHtml(who)} · <time datetime="${iso(row.created_at)}">${iso(row.created_at)}</time>${status}</div><div class="body">${escapeHtml(row.body)}</div>${attachments}</article>\n`;
}

export const transcriptTail = '</main>\n</body>\n</html>\n';

/** CSV headers, in the order the record functions produce their keys. */
export const messageColumns = Object.keys(
  messageRecord({
    id: 0, conversation_id: 0, created_at: 0, direction: '', author: '', contact_name: null,
    contact_number: '', from_address: '', to_address: '', body: '', media: '[]', status: '',
    error_code: null, num_segments: null, provider_sid: null,
  }),
); // prettier-ignore
export const conversationColumns = Object.keys(
  conversationRecord({
    id: 0, contact_name: null, contact_number: '', contact_tags: '[]', channel: '',
    business_number: '', state: '', category: null, priority: null, unread_count: 0,
    created_at: 0, last_activity_at: 0, message_count: 0,
  }),
); // prettier-ignore
