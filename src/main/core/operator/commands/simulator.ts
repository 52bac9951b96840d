import { parseOperatorNumber } from '../../domain/address';
import { carrierAddress } from '../../domain/channels';
import { Refusal } from '../../domain/refusal';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

export function simulatorCommands(
  deps: Pick<HandlerDeps, 'simulator' | 'defaultCountry' | 'businessNumber'>,
): NamespaceCommands<'simulator'> {
  return {
    'simulator:textBusiness': async ({ from, body, picture, channel, profileName }) => {
      const simulator = deps.simulator;
      if (!simulator) {
        throw new Refusal('The simulator only runs in demo mode, and this console is live.');
      }
      const number = parseOperatorNumber(from, deps.defaultCountry);
      if (!number.ok) throw new Refusal(number.reason, 'invalid');
      if (body.trim() === '' && !picture) {
        throw new Refusal('Type the message the customer sends.', 'invalid');
      }
      // On WhatsApp the customer writes to the sandbox sender, the simulator's first.
      const result = await simulator.textBusiness({
        from: carrierAddress(channel, number.e164),
        ...(channel === 'sms' ? { to: deps.businessNumber } : {}),
        ...(channel === 'whatsapp' && profileName ? { profileName } : {}),
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
