import { Refusal } from '../../domain/refusal';
import type { NamespaceCommands } from '../commandTable';
import type { RecordsDeps } from '../commandDeps';
import { absoluteFolder } from './folderPath';

/** Streaming exports (records/exporter.ts refuses what it cannot write, as a Refusal). */
export function exportCommands(deps: Pick<RecordsDeps, 'exporter'>): NamespaceCommands<'export'> {
  return {
    'export:start': (request) =>
      deps.exporter.start({ ...request, folder: absoluteFolder(request.folder) }),

    'export:cancel': ({ exportId }) => {
      if (!deps.exporter.cancel(exportId))
        throw new Refusal('That export is not running any more.');
      return { ok: true };
    },
  };
}
