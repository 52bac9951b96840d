/**
 * Triage by rules: a category and an urgency for an inbound message, from multilingual keyword
 * patterns (en, es, pt, fr, de). Used offline, and as the fallback when the model's answer is
 * missing or malformed. Deliberately simple and predictable: the operator can read why.
 */
import type { TriageCategory, Urgency } from '../../../shared/types';

export interface Triage {
  category: TriageCategory;
  urgency: Urgency;
  /** The model said it is not sure how to answer (a hand-off rule); the rules never say so. */
  unsure?: boolean | undefined;
}

/** Lowercase, accents stripped: "Não" and "nao" match the same pattern. */
export function foldText(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

const words = (list: string) => new RegExp(`(^|[^\\p{L}])(${list})(?=$|[^\\p{L}])`, 'u');

// Order matters: the first category that matches wins (a complaint about a bill is a complaint).
const rules: Array<[TriageCategory, RegExp]> = [
  [
    'spam',
    words(
      'unsubscribe|stop texting|remove me|wrong number|numero equivocado|numero errado|' +
        'winner|you won|congratulations you|claim your|crypto|bitcoin|loan approved|click here|' +
        'free gift|ganaste|voce ganhou|gagne|gewonnen',
    ),
  ],
  [
    'complaint',
    words(
      'terrible|awful|horrible|worst|rude|disappointed|disappointing|unacceptable|complain|' +
        'complaint|refund|angry|not happy|unhappy|never again|ruined|damaged|broken|still waiting|' +
        'pesimo|queja|reclamo|decepcionad[oa]|inaceptable|reembolso|molest[oa]|enojad[oa]|' +
        'reclamacao|pessimo|pessima|pessimo atendimento|decepcionad[oa]|inaceitavel|chatead[oa]|' +
        'plainte|decu|decue|inadmissible|remboursement|inacceptable|' +
        'beschwerde|enttauscht|unverschamt|unmoglich|erstattung|katastrophe',
    ),
  ],
  [
    'billing',
    words(
      'bill|billing|invoice|receipt|charged|charge|overcharged|payment|pay|paid|card|price|' +
        'prices|cost|how much|quote|deposit|factura|cobro|cobraron|pago|pagar|tarjeta|precio|' +
        'cuanto cuesta|cuanto|fatura|cobranca|cobraram|pagamento|cartao|preco|quanto custa|quanto|' +
        'facture|paiement|payer|carte|prix|combien|rechnung|zahlung|bezahlen|karte|preis|kosten|' +
        'wie viel|wieviel',
    ),
  ],
  [
    'booking',
    words(
      'book|booking|appointment|appt|reserve|reservation|schedule|reschedule|cancel my|' +
        'availability|available|slot|table for|cita|reservar|reserva|turno|agendar|agenda|' +
        'horario disponible|marcar|agendamento|consulta|horario|rendez-vous|rdv|reserver|' +
        'disponible|termin|buchen|reservieren|reservierung|verschieben',
    ),
  ],
  [
    'question',
    words(
      'open|opening|hours|close|closing|where|when|what|which|how|do you|can you|can i|is there|' +
        'are you|address|parking|donde|cuando|que|como|abren|abierto|cierran|hay|puedo|pueden|' +
        'onde|quando|como|abrem|aberto|fecham|tem|posso|podem|ou|quand|comment|quel|quelle|' +
        'ouvert|ferme|est-ce|pouvez|wo|wann|wie|was|welche|offnungszeiten|geoffnet|habt ihr|' +
        'haben sie|kann ich|konnen sie',
    ),
  ],
];

const urgent = words(
  'urgent|urgently|asap|emergency|immediately|right now|right away|today|tonight|help|' +
    'urgente|emergencia|ahora|hoy|ya mismo|inmediatamente|agora|hoje|imediatamente|socorro|' +
    "aujourd'hui|aujourdhui|maintenant|immediatement|tout de suite|dringend|notfall|sofort|heute|" +
    'gleich',
);
const thanks = words(
  'thanks|thank you|thx|ty|great|perfect|ok|okay|cool|see you|gracias|perfecto|vale|nos vemos|' +
    'obrigad[oa]|valeu|perfeito|ate logo|merci|parfait|a bientot|danke|perfekt|bis dann',
);

export function triageByRules(text: string): Triage {
  const folded = foldText(text);
  const category =
    rules.find(([, pattern]) => pattern.test(folded))?.[0] ??
    (text.includes('?') ? 'question' : 'other');
  const exclamations = (text.match(/!/g) ?? []).length;
  const shouting = /[A-Z]{5,}/.test(text) && text === text.toUpperCase();
  let urgency: Urgency = 'normal';
  if (urgent.test(folded) || (category === 'complaint' && (exclamations >= 2 || shouting))) {
    urgency = 'high';
  } else if (category === 'spam' || (category === 'other' && thanks.test(folded))) {
    urgency = 'low';
  }
  return { category, urgency };
}
