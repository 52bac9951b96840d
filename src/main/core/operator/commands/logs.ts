import { tailLog } from '../../records/logTail';
import type { NamespaceCommands } from '../commandTable';
import type { RecordsDeps } from '../commandDeps';

export function logsCommands(deps: Pick<RecordsDeps, 'paths'>): NamespaceCommands<'logs'> {
  return {
    'logs:tail': ({ level, limit }) => tailLog(deps.paths.logFile, { level, limit }),
  };
}
