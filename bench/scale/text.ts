/**
 * Message bodies for the scale store: short texts as customers and a small business write them,
 * in English and Spanish (and a little French and German), assembled from phrase lists with a
 * seeded PRNG so that every run produces the same store. Also the fixed search query set, whose
 * words come from these lists (common words, rare words, prefixes, phrases).
 */

/** mulberry32: tiny, fast and good enough for picking phrases; the same seed gives the same run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Lang = 'en' | 'es' | 'fr' | 'de';

export const pick = <T>(random: () => number, items: readonly T[]): T =>
  items[Math.floor(random() * items.length)]!;

interface Phrases {
  greet: readonly string[];
  ask: readonly string[];
  detail: readonly string[];
  close: readonly string[];
  reply: readonly string[];
  replyDetail: readonly string[];
  days: readonly string[];
  items: readonly string[];
}

const en: Phrases = {
  greet: ['Hi', 'Hello', 'Hey', 'Good morning', 'Hi there', 'Hello again', 'Morning', ''],
  ask: [
    'are you open on {day}?',
    'can I book a table for {n} on {day} at {time}?',
    'do you still have the {item} in stock?',
    'what time do you close on {day}?',
    'I would like to change my appointment to {day} at {time}.',
    'is my order ready for pickup?',
    'how much is the {item}?',
    'can you deliver the {item} to my address this week?',
    'I need to cancel my booking for {day}, sorry.',
    'my {item} arrived damaged, what should I do?',
    'do you take credit cards or only cash?',
    'is there parking near the shop?',
    'can I get a refund for the {item} I bought last week?',
    'I was charged twice for my order, can you check?',
    'do you have gluten free options?',
    'running about {n} minutes late, sorry!',
    'thanks for the quick reply yesterday.',
    'could you send me the invoice for order {code}?',
    'when will the {item} be back in stock?',
    'is the offer on {item} still valid?',
    'my package has not arrived yet, tracking says delivered.',
    'can I bring my dog to the appointment?',
  ],
  detail: [
    'It is for my mother.',
    'We are {n} people.',
    'I ordered it online.',
    'My name is {name}.',
    'It is a birthday surprise.',
    'Please call me back if easier.',
    'I can come after work.',
    'The reference is {code}.',
    'Last time the service was great.',
    '',
    '',
    '',
  ],
  close: ['Thanks!', 'Thank you', 'Cheers', 'Thanks so much', 'See you soon', '', '', ''],
  reply: [
    'Hi {name}, yes we are open on {day} from 9 to 6.',
    'Thanks for your message! Your table for {n} on {day} at {time} is confirmed.',
    'Yes, we still have the {item}. Shall we keep one for you?',
    'Your order is ready for pickup at the front desk.',
    'Sorry to hear that. Please send a photo and we will replace the {item}.',
    'We take cards, cash and contactless payments.',
    'Your appointment has been moved to {day} at {time}.',
    'No problem, your booking for {day} is cancelled.',
    'The refund for {code} has been issued, it takes 3 to 5 days.',
    'We checked and you were charged once; the second line is a pending hold.',
    'The {item} is back in stock next {day}.',
    'Of course, see you soon!',
  ],
  replyDetail: ['Have a great day!', 'Let us know if you need anything else.', '', '', ''],
  days: [
    'Monday',
    'Tuesday',
    'Wednesday',
    'Thursday',
    'Friday',
    'Saturday',
    'Sunday',
    'tomorrow',
    'today',
  ],
  items: [
    'blue jacket',
    'coffee grinder',
    'gift card',
    'birthday cake',
    'running shoes',
    'table lamp',
    'winter coat',
    'espresso machine',
    'yoga mat',
    'phone case',
    'sourdough bread',
    'wooden chair',
  ],
};

const es: Phrases = {
  greet: ['Hola', 'Buenos días', 'Buenas tardes', 'Buenas', 'Hola de nuevo', ''],
  ask: [
    '¿abren el {day}?',
    '¿puedo reservar una mesa para {n} el {day} a las {time}?',
    '¿todavía tienen la {item}?',
    '¿a qué hora cierran el {day}?',
    'quisiera cambiar mi cita al {day} a las {time}.',
    '¿mi pedido ya está listo para recoger?',
    '¿cuánto cuesta la {item}?',
    '¿pueden enviar la {item} a mi dirección esta semana?',
    'necesito cancelar mi reserva del {day}, lo siento.',
    'la {item} llegó dañada, ¿qué hago?',
    '¿aceptan tarjeta o solo efectivo?',
    '¿hay estacionamiento cerca de la tienda?',
    '¿me pueden devolver el dinero de la {item}?',
    'me cobraron dos veces el pedido, ¿pueden revisar?',
    '¿tienen opciones sin gluten?',
    'llego unos {n} minutos tarde, perdón.',
    '¿me mandan la factura del pedido {code}?',
    '¿cuándo vuelve a haber {item}?',
    'mi paquete no ha llegado todavía.',
  ],
  detail: [
    'Es para mi madre.',
    'Somos {n} personas.',
    'Lo pedí por internet.',
    'Me llamo {name}.',
    'Es una sorpresa de cumpleaños.',
    'La referencia es {code}.',
    '',
    '',
    '',
  ],
  close: ['¡Gracias!', 'Muchas gracias', 'Saludos', 'Hasta pronto', '', ''],
  reply: [
    'Hola {name}, sí, abrimos el {day} de 9 a 6.',
    '¡Gracias por escribir! Su mesa para {n} el {day} a las {time} está confirmada.',
    'Sí, todavía tenemos la {item}. ¿Se la guardamos?',
    'Su pedido está listo para recoger en el mostrador.',
    'Lamentamos lo ocurrido. Envíenos una foto y le cambiamos la {item}.',
    'Aceptamos tarjeta, efectivo y pago sin contacto.',
    'Su cita quedó para el {day} a las {time}.',
    'Sin problema, su reserva del {day} está cancelada.',
    'El reembolso de {code} ya está hecho, tarda de 3 a 5 días.',
    '¡Claro, hasta pronto!',
  ],
  replyDetail: ['¡Que tenga un buen día!', 'Cualquier cosa nos avisa.', '', ''],
  days: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo', 'mañana'],
  items: [
    'chaqueta azul',
    'cafetera',
    'tarjeta regalo',
    'tarta de cumpleaños',
    'zapatilla de correr',
    'lámpara de mesa',
    'silla de madera',
    'esterilla de yoga',
    'funda del móvil',
  ],
};

const fr: Phrases = {
  greet: ['Bonjour', 'Salut', 'Bonsoir', ''],
  ask: [
    'vous êtes ouverts {day} ?',
    'je voudrais réserver une table pour {n} {day} à {time}.',
    'est-ce que vous avez encore la {item} ?',
    'ma commande est prête ?',
    'je dois annuler mon rendez-vous de {day}, désolé.',
    'combien coûte la {item} ?',
  ],
  detail: ['C’est pour ma mère.', 'Nous sommes {n}.', 'Je m’appelle {name}.', '', ''],
  close: ['Merci !', 'Merci beaucoup', 'Bonne journée', ''],
  reply: [
    'Bonjour {name}, oui nous sommes ouverts {day} de 9h à 18h.',
    'Votre table pour {n} {day} à {time} est confirmée.',
    'Votre commande est prête à retirer.',
    'Pas de souci, votre rendez-vous de {day} est annulé.',
  ],
  replyDetail: ['Bonne journée !', ''],
  days: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'demain'],
  items: ['veste bleue', 'cafetière', 'carte cadeau', 'lampe de table'],
};

const de: Phrases = {
  greet: ['Hallo', 'Guten Tag', 'Guten Morgen', 'Moin', ''],
  ask: [
    'haben Sie am {day} geöffnet?',
    'kann ich einen Tisch für {n} am {day} um {time} reservieren?',
    'haben Sie die {item} noch vorrätig?',
    'ist meine Bestellung abholbereit?',
    'ich muss meinen Termin am {day} leider absagen.',
    'was kostet die {item}?',
  ],
  detail: ['Es ist für meine Mutter.', 'Wir sind {n} Personen.', 'Mein Name ist {name}.', '', ''],
  close: ['Danke!', 'Vielen Dank', 'Viele Grüße', ''],
  reply: [
    'Hallo {name}, ja, wir haben am {day} von 9 bis 18 Uhr geöffnet.',
    'Ihr Tisch für {n} am {day} um {time} ist bestätigt.',
    'Ihre Bestellung liegt zur Abholung bereit.',
    'Kein Problem, Ihr Termin am {day} ist abgesagt.',
  ],
  replyDetail: ['Schönen Tag noch!', ''],
  days: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'morgen'],
  items: ['blaue Jacke', 'Kaffeemühle', 'Geschenkkarte', 'Tischlampe'],
};

const phrases: Record<Lang, Phrases> = { en, es, fr, de };

const firstNames = [
  'Maria',
  'James',
  'Lucía',
  'Sofia',
  'Daniel',
  'Emma',
  'Carlos',
  'Olivia',
  'Ahmed',
  'Chen',
  'Fatima',
  'Noah',
  'Valentina',
  'Mateo',
  'Claire',
  'Jonas',
  'Priya',
  'Liam',
  'Camila',
  'Ethan',
  'Isabel',
  'Hugo',
  'Lena',
  'Diego',
];
const lastNames = [
  'Garcia',
  'Smith',
  'Martínez',
  'Johnson',
  'López',
  'Brown',
  'Hernández',
  'Müller',
  'Dubois',
  'Nguyen',
  'Rossi',
  'Kim',
  'Patel',
  'Silva',
  'Wilson',
  'Fernández',
];

/**
 * Rare words: each appears in about one message in 20,000 (a few dozen hits at 1,000,000), the
 * shape of a search for one half-remembered detail.
 */
export const rareWords = [
  'zanzibar',
  'marmalade',
  'quokka',
  'tangerine',
  'xylophone',
  'kumquat',
  'periwinkle',
  'saxophone',
];

export function contactName(random: () => number): string {
  return `${pick(random, firstNames)} ${pick(random, lastNames)}`;
}

function fill(template: string, random: () => number, p: Phrases): string {
  return template.replace(/\{(\w+)\}/g, (_, slot: string) => {
    switch (slot) {
      case 'day':
        return pick(random, p.days);
      case 'time':
        return `${1 + Math.floor(random() * 11)}:${random() < 0.5 ? '00' : '30'}`;
      case 'n':
        return String(2 + Math.floor(random() * 9));
      case 'item':
        return pick(random, p.items);
      case 'name':
        return pick(random, firstNames);
      case 'code':
        return `#${10000 + Math.floor(random() * 90000)}`;
      default:
        return slot;
    }
  });
}

const join = (parts: string[]) => parts.filter((s) => s !== '').join(' ');

/** A customer's text. */
export function inboundBody(random: () => number, lang: Lang): string {
  const p = phrases[lang];
  const greet = pick(random, p.greet);
  const ask = fill(pick(random, p.ask), random, p);
  const body = join([
    greet === '' ? ask[0]!.toUpperCase() + ask.slice(1) : `${greet}, ${ask}`,
    fill(pick(random, p.detail), random, p),
    random() < 0.25 ? fill(pick(random, p.ask), random, p) : '',
    pick(random, p.close),
  ]);
  return random() < 1 / 2500 ? `${body} ${pick(random, rareWords)}` : body;
}

/** The business's answer. */
export function outboundBody(random: () => number, lang: Lang, name: string): string {
  const p = phrases[lang];
  const text = join([fill(pick(random, p.reply), random, p), pick(random, p.replyDetail)]);
  return text.replace(/\{name\}/g, name);
}

/**
 * The fixed search set: 30 queries as an operator types them. Common words (in many thousands of
 * messages), rare words, prefixes including one and two letters, phrases, and the same words with
 * filters (direction, date range). `filters` are the `search:messages` fields besides the query.
 */
export interface BenchQuery {
  label: string;
  query: string;
  filters?: { direction?: 'inbound' | 'outbound'; from?: number; to?: number };
}

export function searchQueries(now: number): BenchQuery[] {
  const day = 86_400_000;
  const lastMonth = { from: now - 30 * day, to: now };
  const lastYear = { from: now - 365 * day, to: now };
  return [
    { label: 'common: open', query: 'open' },
    { label: 'common: order', query: 'order' },
    { label: 'common: thanks', query: 'thanks' },
    { label: 'common: table', query: 'table' },
    { label: 'common: gracias', query: 'gracias' },
    { label: 'common: pedido', query: 'pedido' },
    { label: 'common: saturday', query: 'saturday' },
    { label: 'common: refund', query: 'refund' },
    { label: 'rare: zanzibar', query: 'zanzibar' },
    { label: 'rare: quokka', query: 'quokka' },
    { label: 'rare: kumquat', query: 'kumquat' },
    { label: 'uncommon: Geschenkkarte', query: 'Geschenkkarte' },
    { label: 'rare: absent word', query: 'hovercraft' },
    { label: 'prefix 1: t', query: 't' },
    { label: 'prefix 1: c', query: 'c' },
    { label: 'prefix 2: ca', query: 'ca' },
    { label: 'prefix 2: re', query: 're' },
    { label: 'prefix 3: res', query: 'res' },
    { label: 'prefix 4: birt', query: 'birt' },
    { label: 'phrase: table for', query: 'table for' },
    { label: 'phrase: gift card', query: 'gift card' },
    { label: 'phrase: charged twice', query: 'charged twice' },
    { label: 'phrase: mesa para', query: 'mesa para' },
    { label: 'phrase: blue jacket stock', query: 'blue jacket in stock' },
    { label: 'filter: open, inbound', query: 'open', filters: { direction: 'inbound' } },
    { label: 'filter: thanks, outbound', query: 'thanks', filters: { direction: 'outbound' } },
    { label: 'filter: order, last 30 days', query: 'order', filters: lastMonth },
    { label: 'filter: refund, last year', query: 'refund', filters: lastYear },
    { label: 'filter: t, last 30 days', query: 't', filters: lastMonth },
    { label: 'filter: quokka, inbound', query: 'quokka', filters: { direction: 'inbound' } },
  ];
}
