/**
 * Counts from a store of three years (tens of thousands of conversations waiting, over a million
 * unread) shown compactly: every badge stays inside its tab, beside its label.
 */
import { expect, test, type Locator, type Page } from '@playwright/test';
import type { ConversationSummary } from '../../src/shared/types';
import { ConsolePage } from './support/consolePage';
import { startFakeCore } from './support/fakeCore';

const now = Date.now();

const conversations: ConversationSummary[] = Array.from({ length: 12 }, (_, i) => ({
  id: i + 1,
  channel: 'sms',
  businessNumber: '+15005550006',
  contact: {
    id: i + 1,
    address: `+1415555${String(3000 + i)}`,
    name: null,
    optedOut: false,
    optedOutAt: null,
  },
  unreadCount: i === 0 ? 12_345 : i % 3,
  lastActivityAt: now - i * 3_600_000,
  lastMessage: {
    body: 'Are you open today?',
    direction: 'inbound',
    status: 'received',
    hasMedia: false,
  },
  draftWaiting: i % 2 === 0,
}));

async function box(locator: Locator) {
  const found = await locator.boundingBox();
  if (!found) throw new Error('not visible');
  return found;
}

type Box = { x: number; y: number; width: number; height: number };
const overlap = (a: Box, b: Box) =>
  a.x < b.x + b.width - 0.5 &&
  b.x < a.x + a.width - 0.5 &&
  a.y < b.y + b.height - 0.5 &&
  b.y < a.y + a.height - 0.5;

/** Each tab holds its label and badge without overflowing, and no two tabs overlap. */
async function expectTabsFit(page: Page) {
  const tabs = page.getByRole('tab');
  const boxes: Box[] = [];
  for (let i = 0; i < (await tabs.count()); i += 1) {
    const tab = tabs.nth(i);
    const tabBox = await box(tab);
    for (const other of boxes) expect(overlap(tabBox, other)).toBe(false);
    boxes.push(tabBox);
    expect(await tab.evaluate((element) => element.scrollWidth <= element.clientWidth)).toBe(true);
    const badge = tab.getByTestId('inbox-filter-count');
    if ((await badge.count()) === 0) continue;
    const badgeBox = await box(badge);
    expect(badgeBox.x).toBeGreaterThanOrEqual(tabBox.x);
    expect(badgeBox.x + badgeBox.width).toBeLessThanOrEqual(tabBox.x + tabBox.width + 0.5);
  }
}

test('five-digit tab counts and a seven-digit unread total fit beside their labels', async ({
  page,
}) => {
  const core = await startFakeCore({
    conversations,
    messages: [],
    counts: {
      unreadTotal: 1_234_567,
      tabs: { 'needs-reply': 24_402, drafts: 24_402, failed: 13_577 },
    },
  });
  try {
    const app = new ConsolePage(page);
    await page.goto(core.url);
    const needsReply = page.getByTestId('inbox-filter-needs-reply');
    const drafts = page.getByTestId('inbox-filter-drafts');
    const failed = page.getByTestId('inbox-filter-failed');
    await expect(needsReply.getByTestId('inbox-filter-count')).toHaveAttribute(
      'title',
      /24.?402 conversations/,
    );
    await expect(needsReply.getByTestId('inbox-filter-count').locator('[aria-hidden]')).toHaveText(
      '24.4k',
    );
    await expect(drafts.getByTestId('inbox-filter-count').locator('[aria-hidden]')).toHaveText(
      '24.4k',
    );
    await expect(failed.getByTestId('inbox-filter-count').locator('[aria-hidden]')).toHaveText(
      '13.5k',
    );
    // A screen reader hears the exact number.
    await expect(drafts).toHaveAccessibleName(/Drafts waiting 24.?402/);
    await expect(app.unreadTotal.locator('[aria-hidden]')).toHaveText('1.2M');
    await expect(app.unreadTotal).toHaveAttribute('title', /1.?234.?567 unread/);
    await expect(
      app.row('+14155553000').getByTestId('unread-count').locator('[aria-hidden]'),
    ).toHaveText('12.3k');
    await expectTabsFit(page);
    await app.screenshot('62-large-counts');

    // The narrowest desktop window (three columns, a 240 px inbox).
    await page.setViewportSize({ width: 960, height: 700 });
    await expectTabsFit(page);
    await app.screenshot('63-large-counts-narrow');
  } finally {
    await core.close();
  }
});
