import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { startServeProcess, type ServeReady } from './serveProcess';

/**
 * Hub processes for the shared-hub proofs and the hub benchmark: `npm run hub`'s entry started
 * as a child process (as `serveProcess.ts` does for serve mode), on one PostgreSQL database.
 */

/** What `npm run hub` runs, relative to the repository's root. */
export const HUB_ENTRY = 'src/main/hub.ts';

/** A token the hub accepts (it asks for at least 32 characters). */
export function newHubToken(): string {
  return randomBytes(24).toString('hex');
}

export interface HubProcess {
  child: ChildProcess;
  ready: ServeReady;
  exited: Promise<number | null>;
  /** Everything the process wrote to stderr so far (for a failing test's message). */
  stderr: () => string;
}

/**
 * Starts one hub process and resolves once it printed its ready line. `env` holds what differs
 * between hubs (the data folder for its logs); DATABASE_URL and the token are the shared ones.
 */
export async function startHubProcess(
  shared: { databaseUrl: string; hubToken: string },
  env: Record<string, string>,
): Promise<HubProcess> {
  return startServeProcess(
    {
      SWITCHBOARD_WEBHOOK_PORT: '0',
      SWITCHBOARD_OPERATOR_PORT: '0',
      DATABASE_URL: shared.databaseUrl,
      SWITCHBOARD_HUB_TOKEN: shared.hubToken,
      ...env,
    },
    'hub',
  );
}

/**
 * The operator URL with the hub's token where `operatorClient` looks for it: a hub's console
 * authenticates with SWITCHBOARD_HUB_TOKEN, whether or not the ready line's URL carries one.
 */
export function withHubToken(operatorUrl: string, hubToken: string): string {
  const url = new URL(operatorUrl);
  url.searchParams.set('token', hubToken);
  return url.toString();
}
