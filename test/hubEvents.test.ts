import { afterEach, describe, expect, it } from 'vitest';
import type { EventName } from '../src/shared/contract';
import type { MessageView, Notice } from '../src/shared/types';
import { startHubEvents, type HubEvents } from '../src/main/core/composition/hubEvents';
import { startLiveEvents, type StoredInbound } from '../src/main/core/composition/liveEvents';
import { EventBus } from '../src/main/core/events';
import { silentLogger } from '../src/main/core/log';
import { openDatabase } from '../src/main/core/store/database';
import {
  NOTIFY_APPLICATION_NAME,
  openNotifyChannel,
  type NotifyChannel,
} from '../src/main/core/store/postgres/notifyChannel';
import { PostgresDb } from '../src/main/core/store/postgres/postgresDb';
import { jobsAddedTriggerSql } from '../src/main/core/store/postgres/wakeTriggers';
import { when } from './support/deferred';
import { freshPostgresUrl, storeEngines } from './support/storeEngines';
import { toMessageView } from '../src/main/core/domain/messageView';
import { enqueueJob } from '../src/main/core/queue/enqueue';
import { upsertContact } from '../src/main/core/store/contacts';
import { upsertConversation } from '../src/main/core/store/conversations';
import { getMessage, insertInboundMessage } from '../src/main/core/store/messages';

const postgres = storeEngines.find((engine) => engine.name === 'postgres');
const skip = postgres?.skip;

const closers: Array<() => unknown> = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

const retry = { firstMs: 20, maxMs: 200 };

function channelOn(url: string): NotifyChannel {
  const channel = openNotifyChannel({ url, retry });
  closers.push(() => channel.close());
  return channel;
}

function connectionTo(url: string): PostgresDb {
  const db = new PostgresDb(url);
  closers.push(() => db.close());
  return db;
}

/** A list that fills as things arrive, and a wait for its length (no sleeps). */
function inbox<T>(): { got: T[]; add(item: T): void; until(count: number): Promise<void> } {
  const got: T[] = [];
  const waiting = new Set<() => void>();
  return {
    got,
    add(item) {
      got.push(item);
      for (const wake of [...waiting]) wake();
    },
    until: (count) =>
      when(
        () => got.length >= count,
        (wake) => {
          waiting.add(wake);
          return () => waiting.delete(wake);
        },
      ),
  };
}

const live = (channel: NotifyChannel) =>
  when(
    () => channel.state().live,
    (wake) => channel.onState(wake),
  );

describe.skipIf(skip !== undefined)(
  `the notify channel between hub processes${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    it('delivers what one channel publishes to the other once, and never back to itself', async () => {
      const url = freshPostgresUrl();
      const [a, b] = [channelOn(url), channelOn(url)];
      const heardByA = inbox<string>();
      const heardByB = inbox<string>();
      a.onEvents(heardByA.add);
      b.onEvents(heardByB.add);
      await Promise.all([live(a), live(b)]);

      // Notifications arrive in commit order, so each reply proves what came before it arrived.
      expect(a.publish('one')).toBe(true);
      await heardByB.until(1);
      b.publish('two');
      await heardByA.until(1);
      a.publish('three');
      await heardByB.until(2);

      expect(heardByB.got).toEqual(['one', 'three']);
      expect(heardByA.got).toEqual(['two']);
    });

    it('reconnects after its connection is terminated, says it paused, and events flow again', async () => {
      const url = freshPostgresUrl();
      const [a, b] = [channelOn(url), channelOn(url)];
      const states = inbox<boolean>();
      a.onState((state) => states.add(state.live));
      const heardByA = inbox<string>();
      a.onEvents(heardByA.add);
      await Promise.all([live(a), live(b)]);
      states.got.length = 0;

      const admin = connectionTo(url);
      const terminated = admin
        .prepare(
          `SELECT pg_terminate_backend(pid) AS done FROM pg_stat_activity
           WHERE application_name = ? AND datname = current_database()`,
        )
        .all(NOTIFY_APPLICATION_NAME);
      expect(terminated).toHaveLength(2);

      await states.until(2);
      expect(states.got).toEqual([false, true]);
      expect(a.state()).toMatchObject({ live: true, problem: null });
      await live(b);
      b.publish('after the drop');
      await heardByA.until(1);
      expect(heardByA.got).toEqual(['after the drop']);
    });

    it('wakes every process once per commit that inserted jobs, never for a rollback', async () => {
      const url = freshPostgresUrl();
      const db = connectionTo(url);
      db.exec('CREATE TABLE jobs (id BIGSERIAL PRIMARY KEY, kind TEXT NOT NULL)');
      db.exec(jobsAddedTriggerSql);
      db.exec(jobsAddedTriggerSql); // the lead's baseline may run it again: harmless
      const [a, marker] = [channelOn(url), channelOn(url)];
      let wakes = 0;
      a.onJobsAdded(() => (wakes += 1));
      const heardByA = inbox<string>();
      a.onEvents(heardByA.add);
      await Promise.all([live(a), live(marker)]);

      const insert = db.prepare('INSERT INTO jobs (kind) VALUES (?)');
      expect(() =>
        db.transaction(() => {
          insert.run('send');
          throw new Error('rolled back');
        })(),
      ).toThrow('rolled back');
      db.transaction(() => {
        for (const kind of ['send', 'draft', 'media']) insert.run(kind);
      })();
      // Published after the commit: everything the commit notified arrives before it.
      marker.publish('after the commit');
      await heardByA.until(1);
      expect(wakes).toBe(1);
    });
  },
);

describe.skipIf(skip !== undefined)(
  `live events across hub processes${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    function hubProcess(
      url: string,
      reread?: (event: EventName, id: number) => unknown,
    ): {
      events: EventBus;
      hub: HubEvents;
      console: ReturnType<typeof inbox<[EventName, unknown]>>;
      watched: EventName[];
    } {
      const events = new EventBus();
      const hub = startHubEvents({
        db: connectionTo(url),
        events,
        logger: silentLogger,
        retry,
        reread,
      });
      closers.push(() => hub.close());
      const console = inbox<[EventName, unknown]>();
      events.subscribe((event, payload) => console.add([event, payload]));
      const watched: EventName[] = [];
      events.watch((event) => watched.push(event));
      return { events, hub, console, watched };
    }
    const connected = (hub: HubEvents) =>
      when(
        () => hub.health()?.connected === true,
        (wake) => hub.onHealthChanged(wake),
      );

    it("shows one process's events on the other's consoles, once, without waking its watchers", async () => {
      const url = freshPostgresUrl();
      const a = hubProcess(url);
      const b = hubProcess(url);
      await Promise.all([connected(a.hub), connected(b.hub)]);

      const notice: Notice = { level: 'info', conversationId: 7, text: 'from A' };
      a.events.emit('notice', notice);
      await b.console.until(1);
      expect(b.console.got).toEqual([['notice', notice]]);
      // B's notifier and counts feed must not act on what A already acted on.
      expect(b.watched).toEqual([]);

      // A heard back neither its own event nor B's relay of it (they would precede this one).
      const reply: Notice = { level: 'info', conversationId: 7, text: 'from B' };
      b.events.emit('notice', reply);
      await a.console.until(2);
      expect(a.console.got).toEqual([
        ['notice', notice],
        ['notice', reply],
      ]);
      expect(b.console.got).toEqual([
        ['notice', notice],
        ['notice', reply],
      ]);
    });

    it('delivers a burst bigger than one NOTIFY whole and in order, even when A closes right after', async () => {
      const url = freshPostgresUrl();
      const a = hubProcess(url);
      const b = hubProcess(url);
      await Promise.all([connected(a.hub), connected(b.hub)]);

      const burst = Array.from({ length: 40 }, (_, i): Notice => ({
        level: 'info',
        conversationId: i,
        text: `${i} ${'x'.repeat(900)}`,
      }));
      for (const notice of burst) a.events.emit('notice', notice);
      await a.hub.close(); // what was emitted goes out before the connection does
      await b.console.until(burst.length);
      expect(b.console.got.map(([, payload]) => (payload as Notice).conversationId)).toEqual(
        burst.map((notice) => notice.conversationId),
      );
    });

    it('sends an event too big for NOTIFY as a reference the other process re-reads', async () => {
      const url = freshPostgresUrl();
      const reread = { event: '', id: 0 };
      const a = hubProcess(url);
      const b = hubProcess(url, (event, id) => {
        Object.assign(reread, { event, id });
        return { id, body: 're-read' };
      });
      await Promise.all([connected(a.hub), connected(b.hub)]);

      const huge = { id: 42, body: 'é'.repeat(5_000) } as unknown as MessageView;
      a.events.emit('message:added', huge);
      a.events.emit('notice', { level: 'info', conversationId: 1, text: 'small' });
      await b.console.until(2);
      expect(reread).toEqual({ event: 'message:added', id: 42 });
      expect(b.console.got).toEqual([
        ['message:added', { id: 42, body: 're-read' }],
        ['notice', { level: 'info', conversationId: 1, text: 'small' }],
      ]);
    });
  },
);

describe.skipIf(skip !== undefined)(
  `live events across hub processes on the hub's schema${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    it("shows a long text stored through one process on the other's console, and wakes its worker", async () => {
      const first = postgres!.open() as PostgresDb;
      first.exec(jobsAddedTriggerSql); // until the lead appends it to the baseline (idempotent)
      const second = connectionTo(first.url);
      const [busA, busB] = [new EventBus(), new EventBus()];
      const [a, b] = [
        startHubEvents({ db: first, events: busA, logger: silentLogger, retry }),
        startHubEvents({ db: second, events: busB, logger: silentLogger, retry }),
      ];
      closers.push(
        () => a.close(),
        () => b.close(),
      );
      const seen = inbox<[EventName, unknown]>();
      busB.subscribe((event, payload) => seen.add([event, payload]));
      let wakes = 0;
      b.onJobsAdded(() => (wakes += 1));
      await Promise.all(
        [a, b].map((hub) =>
          when(
            () => hub.health()?.connected === true,
            (wake) => hub.onHealthChanged(wake),
          ),
        ),
      );

      // Longer than NOTIFY carries: it travels as a reference and B reads it from the store.
      const body = 'Grüße aus Köln, '.repeat(500);
      // The inbound path's own statements, short of touchConversation (not yet on PostgreSQL).
      const now = Date.now();
      const stored = first.transaction(() => {
        const contact = upsertContact(first, {
          address: '+14155550100',
          rawAddress: '+14155550100',
          name: null,
          now,
        });
        const conversationId = upsertConversation(first, {
          contactId: contact.id,
          channel: 'sms',
          businessNumber: '+15005550006',
          now,
        });
        const messageId = insertInboundMessage(first, {
          conversationId,
          sid: `SM${'b'.repeat(32)}`,
          from: '+14155550100',
          to: '+15005550006',
          body,
          media: [],
          numSegments: 1,
          now,
        })!;
        const draftJobId = enqueueJob(
          first,
          'draft',
          { messageId },
          { now, dedupeKey: `draft:${messageId}` },
        );
        return { messageId, draftJobId };
      })();
      busA.emit('message:added', toMessageView(getMessage(first, stored.messageId)!));

      await seen.until(1);
      const [event, payload] = seen.got[0]!;
      expect(event).toBe('message:added');
      expect(payload).toMatchObject({ id: stored.messageId, body });
      // The draft job the text queued woke B's worker (delivered at commit, before the event).
      expect(stored.draftJobId).toBeDefined();
      expect(wakes).toBe(1);
    });
  },
);

describe.skipIf(skip !== undefined)(
  `the live-event publisher on a hub${skip ? ` (skipped: ${skip})` : ''}`,
  () => {
    it("builds a new text's events after the webhook's reply, not before it", async () => {
      const db = postgres!.open();
      const now = Date.now();
      const messageId = db.transaction(() => {
        const contact = upsertContact(db, {
          address: '+14155550101',
          rawAddress: '+14155550101',
          name: null,
          now,
        });
        const conversationId = upsertConversation(db, {
          contactId: contact.id,
          channel: 'sms',
          businessNumber: '+15005550006',
          now,
        });
        return insertInboundMessage(db, {
          conversationId,
          sid: `SM${'c'.repeat(32)}`,
          from: '+14155550101',
          to: '+15005550006',
          body: 'Open Saturday?',
          media: [],
          numSegments: 1,
          now,
        })!;
      })();
      const conversationId = getMessage(db, messageId)!.conversationId;
      const events = new EventBus();
      const live = startLiveEvents({ db, events, logger: silentLogger });
      closers.push(() => live.close());
      const added = events.once('message:added');

      live.inboundStored({
        duplicate: false,
        messageId,
        conversationId,
        canceledScheduled: [],
      } as unknown as StoredInbound);
      let announced = false;
      void added.then(() => (announced = true));
      await Promise.resolve(); // the reply is written in this turn's promise continuations
      expect(announced).toBe(false);
      expect(await added).toMatchObject({ id: messageId, body: 'Open Saturday?' });
    });
  },
);

describe('live events across hub processes on the laptop (SQLite)', () => {
  it('does nothing and costs nothing: no listener, no health line', async () => {
    const db = openDatabase(':memory:');
    closers.push(() => db.close());
    const events = new EventBus();
    const hub = startHubEvents({ db, events, logger: silentLogger });
    expect(events.hasListeners).toBe(false);
    expect(hub.health()).toBeUndefined();
    await hub.close();
  });
});
