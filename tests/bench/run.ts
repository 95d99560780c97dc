/**
 * `npm run bench -- <name> [<name> …]`: runs the named benchmarks (all when none is named).
 * Each module exports `run(): Promise<void>` and prints its own table; figures are ratios
 * against a baseline measured in the same run, so they mean the same on any machine.
 */
const BENCHES = {
  ipc: () => import('./ipc'),
  stack: () => import('./stack'),
  simulator: () => import('./simulator'),
  market: () => import('./market'),
  cache: () => import('./cache'),
  trading: () => import('./trading'),
  renderer: () => import('./renderer'),
  windows: () => import('./windows'),
  charts: () => import('./charts'),
  alerts: () => import('./alerts'),
  'order-rules': () => import('./order-rules'),
} as const;

type BenchName = keyof typeof BENCHES;

async function main() {
  const asked = process.argv.slice(2).filter((a) => !a.startsWith('-'));
  const unknown = asked.filter((a) => !(a in BENCHES));
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(BENCHES).join(', ')}`);
    process.exit(2);
  }
  const names = (asked.length ? asked : Object.keys(BENCHES)) as BenchName[];
  for (const name of names) {
    console.log(`\n### bench: ${name}`);
    const mod = (await BENCHES[name]()) as { run?: () => Promise<void> };
    if (typeof mod.run !== 'function') throw new Error(`tests/bench/${name}.ts does not export run()`);
    await mod.run();
  }
  process.exit(0);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
