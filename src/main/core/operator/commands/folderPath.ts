import { Refusal } from '../../domain/refusal';

/** A folder the operator typed must be a full path: a relative one would land in our cwd. */
export function absoluteFolder(folder: string | undefined): string | undefined {
  if (folder !== undefined && !/^([A-Za-z]:[\\/]|[\\/])/.test(folder)) {
    throw new Refusal('Pick a folder by its full path.', 'invalid');
  }
  return folder;
}
