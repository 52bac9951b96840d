import type { Db } from '../store/database';
import { indexSearchBacklog } from '../store/search';
import { GroupCommitter } from './groupCommit';
import {
  applyIngestOp,
  type IngestKind,
  type IngestOpOf,
  type IngestWriter,
} from '../messaging/ingestOps';

/** How long new messages may wait in the search backlog before they are indexed together. */
const SEARCH_INDEX_DELAY_MS = 100;

/**
 * The ingest writer on the connection it is given: operations are group-committed (one fsync per
 * batch) and new messages are added to the search index together a moment later. On the app's
 * ingest thread this runs on that thread's own connection (ingestThread.ts); tests use it
 * directly.
 */
export function createIngestStore(
  db: Db,
  onSearchIndexError: (error: unknown) => void,
): IngestWriter {
  const committer = new GroupCommitter(db);
  // New messages wait in the search backlog (migration 0050); a search catches up by itself, so
  // this only keeps the backlog short.
  let searchTimer: NodeJS.Timeout | undefined;
  const indexSearch = () => {
    clearTimeout(searchTimer);
    searchTimer = undefined;
    try {
      indexSearchBacklog(db);
    } catch (error) {
      onSearchIndexError(error); // the next search indexes what is left
    }
  };

  return {
    async write<K extends IngestKind>(op: IngestOpOf<K>) {
      const result = await committer.submit((tx) => applyIngestOp(tx, op));
      if (op.kind === 'inbound') searchTimer ??= setTimeout(indexSearch, SEARCH_INDEX_DELAY_MS);
      return result;
    },
    close() {
      committer.close();
      indexSearch();
      return Promise.resolve();
    },
  };
}
