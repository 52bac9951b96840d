import { CarrierError } from '../carriers/carrier';
import type { GoLive } from '../golive/goLive';
import { CommandFailure, type CommandHandlers } from './service';

type GoLiveCommands =
  | 'tunnel:status'
  | 'tunnel:start'
  | 'tunnel:stop'
  | 'numbers:list'
  | 'numbers:connect'
  | 'setup:selfTest'
  | 'credentials:check';

/** Carrier and setup failures as one plain sentence for the operator. */
async function plainly<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof CommandFailure) throw error;
    if (error instanceof CarrierError && error.kind === 'unauthorized') {
      throw new CommandFailure(
        'Twilio refused the Account SID or Auth Token. Check both in Settings.',
      );
    }
    if (error instanceof CarrierError && error.kind === 'unavailable') {
      throw new CommandFailure(
        'Could not reach Twilio. Check the internet connection and try again.',
      );
    }
    throw new CommandFailure(error instanceof Error ? error.message : String(error));
  }
}

/** Going live from Settings: tunnel, number, self-test, credential checks. */
export function createGoLiveHandlers(goLive: GoLive): Pick<CommandHandlers, GoLiveCommands> {
  return {
    'tunnel:status': () => goLive.tunnelStatus(),
    'tunnel:start': (input) => plainly(() => goLive.startTunnel(input)),
    'tunnel:stop': () => goLive.stopTunnel(),
    'numbers:list': () => plainly(() => goLive.numbers.list()),
    'numbers:connect': ({ phoneNumberSid }) =>
      plainly(async () => {
        const listed = await goLive.numbers.list();
        if (!listed.numbers.some((n) => n.sid === phoneNumberSid)) {
          throw new CommandFailure(
            'That number is not on this Twilio account. Refresh the list and pick again.',
          );
        }
        return goLive.numbers.connect(phoneNumberSid);
      }),
    'setup:selfTest': () => goLive.selfTest(),
    'credentials:check': ({ services }) => goLive.checkCredentials(services),
  };
}
