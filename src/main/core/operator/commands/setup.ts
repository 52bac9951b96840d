import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

export function setupCommands(deps: Pick<HandlerDeps, 'goLive'>): NamespaceCommands<'setup'> {
  return { 'setup:selfTest': () => deps.goLive.selfTest() };
}
