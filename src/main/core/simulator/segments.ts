/**
 * How many SMS segments a body costs, the way Twilio bills it (num_segments). One character outside
 * the GSM-7 alphabet switches the whole message to UCS-2. Correct enough for a simulator: it does
 * not model Smart Encoding, and it may differ by one from Twilio when an escape pair would straddle
 * a segment boundary.
 */
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

const basic = new Set(GSM_BASIC);
const extended = new Set(GSM_EXTENDED);

export type Encoding = 'GSM-7' | 'UCS-2';

export function segmentCount(body: string): { encoding: Encoding; segments: number } {
  let septets = 0;
  for (const char of body) {
    if (basic.has(char)) septets += 1;
    else if (extended.has(char))
      septets += 2; // ESC + code
    else return { encoding: 'UCS-2', segments: split(body.length, 70, 67) }; // UTF-16 units
  }
  return { encoding: 'GSM-7', segments: split(septets, 160, 153) };
}

function split(units: number, single: number, perPart: number): number {
  // An MMS or an empty body is still billed as one message.
  if (units <= single) return 1;
  return Math.ceil(units / perPart);
}
