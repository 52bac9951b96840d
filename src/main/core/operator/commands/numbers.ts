import { Refusal } from '../../domain/refusal';
import type { NamespaceCommands } from '../commandTable';
import type { HandlerDeps } from '../commandDeps';

/** The account's numbers and WhatsApp senders, and connecting one (golive/ says carrier errors in words). */
export function numbersCommands(deps: Pick<HandlerDeps, 'goLive'>): NamespaceCommands<'numbers'> {
  const { numbers } = deps.goLive;
  return {
    'numbers:list': () => numbers.list(),
    'numbers:connect': async ({ phoneNumberSid }) => {
      const listed = await numbers.list();
      if (!listed.numbers.some((n) => n.sid === phoneNumberSid)) {
        throw new Refusal(
          'That number is not on this Twilio account. Refresh the list and pick again.',
        );
      }
      return numbers.connect(phoneNumberSid);
    },
    // WhatsApp (golive/whatsappSetup.ts): the sandbox's instructions or an approved sender.
    'numbers:whatsapp': () => deps.goLive.whatsapp.view(),
    'numbers:useSandbox': ({ joinCode }) => deps.goLive.whatsapp.useSandbox(joinCode),
    'numbers:connectWhatsAppSender': ({ senderSid }) =>
      deps.goLive.whatsapp.connectSender(senderSid),
  };
}
