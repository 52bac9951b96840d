/**
 * What Switchboard writes holds customers' numbers and words: only the operator's account may read
 * it. Folders we create are 0700 and files 0600 (POSIX; Windows keeps its own ACLs, where these
 * calls change nothing). Folders the operator picks (an export folder in Documents) are left as
 * they are: only the files we put there are private.
 */
import { chmodSync, existsSync, mkdirSync } from 'node:fs';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;

/** Creates `path` (and parents) as private folders; makes an existing one private when `ours`. */
export function makePrivateDir(path: string, options: { ours: boolean }): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (options.ours) chmodSync(path, PRIVATE_DIR_MODE);
}

/** Makes each existing file private (files an earlier version created 0644). */
export function makePrivate(...paths: string[]): void {
  for (const path of paths) if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
}
