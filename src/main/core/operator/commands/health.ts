import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

/** Health is projected by the composition root, which sees every part. */
export function healthCommands(deps: Pick<HandlerDeps, 'health'>): NamespaceCommands<'health'> {
  return { 'health:get': deps.health };
}
