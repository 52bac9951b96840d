/**
 * How fast a long conversation opens: seeds one conversation with 10,000 messages (and 90,000
 * elsewhere), then times `messages:list` for the newest page and for pages further back (and
 * forward), and opening a search hit (`messages:around`, `conversations:get`), through the
 * operator service exactly as the UI calls it. Prints figures; never fails on time.
 *
 *   npx tsx bench/history.ts
 */
import { silentLogger } from '../src/main/core/log';
import { createApp } from '../src/main/core/app';
import { configFromEnv } from '../src/main/core/config';
import { seedHistory } from '../test/support/recordsSeed';
import { makeTempDir } from '../test/support/tempDir';
import type { MessageView } from '../src/shared/types';

const tmp = makeTempDir('switchboard-bench-');
const app = await createApp(
  configFromEnv({ SWITCHBOARD_DATA_DIR: tmp.path, SWITCHBOARD_WEBHOOK_PORT: '0' }),
  { logger: silentLogger, skipStartupCatchUp: true },
);
try {
  // 10 contacts round-robin: conversation 1 gets every 10th message, 10,000 of 100,000.
  seedHistory(app.db, { contacts: 10, messages: 100_000 });
  const page = (beforeId?: number) =>
    app.operator.invoke('messages:list', { conversationId: 1, limit: 100, ...(beforeId ? { beforeId } : {}) }) as Promise<MessageView[]>; // prettier-ignore
  const time = async (label: string, runs: number, fn: () => Promise<unknown>) => {
    await fn(); // warm the statement cache
    const samples: number[] = [];
    for (let i = 0; i < runs; i += 1) {
      const t = performance.now();
      await fn();
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    const p = (q: number) =>
      samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(2);
    console.log(`${label.padEnd(34)} median ${p(0.5)} ms   p95 ${p(0.95)} ms   (${runs} runs)`);
  };
  const first = await page();
  console.log(
    `first page: ${first.length} messages, newest id ${first.at(-1)?.id ?? first[0]?.id}`,
  );
  await time('first page (newest 100)', 200, () => page());
  const oldestOfFirst = Math.min(...first.map((m) => m.id));
  await time('second page (cursor)', 200, () => page(oldestOfFirst));
  await time('page near the start (cursor)', 200, () => page(500));
  // Scrolling down from a search hit, and opening one: keyset both ways from any message.
  await time('newer page, from the start', 200, () =>
    app.operator.invoke('messages:list', { conversationId: 1, limit: 100, afterId: 1 }),
  );
  await time('hit: messages:around 50+50', 200, () =>
    app.operator.invoke('messages:around', { conversationId: 1, messageId: 50_001 }),
  );
  await time('hit: conversations:get', 200, () =>
    app.operator.invoke('conversations:get', { conversationId: 1 }),
  );
  let cursor: number | undefined;
  let pages = 0;
  const t = performance.now();
  for (;;) {
    const rows = await page(cursor);
    if (rows.length === 0) break;
    pages += 1;
    cursor = Math.min(...rows.map((m) => m.id));
  }
  console.log(
    `scrolled the whole conversation: ${pages} pages in ${(performance.now() - t).toFixed(0)} ms`,
  );
} finally {
  await app.close();
  tmp.cleanup();
}
