/**
 * Draws the add-in's icon (a three-band sales funnel) at the sizes Office asks
 * for (16, 32, 80 for the ribbon; 32 and 64 for the add-in list; 128 for the
 * store) and writes assets/icon-<size>.png. Plain PNG encoding with node:zlib,
 * 4x4 supersampling for smooth edges. Run: npx tsx scripts/generate-icons.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

const BANDS: [number, [number, number, number]][] = [
  [0.3, [0x0f, 0x6c, 0xbd]],
  [0.47, [0x2b, 0x88, 0xd8]],
  [0.64, [0x10, 0x7c, 0x10]],
  [0.9, [0x0b, 0x5a, 0x0b]],
];

/** Colour of the funnel at (u, v) in [0,1]^2, or null outside it. */
function paint(u: number, v: number): [number, number, number] | null {
  if (v < 0.1 || v > 0.9) return null;
  const half = v <= 0.64 ? 0.44 - (v - 0.1) * 0.63 : 0.09;
  if (Math.abs(u - 0.5) > half) return null;
  return BANDS.find(([end]) => v <= end)![1];
}

function crc32(bytes: Buffer): number {
  let crc = ~0;
  for (const byte of bytes) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

export function iconPng(size: number): Buffer {
  const samples = 4;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) {
    const rowStart = y * (size * 4 + 1);
    raw[rowStart] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = paint((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          hits++;
        }
      }
      const at = rowStart + 1 + x * 4;
      if (hits > 0) {
        raw[at] = Math.round(r / hits);
        raw[at + 1] = Math.round(g / hits);
        raw[at + 2] = Math.round(b / hits);
      }
      raw[at + 3] = Math.round((255 * hits) / (samples * samples));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (require.main === module) {
  const dir = join(__dirname, '..', 'assets');
  mkdirSync(dir, { recursive: true });
  for (const size of ICON_SIZES) writeFileSync(join(dir, `icon-${size}.png`), iconPng(size));
  console.log(`wrote ${ICON_SIZES.map((s) => `assets/icon-${s}.png`).join(', ')}`);
}
