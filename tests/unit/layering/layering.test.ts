import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Proves the layering guards trip. Each case writes a probe file into the layer, type-checks it
 * with that layer's own tsconfig, and expects the checker to refuse it. The probe lives in a
 * scratch folder inside the layer so the real include patterns pick it up.
 */
const root = join(__dirname, '../../..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

function typecheckProbe(
  layerDir: string,
  tsconfig: string,
  source: string,
  ext = 'ts',
): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(root, layerDir, '.layering-probe-'));
  try {
    const file = join(dir, `probe.${ext}`);
    writeFileSync(file, source);
    const config = join(dir, 'tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: relative(dir, join(root, tsconfig)),
        include: [relative(dir, file)],
        compilerOptions: { baseUrl: relative(dir, root) },
      }),
    );
    const r = spawnSync(process.execPath, [tsc, '-p', config, '--noEmit'], { encoding: 'utf8', cwd: root });
    return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Each probe runs a full `tsc`; on a loaded 2-core machine that can take a while.
describe('layering guards (type checker)', { timeout: 120_000 }, () => {
  it('electron/core cannot import electron', () => {
    const r = typecheckProbe(
      'electron/core',
      'tsconfig.core.json',
      "import { app } from 'electron';\nexport const name = app.getName();\n",
    );
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/electron/);
  });

  it('src/shared cannot import electron or Node', () => {
    expect(
      typecheckProbe(
        'src/shared',
        'tsconfig.shared.json',
        "import { ipcMain } from 'electron';\nexport const x = ipcMain;\n",
      ).ok,
    ).toBe(false);
    expect(
      typecheckProbe(
        'src/shared',
        'tsconfig.shared.json',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ).ok,
    ).toBe(false);
  });

  it('the renderer cannot import Node built-ins or use Node globals', () => {
    expect(
      typecheckProbe(
        'src/renderer',
        'tsconfig.renderer.json',
        "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
      ).ok,
    ).toBe(false);
    expect(typecheckProbe('src/renderer', 'tsconfig.renderer.json', 'export const x = process.env.HOME;\n').ok).toBe(
      false,
    );
  });

  it('a clean probe passes (the guard is not simply always failing)', () => {
    const r = typecheckProbe(
      'electron/core',
      'tsconfig.core.json',
      "import { readFileSync } from 'node:fs';\nexport const x: typeof readFileSync = readFileSync;\n",
    );
    expect(r.output).toBe('');
    expect(r.ok).toBe(true);
  });
});

/** The folder rules of ARCHITECTURE.md, checked on the import specifiers themselves. */
const RULES: Array<{ dir: string; forbid: RegExp; why: string }> = [
  { dir: 'electron/core', forbid: /^electron$|^electron\//, why: 'the core is host-neutral' },
  { dir: 'electron/stack', forbid: /^electron$|^electron\/|\/core\//, why: 'the stack is a separate backend' },
  { dir: 'src/shared', forbid: /^(?!zod$|\.{1,2}\/)/, why: 'the contract imports zod only' },
  {
    dir: 'src/renderer',
    forbid: /^(node:|fs$|path$|child_process$|electron$|better-sqlite3$|socket\.io|@supabase\/|ws$)|\/electron\//,
    why: 'the renderer reaches main only through window.tradedesk',
  },
];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    if (name === 'node_modules' || name.startsWith('.layering-probe-')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name)) out.push(path);
  }
  return out;
}

describe('layering rules (import specifiers)', () => {
  for (const rule of RULES) {
    it(`${rule.dir}: ${rule.why}`, () => {
      const offences: string[] = [];
      for (const file of sourceFiles(join(root, rule.dir))) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(
          /(?:^|\n)\s*(?:import|export)[^'"\n;]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g,
        )) {
          const spec = match[1] ?? match[2] ?? '';
          if (rule.forbid.test(spec)) offences.push(`${relative(root, file)} imports ${spec}`);
        }
      }
      expect(offences).toEqual([]);
    });
  }
});
