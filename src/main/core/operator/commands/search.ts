import { indexSearchBacklog } from '../../store/search';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

export function searchCommands(
  deps: Pick<HandlerDeps, 'db' | 'readers'>,
): NamespaceCommands<'search'> {
  return {
    // This handler runs on the writer connection: it indexes what waits in the backlog (a write,
    // usually nothing or a few messages) so the read that follows, on a reader thread, misses no
    // stored message. A newer search replaces one still waiting its turn there (a `Superseded`
    // refusal).
    'search:messages': async (input) => {
      indexSearchBacklog(deps.db);
      return await deps.readers.query('search', input, { latestIn: 'search' });
    },
  };
}
