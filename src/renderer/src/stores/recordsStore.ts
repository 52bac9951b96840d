import { create } from 'zustand';
import type { CommandRequest, CommandResult } from '../../../shared/contract';
import type {
  BackupInfo,
  ContactImportResult,
  ExportProgress,
  LogEntry,
  LogLevelName,
  RecordsSettingsView,
  RetentionResult,
} from '../../../shared/types';
import { api, errorMessage } from '../api';
import { dialogNavigation, type SectionedDialogState } from './sectionedDialog';

export type RecordsSection = 'export' | 'backups' | 'import' | 'retention' | 'logs';

/** How many log lines the viewer shows. */
export const logLimit = 200;

interface RecordsState extends SectionedDialogState<RecordsSection> {
  settings: RecordsSettingsView | null;
  settingsError: string | null;
  /** The export this dialog started last; its progress is in `progress[exportId]`. */
  exportId: string | null;
  /** Every export:progress seen, by export id (an event can beat the reply to export:start). */
  progress: Record<string, ExportProgress>;
  backups: BackupInfo[];
  backupsStatus: 'idle' | 'loading' | 'ready' | 'error';
  backupsError: string | null;
  logs: LogEntry[];
  logLevel: LogLevelName | null;
  logsStatus: 'idle' | 'loading' | 'ready' | 'error';
  logsError: string | null;
  loadSettings(): Promise<void>;
  /** The savers and actions below reject with the sentence to show next to their button. */
  saveSettings(patch: CommandRequest<'records:saveSettings'>): Promise<void>;
  startExport(request: CommandRequest<'export:start'>): Promise<void>;
  cancelExport(): Promise<void>;
  loadBackups(): Promise<void>;
  backupNow(): Promise<BackupInfo>;
  /** Verifies and stages a backup; it replaces the data when Switchboard next starts. */
  restore(path: string): Promise<CommandResult<'backup:restore'>>;
  importContacts(csv: string): Promise<ContactImportResult>;
  previewRetention(months: number): Promise<RetentionResult>;
  applyRetention(months: number): Promise<RetentionResult>;
  setLogLevel(level: LogLevelName | null): void;
  loadLogs(): Promise<void>;
}

let stopProgress: (() => void) | null = null;

export const useRecordsStore = create<RecordsState>()((set, get) => ({
  isOpen: false,
  section: 'export',
  settings: null,
  settingsError: null,
  exportId: null,
  progress: {},
  backups: [],
  backupsStatus: 'idle',
  backupsError: null,
  logs: [],
  logLevel: null,
  logsStatus: 'idle',
  logsError: null,
  open(section) {
    // Listen for export progress from the first opening on; an export outlives the dialog.
    stopProgress ??= api.on('export:progress', (event) =>
      set((state) => ({ progress: { ...state.progress, [event.exportId]: event } })),
    );
    set({ isOpen: true, ...(section ? { section } : {}) });
    void get().loadSettings();
    void get().loadBackups();
    void get().loadLogs();
  },
  ...dialogNavigation<RecordsSection>(set),
  async loadSettings() {
    try {
      set({ settings: await api.invoke('records:getSettings', {}), settingsError: null });
    } catch (error) {
      set({ settingsError: errorMessage(error) });
    }
  },
  async saveSettings(patch) {
    const saved = await api.invoke('records:saveSettings', patch);
    set({ settings: saved });
  },
  async startExport(request) {
    const started = await api.invoke('export:start', request);
    set((state) => ({
      exportId: started.exportId,
      // Until the first event: nothing written yet, the total not known.
      progress: state.progress[started.exportId]
        ? state.progress
        : {
            ...state.progress,
            [started.exportId]: {
              exportId: started.exportId,
              what: request.what,
              format: request.format,
              path: started.path,
              written: 0,
              total: 0,
              done: false,
              canceled: false,
              error: null,
            },
          },
    }));
  },
  async cancelExport() {
    const exportId = get().exportId;
    if (!exportId) return;
    await api.invoke('export:cancel', { exportId });
  },
  async loadBackups() {
    set({ backupsStatus: 'loading', backupsError: null });
    try {
      set({ backups: await api.invoke('backup:list', {}), backupsStatus: 'ready' });
    } catch (error) {
      set({ backupsStatus: 'error', backupsError: errorMessage(error) });
    }
  },
  async backupNow() {
    const backup = await api.invoke('backup:now', {});
    await Promise.all([get().loadBackups(), get().loadSettings()]);
    return backup;
  },
  restore: (path) => api.invoke('backup:restore', { path }),
  importContacts: (csv) => api.invoke('contacts:import', { csv }),
  previewRetention: (months) => api.invoke('retention:preview', { months }),
  applyRetention: (months) => api.invoke('retention:apply', { months }),
  setLogLevel(level) {
    set({ logLevel: level });
    void get().loadLogs();
  },
  async loadLogs() {
    set({ logsStatus: 'loading', logsError: null });
    const level = get().logLevel;
    try {
      const lines = await api.invoke('logs:tail', {
        limit: logLimit,
        ...(level ? { level } : {}),
      });
      // The core answers oldest first; the viewer reads newest first.
      set({ logs: [...lines].reverse(), logsStatus: 'ready' });
    } catch (error) {
      set({ logsStatus: 'error', logsError: errorMessage(error) });
    }
  },
}));

/** The progress of the export this dialog started last, if any. */
export const selectCurrentExport = (state: RecordsState): ExportProgress | null =>
  state.exportId ? (state.progress[state.exportId] ?? null) : null;
