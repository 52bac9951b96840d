/**
 * The Chromium part of the scale benchmark: the console served by serve mode, driven in the
 * system Chromium the way an operator uses it. Every step is capped: a step whose signal never
 * comes (a feature not built yet, or broken) prints "not reached" and the rest still runs.
 *
 * Signals (data-testids of src/renderer): `conversation-row` (with data-conversation-id) in the
 * inbox, `message` bubbles in the thread, `search-input` / `search-result`, and two the history
 * paging work adds: `thread-start` once the first message of a conversation is loaded, and
 * `data-highlighted="true"` on the message a search hit opened.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { chromium, type Page } from '@playwright/test';
import { repoRoot } from '../ingest/targets';

export interface ChromiumFigure {
  what: string;
  switchboard: string;
  raw: string;
  note?: string;
}

const CHROMIUM = '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

const fmt = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(0)} ms`);

/** Resolves with ms, or a reason it was not reached. */
async function timed(work: () => Promise<unknown>): Promise<number | string> {
  const started = performance.now();
  try {
    await work();
    return performance.now() - started;
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
    return `not reached (${message.slice(0, 120)})`;
  }
}

const show = (v: number | string) => (typeof v === 'number' ? fmt(v) : v);

export async function runChromiumPart(
  operatorUrl: string,
  longestConversationId: number,
  capMs: number,
): Promise<ChromiumFigure[]> {
  const figures: ChromiumFigure[] = [];
  const add = (what: string, value: number | string, note?: string) =>
    figures.push({ what, switchboard: show(value), raw: '—', ...(note ? { note } : {}) });
  if (!existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))) {
    add('Chromium part', 'skipped: no built console (run npm run build:web first)');
    return figures;
  }
  if (!existsSync(CHROMIUM)) {
    add('Chromium part', `skipped: no ${CHROMIUM}`);
    return figures;
  }
  process.stderr.write('chromium\n');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: FLAGS });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(capMs);

    // 1. Inbox first row, from navigation.
    const firstRow = await timed(async () => {
      await page.goto(operatorUrl);
      await page.locator('[data-testid="conversation-row"]').first().waitFor();
    });
    add('inbox first row (navigation → row shown)', firstRow);

    // 2. Scroll the inbox through 2,000 rows (it pages in older ones as it nears the end).
    const scroll = await scrollInbox(page, 2000, capMs);
    add(
      'inbox scroll through 2,000 rows',
      scroll.rows >= 2000 ? scroll.ms : `not reached (${scroll.rows} rows in ${fmt(scroll.ms)})`,
    );

    // 3. The longest conversation, scrolled up to its first message.
    const opened = await openConversation(page, longestConversationId, capMs);
    if (typeof opened === 'string') {
      add('longest conversation scrolled to its first message', opened);
    } else {
      const top = await scrollThreadToStart(page, capMs);
      add(
        'longest conversation scrolled to its first message',
        top.reached
          ? top.ms
          : `not reached (${top.messages} messages loaded after ${fmt(top.ms)}; no thread-start)`,
        top.reached ? `${top.messages} messages loaded` : undefined,
      );
    }

    // 4. Search as you type: from the last key to the results of the full query shown.
    const query = 'birthday cake';
    const input = page.locator('[data-testid="search-input"]');
    await input.click();
    await input.fill('');
    // A brisk typist: 120 ms between keys.
    for (const ch of query.slice(0, -1)) {
      await input.press(ch === ' ' ? 'Space' : ch);
      await page.waitForTimeout(120);
    }
    const finalAnswer = page.waitForResponse(
      (r) =>
        // The console encodes the command name: /api/search%3Amessages.
        decodeURIComponent(new URL(r.url()).pathname) === '/api/search:messages' &&
        (JSON.parse(r.request().postData() ?? '{}') as { query?: string }).query === query,
      { timeout: capMs },
    );
    const typed = await timed(async () => {
      await input.press(query.at(-1)!);
      await finalAnswer;
      await page.locator('[data-testid="search-result"]').first().waitFor();
      await page.evaluate(`new Promise((done) => requestAnimationFrame(() => done(null)))`);
    });
    add(`search as you type "${query}" (last key → results shown)`, typed);

    // 5. The first hit opened at its message, highlighted.
    const hit = await timed(async () => {
      await page.locator('[data-testid="search-result"]').first().click();
      await page
        .locator('[data-highlighted="true"]')
        .first()
        .waitFor({ timeout: Math.min(capMs, 15_000) });
    });
    // Without a highlight, say what the operator got instead.
    const title =
      typeof hit === 'string'
        ? await page
            .locator('[data-testid="thread-title"]')
            .first()
            .textContent({ timeout: 2000 })
            .catch(() => null)
        : null;
    add(
      'search hit opened (click → highlighted message)',
      hit,
      typeof hit === 'string' ? `thread shown: "${title ?? 'none'}"` : undefined,
    );
  } finally {
    await browser.close();
  }
  return figures;
}

/**
 * The in-page loops below are JavaScript source run by page.evaluate: they run in the browser,
 * and the node tsconfig (rightly) has no DOM types.
 */
const frameJs = `() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)))`;

async function scrollInbox(page: Page, target: number, capMs: number) {
  return page.evaluate<{ rows: number; ms: number }>(`(async () => {
    const box = document.querySelector('.inbox-scroll');
    const seen = new Set();
    const started = performance.now();
    let grew = started;
    const frame = ${frameJs};
    while (box && seen.size < ${target} && performance.now() - started < ${capMs}) {
      const before = seen.size;
      for (const row of document.querySelectorAll('[data-testid="conversation-row"]')) {
        seen.add(row.dataset.conversationId);
      }
      if (seen.size > before) grew = performance.now();
      else if (performance.now() - grew > 15000) break; // the end of the list, or stuck
      box.scrollTop += box.clientHeight;
      await frame();
    }
    return { rows: seen.size, ms: performance.now() - started };
  })()`);
}

/** Finds the conversation's row in the inbox (scrolling from the top) and opens it. */
async function openConversation(page: Page, id: number, capMs: number): Promise<number | string> {
  const found = await page.evaluate<boolean>(`(async () => {
    const box = document.querySelector('.inbox-scroll');
    if (!box) return false;
    box.scrollTop = 0;
    const started = performance.now();
    const frame = ${frameJs};
    let still = 0;
    while (performance.now() - started < ${capMs}) {
      await frame();
      const row = document.querySelector('[data-testid="conversation-row"][data-conversation-id="${id}"]');
      if (row) {
        row.scrollIntoView();
        return true;
      }
      const before = box.scrollTop;
      box.scrollTop += box.clientHeight;
      still = box.scrollTop === before ? still + 1 : 0;
      if (still > 200) return false;
    }
    return false;
  })()`);
  if (!found) return `not reached (conversation ${id} not found in the inbox)`;
  return timed(async () => {
    await page.locator(`[data-testid="conversation-row"][data-conversation-id="${id}"]`).click();
    await page.locator('[data-testid="message"]').first().waitFor();
  });
}

/** Keeps the thread scrolled to its top until `thread-start` shows or nothing older comes for 10 s. */
async function scrollThreadToStart(page: Page, capMs: number) {
  return page.evaluate<{ reached: boolean; ms: number; messages: number }>(`(async () => {
    const box = document.querySelector('.thread-scroll');
    const started = performance.now();
    const count = () => document.querySelectorAll('[data-testid="message"]').length;
    let grew = started;
    let last = count();
    while (box && performance.now() - started < ${capMs}) {
      if (document.querySelector('[data-testid="thread-start"]')) {
        return { reached: true, ms: performance.now() - started, messages: count() };
      }
      box.scrollTop = 0;
      await new Promise((done) => setTimeout(done, 50));
      const now = count();
      if (now > last) {
        last = now;
        grew = performance.now();
      } else if (performance.now() - grew > 10000) break; // nothing older comes
    }
    return { reached: false, ms: performance.now() - started, messages: count() };
  })()`);
}
