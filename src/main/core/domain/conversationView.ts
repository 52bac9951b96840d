import type { ConversationSummary } from '../../../shared/types';
import { serviceWindowView } from './channels';

/**
 * A conversation as the console shows it: the store's summary plus what the channel's rules make
 * of it (when a WhatsApp window closes), so the console counts down without knowing the rule.
 */
export function toConversationView(summary: ConversationSummary): ConversationSummary {
  const window = serviceWindowView(summary.channel, summary.lastInboundAt ?? null);
  return window ? { ...summary, serviceWindow: window } : summary;
}
