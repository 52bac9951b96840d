import type { DraftTemplate, TriageCategory } from '../../../shared/types';

/**
 * Starter templates, one per common question and language. The operator edits or deletes them in
 * Settings. Keywords are matched accent- and case-insensitively against the customer's message;
 * a template whose variables the business profile cannot fill is never used.
 */
function family(
  key: string,
  title: string,
  categories: TriageCategory[],
  keywords: string[],
  texts: Record<string, string>,
): DraftTemplate[] {
  return Object.entries(texts).map(([language, text]) => ({
    id: `${key}-${language}`,
    title,
    text,
    language,
    keywords,
    categories,
  }));
}

export const defaultTemplates: DraftTemplate[] = [
  ...family(
    'hours',
    'Opening hours',
    ['question'],
    ['open', 'opening', 'hours', 'close', 'closing', 'abren', 'abierto', 'abiertos', 'horario',
      'cierran', 'abrem', 'aberto', 'abertos', 'fecham', 'ouvert', 'ouverts', 'horaires', 'ferme',
      'geoffnet', 'offnungszeiten', 'offen', 'auf'],
    {
      en: 'Hi {{name}}! We are open {{hours}}. {{signoff}}',
      es: '¡Hola {{name}}! Nuestro horario es {{hours}}. {{signoff}}',
      pt: 'Olá {{name}}! Nosso horário é {{hours}}. {{signoff}}',
      fr: 'Bonjour {{name}} ! Nous sommes ouverts {{hours}}. {{signoff}}',
      de: 'Hallo {{name}}! Unsere Öffnungszeiten: {{hours}}. {{signoff}}',
    },
  ),
  ...family(
    'address',
    'Where we are',
    ['question'],
    ['where', 'address', 'located', 'location', 'directions', 'donde', 'direccion', 'ubicacion',
      'onde', 'endereco', 'localizacao', 'adresse', 'trouver', 'wo', 'anfahrt'],
    {
      en: 'Hi {{name}}! You can find us at {{address}}. {{signoff}}',
      es: '¡Hola {{name}}! Estamos en {{address}}. {{signoff}}',
      pt: 'Olá {{name}}! Estamos em {{address}}. {{signoff}}',
      fr: 'Bonjour {{name}} ! Nous sommes au {{address}}. {{signoff}}',
      de: 'Hallo {{name}}! Sie finden uns in {{address}}. {{signoff}}',
    },
  ),
  ...family(
    'booking',
    'Booking request',
    ['booking'],
    ['book', 'booking', 'appointment', 'appt', 'reserve', 'reservation', 'cita', 'reservar',
      'reserva', 'turno', 'agendar', 'marcar', 'agendamento', 'rendez', 'rdv', 'reserver',
      'termin', 'buchen', 'reservieren'],
    {
      en: 'Hi {{name}}, thanks for reaching out! Which day and time suit you best? We will confirm your appointment. {{signoff}}',
      es: '¡Hola {{name}}, gracias por escribirnos! ¿Qué día y hora te vienen mejor? Te confirmamos la cita. {{signoff}}',
      pt: 'Olá {{name}}, obrigado pela mensagem! Qual dia e horário são melhores para você? Confirmamos o horário em seguida. {{signoff}}',
      fr: 'Bonjour {{name}}, merci pour votre message ! Quel jour et quelle heure vous conviennent ? Nous confirmons le rendez-vous. {{signoff}}',
      de: 'Hallo {{name}}, danke für Ihre Nachricht! Welcher Tag und welche Uhrzeit passen Ihnen? Wir bestätigen den Termin. {{signoff}}',
    },
  ),
  ...family(
    'prices',
    'Prices',
    ['billing'],
    ['price', 'prices', 'cost', 'how much', 'quote', 'precio', 'precios', 'cuanto', 'cuesta',
      'preco', 'precos', 'quanto', 'custa', 'prix', 'combien', 'tarif', 'preis', 'preise',
      'kosten', 'kostet'],
    {
      en: 'Hi {{name}}, happy to help! Which service are you interested in? We offer {{services}}. {{signoff}}',
      es: '¡Hola {{name}}! ¿Qué servicio te interesa? Ofrecemos {{services}}. {{signoff}}',
      pt: 'Olá {{name}}! Qual serviço te interessa? Oferecemos {{services}}. {{signoff}}',
      fr: 'Bonjour {{name}} ! Quel service vous intéresse ? Nous proposons {{services}}. {{signoff}}',
      de: 'Hallo {{name}}! Welche Leistung interessiert Sie? Wir bieten {{services}}. {{signoff}}',
    },
  ),
  ...family(
    'thanks',
    'You are welcome',
    ['other'],
    ['thanks', 'thank you', 'thx', 'gracias', 'obrigado', 'obrigada', 'valeu', 'merci', 'danke'],
    {
      en: 'You are welcome, {{name}}! {{signoff}}',
      es: '¡De nada, {{name}}! {{signoff}}',
      pt: 'Por nada, {{name}}! {{signoff}}',
      fr: 'Avec plaisir, {{name}} ! {{signoff}}',
      de: 'Gern geschehen, {{name}}! {{signoff}}',
    },
  ),
];
