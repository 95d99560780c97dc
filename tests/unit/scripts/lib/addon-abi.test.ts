import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { addonAbis } from '../../../../scripts/lib/addon-abi.mjs';

describe('addonAbis', () => {
  it("reads node_modules' better-sqlite3 as built for this Node's ABI (what Electron must not load)", () => {
    const pkg = createRequire(import.meta.url).resolve('better-sqlite3/package.json');
    const addon = readFileSync(join(dirname(pkg), 'build', 'Release', 'better_sqlite3.node'));
    expect(addonAbis(addon)).toEqual([Number(process.versions.modules)]);
  });

  it('finds nothing in a file that is not such an addon', () => {
    expect(addonAbis(Buffer.from('just some bytes, node_register_module_vX'))).toEqual([]);
  });
});
