import { useId } from 'react';
import { logLevels, type LogEntry, type LogLevelName } from '../../../shared/types';
import { logLimit, useRecordsStore } from '../stores/recordsStore';
import { Button } from './ui/Button';
import { ListStatus } from './ui/ListStatus';
import { Select, type Choice } from './ui/Select';
import { usePick } from '../stores/usePick';
import styles from './RecordsDialog.module.css';

const levelChoices: ReadonlyArray<Choice<LogLevelName | ''>> = [
  { value: '', label: 'All' },
  ...logLevels.map((name) => ({ value: name, label: `${name} and above` })),
];

/** A line's classes: the line, and its level's tint where the level has one (warn, error, fatal). */
function levelClass(level: LogEntry['level']): string {
  return [styles.logLine, styles[level]].filter(Boolean).join(' ');
}

function fieldsText(fields: LogEntry['fields']): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

/** The last lines of the application log, newest first; refreshed by hand, never on a timer. */
export function LogViewer() {
  const {
    logs,
    logLevel: level,
    logsStatus: status,
    logsError: error,
    settings,
    setLogLevel,
    loadLogs,
  } = usePick(
    useRecordsStore,
    'logs',
    'logLevel',
    'logsStatus',
    'logsError',
    'settings',
    'setLogLevel',
    'loadLogs',
  );
  const levelId = useId();

  return (
    <div className={`${styles.panel} ${styles.logs}`}>
      <div className={styles.logToolbar}>
        <label htmlFor={levelId}>Level</label>
        <Select
          id={levelId}
          value={level ?? ''}
          onChange={(value) => setLogLevel(value === '' ? null : value)}
          choices={levelChoices}
          testId="log-level"
        />
        <Button
          onClick={() => void loadLogs()}
          disabled={status === 'loading'}
          data-testid="log-refresh"
        >
          Refresh
        </Button>
      </div>
      <p className={`muted ${styles.logSummary}`}>
        Last {logLimit} lines, newest first
        {settings ? (
          <>
            {' '}
            from <code>{settings.paths.logFile}</code>
          </>
        ) : null}
      </p>
      <ListStatus status={status} error={error} isEmpty={logs.length === 0}>
        <p className="muted" data-testid="log-empty">
          No log lines at this level.
        </p>
      </ListStatus>
      {logs.length > 0 && (
        <ol className={styles.logLines} aria-label="Log lines" data-testid="log-lines">
          {logs.map((entry, index) => (
            <li
              key={`${entry.time}-${index}`}
              className={levelClass(entry.level)}
              data-testid="log-line"
            >
              <span className={styles.logTime}>{entry.time}</span>{' '}
              <span className={styles.logLevel}>{entry.level.toUpperCase()}</span>{' '}
              {entry.name && <span className={styles.logName}>{entry.name}</span>}{' '}
              <span>{entry.msg}</span>{' '}
              <span className={styles.logFields}>{fieldsText(entry.fields)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
