import { Refusal } from '../../domain/refusal';
import { audit } from '../../store/audit';
import { engineOf } from '../../store/database';
import type { NamespaceCommands } from '../commandTable';
import type { RecordsDeps } from '../commandDeps';
import { absoluteFolder } from './folderPath';

export const hubBackupsRefusal =
  "Backups of a hub are PostgreSQL's: use pg_dump or point-in-time recovery.";

/** Backups: take, list, verify, and stage a restore for the next start. */
export function backupCommands(deps: RecordsDeps): NamespaceCommands<'backup'> {
  const { db, now } = deps;
  const commands: NamespaceCommands<'backup'> = {
    // A backup whose copy fails its checks is refused in words (BackupFailed is a Refusal); any
    // other failure (the disk, the folder) is a fault, logged with its stack.
    'backup:now': ({ folder }) => deps.scheduler.backupNow(absoluteFolder(folder)),

    // On a reader: listing reads each backup's attachment manifest.
    'backup:list': ({ folder }) =>
      deps.readers.query('listBackups', {
        folder: absoluteFolder(folder) ?? deps.scheduler.folder(),
      }),

    'backup:verify': ({ path }) =>
      deps.readers.task('verifyBackup', { path: absoluteFolder(path)! }).result,

    'backup:restore': async ({ path }) => {
      const verdict = await deps.readers.task('stageRestore', {
        dataDir: deps.paths.dataDir,
        path: absoluteFolder(path)!,
      }).result;
      if (!verdict.ok) {
        throw new Refusal(`That backup cannot be restored. ${verdict.problems.join(' ')}`);
      }
      audit(db, {
        actor: 'operator',
        action: 'backup.restore_staged',
        details: { schemaVersion: verdict.schemaVersion, messages: verdict.messages },
        now: now(),
      });
      return { restartRequired: true, verdict };
    },
  };
  if (engineOf(db) === 'sqlite') return commands;
  // A hub's store is a PostgreSQL database shared by several processes: a copy of it is the
  // database server's business, and a restore here would pull it from under the others.
  const refuse = () => Promise.reject(new Refusal(hubBackupsRefusal));
  return {
    'backup:now': refuse,
    'backup:list': refuse,
    'backup:verify': refuse,
    'backup:restore': refuse,
  };
}
