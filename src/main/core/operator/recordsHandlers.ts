import { mkdirSync } from 'node:fs';
import type { CountryCode } from 'libphonenumber-js';
import type { RecordsSettingsView } from '../../../shared/types';
import { backupSpace, listBackups } from '../records/backups';
import { importContactsCsv } from '../records/contactsImport';
import { ExportRefused, type Exporter } from '../records/exporter';
import { tailLog } from '../records/logTail';
import {
  readRecordsSettings,
  readRecordsState,
  saveRecordsSettings,
} from '../records/recordsSettings';
import { applyRetention, previewRetention } from '../records/retention';
import type { RecordsScheduler } from '../records/scheduler';
import { audit } from '../store/audit';
import type { Db } from '../store/database';
import type { Readers } from '../threads/readerPool';
import { CommandFailure, type CommandHandlers } from './service';

export interface RecordsHandlerDeps {
  db: Db;
  now: () => number;
  defaultCountry: CountryCode;
  exporter: Exporter;
  scheduler: RecordsScheduler;
  paths: RecordsSettingsView['paths'];
  /** Checking and staging a backup read gigabytes: they run on a thread of their own. */
  readers: Readers;
  /** The desktop shell opens folders in the file manager; serve mode has nobody to show them to. */
  openFolder?: ((path: string) => Promise<void>) | undefined;
}

type RecordsCommands =
  | 'records:openFolder'
  | 'export:start'
  | 'export:cancel'
  | 'backup:now'
  | 'backup:list'
  | 'backup:verify'
  | 'backup:restore'
  | 'records:getSettings'
  | 'records:saveSettings'
  | 'contacts:import'
  | 'retention:preview'
  | 'retention:apply'
  | 'records:webhookLogSpace'
  | 'logs:tail';

const absolute = (folder: string | undefined) => {
  if (folder !== undefined && !/^([A-Za-z]:[\\/]|[\\/])/.test(folder)) {
    throw new CommandFailure('Pick a folder by its full path.', 'invalid');
  }
  return folder;
};

/** Exports, backups, contact import, retention and the log viewer (src/main/core/records). */
export function createRecordsHandlers(
  deps: RecordsHandlerDeps,
): Pick<CommandHandlers, RecordsCommands> {
  const { db, now } = deps;

  const view = (): RecordsSettingsView => ({
    ...readRecordsSettings(db),
    ...readRecordsState(db),
    paths: deps.paths,
    backupSpace: backupSpace(deps.scheduler.folder()),
  });

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

    'export:start': (request) => {
      try {
        return deps.exporter.start({ ...request, folder: absolute(request.folder) });
      } catch (error) {
        if (error instanceof ExportRefused) throw new CommandFailure(error.message, 'invalid');
        throw error;
      }
    },

    'export:cancel': ({ exportId }) => {
      if (!deps.exporter.cancel(exportId))
        throw new CommandFailure('That export is not running any more.');
      return { ok: true };
    },

    'backup:now': async ({ folder }) => {
      try {
        return await deps.scheduler.backupNow(absolute(folder));
      } catch (error) {
        if (error instanceof CommandFailure) throw error;
        throw new CommandFailure(
          `The backup could not be written: ${error instanceof Error ? error.message : String(error)}`,
        );
      }
    },

    'backup:list': ({ folder }) => listBackups(absolute(folder) ?? deps.scheduler.folder()),

    'backup:verify': ({ path }) =>
      deps.readers.task('verifyBackup', { path: absolute(path)! }).result,

    'backup:restore': async ({ path }) => {
      const verdict = await deps.readers.task('stageRestore', {
        dataDir: deps.paths.dataDir,
        path: absolute(path)!,
      }).result;
      if (!verdict.ok) {
        throw new CommandFailure(`That backup cannot be restored. ${verdict.problems.join(' ')}`);
      }
      audit(db, {
        actor: 'operator',
        action: 'backup.restore_staged',
        details: { schemaVersion: verdict.schemaVersion, messages: verdict.messages },
        now: now(),
      });
      return { restartRequired: true, verdict };
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

    'contacts:import': ({ csv }) =>
      importContactsCsv(db, { csv, defaultCountry: deps.defaultCountry, now: now() }),

    'retention:preview': ({ months }) => previewRetention(db, months, now()),

    'retention:apply': ({ months }) =>
      applyRetention(db, { months, now: now(), actor: 'operator' }),

    'records:webhookLogSpace': async () => ({
      bytes: await deps.readers.query('webhookLogBytes', {}),
    }),

    'logs:tail': ({ level, limit }) => tailLog(deps.paths.logFile, { level, limit }),
  };
}
