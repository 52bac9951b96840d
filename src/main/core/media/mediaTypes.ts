/**
 * Which attachments the console may show inline. Everything a customer sends is kept (within the
 * size cap), but only these types are ever handed to the renderer as a picture, a player or a
 * document; anything else is a file to save, never rendered (a crafted SVG or HTML file is script).
 */
const renderable: ReadonlyMap<string, 'image' | 'audio' | 'video' | 'document'> = new Map([
  ['image/jpeg', 'image'],
  ['image/png', 'image'],
  ['image/gif', 'image'],
  ['image/webp', 'image'],
  ['audio/mpeg', 'audio'],
  ['audio/ogg', 'audio'],
  ['audio/mp4', 'audio'],
  ['audio/amr', 'audio'],
  ['video/mp4', 'video'],
  ['video/3gpp', 'video'],
  ['application/pdf', 'document'],
  ['text/vcard', 'document'],
  ['text/x-vcard', 'document'],
]);

/**
 * The file extension an exported copy gets. Only the types above (and plain text) get their own:
 * anything else is `.bin`, so a crafted `.html` or `.svg` a customer sent does not open in a
 * browser when the operator double-clicks it in the export's folder.
 */
const extensions: ReadonlyMap<string, string> = new Map([
  ['image/jpeg', 'jpg'],
  ['image/png', 'png'],
  ['image/gif', 'gif'],
  ['image/webp', 'webp'],
  ['audio/mpeg', 'mp3'],
  ['audio/ogg', 'ogg'],
  ['audio/mp4', 'm4a'],
  ['audio/amr', 'amr'],
  ['video/mp4', 'mp4'],
  ['video/3gpp', '3gp'],
  ['application/pdf', 'pdf'],
  ['text/vcard', 'vcf'],
  ['text/x-vcard', 'vcf'],
  ['text/plain', 'txt'],
]);

export function mediaExtension(contentType: string | null | undefined): string {
  return extensions.get(bareContentType(contentType)) ?? 'bin';
}

export type MediaKind = 'image' | 'audio' | 'video' | 'document' | 'file';

/** The bare media type, lower case, without parameters ("image/JPEG; x=y" → "image/jpeg"). */
export function bareContentType(contentType: string | null | undefined): string {
  const bare = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  return bare === '' ? 'application/octet-stream' : bare;
}

/** How the console may present an attachment of this type. */
export function mediaKind(contentType: string | null | undefined): MediaKind {
  return renderable.get(bareContentType(contentType)) ?? 'file';
}
