import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

/** The ngrok tunnel from Settings → Go live (golive/goLive.ts refuses in words). */
export function tunnelCommands(deps: Pick<HandlerDeps, 'goLive'>): NamespaceCommands<'tunnel'> {
  const { goLive } = deps;
  return {
    'tunnel:status': () => goLive.tunnelStatus(),
    'tunnel:start': (input) => goLive.startTunnel(input),
    'tunnel:stop': () => goLive.stopTunnel(),
  };
}
