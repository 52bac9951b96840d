/**
 * What a file is, from its first bytes (its "magic number"), never from its name or the type a
 * browser guessed: a picture the operator attaches is sent to a customer, so a file renamed to
 * `.jpg` must not pass for one. Only the types the operator may send are recognised.
 */
const signatures: ReadonlyArray<{ contentType: string; bytes: readonly number[] }> = [
  { contentType: 'image/jpeg', bytes: [0xff, 0xd8, 0xff] },
  { contentType: 'image/png', bytes: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  { contentType: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x37, 0x61] }, // GIF87a
  { contentType: 'image/gif', bytes: [0x47, 0x49, 0x46, 0x38, 0x39, 0x61] }, // GIF89a
  { contentType: 'application/pdf', bytes: [0x25, 0x50, 0x44, 0x46, 0x2d] }, // %PDF-
];

/** How many leading bytes `sniffContentType` needs to decide. */
export const SNIFF_BYTES = 8;

/** The type the bytes start like, or null when they are none of the sendable types. */
export function sniffContentType(head: Uint8Array): string | null {
  for (const { contentType, bytes } of signatures) {
    if (bytes.every((byte, i) => head[i] === byte)) return contentType;
  }
  return null;
}
