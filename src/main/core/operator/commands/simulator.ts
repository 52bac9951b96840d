import { parseOperatorNumber } from '../../domain/address';
import { carrierAddress } from '../../domain/channels';
import { toConversationView } from '../../domain/conversationView';
import { Refusal } from '../../domain/refusal';
import { getConversationSummary, moveConversationBack } from '../../store/conversations';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

const HOUR = 3_600_000;

export function simulatorCommands(
  deps: Pick<
    HandlerDeps,
    'simulator' | 'defaultCountry' | 'businessNumber' | 'db' | 'events' | 'now' | 'onMessageChanged'
  >,
): NamespaceCommands<'simulator'> {
  return {
    'simulator:passTime': ({ conversationId, hours }) => {
      const simulator = deps.simulator;
      if (!simulator) {
        throw new Refusal('Time only passes on demand in demo mode; this console is live.');
      }
      const summary = getConversationSummary(deps.db, conversationId);
      if (!summary) throw new Refusal('That conversation no longer exists.');
      const moved = moveConversationBack(deps.db, { conversationId, ms: hours * HOUR, now: deps.now() }); // prettier-ignore
      if (summary.channel === 'whatsapp') simulator.passTime(summary.contact.address, hours * HOUR);
      for (const id of moved) deps.onMessageChanged(id);
      const after = getConversationSummary(deps.db, conversationId);
      if (after) deps.events.emit('conversation:updated', toConversationView(after));
      return { moved: moved.length };
    },

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
