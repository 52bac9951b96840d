/**
 * Health, as two projections of the same state, and the flood threshold that decides when
 * drafting stands aside.
 */
import { statSync } from 'node:fs';
import type { AppMode, Health, LiveEventsHealth } from '../../../shared/types';
import type { GoLive } from '../golive/goLive';
import { notificationTrouble } from '../notify/health';
import type { Db } from '../store/database';
import { queueStats } from '../store/jobs';
import { lastWebhookAt } from '../store/webhookLog';
import { IngestRate } from '../webhooks/ingestRate';

/**
 * More texts a second than any team reads is a flood (a broadcast answered at once, a loop between
 * two bots): drafting stands aside until it ebbs, so every webhook is acknowledged first. The
 * draft jobs are stored with the messages and run right after (BENCHMARKS.md).
 */
const FLOOD_PER_SECOND = 100;

/** Answers from a snapshot at most this old, however often /health is asked. */
const PUBLIC_HEALTH_SNAPSHOT_MS = 1_000;

export class FloodGauge {
  private readonly rate = new IngestRate();

  /** A text was stored. */
  record(): void {
    this.rate.record();
  }

  get flooding(): boolean {
    return this.rate.perSecond() > FLOOD_PER_SECOND;
  }
}

/** What health reads of going live. */
type GoLiveState = Pick<GoLive, 'tunnelStatus' | 'reachability'>;

export interface PublicHealth {
  readonly answer: () => Record<string, unknown>;
  /**
   * Going live is built after the listener that answers /health (it forwards the tunnel to the
   * listener's URL); until it is, the tunnel is idle and nothing was checked, which is the truth.
   */
  follow(goLive: GoLiveState): void;
}

/**
 * The public `/health` (through the tunnel, no signature): states and counts only, no numbers, no
 * text, no URLs; enough for an uptime monitor. Answered from a snapshot at most a second old, so
 * it costs at most one read a second, whatever the table sizes.
 */
export function createPublicHealth(deps: { db: Db; mode: AppMode }): PublicHealth {
  let goLive: GoLiveState | undefined;
  const answer = rememberFor(PUBLIC_HEALTH_SNAPSHOT_MS, () => {
    const queue = queueStats(deps.db);
    const reach = goLive?.reachability();
    return {
      status: 'ok',
      mode: deps.mode,
      tunnel: goLive?.tunnelStatus().state ?? 'idle',
      lastWebhookAt: lastWebhookAt(deps.db),
      queueDepth: queue.queued + queue.running,
      deadJobs: queue.dead,
      twilioReachable: reach?.twilio?.ok ?? null,
      aiReachable: reach?.ai?.ok ?? null,
    };
  });
  return {
    answer,
    follow: (followed) => {
      goLive = followed;
    },
  };
}

/** The operator's `health:get`: everything, for the console on this machine. */
export function operatorHealth(deps: {
  db: Db;
  mode: AppMode;
  dbPath: string;
  listenerUrl: string;
  publicUrl: () => string;
  goLive: GoLiveState;
  /** On a hub: the link to the other processes' live events (hubEvents.ts). */
  liveEvents?: () => LiveEventsHealth | undefined;
}): () => Health {
  const { db, goLive } = deps;
  return () =>
    withLiveEvents(deps.liveEvents?.(), {
      mode: deps.mode,
      webhookUrl: deps.listenerUrl,
      publicUrl: deps.publicUrl(),
      lastWebhookAt: lastWebhookAt(db),
      queue: queueStats(db),
      databaseBytes: fileSize(deps.dbPath) + fileSize(`${deps.dbPath}-wal`),
      tunnel: goLive.tunnelStatus(),
      reachability: goLive.reachability(),
      // A walk down a short partial index: empty while every notification went out.
      notifications: notificationTrouble(db),
    });
}

/** The laptop's health has no such field at all (nothing to say), not an undefined one. */
function withLiveEvents(liveEvents: LiveEventsHealth | undefined, health: Health): Health {
  return liveEvents ? { ...health, liveEvents } : health;
}

/** `fn`'s last answer, recomputed when it is older than `ms`. */
function rememberFor<T>(ms: number, fn: () => T): () => T {
  let value: T;
  let at = -Infinity;
  return () => {
    const now = Date.now();
    if (now - at >= ms) {
      value = fn();
      at = now;
    }
    return value;
  };
}

function fileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}
