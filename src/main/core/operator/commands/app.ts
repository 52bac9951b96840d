import type { AppInfo } from '../../../../shared/types';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

export function appCommands(
  deps: Pick<HandlerDeps, 'mode' | 'version' | 'businessNumber' | 'simulator'>,
): NamespaceCommands<'app'> {
  return {
    'app:info': (): AppInfo => ({
      mode: deps.mode,
      version: deps.version,
      businessNumber: deps.businessNumber,
      simulator: { enabled: deps.simulator !== undefined },
    }),
  };
}
