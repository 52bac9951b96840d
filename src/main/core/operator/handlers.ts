import type { CountryCode } from 'libphonenumber-js';
import type { AppInfo, AppMode, DraftingStatus } from '../../../shared/types';
import { parseOperatorNumber } from '../domain/address';
import { toMessageView } from '../domain/messageView';
import type { DraftingService } from '../drafting/service';
import type { EventBus } from '../events';
import type { Simulator } from '../simulator';
import {
  getConversationSummary,
  listConversations,
  markConversationRead,
  countAttention,
  totalUnread,
} from '../store/conversations';
import type { Db } from '../store/database';
import { listDeadJobs, requeueDeadJob } from '../store/jobs';
import { listMessages, listMessagesAround } from '../store/messages';
import { CommandFailure, type CommandHandlers } from './service';
import type { AppConfig } from '../config';
import { createConsoleHandlers, type ConsoleHandlerDeps } from './consoleHandlers';
import { createDraftingHandlers } from './draftingHandlers';
import { createRecordsHandlers, type RecordsHandlerDeps } from './recordsHandlers';
import type { GoLive } from '../golive/goLive';
import { createGoLiveHandlers } from './goLiveHandlers';
import { createSendingHandlers, type SendingHandlerDeps } from './sendingHandlers';
import type { Readers } from '../threads/readerPool';

export interface HandlerDeps {
  db: Db;
  events: EventBus;
  mode: AppMode;
  version: string;
  businessNumber: string;
  defaultCountry: CountryCode;
  simulator?: Simulator | undefined;
  health: CommandHandlers['health:get'];
  /** Called after the queue changed by hand (a retried job, a queued send). */
  onQueueChanged: () => void;
  onMessageChanged: SendingHandlerDeps['onMessageChanged'];
  now: () => number;
  drafting: DraftingService;
  draftingStatus: DraftingStatus;
  /** Going live: tunnel, number setup, self-test, credential checks. */
  goLive: GoLive;
  /** Account settings and secrets: the Settings screen learns only whether each secret is set. */
  config: Pick<AppConfig, 'twilio' | 'openai' | 'ngrokAuthtoken' | 'publicUrl' | 'ngrokDomain'>;
  secrets: ConsoleHandlerDeps['secrets'];
  restart?: (() => void) | undefined;
  /** Exports, backups, import, retention, logs. */
  records: RecordsHandlerDeps;
  /** Long reads (search) run on reader threads. */
  readers: Readers;
}

/** One function per operator command; validation already happened in the operator service. */
export function createCommandHandlers(deps: HandlerDeps): CommandHandlers {
  const { db, events } = deps;
  const sending = createSendingHandlers({
    db,
    now: deps.now,
    onQueued: deps.onQueueChanged,
    onMessageChanged: deps.onMessageChanged,
  });
  return {
    ...sending,
    ...createDraftingHandlers({
      db,
      now: deps.now,
      drafting: deps.drafting,
      status: deps.draftingStatus,
      decisions: sending,
      readers: deps.readers,
    }),
    ...createRecordsHandlers(deps.records),
    ...createConsoleHandlers({ db, events, now: deps.now, config: deps.config, draftingStatus: deps.draftingStatus, mode: deps.mode, secrets: deps.secrets, restart: deps.restart, readers: deps.readers }), // prettier-ignore
    ...createGoLiveHandlers(deps.goLive),

    'app:info': (): AppInfo => ({
      mode: deps.mode,
      version: deps.version,
      businessNumber: deps.businessNumber,
      simulator: { enabled: deps.simulator !== undefined },
    }),

    'conversations:list': (input) => listConversations(db, input),

    'conversations:unreadTotal': () => ({ total: totalUnread(db) }),

    'conversations:counts': ({ category }) => ({
      unreadTotal: totalUnread(db),
      tabs: countAttention(db, category),
    }),

    'conversations:markRead': ({ conversationId }) => {
      if (markConversationRead(db, conversationId)) {
        const summary = getConversationSummary(db, conversationId);
        if (summary) events.emit('conversation:updated', summary);
      }
      return { ok: true };
    },

    'conversations:get': ({ conversationId }) => {
      const summary = getConversationSummary(db, conversationId);
      if (!summary) {
        throw new CommandFailure(
          'That conversation no longer exists (retention may have removed it).',
        );
      }
      return summary;
    },

    'messages:list': (input) => listMessages(db, input).map(toMessageView),

    'messages:around': (input) => {
      const page = listMessagesAround(db, input);
      if (!page) {
        throw new CommandFailure(
          'That message is no longer in this conversation (retention may have removed it).',
        );
      }
      return { ...page, messages: page.messages.map(toMessageView) };
    },

    'simulator:textBusiness': async ({ from, body }) => {
      const simulator = deps.simulator;
      if (!simulator) {
        throw new CommandFailure('The simulator only runs in demo mode, and this console is live.');
      }
      const number = parseOperatorNumber(from, deps.defaultCountry);
      if (!number.ok) throw new CommandFailure(number.reason, 'invalid');
      if (body.trim() === '')
        throw new CommandFailure('Type the message the customer sends.', 'invalid');
      const result = await simulator.textBusiness({
        from: number.e164,
        to: deps.businessNumber,
        body,
      });
      if (result.webhookStatus !== 200) {
        throw new CommandFailure(
          `The simulated carrier could not deliver the text to Switchboard's webhook ` +
            `(${result.webhookStatus === null ? 'no answer' : `HTTP ${result.webhookStatus}`}). ` +
            'Check Health for the webhook listener.',
        );
      }
      return { messageSid: result.sid };
    },

    'health:get': deps.health,

    'jobs:listDead': () => listDeadJobs(db),

    'jobs:retry': ({ jobId }) => {
      if (!requeueDeadJob(db, { id: jobId, now: deps.now() })) {
        throw new CommandFailure('That job is not waiting for a retry any more.');
      }
      deps.onQueueChanged();
      return { ok: true };
    },
  };
}
