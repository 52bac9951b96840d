import { ConfigError } from './config';
import { dataPaths } from './dataPaths';
import { DatabaseTooNewError, ForeignSchemaError } from './store/database';

/**
 * What to tell the operator when the core cannot start: what went wrong and what to do about it,
 * in a sentence or two. Serve mode prints it; the desktop shell shows it in a dialog. The desktop
 * keeps its data in the system's app-data folder, so only serve mode is told about
 * SWITCHBOARD_DATA_DIR.
 */
export function describeStartupFailure(
  error: unknown,
  context: { dataDir: string; dataDirFromEnv: boolean },
): string {
  if (
    error instanceof ConfigError ||
    error instanceof DatabaseTooNewError ||
    error instanceof ForeignSchemaError
  ) {
    return error.message;
  }
  const { dataDir } = context;
  const elsewhere = context.dataDirFromEnv ? ', or set SWITCHBOARD_DATA_DIR to another folder' : '';
  switch ((error as { code?: unknown } | null)?.code) {
    case 'EADDRINUSE':
      return (
        'The port it was asked to use is taken by another program. Set ' +
        'SWITCHBOARD_WEBHOOK_PORT or SWITCHBOARD_OPERATOR_PORT to a free port, or 0.'
      );
    case 'ENOTDIR':
    case 'EEXIST':
      return `Its data folder ${dataDir} is a file, not a folder. Move that file away${elsewhere}.`;
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return `It may not write to its data folder ${dataDir}. Give your user account write access to it${elsewhere}.`;
    case 'ENOSPC':
    case 'SQLITE_FULL':
      return `The disk that holds ${dataDir} is full. Free some space, then start Switchboard again; nothing stored was lost.`;
    case 'SQLITE_NOTADB':
    case 'SQLITE_CORRUPT':
      return (
        `Its database (${dataPaths(dataDir).database}) is damaged or is not a Switchboard ` +
        'database, and was left as it is. Move it somewhere safe (keep it), start Switchboard ' +
        `again to begin with an empty one, then restore your latest backup under Records → ` +
        `Backups (backups are kept in ${dataPaths(dataDir).backups}).`
      );
  }
  return `Something went wrong while starting: ${error instanceof Error ? error.message : String(error)}`;
}
