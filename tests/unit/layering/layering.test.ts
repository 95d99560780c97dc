import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { ESLint } from 'eslint';
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

/**
 * The folder rules of docs/ARCHITECTURE.md are lint rules (eslint.config.js); `npm run lint`
 * checks the whole tree. These probes prove each rule trips on a file placed in the layer, and
 * that a clean file passes, so the lint step cannot be passing by checking nothing.
 */
const eslint = new ESLint({ cwd: root });

async function lintProbe(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: join(root, file) });
  return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
}

const PROBES: Array<{ file: string; source: string; rule: string }> = [
  {
    file: 'electron/core/probe.ts',
    source: "import { app } from 'electron';\nexport const x = app;\n",
    rule: 'no-restricted-imports',
  },
  {
    file: 'electron/core/probe.ts',
    source: "import { startStack } from '../stack';\nexport const x = startStack;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: 'electron/stack/probe.ts',
    source: "import { openCache } from '../core/cache';\nexport const x = openCache;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: 'src/shared/probe.ts',
    source: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    rule: 'no-restricted-imports',
  },
  {
    file: 'src/shared/probe.ts',
    source: "import React from 'react';\nexport const x = React;\n",
    rule: 'no-restricted-imports',
  },
  {
    file: 'src/shared/probe.ts',
    source: "import { openCache } from '../../electron/core/cache';\nexport const x = openCache;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: 'src/renderer/probe.ts',
    source: "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n",
    rule: 'no-restricted-imports',
  },
  {
    file: 'src/renderer/probe.ts',
    source: "import { createClient } from '@supabase/supabase-js';\nexport const x = createClient;\n",
    rule: 'no-restricted-imports',
  },
  {
    file: 'src/renderer/probe.ts',
    source: "import { io } from 'socket.io-client';\nexport const x = io;\n",
    rule: 'no-restricted-imports',
  },
  {
    file: 'src/renderer/probe.ts',
    source: "import { openCache } from '../../electron/core/cache';\nexport const x = openCache;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: 'electron/preload/probe.ts',
    source: "import { openCache } from '../core/cache';\nexport const x = openCache;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: 'electron/core/probe.ts',
    source: "import { nothing } from './no-such-module';\nexport const x = nothing;\n",
    rule: 'import-x/no-unresolved',
  },
  {
    file: 'electron/lib/probe.ts',
    source: "import { openCache } from '../core/cache';\nexport const x = openCache;\n",
    rule: 'import-x/no-restricted-paths',
  },
  {
    file: 'electron/lib/probe.ts',
    source: "import { app } from 'electron';\nexport const x = app;\n",
    rule: 'no-restricted-imports',
  },
];

describe('layering rules (eslint)', { timeout: 60_000 }, () => {
  for (const probe of PROBES) {
    it(`${probe.file} refuses ${probe.source.split('\n')[0]} (${probe.rule})`, async () => {
      const messages = await lintProbe(probe.file, probe.source);
      expect(messages.some((m) => m.startsWith(`${probe.rule}:`))).toBe(true);
    });
  }

  it('a clean probe in every layer passes (the rules are not simply always failing)', async () => {
    expect(await lintProbe('electron/core/probe.ts', "import { z } from 'zod';\nexport const x = z;\n")).toEqual([]);
    expect(
      await lintProbe('electron/lib/probe.ts', "import { lock } from 'proper-lockfile';\nexport const x = lock;\n"),
    ).toEqual([]);
    expect(
      await lintProbe(
        'electron/stack/probe.ts',
        "import { lockFolder } from '../lib/folder-lock';\nexport const x = lockFolder;\n",
      ),
    ).toEqual([]);
    expect(await lintProbe('src/shared/probe.ts', "import { z } from 'zod';\nexport const x = z;\n")).toEqual([]);
    expect(
      await lintProbe(
        'src/renderer/probe.ts',
        "import { z } from 'zod';\nimport { useState } from 'react';\nexport const x = [z, useState];\n",
      ),
    ).toEqual([]);
  });
});
