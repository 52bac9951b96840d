import { saveDraftingSettings } from '../../drafting/settings';
import { audit } from '../../store/audit';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

/** The business profile, templates and AI options (drafting/settings.ts). */
export function draftingCommands(
  deps: Pick<HandlerDeps, 'db' | 'now' | 'drafting' | 'draftingStatus'>,
): NamespaceCommands<'drafting'> {
  const { db, now, drafting } = deps;
  const current = () => ({
    settings: drafting.settings(),
    status: deps.draftingStatus,
    away: drafting.away(),
  });
  return {
    'drafting:getSettings': current,

    'drafting:setAway': ({ on }) => drafting.setAway(on),

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
