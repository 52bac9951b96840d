/**
 * A web page by its address: fetched once (15 s, at most 5 MB, HTML or plain text only) and
 * turned into text with its headings (parse.ts `htmlText`). Offline, or a page that does not
 * answer, is a Refusal that says so: nothing is stored.
 */
import { Refusal } from '../domain/refusal';
import { htmlText } from './parse';

const MAX_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 15_000;

async function readCapped(response: Response, host: string): Promise<string> {
  const reader = response.body?.getReader();
  if (!reader) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > MAX_BYTES) {
      await reader.cancel();
      throw new Refusal(`The page at ${host} is larger than 5 MB. Save the part you need as a PDF and import that.`); // prettier-ignore
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export async function fetchWebPage(
  url: string,
  fetchImpl: typeof fetch,
): Promise<{ title: string | null; text: string }> {
  const address = new URL(url);
  if (address.protocol !== 'http:' && address.protocol !== 'https:') {
    throw new Refusal('Only web pages (http:// or https://) can be imported.', 'invalid');
  }
  let response: Response;
  try {
    response = await fetchImpl(address, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
      headers: { accept: 'text/html, text/plain;q=0.8' },
      redirect: 'follow',
    });
  } catch {
    throw new Refusal(
      `Could not reach ${address.host}: Switchboard looks offline, or the site is down. ` +
        'Try again when online, or save the page as a PDF and import that.',
    );
  }
  if (!response.ok) {
    await response.body?.cancel();
    throw new Refusal(`${address.host} answered HTTP ${response.status} for that page. Check the address and try again.`); // prettier-ignore
  }
  const type = response.headers.get('content-type') ?? '';
  if (!/text\/html|application\/xhtml|text\/plain/.test(type)) {
    await response.body?.cancel();
    throw new Refusal(`That address is not a web page (${type.split(';')[0] || 'unknown type'}). For a PDF, download it and import the file.`, 'invalid'); // prettier-ignore
  }
  const body = await readCapped(response, address.host);
  const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim() || null;
  const text = (type.includes('text/plain') ? body : htmlText(body)).trim();
  if (text === '') throw new Refusal(`The page at ${address.host} has no text to learn from.`, 'invalid'); // prettier-ignore
  return { title, text };
}
