/**
 * A document's text, with headings as Markdown `#` lines so passages can split on them: PDF
 * (pdfjs-dist's legacy build, the one for Node), DOCX (mammoth, through HTML to keep headings),
 * TXT and Markdown as they are, a web page through html-to-text. A file that cannot be read is a
 * Refusal in one sentence, before anything is stored. Pure of the store and the clock, so it runs
 * on a thread of its own for a big document (threads/readOps.ts `parseDocument`).
 */
import { extname } from 'node:path';
import { convert } from 'html-to-text';
import mammoth from 'mammoth';
import { Refusal } from '../domain/refusal';

export type DocumentType = 'pdf' | 'docx' | 'text' | 'markdown';

const byExtension: Record<string, DocumentType> = {
  '.pdf': 'pdf',
  '.docx': 'docx',
  '.txt': 'text',
  '.text': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
};

/** The document type by its name; a Refusal naming what is supported otherwise. */
export function documentType(fileName: string): DocumentType {
  const type = byExtension[extname(fileName).toLowerCase()];
  if (!type) {
    throw new Refusal(
      `Switchboard cannot read ${extname(fileName) || 'that kind of'} files. ` +
        'Import a PDF, a Word document (.docx), a text file or a Markdown file.',
      'invalid',
    );
  }
  return type;
}

/** The text of a PDF, page by page; a damaged or locked file is a Refusal. */
async function pdfText(data: Uint8Array, fileName: string): Promise<string> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  let document: Awaited<ReturnType<typeof pdfjs.getDocument>['promise']>;
  try {
    document = await pdfjs.getDocument({
      data: new Uint8Array(data),
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
  } catch (error) {
    const name = error instanceof Error ? error.name : '';
    throw new Refusal(
      name === 'PasswordException'
        ? `${fileName} is protected by a password. Save it without one, then import it again.`
        : `${fileName} is damaged or is not a PDF, so nothing was imported. Open it, save a new copy, then import that.`,
      'invalid',
    );
  }
  try {
    const pages: string[] = [];
    for (let n = 1; n <= document.numPages; n++) {
      const page = await document.getPage(n);
      const content = await page.getTextContent();
      let text = '';
      for (const item of content.items) {
        if (!('str' in item)) continue;
        text += item.str + (item.hasEOL ? '\n' : '');
      }
      pages.push(text.replace(/[ \t]+\n/g, '\n'));
    }
    return pages.join('\n\n');
  } catch {
    throw new Refusal(
      `${fileName} is damaged (a page could not be read), so nothing was imported. Open it, save a new copy, then import that.`,
      'invalid',
    );
  } finally {
    await document.destroy();
  }
}

async function docxText(data: Uint8Array, fileName: string): Promise<string> {
  try {
    const { value } = await mammoth.convertToHtml({ buffer: Buffer.from(data) });
    return htmlText(value);
  } catch {
    throw new Refusal(
      `${fileName} is damaged or is not a Word document (.docx), so nothing was imported. ` +
        'Open it in Word, save it as .docx, then import it again.',
      'invalid',
    );
  }
}

/** HTML to text with headings kept as `#` lines (web pages, and DOCX through mammoth's HTML). */
export function htmlText(html: string): string {
  return convert(html, {
    wordwrap: false,
    formatters: {
      markdownHeading: (elem, walk, builder, options) => {
        const level = Number(/^h(\d)$/.exec(elem.name ?? '')?.[1] ?? 2);
        builder.openBlock({ leadingLineBreaks: options.leadingLineBreaks ?? 2 });
        builder.addInline(`${'#'.repeat(level)} `);
        walk(elem.children, builder);
        builder.closeBlock({ trailingLineBreaks: options.trailingLineBreaks ?? 1 });
      },
    },
    selectors: [
      ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({
        selector,
        format: 'markdownHeading',
        options: { leadingLineBreaks: 2, trailingLineBreaks: 1 },
      })),
      { selector: 'a', options: { ignoreHref: true } },
      { selector: 'img', format: 'skip' },
      { selector: 'nav', format: 'skip' },
      { selector: 'script', format: 'skip' },
      { selector: 'style', format: 'skip' },
      { selector: 'footer', format: 'skip' },
    ],
  });
}

function plainText(data: Uint8Array, fileName: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(data).replace(/^\uFEFF/, '');
  } catch {
    // Not UTF-8: most likely Windows-1252 from an old editor; read it as such rather than refuse.
    if (data.includes(0)) {
      throw new Refusal(`${fileName} is not a text file, so nothing was imported.`, 'invalid');
    }
    return new TextDecoder('windows-1252').decode(data);
  }
}

/** The text of one document file, headings as `#` lines. */
export async function parseDocument(args: { fileName: string; data: Uint8Array }): Promise<string> {
  const type = documentType(args.fileName);
  const text =
    type === 'pdf'
      ? await pdfText(args.data, args.fileName)
      : type === 'docx'
        ? await docxText(args.data, args.fileName)
        : plainText(args.data, args.fileName);
  const cleaned = text
    .replace(/\r\n?/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (cleaned === '') {
    throw new Refusal(
      type === 'pdf'
        ? `${args.fileName} has no text Switchboard can read (a scanned PDF is pictures of text). Import a PDF with text in it, or type the facts in.`
        : `${args.fileName} is empty, so nothing was imported.`,
      'invalid',
    );
  }
  return cleaned;
}
