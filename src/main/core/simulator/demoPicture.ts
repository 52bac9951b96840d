/**
 * The picture a simulated customer sends when the caller gives none: a small PNG drawn here (a
 * sky, a sun, a hill) so demo mode and tests need no image file and no network.
 */
import { deflateSync } from 'node:zlib';

const WIDTH = 160;
const HEIGHT = 120;

let cached: Buffer | undefined;

export function demoPicture(): Buffer {
  cached ??= encodePng(WIDTH, HEIGHT, pixel);
  return cached;
}

function pixel(x: number, y: number): [number, number, number] {
  const sun = (x - 118) ** 2 + (y - 32) ** 2 < 15 ** 2;
  const hill = y > 84 + 14 * Math.sin(x / 26);
  if (sun) return [252, 196, 64];
  if (hill) return [46 + (y % 7), 139 - Math.round((y - 80) / 2), 87];
  return [92 + Math.round(y * 0.9), 156 + Math.round(y * 0.6), 230];
}

function encodePng(
  width: number,
  height: number,
  colour: (x: number, y: number) => [number, number, number],
): Buffer {
  const rows = Buffer.alloc((width * 3 + 1) * height);
  for (let y = 0; y < height; y++) {
    const start = y * (width * 3 + 1); // each row starts with filter type 0 (none)
    for (let x = 0; x < width; x++) rows.set(colour(x, y), start + 1 + x * 3);
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // 8 bits, RGB, deflate, no filter set, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = crcTable[(c ^ byte) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
