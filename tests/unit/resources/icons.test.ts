import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ICON_SIZES, MAIN_ICON_SIZE, renderIcon } from '../../../scripts/icons.mjs';

/**
 * The icons the packages need, read from the committed PNG files themselves (their IHDR chunk):
 * macOS turns icon.png into an .icns and refuses anything under 512×512 (app-builder-lib's
 * icon converter: "Icon must be at least 512x512 pixels"); Windows' .ico needs ≥ 256×256;
 * Linux takes resources/icons/<n>x<n>.png as they are.
 */
const resources = join(import.meta.dirname, '../../../resources');

function pngSize(file: string): { width: number; height: number; colourType: number } {
  const bytes = readFileSync(file);
  expect(bytes.subarray(0, 8).toString('hex'), `${file} is a PNG`).toBe('89504e470d0a1a0a');
  expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20), colourType: bytes[25]! };
}

describe('app icons in resources/', () => {
  it('icon.png is square and big enough for macOS (≥ 512) and Windows (≥ 256)', () => {
    const { width, height } = pngSize(join(resources, 'icon.png'));
    expect(width).toBe(height);
    expect(width).toBeGreaterThanOrEqual(512);
    expect(width).toBe(MAIN_ICON_SIZE);
  });

  it('icons/ has every Linux size, each file exactly the size its name says, with alpha', () => {
    const names = readdirSync(join(resources, 'icons')).sort();
    expect(names).toEqual(ICON_SIZES.map((n) => `${n}x${n}.png`).sort());
    for (const name of names) {
      const [w, h] = name.replace('.png', '').split('x').map(Number);
      const size = pngSize(join(resources, 'icons', name));
      expect({ width: size.width, height: size.height }, name).toEqual({ width: w, height: h });
      expect(size.colourType, `${name} is RGBA`).toBe(6);
    }
  });

  // Drawing 1024 px in plain JS is seconds of CPU (more on a loaded machine): draw each size once.
  it(
    'the committed files are what scripts/icons.mjs draws (regenerate with `node scripts/icons.mjs`)',
    { timeout: 120_000 },
    () => {
      const main = renderIcon(MAIN_ICON_SIZE);
      expect(readFileSync(join(resources, 'icon.png')).equals(main)).toBe(true);
      for (const size of [16, 256, MAIN_ICON_SIZE]) {
        const drawn = size === MAIN_ICON_SIZE ? main : renderIcon(size);
        expect(readFileSync(join(resources, 'icons', `${size}x${size}.png`)).equals(drawn), `${size}`).toBe(true);
      }
    },
  );
});
