#!/usr/bin/env node
// Type-checks each process family against its own tsconfig, so the layering rules hold:
// src/shared and electron/core cannot see `electron`; the renderer cannot see Node's types.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tsc = require.resolve('typescript/bin/tsc');
const projects = [
  'tsconfig.shared.json',
  'tsconfig.core.json',
  'tsconfig.electron.json',
  'tsconfig.renderer.json',
  'tsconfig.tests.json',
];

let failed = 0;
for (const project of projects) {
  const started = Date.now();
  const r = spawnSync(process.execPath, [tsc, '-p', project, '--pretty'], { stdio: 'inherit' });
  const ok = r.status === 0;
  if (!ok) failed++;
  console.log(`typecheck ${project}: ${ok ? 'ok' : 'FAILED'} (${Date.now() - started} ms)`);
}
process.exit(failed ? 1 : 0);
