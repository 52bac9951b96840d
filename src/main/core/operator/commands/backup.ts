import { Refusal } from '../../domain/refusal';
import { audit } from '../../store/audit';
import type { NamespaceCommands } from '../commandTable';
import type { RecordsDeps } from '../commandDeps';
import { absoluteFolder } from './folderPath';

/** Backups: take, list, verify, and stage a restore for the next start. */
export function backupCommands(deps: RecordsDeps): NamespaceCommands<'backup'> {
  const { db, now } = deps;
  return {
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
}
