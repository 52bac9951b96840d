import { Refusal } from '../../domain/refusal';
import { listDeadJobs, requeueDeadJob } from '../../store/jobs';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

export function jobsCommands(
  deps: Pick<HandlerDeps, 'db' | 'now' | 'onQueueChanged'>,
): NamespaceCommands<'jobs'> {
  const { db } = deps;
  return {
    'jobs:listDead': () => listDeadJobs(db),

    'jobs:retry': ({ jobId }) => {
      if (!requeueDeadJob(db, { id: jobId, now: deps.now() })) {
        throw new Refusal('That job is not waiting for a retry any more.');
      }
      deps.onQueueChanged();
      return { ok: true };
    },
  };
}
