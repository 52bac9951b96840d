/**
 * How a WhatsApp template's text renders, shared so the composer's live preview and the core's
 * sent text (and the simulator's, like Twilio's) say exactly the same thing.
 */
const PLACEHOLDER = /\{\{\s*(\d{1,2})\s*\}\}/g;

/** Placeholders in order of first use: "Hi {{1}}, {{2}} here… {{1}}" → ["1", "2"]. */
export function placeholdersOf(body: string): string[] {
  const seen: string[] = [];
  for (const match of body.matchAll(PLACEHOLDER)) {
    const key = match[1] ?? '';
    if (!seen.includes(key)) seen.push(key);
  }
  return seen;
}

/** The text the customer receives; an unfilled placeholder stays visible as {{n}}. */
export function renderTemplate(body: string, variables: Record<string, string>): string {
  return body.replace(PLACEHOLDER, (whole, key: string) => {
    const value = variables[key]?.trim();
    return value ? value : whole;
  });
}

/** A template as cached from the carrier: the facts (core/domain/templates.ts says what they mean). */
export interface TemplateRecord {
  sid: string;
  name: string;
  language: string;
  body: string;
  /** The sample value the template was created with, per placeholder. */
  samples: Record<string, string>;
  /** WhatsApp's approval status as the carrier reported it. */
  approval: string;
  rejectionReason: string | null;
  category: string | null;
}
