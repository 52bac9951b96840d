import { mkdirSync } from 'node:fs';
import type { RecordsSettingsView } from '../../../../shared/types';
import {
  readRecordsSettings,
  readRecordsState,
  saveRecordsSettings,
} from '../../records/recordsSettings';
import { audit } from '../../store/audit';
import { engineOf } from '../../store/database';
import type { NamespaceCommands } from '../commandTable';
import type { RecordsDeps } from '../commandDeps';

/** The Records settings (backups, retention, webhook log) and the data folders. */
export function recordsCommands(deps: RecordsDeps): NamespaceCommands<'records'> {
  const { db, now } = deps;

  // The backups' space is measured on a reader (it reads each backup's attachment manifest).
  // A hub's backups are PostgreSQL's (commands/backup.ts): no folder of ours to measure.
  const backupsBy = engineOf(db) === 'postgres' ? 'postgresql' : 'switchboard';
  const view = async (): Promise<RecordsSettingsView> => {
    const backupSpace =
      backupsBy === 'postgresql'
        ? { count: 0, usedBytes: 0, freeBytes: null }
        : await deps.readers.query('backupSpace', { folder: deps.scheduler.folder() });
    return {
      ...readRecordsSettings(db),
      ...readRecordsState(db),
      paths: deps.paths,
      backupSpace,
      backupsBy,
    };
  };

  const folders = {
    data: deps.paths.dataDir,
    exports: deps.paths.exportsDir,
    backups: deps.paths.backupsDir,
  } as const;

  return {
    'records:openFolder': async ({ which }) => {
      const path = folders[which];
      mkdirSync(path, { recursive: true, mode: 0o700 });
      if (!deps.openFolder) return { opened: false, path };
      await deps.openFolder(path);
      return { opened: true, path };
    },

    'records:getSettings': view,

    'records:saveSettings': (patch) => {
      db.transaction(() => {
        const saved = saveRecordsSettings(db, patch, now());
        audit(db, {
          actor: 'operator',
          action: 'settings.records_changed',
          details: { ...saved },
          now: now(),
        });
      })();
      return view();
    },

    'records:webhookLogSpace': async () => ({
      bytes: await deps.readers.query('webhookLogBytes', {}),
    }),
  };
}
