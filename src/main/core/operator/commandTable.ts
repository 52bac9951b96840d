import { commandSchemas, type CommandName } from '../../../shared/contract';
import type { CommandHandlers } from './service';

/** The commands of one contract namespace, e.g. `NamespaceCommands<'drafts'>`. */
export type NamespaceCommands<N extends string> = Pick<
  CommandHandlers,
  Extract<CommandName, `${N}:${string}`>
>;

/**
 * Merges the per-namespace modules into the one table the operator service runs. Object spread
 * would let a second definition of a command silently win, so this refuses at start instead: a
 * command defined twice, a handler for a command the contract does not have, and a command of
 * the contract with no handler (the contract's list is the checklist) all throw.
 */
export function mergeCommands(
  modules: Record<string, Partial<Record<string, unknown>>>,
): CommandHandlers {
  const table: Record<string, unknown> = {};
  const owner = new Map<string, string>();
  for (const [moduleName, handlers] of Object.entries(modules)) {
    for (const [command, handler] of Object.entries(handlers)) {
      const first = owner.get(command);
      if (first !== undefined) {
        throw new Error(`Command "${command}" is defined twice: in ${first} and in ${moduleName}.`);
      }
      if (!Object.prototype.hasOwnProperty.call(commandSchemas, command)) {
        throw new Error(`Command "${command}" (in ${moduleName}) is not in the contract.`);
      }
      if (typeof handler !== 'function') {
        throw new Error(`Command "${command}" (in ${moduleName}) has no handler function.`);
      }
      owner.set(command, moduleName);
      table[command] = handler;
    }
  }
  const missing = Object.keys(commandSchemas).filter((command) => !owner.has(command));
  if (missing.length > 0) {
    throw new Error(`Commands of the contract with no handler: ${missing.join(', ')}.`);
  }
  // Every command of the contract is present exactly once (checked above).
  return table as CommandHandlers;
}
