/**
 * Importing the business's knowledge: each file type (fixtures built here with pdf-lib and
 * jszip), a damaged PDF (a clear error and nothing stored), a web page from a local HTTP server
 * and the offline case, and edit / delete / re-import.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import JSZip from 'jszip';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterEach, describe, expect, it } from 'vitest';
import { createKnowledgeService } from '../../src/main/core/knowledge/service';
import { PASSAGE_MAX_CHARS } from '../../src/main/core/knowledge/passages';
import { silentLogger } from '../../src/main/core/log';
import { openDatabase, type Db } from '../../src/main/core/store/database';
import { listKnowledgePassages, listKnowledgeSources } from '../../src/main/core/store/knowledge';

const profile = { name: 'Bella', hours: '', address: '', services: '', policies: '', tone: '', signOff: '' }; // prettier-ignore
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function service(options: { fetch?: typeof fetch } = {}) {
  const db: Db = openDatabase(':memory:');
  cleanups.push(() => db.close());
  const knowledge = createKnowledgeService({
    db,
    now: () => 1_000,
    logger: silentLogger,
    profile: () => profile,
    embedder: async () => null,
    ...options,
  });
  return { db, knowledge };
}

export async function pdfFixture(pages: string[][]): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    lines.forEach((line, n) => page.drawText(line, { x: 50, y: 780 - n * 20, size: 12, font }));
  }
  return pdf.save();
}

export async function docxFixture(paragraphs: Array<{ text: string; heading?: boolean }>) {
  const zip = new JSZip();
  zip.file(
    '[Content_Types].xml',
    `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`,
  );
  zip.file(
    '_rels/.rels',
    `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`,
  );
  const body = paragraphs
    .map(
      (p) =>
        `<w:p>${p.heading ? '<w:pPr><w:pStyle w:val="Heading1"/></w:pPr>' : ''}<w:r><w:t>${p.text}</w:t></w:r></w:p>`,
    )
    .join('');
  zip.file(
    'word/document.xml',
    `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`,
  );
  return zip.generateAsync({ type: 'uint8array' });
}

const texts = (db: Db) => listKnowledgePassages(db).map((p) => [p.heading, p.text]);

describe('importing documents', () => {
  it('a PDF: its text, page by page, in passages', async () => {
    const { db, knowledge } = service();
    const data = await pdfFixture([
      ['Cancellation policy', 'Cancel at least 24 hours ahead.'],
      ['Late arrivals', 'More than 15 minutes late means a new booking.'],
    ]);
    await knowledge.importFile({ fileName: 'Policies 2026.pdf', data });
    const [source] = listKnowledgeSources(db);
    expect(source).toMatchObject({ kind: 'document', title: 'Policies 2026', origin: 'Policies 2026.pdf' }); // prettier-ignore
    const all = texts(db)
      .map(([, t]) => t)
      .join('\n');
    expect(all).toContain('Cancel at least 24 hours ahead.');
    expect(all).toContain('More than 15 minutes late means a new booking.');
  });

  it('a DOCX: headings start passages', async () => {
    const { db, knowledge } = service();
    const data = await docxFixture([
      { text: 'Deposits', heading: true },
      { text: 'A deposit of $20 holds a colour appointment.' },
      { text: 'Parking', heading: true },
      { text: 'Free parking behind the salon.' },
    ]);
    await knowledge.importFile({ fileName: 'Handbook.docx', data, title: 'Staff handbook' });
    expect(texts(db)).toEqual([
      ['Deposits', 'A deposit of $20 holds a colour appointment.'],
      ['Parking', 'Free parking behind the salon.'],
    ]);
    expect(listKnowledgeSources(db)[0]!.title).toBe('Staff handbook');
  });

  it('TXT and Markdown: paragraphs and # headings, each passage bounded', async () => {
    const { db, knowledge } = service();
    const long = Array.from({ length: 60 }, (_, n) => `Sentence number ${n} about gift cards.`).join(' '); // prettier-ignore
    await knowledge.importFile({ fileName: 'notes.txt', data: Buffer.from(`Gift cards\n\n${long}`) }); // prettier-ignore
    await knowledge.importFile({
      fileName: 'faq.md',
      data: Buffer.from('# Hours\n\nWe open at 9am.\n\n## Parking\n\nBehind the salon.\n'),
    });
    const passages = listKnowledgePassages(db);
    expect(passages.every((p) => p.text.length <= PASSAGE_MAX_CHARS)).toBe(true);
    expect(passages.filter((p) => p.heading === 'notes').length).toBeGreaterThan(1);
    expect(texts(db).slice(-2)).toEqual([
      ['Hours', 'We open at 9am.'],
      ['Parking', 'Behind the salon.'],
    ]);
  });

  it('a damaged PDF: a clear error, and nothing stored (not even half)', async () => {
    const { db, knowledge } = service();
    const good = await pdfFixture([['Prices', 'Cut $30']]);
    const damaged = Buffer.from(good).subarray(0, Math.floor(good.length / 3));
    await expect(knowledge.importFile({ fileName: 'Prices.pdf', data: damaged })).rejects.toThrow(
      /Prices\.pdf is damaged or is not a PDF, so nothing was imported/,
    );
    await expect(knowledge.importFile({ fileName: 'x.pdf', data: Buffer.from('hello') })).rejects.toThrow(/damaged/); // prettier-ignore
    await expect(knowledge.importFile({ fileName: 'x.docx', data: Buffer.from('nope') })).rejects.toThrow(/not a Word document/); // prettier-ignore
    await expect(knowledge.importFile({ fileName: 'x.exe', data: Buffer.from('MZ') })).rejects.toThrow(/cannot read \.exe files/); // prettier-ignore
    expect(listKnowledgeSources(db)).toEqual([]);
    expect(listKnowledgePassages(db)).toEqual([]);
  });
});

describe('web pages', () => {
  async function site(html: string): Promise<{ url: string; server: Server }> {
    const server = createServer((req, res) => {
      if (req.url === '/missing') return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(resolve)));
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
  }

  it('imports a page by its address: title, headings and text, no scripts or menus', async () => {
    const { url } = await site(
      `<html><head><title>Bella Salon – FAQ</title><script>var x = 1;</script></head><body>
       <nav>Home | Book</nav><h1>FAQ</h1><p>Walk-ins are welcome before 11am.</p>
       <h2>Gift cards</h2><p>Gift cards never expire.</p></body></html>`,
    );
    const { db, knowledge } = service();
    await knowledge.importUrl({ url: `${url}/faq` });
    expect(listKnowledgeSources(db)[0]).toMatchObject({ kind: 'webpage', title: 'Bella Salon – FAQ', origin: `${url}/faq` }); // prettier-ignore
    expect(texts(db)).toEqual([
      ['FAQ', 'Walk-ins are welcome before 11am.'],
      ['Gift cards', 'Gift cards never expire.'],
    ]);
  });

  it('offline or a missing page: says so, and stores nothing', async () => {
    const { url } = await site('<p>x</p>');
    const offline = (async () => {
      throw new TypeError('fetch failed');
    }) as typeof fetch;
    const { db, knowledge } = service({ fetch: offline });
    await expect(knowledge.importUrl({ url: 'https://bella.example/faq' })).rejects.toThrow(
      /Could not reach bella\.example: Switchboard looks offline/,
    );
    const online = service();
    await expect(online.knowledge.importUrl({ url: `${url}/missing` })).rejects.toThrow(/HTTP 404/); // prettier-ignore
    expect(listKnowledgeSources(db)).toEqual([]);
    expect(listKnowledgeSources(online.db)).toEqual([]);
  });
});

describe('edit, delete, re-import', () => {
  it('an edit replaces the passages; a re-import replaces the document; delete takes them all', async () => {
    const { db, knowledge } = service();
    const id = await knowledge.store({ kind: 'policy', title: 'Cancellation policy', content: { text: 'Cancel 24 hours ahead.' }, origin: null }); // prettier-ignore
    await knowledge.store({ id, kind: 'policy', title: 'Cancellation policy', content: { text: 'Cancel 48 hours ahead.' }, origin: null }); // prettier-ignore
    expect(texts(db)).toEqual([['Cancellation policy', 'Cancel 48 hours ahead.']]);

    const doc = await knowledge.importFile({ fileName: 'a.txt', data: Buffer.from('Old text.') });
    await knowledge.importFile({ fileName: 'a.txt', data: Buffer.from('New text.'), replaceId: doc }); // prettier-ignore
    expect(texts(db).map(([, t]) => t)).toEqual(['Cancel 48 hours ahead.', 'New text.']);
    // A damaged re-import leaves the previous version in place.
    await expect(knowledge.importFile({ fileName: 'a.pdf', data: Buffer.from('%PDF-broken'), replaceId: doc })).rejects.toThrow(/damaged/); // prettier-ignore
    expect(texts(db).map(([, t]) => t)).toEqual(['Cancel 48 hours ahead.', 'New text.']);

    knowledge.remove(id);
    expect(listKnowledgeSources(db).map((s) => s.id)).toEqual([doc]);
    expect(texts(db).map(([, t]) => t)).toEqual(['New text.']);
    expect(() => knowledge.remove(id)).toThrow(/already deleted/);
  });
});

describe('through the app', () => {
  it('imports a file with knowledge:importFile (read on a thread of its own); a damaged one is refused in words', async () => {
    const { startTestApp } = await import('../support/testApp');
    const { invoke } = await import('../support/appSignals');
    const { app, stop } = await startTestApp();
    cleanups.push(stop);
    const pdf = await pdfFixture([['Gift cards', 'Gift cards never expire.']]);
    const view = await invoke<{ title: string; kind: string; passages: number }>(app, 'knowledge:importFile', { fileName: 'Gift cards.pdf', data: Buffer.from(pdf).toString('base64') }); // prettier-ignore
    expect(view).toMatchObject({ title: 'Gift cards', kind: 'document', passages: 1 });
    const before = await invoke<unknown[]>(app, 'knowledge:list', {});
    await expect(
      invoke(app, 'knowledge:importFile', { fileName: 'Broken.pdf', data: Buffer.from(pdf.subarray(0, 200)).toString('base64') }), // prettier-ignore
    ).rejects.toMatchObject({ kind: 'invalid', message: expect.stringMatching(/^Broken\.pdf is damaged or is not a PDF, so nothing was imported\./) }); // prettier-ignore
    expect(await invoke<unknown[]>(app, 'knowledge:list', {})).toEqual(before);
  });
});
