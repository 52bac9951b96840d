import { applyRetention, previewRetention } from '../../records/retention';
import type { NamespaceCommands } from '../commandTable';
import type { RecordsDeps } from '../commandDeps';

export function retentionCommands(
  deps: Pick<RecordsDeps, 'db' | 'now' | 'mediaDir'>,
): NamespaceCommands<'retention'> {
  const { db, now, mediaDir } = deps;
  return {
    'retention:preview': ({ months }) => previewRetention(db, months, now()),
    'retention:apply': ({ months }) =>
      applyRetention(db, { months, now: now(), actor: 'operator', mediaDir }),
  };
}
