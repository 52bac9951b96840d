import { parseOperatorNumber } from '../../domain/address';
import { Refusal } from '../../domain/refusal';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

export function simulatorCommands(
  deps: Pick<HandlerDeps, 'simulator' | 'defaultCountry' | 'businessNumber'>,
): NamespaceCommands<'simulator'> {
  return {
    'simulator:textBusiness': async ({ from, body, picture }) => {
      const simulator = deps.simulator;
      if (!simulator) {
        throw new Refusal('The simulator only runs in demo mode, and this console is live.');
      }
      const number = parseOperatorNumber(from, deps.defaultCountry);
      if (!number.ok) throw new Refusal(number.reason, 'invalid');
      if (body.trim() === '' && !picture) {
        throw new Refusal('Type the message the customer sends.', 'invalid');
      }
      const result = await simulator.textBusiness({
        from: number.e164,
        to: deps.businessNumber,
        body,
        // An item with no URL and no bytes: the simulator's own demo picture.
        ...(picture ? { media: [{}] } : {}),
      });
      if (result.webhookStatus !== 200) {
        throw new Refusal(
          `The simulated carrier could not deliver the text to Switchboard's webhook ` +
            `(${result.webhookStatus === null ? 'no answer' : `HTTP ${result.webhookStatus}`}). ` +
            'Check Health for the webhook listener.',
        );
      }
      return { messageSid: result.sid };
    },
  };
}
