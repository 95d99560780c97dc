#!/usr/bin/env node
// Draws the app icon (four rising green bars on a dark tile) at every size the packages need
// and writes them into resources/: icon.png (1024 px: macOS needs ≥ 512 for its .icns, Windows
// ≥ 256 for its .ico) and icons/<n>x<n>.png for Linux (AppImage and deb hicolor themes).
// The design is a few rectangles on a 256-unit grid, so every size is drawn from geometry
// (each pixel weighted by how much of it a shape covers), not scaled from a bitmap.
//
//   node scripts/icons.mjs            writes resources/
//   node scripts/icons.mjs --out DIR  writes DIR/ instead (the test compares that with resources/)
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { deflateSync } from 'node:zlib';

export const ICON_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
export const MAIN_ICON_SIZE = 1024;

const GRID = 256;
const BORDER = [0x1e, 0x29, 0x3b];
const TILE = [0x0d, 0x11, 0x17];
const BAR = [0x22, 0xc5, 0x5e];
/** [x0, y0, x1, y1, colour] on the 256 grid, painted in order. */
const SHAPES = [
  [0, 0, 256, 256, BORDER],
  [8, 8, 248, 248, TILE],
  [48, 150, 80, 216, BAR],
  [96, 110, 128, 216, BAR],
  [144, 80, 176, 216, BAR],
  [192, 40, 224, 216, BAR],
];

/** @param {number} size @returns {Buffer} an RGBA PNG, byte-for-byte the same on every run */
export function renderIcon(size) {
  const scale = size / GRID;
  const stride = size * 4 + 1;
  const raw = Buffer.alloc(stride * size);
  const overlap = (a0, a1, b0, b1) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  for (let y = 0; y < size; y++) {
    raw[y * stride] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      let rgb = [0, 0, 0];
      let alpha = 0;
      for (const [x0, y0, x1, y1, colour] of SHAPES) {
        const cover = overlap(x, x + 1, x0 * scale, x1 * scale) * overlap(y, y + 1, y0 * scale, y1 * scale);
        if (cover === 0) continue;
        rgb = rgb.map((c, i) => c * (1 - cover) + colour[i] * cover);
        alpha = alpha * (1 - cover) + cover;
      }
      const at = y * stride + 1 + x * 4;
      for (let i = 0; i < 3; i++) raw[at + i] = alpha > 0 ? Math.round(rgb[i] / alpha) : 0;
      raw[at + 3] = Math.round(alpha * 255);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA, no interlace
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Writes icon.png and icons/<n>x<n>.png under `dir`. */
export function writeIcons(dir) {
  mkdirSync(join(dir, 'icons'), { recursive: true });
  writeFileSync(join(dir, 'icon.png'), renderIcon(MAIN_ICON_SIZE));
  for (const size of ICON_SIZES) writeFileSync(join(dir, 'icons', `${size}x${size}.png`), renderIcon(size));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  const dir = values.out ?? fileURLToPath(new URL('../resources', import.meta.url));
  writeIcons(dir);
  console.log(`icons written to ${dir}`);
}
