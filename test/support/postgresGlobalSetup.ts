import type { TestProject } from 'vitest/node';
import { postgresBinDir, startPostgresCluster } from './postgresCluster';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster's maintenance URL, or why there is none. */
    postgres: { url: string } | { missing: string };
  }
}

/** One throwaway cluster for the whole run; each test file makes its own databases in it. */
export default async function setup(project: TestProject): Promise<() => void> {
  const binDir = postgresBinDir();
  if (!binDir) {
    project.provide('postgres', {
      missing:
        'no PostgreSQL server binaries (initdb) on this machine: install Debian\'s "postgresql" ' +
        'package to run the PostgreSQL half of the store, queue and search suites',
    });
    return () => {};
  }
  const cluster = await startPostgresCluster(binDir);
  project.provide('postgres', { url: cluster.url() });
  return () => cluster.stop();
}
