/**
 * Twilio's Content API (content.twilio.com/v1) as far as Switchboard uses it: the account's
 * content templates (`Content`, `ContentAndApprovals`) with their WhatsApp approval, and what a
 * Messages create with `ContentSid` + `ContentVariables` sends. The SDK's client rewrites every
 * host to the simulator, so `/v1/...` arrives here like `/2010-04-01/...` does.
 */
import { TwilioApiError, apiErrors } from './errors';
import { newSid } from './sids';

export type ApprovalStatus = 'approved' | 'pending' | 'rejected' | 'unsubmitted';

export interface SimulatorTemplate {
  sid: string;
  friendlyName: string;
  language: string;
  /** Sample values by placeholder number, as the template was created with. */
  variables: Record<string, string>;
  /** The `twilio/text` body with `{{1}}` placeholders. */
  body: string;
  category: 'UTILITY' | 'MARKETING';
  status: ApprovalStatus;
  rejectionReason: string;
  dateCreated: Date;
}

export type TemplateSeed = Omit<SimulatorTemplate, 'sid' | 'dateCreated'> & { sid?: string };

/** What a fresh simulator (and so demo mode) holds: a small salon's usual WhatsApp templates. */
export const DEMO_TEMPLATES: readonly TemplateSeed[] = [
  {
    friendlyName: 'appointment_reminder',
    language: 'en',
    variables: { '1': 'Maria', '2': 'Bella Salon', '3': 'Friday at 3 pm' },
    body: 'Hi {{1}}, this is {{2}}: a reminder of your appointment on {{3}}. Reply here to confirm or to change it.',
    category: 'UTILITY',
    status: 'approved',
    rejectionReason: '',
  },
  {
    friendlyName: 'order_ready',
    language: 'en',
    variables: { '1': 'Maria', '2': 'Bella Salon', '3': '6 pm' },
    body: 'Hi {{1}}, your order at {{2}} is ready to collect. We are open until {{3}} today.',
    category: 'UTILITY',
    status: 'approved',
    rejectionReason: '',
  },
  {
    friendlyName: 'we_tried_to_reach_you',
    language: 'en',
    variables: { '1': 'Maria', '2': 'Bella Salon' },
    body: 'Hi {{1}}, {{2}} here. We tried to reach you about your last message. Reply here whenever it suits you and we will pick it up.',
    category: 'UTILITY',
    status: 'approved',
    rejectionReason: '',
  },
  {
    friendlyName: 'spring_offer',
    language: 'en',
    variables: { '1': 'Maria', '2': 'Bella Salon' },
    body: 'Hi {{1}}, spring at {{2}}: 20% off colour treatments this month. Reply BOOK to get a time.',
    category: 'MARKETING',
    status: 'pending',
    rejectionReason: '',
  },
  {
    friendlyName: 'review_request',
    language: 'en',
    variables: { '1': 'Maria' },
    body: 'Hi {{1}}, leave us five stars and get a free treatment on your next visit!',
    category: 'MARKETING',
    status: 'rejected',
    rejectionReason: 'Offering an incentive for a review is not allowed by WhatsApp policy.',
  },
];

/** The account's content templates, newest last. */
export class ContentTemplates {
  private readonly items: SimulatorTemplate[] = [];

  constructor(seeds: readonly TemplateSeed[]) {
    for (const seed of seeds) this.add(seed);
  }

  add(seed: TemplateSeed): SimulatorTemplate {
    const template = { ...seed, sid: seed.sid ?? newSid('HX'), dateCreated: new Date() };
    this.items.push(template);
    return template;
  }

  get(sid: string): SimulatorTemplate | undefined {
    return this.items.find((t) => t.sid === sid);
  }

  /** Changes a template's WhatsApp approval (what Meta's review does, in tests and demo). */
  setStatus(sid: string, status: ApprovalStatus, rejectionReason = ''): void {
    const template = this.get(sid);
    if (!template) throw new Error(`setStatus: no template ${sid}`);
    template.status = status;
    template.rejectionReason = rejectionReason;
  }

  list(): SimulatorTemplate[] {
    return [...this.items];
  }
}

const CONTENT_HOST = 'https://content.twilio.com';
const iso = (date: Date): string => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

function contentJson(accountSid: string, t: SimulatorTemplate): Record<string, unknown> {
  return {
    account_sid: accountSid,
    date_created: iso(t.dateCreated),
    date_updated: iso(t.dateCreated),
    friendly_name: t.friendlyName,
    language: t.language,
    sid: t.sid,
    types: { 'twilio/text': { body: t.body } },
    variables: t.variables,
  };
}

function withApprovals(accountSid: string, t: SimulatorTemplate): Record<string, unknown> {
  return {
    ...contentJson(accountSid, t),
    approval_requests: {
      whatsapp: {
        type: 'whatsapp',
        name: t.friendlyName,
        category: t.category,
        content_type: 'twilio/text',
        status: t.status,
        rejection_reason: t.rejectionReason,
        allow_category_change: true,
      },
    },
  };
}

/** The Content API's paging: a `meta` block (not v2010's page URIs); one page is enough here. */
function page(path: string, query: URLSearchParams, items: unknown[]): Record<string, unknown> {
  const pageSize = Math.min(Math.max(Number(query.get('PageSize')) || 50, 1), 1000);
  const url = `${CONTENT_HOST}${path}?PageSize=${pageSize}&Page=0`;
  return {
    contents: items.slice(0, pageSize),
    meta: {
      page: 0,
      page_size: pageSize,
      first_page_url: url,
      previous_page_url: null,
      url,
      next_page_url: null,
      key: 'contents',
    },
  };
}

/** True for a path of the Content API. */
export const isContentPath = (path: string): boolean => path.startsWith('/v1/Content');

/** GET /v1/Content, /v1/Content/{HX…}, /v1/ContentAndApprovals. */
export function handleContent(
  deps: { accountSid: string; templates: ContentTemplates },
  req: { method: string; path: string; query: URLSearchParams },
): { status: number; body: unknown } {
  if (req.method !== 'GET') throw new TwilioApiError(405, 20004, 'Method not allowed');
  const all = deps.templates.list();
  if (req.path === '/v1/ContentAndApprovals') {
    return { status: 200, body: page(req.path, req.query, all.map((t) => withApprovals(deps.accountSid, t))) }; // prettier-ignore
  }
  if (req.path === '/v1/Content') {
    return { status: 200, body: page(req.path, req.query, all.map((t) => contentJson(deps.accountSid, t))) }; // prettier-ignore
  }
  const one = /^\/v1\/Content\/(HX[0-9a-fA-F]{32})$/.exec(req.path);
  const template = one ? deps.templates.get(one[1] ?? '') : undefined;
  if (!template) throw apiErrors.notFound(req.path);
  return { status: 200, body: contentJson(deps.accountSid, template) };
}

/**
 * What a Messages create with `ContentSid` sends: the rendered body, and whether WhatsApp approved
 * the template (outside the customer service window only an approved one goes). Refuses as Twilio
 * does: 21654 variables without a template, 21655 an unknown or malformed SID, 21656 variables
 * that are not a JSON object of non-empty strings.
 */
export function contentToSend(
  templates: ContentTemplates,
  form: URLSearchParams,
): { body: string; approved: boolean } | undefined {
  const sid = form.get('ContentSid') ?? '';
  const rawVariables = form.get('ContentVariables');
  if (!sid) {
    if (rawVariables) {
      throw apiErrors.badRequest(21654, 'A ContentSid must be specified if ContentVariables are provided in the request.'); // prettier-ignore
    }
    return undefined;
  }
  const template = /^HX[0-9a-fA-F]{32}$/.test(sid) ? templates.get(sid) : undefined;
  if (!template) throw apiErrors.badRequest(21655, 'The ContentSid is Invalid.');
  const values = parseVariables(rawVariables);
  const body = template.body.replace(/\{\{\s*(\d+)\s*\}\}/g, (_, key: string) => {
    return values[key] ?? template.variables[key] ?? '';
  });
  return { body, approved: template.status === 'approved' };
}

function parseVariables(raw: string | null): Record<string, string> {
  if (raw === null || raw === '') return {};
  const invalid = () => apiErrors.badRequest(21656, 'The ContentVariables Parameter is invalid.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw invalid();
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid();
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (typeof value !== 'string' || value === '') throw invalid();
    values[key] = value;
  }
  return values;
}
