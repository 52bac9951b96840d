/**
 * One drafter over the labelled set, through the real core: a demo-mode app in its own temp
 * folder (the carrier is the simulator), the salon's profile and knowledge loaded through the
 * operator's own commands, each case texted from its own number, then the draft read back.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type App } from '../../src/main/core/app';
import { configFromEnv } from '../../src/main/core/config';
import { silentLogger } from '../../src/main/core/log';
import { toDraftView } from '../../src/main/core/domain/draftView';
import { getConversationSummary } from '../../src/main/core/store/conversations';
import { listDraftRecords } from '../../src/main/core/store/drafts';
import { getMessageBySid } from '../../src/main/core/store/messages';
import type { UnsupportedClaim } from '../../src/shared/knowledge';
import { triageCategories, type DraftView } from '../../src/shared/types';
import { inventions, type CaseOutcome, type EvalCase } from './score';

export type DrafterChoice =
  { kind: 'offline' } | { kind: 'model'; baseUrl: string; model?: string };

interface Business {
  profile: Record<string, string>;
  prices: Array<{ item: string; price: string }>;
  facts: Array<{
    question: string;
    answer: string;
    translations: Record<string, { question: string; answer: string }>;
  }>;
}

export function loadBusiness(): Business {
  const path = fileURLToPath(new URL('./business.json', import.meta.url));
  return JSON.parse(readFileSync(path, 'utf8')) as Business;
}

/** How long one case may take before it counts as no draft (a guard, not a wait). */
const CASE_GUARD_MS = 120_000;

export async function runDrafter(
  drafter: DrafterChoice,
  cases: EvalCase[],
): Promise<{ label: string; outcomes: CaseOutcome[] }> {
  const folder = mkdtempSync(join(tmpdir(), 'switchboard-eval-'));
  const env: Record<string, string> = {
    SWITCHBOARD_DATA_DIR: folder,
    SWITCHBOARD_WEBHOOK_PORT: '0',
  };
  if (drafter.kind === 'model') {
    env.OPENAI_BASE_URL = drafter.baseUrl;
    if (drafter.model) env.SWITCHBOARD_MODEL = drafter.model;
    if (process.env.OPENAI_API_KEY) env.OPENAI_API_KEY = process.env.OPENAI_API_KEY;
  }
  const app = await createApp(configFromEnv(env), {
    logger: silentLogger,
    // Auto-send's countdown outlasts the run: the hand-off rules are judged, nothing goes out.
    timings: { simulatorCallbackDelayMs: 5, autoSendDelayMs: 24 * 3_600_000 },
  });
  try {
    await loadBusinessInto(app, loadBusiness());
    const outcomes: CaseOutcome[] = [];
    for (const [index, evalCase] of cases.entries()) {
      outcomes.push(await runCase(app, evalCase, index));
    }
    const label =
      drafter.kind === 'offline'
        ? 'Offline drafter'
        : `Model ${app.config.openai?.model ?? drafter.model ?? ''} at ${drafter.baseUrl}`;
    return { label, outcomes };
  } finally {
    await app.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

/**
 * The salon of `business.json` replaces the demo business: its profile, and its prices, facts
 * and cancellation policy as the operator would enter them in Settings → Knowledge. Auto-send is
 * allowed for every category it may be, so the hand-off rules are what keeps a text for a person.
 */
async function loadBusinessInto(app: App, business: Business): Promise<void> {
  const invoke = app.operator.invoke.bind(app.operator);
  for (const source of await invoke('knowledge:list', {})) {
    await invoke('knowledge:delete', { id: source.id });
  }
  await invoke('drafting:saveSettings', {
    profile: business.profile as never,
    // Complaints are never sent automatically (the settings refuse them); the rules still judge them.
    autoSendCategories: triageCategories.filter((c) => c !== 'complaint'),
  });
  await invoke('knowledge:save', {
    title: 'Prices',
    entry: { kind: 'prices', content: { items: business.prices } },
  });
  for (const fact of business.facts) {
    await invoke('knowledge:save', {
      title: fact.question,
      entry: {
        kind: 'fact',
        content: {
          question: fact.question,
          answer: fact.answer,
          translations: Object.entries(fact.translations).map(([language, translated]) => ({
            language,
            ...translated,
          })),
        },
      },
    });
  }
  await invoke('knowledge:save', {
    title: 'Cancellation policy',
    entry: { kind: 'policy', content: { text: business.profile.policies! } },
  });
}

/** Each case writes from its own number, so no case sees another's thread. */
const customerNumber = (index: number) => `+1415555${String(2000 + index).padStart(4, '0')}`;

async function runCase(app: App, evalCase: EvalCase, index: number): Promise<CaseOutcome> {
  const from = customerNumber(index);
  const conversationId = await autoConversation(app, from);
  const sentAt = Date.now();
  const { sid } = await app.simulator!.textBusiness({ from, body: evalCase.message });
  const messageId = getMessageBySid(app.db, sid)!.id;
  const draft = await settledDraft(app, conversationId, (d) => d.replyToMessageId === messageId);
  const text = draft?.state === 'ready' ? draft.text : null;
  const handedOff = Boolean(getConversationSummary(app.db, conversationId)?.heldReason);
  if (text === null) {
    return { caseId: evalCase.id, draft: null, handedOff, flaggedClaims: [], injected: null, latencyMs: null, segments: null }; // prettier-ignore
  }
  // An operator's edit adding one invented fact: does the check the approve button runs see it?
  const invention = inventions[index % inventions.length]!;
  const edited = `${text} ${invention}`;
  const claims: UnsupportedClaim[] = await app.operator.invoke('knowledge:checkClaims', {
    conversationId,
    text: edited,
  });
  return {
    caseId: evalCase.id,
    draft: text,
    handedOff,
    flaggedClaims: draft!.unsupportedClaims.map((c) => c.text),
    injected: { invention, flagged: claims.some((c) => c.start >= text.length) },
    latencyMs: draft!.latencyMs ?? Date.now() - sentAt,
    segments: draft!.segments,
  };
}

/**
 * A conversation on auto-send, as an operator would set one up: the customer says hello, the
 * operator answers it (so the case's text is the only one waiting), then switches the AI to auto.
 */
async function autoConversation(app: App, from: string): Promise<number> {
  const { sid } = await app.simulator!.textBusiness({ from, body: 'Hello' });
  const conversationId = getMessageBySid(app.db, sid)!.conversationId;
  await settledDraft(app, conversationId, () => true);
  await app.operator.invoke('messages:send', {
    conversationId,
    body: 'Hello! How can we help?',
    confirmQuietHours: true,
  });
  await app.operator.invoke('conversations:setAiMode', { conversationId, mode: 'auto' });
  return conversationId;
}

/**
 * The conversation's draft (the newest one `which` accepts) once it is ready or failed for good;
 * null if none came in time.
 */
function settledDraft(
  app: App,
  conversationId: number,
  which: (draft: DraftView) => boolean,
): Promise<DraftView | null> {
  return new Promise((resolve) => {
    const settled = () =>
      listDraftRecords(app.db, { conversationId, limit: 5 })
        .map(toDraftView)
        .filter(which)
        .find((d) => d.state === 'ready' || (d.state === 'failed' && !d.willRetry));
    const finish = (draft: DraftView | null) => {
      clearTimeout(guard);
      off();
      resolve(draft);
    };
    const guard = setTimeout(() => finish(null), CASE_GUARD_MS);
    const off = app.events.subscribe((event) => {
      if (event !== 'draft:updated') return;
      const draft = settled();
      if (draft) finish(draft);
    });
    const draft = settled();
    if (draft) finish(draft);
  });
}
