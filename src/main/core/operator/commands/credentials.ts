import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

export function credentialsCommands(
  deps: Pick<HandlerDeps, 'goLive'>,
): NamespaceCommands<'credentials'> {
  return { 'credentials:check': ({ services }) => deps.goLive.checkCredentials(services) };
}
