/**
 * Seeds a big store fast, with direct prepared inserts through `openDatabase` (so the project's own
 * migrations build the schema): `conversations` conversations, `messages` messages alternating
 * customer text and operator reply, one draft and one done `draft` job per inbound text, one
 * webhook_log line (~600-byte raw body) per inbound text, four very long conversations, and
 * `pendingDrafts` queued draft jobs for the newest inbound texts (what a restart finds).
 * Bodies come from English and Spanish phrase pools, so common words match many rows, as in life.
 */
import { openDatabase, type SqliteDb as Db } from '../../src/main/core/store/database';
import { indexSearchBacklog } from '../../src/main/core/store/search';

const BUSINESS = '+15005550006';

const enAsks = [
  'Hi, are you open on Saturday?',
  'Can I book an appointment for tomorrow afternoon?',
  'How much is a haircut and colour?',
  'Do you have any availability this week for a trim?',
  'I need to cancel my appointment on Friday, sorry',
  'What time do you close today?',
  'Is there parking near the salon?',
  'Can I move my booking to next Tuesday morning?',
  'Do you sell gift cards for birthdays?',
  'My daughter wants highlights, how long does it take?',
  'Running 10 minutes late, still ok?',
  'Thanks so much, see you then!',
  'Do you take walk ins on Sunday?',
  'What products do you use for curly hair?',
  'Where exactly are you located?',
];
const esAsks = [
  'Hola, ¿están abiertos el sábado?',
  '¿Puedo reservar una cita para mañana por la tarde?',
  '¿Cuánto cuesta un corte de pelo?',
  'Necesito cancelar mi cita del viernes, lo siento',
  '¿A qué hora cierran hoy?',
  '¿Tienen estacionamiento cerca del salón?',
  '¿Venden tarjetas de regalo?',
  'Llego diez minutos tarde, ¿está bien?',
];
const enReplies = [
  'Hi {name}! We are open Saturday 10am-2pm. - Bella Salon',
  'Hi {name}, we have 3pm or 4:30pm tomorrow, which suits you?',
  'A haircut is $45 and colour starts at $80, {name}.',
  'No problem {name}, your Friday appointment is cancelled.',
  'We close at 6pm today. See you soon!',
  'There is free parking behind the building, {name}.',
  'Done, {name}: you are booked for Tuesday at 10am.',
  'Yes! Gift cards are available at the front desk in any amount.',
  'Highlights take about two hours, {name}.',
  'No worries {name}, see you shortly.',
];
const esReplies = [
  '¡Hola {name}! Abrimos el sábado de 10 a 14 h.',
  'Tenemos 15 h o 16:30 h mañana, {name}, ¿cuál prefiere?',
  'Un corte cuesta 45 $, {name}.',
  'Sin problema {name}, su cita del viernes está cancelada.',
  'Cerramos a las 18 h hoy.',
];
const names = ['Ana', 'Ben', 'Carla', 'Dev', 'Eli', 'Fatima', 'Gus', 'Hana', 'Ivan', 'Jo'];
const extras = [
  '',
  ' please',
  ' thanks',
  ' :)',
  ' for two people',
  ' around noon',
  ' with Maria',
  ' if possible',
];

export interface SeedOptions {
  conversations: number;
  messages: number;
  pendingDrafts: number;
  /** Conversations with `longLength` messages each (the rest share what is left). */
  long: number;
  longLength: number;
  log?: (line: string) => void;
}

export function seedBigStore(path: string, o: SeedOptions): void {
  const db = openDatabase(path);
  try {
    seed(db, o);
  } finally {
    db.close();
  }
}

function seed(db: Db, o: SeedOptions): void {
  const log = o.log ?? (() => {});
  db.pragma('synchronous = OFF');
  const start = Date.now() - 3 * 365 * 86_400_000;
  const step = Math.floor((3 * 365 * 86_400_000) / o.messages);
  const insContact = db.prepare(
    `INSERT INTO contacts (address, raw_address, name, language, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  const insConv = db.prepare(
    `INSERT INTO conversations (contact_id, channel, business_number, last_activity_at, created_at)
     VALUES (?, 'sms', ?, ?, ?)`,
  );
  const insMsg = db.prepare(
    `INSERT INTO messages (conversation_id, direction, author, provider_sid, from_address,
       to_address, body, status, language, draft_id, created_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insDraft = db.prepare(
    `INSERT INTO drafts (conversation_id, reply_to_message_id, provider, state, text_generated,
       text_sent, language, category, created_at, decided_at, attempts, source)
     VALUES (?, ?, 'offline', ?, ?, ?, ?, 'question', ?, ?, 1, 'template')`,
  );
  const insJob = db.prepare(
    `INSERT INTO jobs (kind, payload, state, attempts, max_attempts, run_after, dedupe_key,
       created_at, updated_at) VALUES ('draft', ?, ?, ?, 5, ?, ?, ?, ?)`,
  );
  const insHook = db.prepare(
    `INSERT INTO webhook_log (received_at, route, method, headers, raw_body, signature,
       status_code, outcome, message_sid) VALUES (?, '/twilio/sms', 'POST', ?, ?, 'valid', 200, ?, ?)`,
  );
  const setLast = db.prepare(
    'UPDATE conversations SET last_activity_at = ?, last_message_id = ? WHERE id = ?',
  );
  const headers = JSON.stringify({
    'content-type': 'application/x-www-form-urlencoded',
    'x-twilio-signature': 'x'.repeat(28),
    'user-agent': 'TwilioProxy/1.1',
  });

  // Conversation ids for each message slot: the long ones first in a round robin with the rest.
  const contacts: Array<{ conv: number; number: string; name: string | null; es: boolean }> = [];
  db.transaction(() => {
    for (let c = 0; c < o.conversations; c++) {
      const number = `+1415${String(1_000_000 + c).padStart(7, '0')}`;
      const es = c % 4 === 0;
      const name = c % 5 === 0 ? null : `${names[c % names.length]} ${c}`;
      const contactId = Number(
        insContact.run(number, number, name, es ? 'es' : 'en', start, start).lastInsertRowid,
      );
      const conv = Number(insConv.run(contactId, BUSINESS, start, start).lastInsertRowid);
      contacts.push({ conv, number, name, es });
    }
  })();
  log(`contacts and conversations: ${o.conversations}`);

  const longTotal = o.long * o.longLength;
  const pairs = Math.floor(o.messages / 2);
  const every = longTotal > 0 ? Math.max(1, Math.floor(pairs / (longTotal / 2))) : 0;
  const firstPending = pairs - o.pendingDrafts;
  const batch = 20_000;
  let sid = 0;
  for (let from = 0; from < pairs; from += batch) {
    db.transaction(() => {
      for (let p = from; p < Math.min(pairs, from + batch); p++) {
        // Spread the long conversations over the whole history.
        const isLong = every > 0 && p % every === 0;
        const k = isLong
          ? Math.floor(p / every) % o.long
          : o.long + (p % (o.conversations - o.long));
        const contact = contacts[k]!;
        const at = start + p * 2 * step;
        const asks = contact.es ? esAsks : enAsks;
        const replies = contact.es ? esReplies : enReplies;
        const ask = asks[(p * 7 + k) % asks.length]! + extras[p % extras.length]!;
        const lang = contact.es ? 'es' : 'en';
        sid++;
        const inboundSid = `SM${String(sid).padStart(32, '0')}`;
        const inbound = Number(
          insMsg.run(
            contact.conv,
            'inbound',
            'customer',
            inboundSid,
            contact.number,
            BUSINESS,
            ask,
            'received',
            lang,
            null,
            at,
            at,
          ).lastInsertRowid,
        );
        const rawBody =
          `ToCountry=US&ToState=CA&SmsMessageSid=${inboundSid}&NumMedia=0&ToCity=&FromZip=94105` +
          `&SmsSid=${inboundSid}&FromState=CA&SmsStatus=received&FromCity=SAN+FRANCISCO` +
          `&Body=${encodeURIComponent(ask)}&FromCountry=US&To=%2B15005550006&ToZip=` +
          `&NumSegments=1&MessageSid=${inboundSid}&AccountSid=AC${'0'.repeat(32)}` +
          `&From=${encodeURIComponent(contact.number)}&ApiVersion=2010-04-01` +
          `&MessagingServiceSid=MG${'1'.repeat(32)}&NumSegments=1&SmsMessageSid=${inboundSid}`;
        insHook.run(at, headers, rawBody, `stored as message ${inbound}`, inboundSid);
        const pending = p >= firstPending;
        insJob.run(
          JSON.stringify({ messageId: inbound }),
          pending ? 'queued' : 'done',
          pending ? 0 : 1,
          at,
          `draft:${inbound}`,
          at,
          at,
        );
        if (pending) continue; // the restart finds these waiting for their drafts
        const reply = replies[(p * 7 + k) % replies.length]!.replace(
          '{name}',
          contact.name?.split(' ')[0] ?? '',
        );
        // Most drafts approved or edited; one in eight rejected (then the operator typed).
        const rejected = p % 8 === 0;
        const state = rejected ? 'rejected' : p % 3 === 0 ? 'edited' : 'approved';
        const draftText = state === 'edited' ? `${reply} Thanks!` : reply;
        const draft = Number(
          insDraft.run(
            contact.conv,
            inbound,
            state,
            draftText,
            rejected ? null : reply,
            lang,
            at + 1000,
            at + 60_000,
          ).lastInsertRowid,
        );
        const replyId = Number(
          insMsg.run(
            contact.conv,
            'outbound',
            rejected ? 'operator' : 'draft',
            `SM${String(++sid).padStart(32, '0')}`,
            BUSINESS,
            contact.number,
            reply,
            'delivered',
            null,
            rejected ? null : draft,
            at + 60_000,
            at + 60_000,
          ).lastInsertRowid,
        );
        setLast.run(at + 60_000, replyId, contact.conv);
      }
    })();
    if ((from / batch) % 5 === 0) log(`message pairs: ${Math.min(pairs, from + batch)}/${pairs}`);
  }
  log('search index…');
  indexSearchBacklog(db);
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('synchronous = FULL');
  log('seeded');
}
