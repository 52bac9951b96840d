import type { DraftingStatus } from '../../../shared/types';
import { DraftingRefusal, type DraftingService } from '../drafting/service';
import { saveDraftingSettings } from '../drafting/settings';
import { audit } from '../store/audit';
import { getConversationSummary } from '../store/conversations';
import type { Db } from '../store/database';
import { getDraftRecord, listDraftRecords } from '../store/drafts';
import { toDraftView } from '../domain/draftView';
import type { Readers } from '../threads/readerPool';
import { CommandFailure, type CommandHandlers } from './service';

export interface DraftingHandlerDeps {
  db: Db;
  now: () => number;
  drafting: DraftingService;
  status: DraftingStatus;
  /** The sending handlers' decisions, wrapped so the UI hears about the draft too. */
  decisions: Pick<CommandHandlers, 'drafts:approve' | 'drafts:reject' | 'messages:send'>;
  /** Statistics read every draft ever made: they run on a reader thread. */
  readers: Readers;
}

type DraftingCommands =
  | 'drafts:list'
  | 'drafts:regenerate'
  | 'drafts:stopAutoSend'
  | 'drafts:stats'
  | 'drafts:approve'
  | 'drafts:reject'
  | 'messages:send'
  | 'conversations:setAiMode'
  | 'drafting:getSettings'
  | 'drafting:saveSettings';

const refusals = <T>(run: () => T): T => {
  try {
    return run();
  } catch (error) {
    if (error instanceof DraftingRefusal) throw new CommandFailure(error.message);
    throw error;
  }
};

/** The operator's drafting commands: lifecycle, AI mode, settings and statistics. */
export function createDraftingHandlers(
  deps: DraftingHandlerDeps,
): Pick<CommandHandlers, DraftingCommands> {
  const { db, drafting, now } = deps;
  const current = () => ({ settings: drafting.settings(), status: deps.status });

  return {
    'drafts:list': (input) => listDraftRecords(db, input).map(toDraftView),

    'drafts:regenerate': ({ draftId, instruction }) =>
      refusals(() => toDraftView(getDraftRecord(db, drafting.regenerate(draftId, instruction))!)),

    'drafts:stopAutoSend': ({ draftId }) =>
      refusals(() => {
        drafting.stopAutoSend(draftId);
        return toDraftView(getDraftRecord(db, draftId)!);
      }),

    'drafts:stats': ({ since }) => deps.readers.query('draftStats', { since: since ?? 0 }),

    'drafts:approve': async (input) => {
      const result = await deps.decisions['drafts:approve'](input);
      drafting.decided(input.draftId);
      return result;
    },

    'drafts:reject': async (input) => {
      const result = await deps.decisions['drafts:reject'](input);
      drafting.decided(input.draftId);
      return result;
    },

    'messages:send': async (input) => {
      const result = await deps.decisions['messages:send'](input);
      drafting.answeredByOperator(input.conversationId);
      return result;
    },

    'conversations:setAiMode': ({ conversationId, mode }) =>
      refusals(() => {
        drafting.setAiMode(conversationId, mode);
        return getConversationSummary(db, conversationId)!;
      }),

    'drafting:getSettings': current,

    'drafting:saveSettings': (patch) => {
      db.transaction(() => {
        saveDraftingSettings(db, patch, now());
        audit(db, {
          actor: 'operator',
          action: 'settings.drafting_changed',
          details: { fields: Object.keys(patch) },
          now: now(),
        });
      })();
      return current();
    },
  };
}
