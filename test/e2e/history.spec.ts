/**
 * A long history in the console: scrolling up reaches the first message of a conversation far
 * longer than a page, and a search hit opens its conversation at the matched message even when
 * the inbox never loaded that conversation. Seeded through the core's store before serve mode
 * starts (seedStore.ts).
 */
import type { Locator, Page } from '@playwright/test';
import { ConsolePage, shown } from './support/consolePage';
import { seedConversation, seedStore, type SeededConversation } from './support/seedStore';
import { expect, test } from './support/serve';

const day = 24 * 60 * 60 * 1000;
const start = Date.UTC(2024, 2, 3, 9, 0);

const threadScroll = (page: Page) => page.getByTestId('thread-scroll');

/** Where a message sits in the thread's scrolling box, in px from its top edge. */
async function offsetInThread(page: Page, messageId: string): Promise<number> {
  return threadScroll(page).evaluate((scroller, id) => {
    const row = scroller.querySelector(`[data-message-id="${id}"]`)!;
    return row.getBoundingClientRect().top - scroller.getBoundingClientRect().top;
  }, messageId);
}

/**
 * Jumps to the very top, as a fast scroll would, and says which message is then the first in
 * view and where it sits, read in the same task as the jump: before any page can land.
 */
async function jumpToTop(page: Page): Promise<{ anchor: string; offset: number }> {
  return threadScroll(page).evaluate((scroller) => {
    scroller.scrollTop = 0;
    const top = scroller.getBoundingClientRect().top;
    for (const row of scroller.querySelectorAll('[data-message-id]')) {
      const box = row.getBoundingClientRect();
      if (box.bottom > top)
        return { anchor: row.getAttribute('data-message-id')!, offset: box.top - top };
    }
    throw new Error('no message in view');
  });
}

const scrollThread = (page: Page, to: 'top' | 'bottom') =>
  threadScroll(page).evaluate((scroller, where) => {
    scroller.scrollTop = where === 'top' ? 0 : scroller.scrollHeight;
  }, to);

/** Whether the element is inside the thread's visible area. */
async function inThreadView(page: Page, target: Locator): Promise<boolean> {
  const box = await target.boundingBox();
  const view = await page.getByTestId('thread-scroll').boundingBox();
  return (
    box !== null && view !== null && box.y >= view.y && box.y + box.height <= view.y + view.height
  );
}

test.describe('a conversation of 1,000 messages', () => {
  const total = 1000;
  test.use({
    seed: {
      into: (dataDir) =>
        seedStore(dataDir, (db) =>
          seedConversation(db, {
            address: '+14155550142',
            name: 'Rosa Whitfield',
            bodies: Array.from({ length: total }, (_, i) => `Message ${i + 1} of ${total}`),
            start,
          }),
        ),
    },
  });

  test('scrolls up to the first message, each older page landing without moving the view', async ({
    serveMode,
    page,
  }) => {
    const { messageIds } = serveMode.seeded as SeededConversation;
    const app = new ConsolePage(page);
    await page.goto(serveMode.operatorUrl);
    await app.row('Rosa Whitfield').click();
    await expect(app.threadTitle).toHaveText('Rosa Whitfield');
    // Opens at the newest page, scrolled to its end.
    await expect(app.messages.last()).toHaveText(/Message 1000 of 1000/);
    await expect(app.messages.last()).toBeInViewport();
    await expect(page.getByTestId('thread-start')).toHaveCount(0);

    let pages = 0;
    const firstId = String(messageIds[0]);
    for (;;) {
      const oldest = await app.messages.first().getAttribute('data-message-id');
      if (oldest === firstId) break;
      // The page that lands above must not shift what the operator is looking at.
      const { anchor, offset } = await jumpToTop(page);
      await expect(app.messages.first()).not.toHaveAttribute('data-message-id', oldest!);
      expect(Math.abs((await offsetInThread(page, anchor)) - offset)).toBeLessThanOrEqual(1);
      pages += 1;
      expect(pages).toBeLessThan(20);
    }

    await expect(page.getByTestId('thread-start')).toContainText('Start of the conversation');
    await expect(page.getByTestId('thread-start')).toContainText('2024');
    const first = page.locator(`[data-message-id="${messageIds[0]}"]`);
    await expect(first).toHaveText(/Message 1 of 1000/);
    await scrollThread(page, 'top');
    await expect(first).toBeInViewport();
    await expect(page.getByTestId('thread-start')).toBeInViewport();
    await app.screenshot('60-thread-scrolled-to-the-first-message');

    // Coming back down brings the newest messages again, page by page, and the shortcut is there.
    await expect(page.getByTestId('thread-jump-latest')).toBeVisible();
    while ((await page.getByTestId('thread-loading-newer').count()) > 0) {
      const newest = await app.messages.last().getAttribute('data-message-id');
      await scrollThread(page, 'bottom');
      await expect(app.messages.last()).not.toHaveAttribute('data-message-id', newest!);
    }
    await scrollThread(page, 'bottom');
    await expect(app.messages.last()).toHaveText(/Message 1000 of 1000/);
    await expect(page.getByTestId('thread-jump-latest')).toHaveCount(0);
  });
});

test.describe('a search hit in a conversation the inbox has not loaded', () => {
  // 250 conversations: the inbox's first page (200) holds the newest, not the oldest 50.
  test.use({
    seed: {
      into: (dataDir) =>
        seedStore(dataDir, (db) => {
          const bodies = Array.from({ length: 300 }, (_, i) =>
            i === 119
              ? 'Could the zeppelin cake be ready by Friday? Message 120'
              : `Old message ${i + 1}`,
          );
          const old = seedConversation(db, {
            address: '+14155550111',
            name: 'Marguerite Oldfield',
            bodies,
            start: start - 400 * day,
          });
          for (let i = 0; i < 249; i += 1) {
            seedConversation(db, {
              address: `+1415555${String(2000 + i)}`,
              name: null,
              bodies: ['Hello, is this the salon?', 'Yes, how can we help?'],
              start: start + i * day,
            });
          }
          return old;
        }),
    },
  });

  test('opens at the matched message with its header, contact and neighbours', async ({
    serveMode,
    page,
  }) => {
    const { messageIds } = serveMode.seeded as SeededConversation;
    const hitId = messageIds[119]!;
    const app = new ConsolePage(page);
    await page.goto(serveMode.operatorUrl);
    await expect(app.rows.first()).toBeVisible();
    await expect(app.row('Marguerite Oldfield')).toHaveCount(0);

    await page.getByTestId('search-input').fill('zeppelin');
    const result = page.getByTestId('search-result');
    await expect(result).toHaveCount(1);
    await expect(result).toContainText('Marguerite Oldfield');
    await result.click();

    await expect(app.threadTitle).toHaveText('Marguerite Oldfield');
    await expect(page.getByTestId('contact-panel')).toBeVisible();
    await expect(page.getByTestId('contact-number')).toHaveText(shown('+14155550111'));

    const hit = page.locator('[data-highlighted="true"]');
    await expect(hit).toHaveCount(1);
    await expect(hit).toHaveAttribute('data-message-id', String(hitId));
    await expect(hit).toContainText('zeppelin cake');
    await expect.poll(() => inThreadView(page, hit)).toBe(true);
    for (const neighbour of [messageIds[118]!, messageIds[120]!]) {
      await expect
        .poll(() => inThreadView(page, page.locator(`[data-message-id="${neighbour}"]`)))
        .toBe(true);
    }
    await app.screenshot('61-search-hit-opened-at-its-message');
    await page.emulateMedia({ colorScheme: 'dark' });
    await app.screenshot('61-search-hit-opened-at-its-message-dark');
    await page.emulateMedia({ colorScheme: 'light' });

    // The inbox did not page through every conversation to show this one among its rows.
    await expect(app.rows.first()).toBeVisible();
    expect(app.commands.filter((name) => name === 'conversations:list')).toHaveLength(1);

    // From the hit, older and newer pages load as the operator scrolls.
    const oldest = await app.messages.first().getAttribute('data-message-id');
    await scrollThread(page, 'top');
    await expect(app.messages.first()).not.toHaveAttribute('data-message-id', oldest!);
    const newest = await app.messages.last().getAttribute('data-message-id');
    await scrollThread(page, 'bottom');
    await expect(app.messages.last()).not.toHaveAttribute('data-message-id', newest!);
    // The highlight stays on the hit while the operator reads around it.
    await expect(hit).toHaveAttribute('data-message-id', String(hitId));

    // A reply sent from deep in the history shows at once, among the newest messages.
    await expect(page.getByTestId('thread-jump-latest')).toBeVisible();
    await page
      .getByRole('textbox', { name: 'Message', exact: true })
      .fill('Yes, the zeppelin cake will be ready on Friday.');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(app.messages.last()).toContainText('zeppelin cake will be ready');
    await expect(app.messages.last()).toBeInViewport();
    await expect(page.getByTestId('thread-jump-latest')).toHaveCount(0);
    await expect(page.locator('[data-highlighted="true"]')).toHaveCount(0);
  });
});
