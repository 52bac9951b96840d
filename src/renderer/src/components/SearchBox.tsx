import styles from './SearchBox.module.css';
import { useEffect, useRef, type KeyboardEvent } from 'react';
import type { SearchHit } from '../../../shared/types';
import { contactName, longTime, shortTime } from '../format';
import { SEARCH_INPUT_ID } from '../keyboard';
import { useSearchStore, type SearchFilters } from '../stores/searchStore';
import { useThreadStore } from '../stores/threadStore';
import { Select, type Choice } from './ui/Select';
import { ListStatus } from './ui/ListStatus';
import { usePick } from '../stores/usePick';

const directionChoices: ReadonlyArray<Choice<SearchFilters['direction']>> = [
  { value: 'any', label: 'From anyone' },
  { value: 'inbound', label: 'From customers' },
  { value: 'outbound', label: 'Sent by us' },
];

type WithinDays = `${SearchFilters['withinDays']}`;
const whenChoices: ReadonlyArray<Choice<WithinDays>> = [
  { value: '0', label: 'Any time' },
  { value: '7', label: 'Past week' },
  { value: '30', label: 'Past month' },
  { value: '365', label: 'Past year' },
];

/** Opens the conversation at the matched message, highlighted among its neighbours. */
async function openHit(hit: SearchHit): Promise<void> {
  await useThreadStore.getState().openAt(hit.conversationId, hit.messageId);
}

function Result({ hit, onOpen }: { hit: SearchHit; onOpen: (hit: SearchHit) => void }) {
  return (
    <li>
      <button
        type="button"
        className={`row-button ${styles.result}`}
        onClick={() => onOpen(hit)}
        onKeyDown={moveBetweenResults}
        data-testid="search-result"
        data-conversation-id={hit.conversationId}
      >
        <span className="row-top">
          <span className="row-name">{contactName(hit.contact)}</span>
          <time
            className="row-time"
            dateTime={new Date(hit.createdAt).toISOString()}
            title={longTime(hit.createdAt)}
          >
            {shortTime(hit.createdAt)}
          </time>
        </span>
        <span className={styles.snippet}>
          {hit.direction === 'outbound' && <span className="muted">You: </span>}
          {hit.snippet.map((part, index) =>
            part.match ? (
              <mark key={index}>{part.text}</mark>
            ) : (
              <span key={index}>{part.text}</span>
            ),
          )}
        </span>
      </button>
    </li>
  );
}

/** Arrow keys walk the results; Up from the first one goes back to the box. */
function moveBetweenResults(event: KeyboardEvent<HTMLElement>) {
  if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp') return;
  event.preventDefault();
  const buttons = [...document.querySelectorAll<HTMLButtonElement>('.search-result')];
  const index = buttons.indexOf(event.currentTarget as HTMLButtonElement);
  const next = event.key === 'ArrowDown' ? index + 1 : index - 1;
  if (next < 0) document.getElementById(SEARCH_INPUT_ID)?.focus();
  else buttons[Math.min(next, buttons.length - 1)]?.focus();
}

/** Search over every message ever received or sent; "/" focuses it. */
export function SearchBox() {
  const { query, results, status, error, open, setQuery, setOpen, filters, setFilters } = usePick(
    useSearchStore,
    'query',
    'results',
    'status',
    'error',
    'open',
    'setQuery',
    'setOpen',
    'filters',
    'setFilters',
  );
  const root = useRef<HTMLDivElement>(null);

  // A click anywhere else puts the results away.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (!root.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open, setOpen]);

  const choose = (hit: SearchHit) => {
    setOpen(false);
    void openHit(hit);
  };

  function onInputKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setOpen(query.trim() !== '');
      requestAnimationFrame(() =>
        document.querySelector<HTMLButtonElement>('.search-result')?.focus(),
      );
    } else if (event.key === 'Enter' && results[0]) {
      event.preventDefault();
      choose(results[0]);
    }
  }

  const showList = open && query.trim() !== '';
  return (
    <div className={styles.search} ref={root} role="search">
      <input
        id={SEARCH_INPUT_ID}
        type="search"
        aria-label="Search"
        aria-keyshortcuts="/"
        aria-controls="search-results"
        placeholder="Search messages   /"
        autoComplete="off"
        spellCheck={false}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onFocus={() => setOpen(query.trim() !== '')}
        onKeyDown={onInputKey}
        data-testid="search-input"
      />
      {showList && (
        <div
          id="search-results"
          className={styles.results}
          role="region"
          aria-label="Search results"
          data-testid="search-results"
        >
          <div className={styles.filters}>
            <label>
              <span className="visually-hidden">Sent by</span>
              <Select
                aria-label="Sent by"
                value={filters.direction}
                onChange={(direction) => setFilters({ direction })}
                choices={directionChoices}
                testId="search-direction"
              />
            </label>
            <label>
              <span className="visually-hidden">When</span>
              <Select
                aria-label="When"
                value={String(filters.withinDays) as WithinDays}
                onChange={(days) =>
                  setFilters({ withinDays: Number(days) as SearchFilters['withinDays'] })
                }
                choices={whenChoices}
                testId="search-when"
              />
            </label>
          </div>
          <ListStatus status={status} error={error} isEmpty={results.length === 0}>
            <p className="empty" role="status">
              No messages contain “{query.trim()}”.
            </p>
          </ListStatus>
          {status === 'searching' && results.length === 0 && (
            <p className="empty" role="status">
              Searching…
            </p>
          )}
          {results.length > 0 && (
            <ul className={styles.list}>
              {results.map((hit) => (
                <Result key={hit.messageId} hit={hit} onOpen={choose} />
              ))}
            </ul>
          )}
        </div>
      )}
    </div>
  );
}
