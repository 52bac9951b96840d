import { useId } from 'react';
import { logLevels, type LogEntry, type LogLevelName } from '../../../shared/types';
import { logLimit, useRecordsStore } from '../stores/recordsStore';
import { Button } from './ui/Button';
import { ListStatus } from './ui/ListStatus';
import { Select, type Choice } from './ui/Select';
import { usePick } from '../stores/usePick';

const levelChoices: ReadonlyArray<Choice<LogLevelName | ''>> = [
  { value: '', label: 'All' },
  ...logLevels.map((name) => ({ value: name, label: `${name} and above` })),
];

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
    <div className="records-panel records-logs">
      <div className="log-toolbar">
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
      <p className="muted log-summary">
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
        <ol className="log-lines" aria-label="Log lines" data-testid="log-lines">
          {logs.map((entry, index) => (
            <li
              key={`${entry.time}-${index}`}
              className={`log-line log-${entry.level}`}
              data-testid="log-line"
            >
              <span className="log-time">{entry.time}</span>{' '}
              <span className="log-level">{entry.level.toUpperCase()}</span>{' '}
              {entry.name && <span className="log-name">{entry.name}</span>}{' '}
              <span className="log-msg">{entry.msg}</span>{' '}
              <span className="log-fields">{fieldsText(entry.fields)}</span>
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
