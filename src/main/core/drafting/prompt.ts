/**
 * The prompt: a readable Markdown file under resources/prompts/, filled with the business
 * profile, the contact, the relevant templates and the operator's instruction; plus the recent
 * conversation as chat turns, within a token budget.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BusinessProfile, DraftTemplate } from '../../../shared/types';
import type { ThreadMessage } from '../store/draftContext';
import type { DraftContext } from './drafter';
import { languageNames } from './language';
import { renderTemplate } from './offlineDrafter';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

const cache = new Map<string, string>();

/**
 * Finds resources/<relative> from wherever this code runs: the source tree (tsx, tests), the
 * electron-vite bundle (out/main), or a packaged app (process.resourcesPath). An explicit
 * SWITCHBOARD_RESOURCES_DIR wins.
 */
export function loadResource(relative: string): string {
  const cached = cache.get(relative);
  if (cached !== undefined) return cached;
  const candidates: string[] = [];
  if (process.env.SWITCHBOARD_RESOURCES_DIR) {
    candidates.push(join(process.env.SWITCHBOARD_RESOURCES_DIR, relative));
  }
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged) candidates.push(join(packaged, 'resources', relative), join(packaged, relative));
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    candidates.push(join(dir, 'resources', relative));
    const parent = resolve(dir, '..');
    if (parent === dir) break;
    dir = parent;
  }
  const found = candidates.find((path) => existsSync(path));
  if (!found) {
    throw new Error(
      `The prompt file resources/${relative} is missing (looked in ${candidates.length} places, ` +
        `first ${candidates[0]}). Reinstall Switchboard, or set SWITCHBOARD_RESOURCES_DIR.`,
    );
  }
  const text = readFileSync(found, 'utf8');
  cache.set(relative, text);
  return text;
}

/** Rough token count (≈ 4 characters per token): enough to keep a prompt inside a budget. */
export const estimateTokens = (text: string) => Math.ceil(text.length / 4) + 4;

/** The newest messages that fit `budget`, oldest first; the newest one is always kept. */
export function fitThread(newestFirst: ThreadMessage[], budget: number): ThreadMessage[] {
  const kept: ThreadMessage[] = [];
  let used = 0;
  for (const message of newestFirst) {
    const cost = estimateTokens(message.body);
    if (kept.length > 0 && used + cost > budget) break;
    kept.push(message);
    used += cost;
  }
  return kept.reverse();
}

/** Characters that fit `segments` SMS segments (GSM-7; a UCS-2 reply fits fewer). */
export const charactersFor = (segments: number) => (segments <= 1 ? 160 : segments * 153);

const or = (value: string, fallback = 'not given') =>
  value.trim() === '' ? fallback : value.trim();

export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => values[key] ?? match);
}

function templatesSection(
  templates: DraftTemplate[],
  language: string | null,
  fillWith: { name: string; profile: BusinessProfile },
): string {
  const relevant = templates
    .filter((t) => t.language === null || t.language === (language ?? 'en'))
    .map((t) => ({ title: t.title, text: renderTemplate(t.text, fillWith) }))
    .filter((t): t is { title: string; text: string } => t.text !== null)
    .slice(0, 8);
  if (relevant.length === 0) return '';
  return [
    "## The business's own canned replies (reuse their facts and wording when they fit)",
    ...relevant.map((t) => `- ${t.title}: ${t.text}`),
  ].join('\n');
}

/**
 * What the business taught that fits this message (knowledge/retrieval.ts chose it, within
 * `KNOWLEDGE_TOKEN_BUDGET`), each under its source's title so the model can say where from.
 */
export const KNOWLEDGE_TOKEN_BUDGET = 700;

function knowledgeSection(context: DraftContext): string {
  const passages = context.knowledge ?? [];
  if (passages.length === 0) return '';
  return [
    "## The business's knowledge (facts to answer from; prices, times and links only from here)",
    ...passages.map((p) =>
      p.heading === p.sourceTitle || p.kind === 'fact'
        ? `### ${p.kind === 'fact' ? p.heading : p.sourceTitle}\n${p.text}`
        : `### ${p.sourceTitle}: ${p.heading}\n${p.text}`,
    ),
  ].join('\n\n');
}

export function buildDraftMessages(context: DraftContext): ChatMessage[] {
  const { settings, subject } = context;
  const profile = settings.profile;
  const language = context.language ? (languageNames[context.language] ?? context.language) : null;
  const instruction = context.instruction
    ? [
        '## Rewrite',
        context.previousDraft ? `The previous draft was:\n${context.previousDraft}` : '',
        `The business asks: ${context.instruction}`,
      ]
        .filter(Boolean)
        .join('\n\n')
    : '';
  const system = fill(loadResource('prompts/draft-reply.md'), {
    business: or(profile.name, 'the business'),
    hours: or(profile.hours),
    address: or(profile.address),
    services: or(profile.services),
    policies: or(profile.policies),
    tone: or(profile.tone, 'friendly and brief'),
    signoff: or(profile.signOff, 'none'),
    customer_name: or(subject.contact.name ?? '', 'unknown'),
    customer_notes: or(subject.contact.notes, 'none'),
    language: language ?? 'the same language as the customer',
    segments: String(settings.targetSegments),
    max_characters: String(charactersFor(settings.targetSegments)),
    templates: templatesSection(settings.templates, context.language, {
      name: subject.contact.name?.trim().split(/\s+/)[0] ?? '',
      profile,
    }),
    instruction,
    knowledge: knowledgeSection(context),
  })
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  const turns: ChatMessage[] = context.thread.map((m) => ({
    role: m.direction === 'inbound' ? 'user' : 'assistant',
    content: m.body,
  }));
  return [{ role: 'system', content: system }, ...turns];
}

export function buildTriageMessages(text: string): ChatMessage[] {
  return [
    { role: 'system', content: loadResource('prompts/triage.md').trim() },
    { role: 'user', content: text },
  ];
}
