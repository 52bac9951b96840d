import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '../src/main/core/app';
import { trackUnreadTotal } from '../src/main/core/operator/unreadTally';
import { getMessageBySid } from '../src/main/core/store/messages';
import { startTestApp } from './support/testApp';

describe('unread total for the dock badge', () => {
  let app: App;
  let stop: () => Promise<void>;
  beforeEach(async () => {
    ({ app, stop } = await startTestApp({}, { jobHandlers: { draft: undefined } }));
  });
  afterEach(() => stop());

  it('starts from the core’s sum and follows texts and reads', async () => {
    const text = (from: string) => app.simulator!.textBusiness({ from, body: 'Hi' });
    await text('+14155550100');
    await text('+14155550100');
    const totals: number[] = [];
    let notify: (() => void) | undefined;
    const untrack = await trackUnreadTotal(app.operator, (total) => {
      totals.push(total);
      notify?.();
    });
    expect(totals).toEqual([2]);

    const next = () => new Promise<void>((resolve) => (notify = resolve));
    let changed = next();
    const { sid } = await text('+14155550101');
    await changed;
    expect(totals.at(-1)).toBe(3);

    changed = next();
    const conversationId = getMessageBySid(app.db, sid)!.conversationId;
    await app.operator.invoke('conversations:markRead', { conversationId });
    await changed;
    expect(totals.at(-1)).toBe(2);
    untrack();
  });
});
