/**
 * Which approved WhatsApp template fits a conversation whose window closed: the question asked of
 * the drafter (a model answers in JSON), and the offline answer when there is no model.
 */
import { z } from 'zod';
import type { ChatMessage } from './prompt';

export interface TemplateOption {
  sid: string;
  name: string;
  body: string;
  placeholders: string[];
  /** What Switchboard already knows for some placeholders (the customer's name, the business). */
  filled: Record<string, string>;
}

export interface TemplateChoiceRequest {
  /** The conversation, oldest first (the last few messages). */
  thread: Array<{ direction: 'inbound' | 'outbound'; body: string }>;
  contactName: string | null;
  businessName: string;
  /** Approved templates only. */
  templates: TemplateOption[];
}

export interface TemplateChoice {
  sid: string;
  variables: Record<string, string>;
  /** Why this one, in a sentence the operator reads on the draft. */
  reason: string;
}

const STOP_WORDS = new Set(
  'this that with your from have will what when where which there their about would could should been were they them then than just also into only here hello thanks thank please'.split(' '), // prettier-ignore
);

/** Content words (4+ letters, a plural's "s" dropped): "Appointments on Friday?" → appointment, friday. */
function words(text: string): Set<string> {
  const found = new Set<string>();
  for (const raw of text.toLowerCase().match(/\p{L}{4,}/gu) ?? []) {
    if (!STOP_WORDS.has(raw)) found.add(raw.replace(/s$/, ''));
  }
  return found;
}

/**
 * The offline choice, a simple rule the operator can predict: the template sharing the most
 * content words with the last messages of the conversation (its name counts too: "order_ready"
 * matches "is my order ready?"). When nothing matches, a template that re-opens the conversation
 * ("we tried to reach you") if there is one, else the first approved template. Variables: what
 * Switchboard knows (name, business); the rest stays for the operator to fill.
 */
export function offlineTemplateChoice(request: TemplateChoiceRequest): TemplateChoice | null {
  if (request.templates.length === 0) return null;
  const said = words(
    request.thread
      .slice(-6)
      .map((m) => m.body)
      .join(' '),
  );
  let best: { option: TemplateOption; shared: string[] } | null = null;
  for (const option of request.templates) {
    const own = words(`${option.name.replace(/[_-]/g, ' ')} ${option.body.replace(/\{\{\s*\d+\s*\}\}/g, ' ')}`); // prettier-ignore
    const shared = [...own].filter((word) => said.has(word));
    if (shared.length > 0 && (!best || shared.length > best.shared.length)) best = { option, shared }; // prettier-ignore
  }
  if (best) {
    const quoted = best.shared
      .slice(0, 3)
      .map((w) => `“${w}”`)
      .join(', ');
    return {
      sid: best.option.sid,
      variables: { ...best.option.filled },
      reason: `Offline pick: the conversation mentions ${quoted}, as “${best.option.name}” does.`,
    };
  }
  const reopen = request.templates.find((t) => /reach|follow|touch|missed/i.test(`${t.name} ${t.body}`)); // prettier-ignore
  const option = reopen ?? request.templates[0]!;
  return {
    sid: option.sid,
    variables: { ...option.filled },
    reason: reopen
      ? `Offline pick: nothing in the conversation matched a template, and “${option.name}” re-opens it politely.`
      : `Offline pick: nothing in the conversation matched a template; “${option.name}” is the first approved one.`,
  };
}

/** The question for a model: the conversation, the templates, and the JSON shape to answer in. */
export function buildTemplateChoiceMessages(request: TemplateChoiceRequest): ChatMessage[] {
  const templates = request.templates.map((t) => ({
    sid: t.sid,
    name: t.name,
    body: t.body,
    placeholders: t.placeholders,
    known: t.filled,
  }));
  const thread = request.thread
    .map((m) => `${m.direction === 'inbound' ? 'Customer' : 'Business'}: ${m.body}`)
    .join('\n');
  return [
    {
      role: 'system',
      content: [
        `You help ${request.businessName || 'a small business'} reply on WhatsApp after the 24-hour window closed, when only an approved template may be sent.`,
        'Pick the one template that best continues the conversation, and fill its placeholders from the conversation (keep the values in "known" unless the conversation says otherwise).',
        'Leave a placeholder out when the conversation does not tell you its value: never invent dates, times or prices.',
        'Answer with JSON only: {"sid": "HX…", "variables": {"1": "…"}, "reason": "one short sentence for the operator"}.',
      ].join(' '),
    },
    {
      role: 'user',
      content: `TEMPLATES\n${JSON.stringify(templates)}\n\nCUSTOMER NAME: ${request.contactName ?? 'unknown'}\n\nCONVERSATION\n${thread}`,
    },
  ];
}

const answerSchema = z.object({
  sid: z.string(),
  variables: z.record(z.string(), z.union([z.string(), z.number()])).default({}),
  reason: z.string().max(300).default(''),
});

/** The model's answer, checked: an approved template's SID and its own placeholders only. */
export function parseTemplateChoice(
  content: string,
  request: TemplateChoiceRequest,
): TemplateChoice | null {
  const match = /\{[\s\S]*\}/.exec(content);
  let raw: unknown = null;
  try {
    raw = match ? JSON.parse(match[0]) : null;
  } catch {
    return null;
  }
  const parsed = answerSchema.safeParse(raw);
  if (!parsed.success) return null;
  const option = request.templates.find((t) => t.sid === parsed.data.sid);
  if (!option) return null;
  const variables: Record<string, string> = {};
  for (const key of option.placeholders) {
    const value = parsed.data.variables[key];
    const text = value === undefined ? '' : String(value).trim();
    if (text) variables[key] = text.slice(0, 200);
  }
  return {
    sid: option.sid,
    // What Switchboard knows for certain wins over the model's reading.
    variables: { ...variables, ...option.filled },
    reason: parsed.data.reason.trim() || `The model picked “${option.name}”.`,
  };
}
