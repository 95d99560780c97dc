/**
 * What the exchange's order rules cost (issue 13), as ratios against baselines measured in the
 * same run:
 * 1. SQL (PGlite, in memory): one `place_order` of a resting LIMIT BUY (the whole call: every
 *    rule, margin, charges, the account write) against `tradedesk_check_order` alone on the same
 *    order (the rules: product, quantity, grid, band, trigger side, CNC holdings), and a bare
 *    `SELECT 1` round trip as the same role (the floor each pays). The rules' share of a
 *    placement is (check − its floor) / (place − its floor).
 * 2. The ticket (shared TS, per keystroke): `checkOrder` against `estimateOrder`, which the
 *    ticket already ran on every keystroke before the rules.
 * Each figure is the median of ROUNDS rounds (the machine is shared), with the range.
 * Run: `npm run bench -- order-rules`.
 */
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { openDatabase, type Database } from '../../electron/stack/db';
import { estimateOrder } from '../../src/shared/trading/charges';
import { checkOrder, priceBandOf, type RuleInstrument } from '../../src/shared/trading/order-rules';

const ROUNDS = 5;
const CALLS = 200;
const TS_CALLS = 100_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const range = (xs: number[], digits = 2) => `${Math.min(...xs).toFixed(digits)}–${Math.max(...xs).toFixed(digits)}`;

async function timeEach(n: number, call: (i: number) => Promise<unknown>): Promise<number> {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await call(i);
  return Number(process.hrtime.bigint() - t0) / 1e6 / n;
}

async function sqlPart(db: Database): Promise<void> {
  const userId = randomUUID();
  const accountId = randomUUID();
  await db.asAdmin(async (tx) => {
    await tx.query('INSERT INTO auth.users (id, email) VALUES ($1, $2)', [userId, `${userId}@bench.local`]);
    await tx.query(
      'INSERT INTO trading_accounts ("id", "userId", "balance", "availableMargin", "usedMargin") VALUES ($1, $2, $3, $3, 0)',
      [accountId, userId, 1_000_000_000],
    );
    await tx.query(`UPDATE "Stock" SET "ltp" = 405.3, "close" = 405.3 WHERE "symbol" = 'ITC'`);
  });
  const caller = { role: 'authenticated' as const, claims: { sub: userId, role: 'authenticated' } };
  const place = () =>
    db.asRole(caller, (tx) =>
      tx.query(
        `SELECT place_order(p_client_order_id => $1, p_symbol => 'ITC', p_side => 'BUY', p_order_type => 'LIMIT',
                            p_product_type => 'MIS', p_quantity => 1, p_price => 380.00, p_trigger_price => NULL)`,
        [randomUUID()],
      ),
    );
  // The rules are not granted to users (only the RPCs that run them are): called as the admin,
  // against the admin's own round trip.
  const check = () =>
    db.asAdmin((tx) =>
      tx.query(
        `SELECT tradedesk_check_order($1, s, 'BUY', 'LIMIT', 'MIS', 1, 380.00, NULL) FROM "Stock" s WHERE s."symbol" = 'ITC'`,
        [accountId],
      ),
    );
  const floor = () => db.asRole(caller, (tx) => tx.query('SELECT 1'));
  const adminFloor = () => db.asAdmin((tx) => tx.query('SELECT 1'));

  // Warm up every path (plans, PGlite's WASM).
  await timeEach(20, place);
  await timeEach(20, check);
  await timeEach(20, floor);
  await timeEach(20, adminFloor);

  const placeMs: number[] = [];
  const checkMs: number[] = [];
  const floorMs: number[] = [];
  const adminFloorMs: number[] = [];
  const share: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const f = await timeEach(CALLS, floor);
    const fa = await timeEach(CALLS, adminFloor);
    const c = await timeEach(CALLS, check);
    const p = await timeEach(CALLS, place);
    floorMs.push(f);
    adminFloorMs.push(fa);
    checkMs.push(c);
    placeMs.push(p);
    share.push((c - fa) / (p - f));
  }
  console.log(`SQL (PGlite, ${ROUNDS} rounds × ${CALLS} calls each, median [range]):`);
  console.log(`  SELECT 1 as the user (floor)       ${median(floorMs).toFixed(2)} ms [${range(floorMs)}]`);
  console.log(`  SELECT 1 as the admin (floor)      ${median(adminFloorMs).toFixed(2)} ms [${range(adminFloorMs)}]`);
  console.log(`  tradedesk_check_order (the rules)  ${median(checkMs).toFixed(2)} ms [${range(checkMs)}]`);
  console.log(`  place_order, resting LIMIT         ${median(placeMs).toFixed(2)} ms [${range(placeMs)}]`);
  console.log(
    `  rules' share of a placement (check − its floor) / (place − its floor): ${(median(share) * 100).toFixed(1)} % [${range(
      share.map((s) => s * 100),
      1,
    )} %]`,
  );
}

function tsPart(): void {
  const inst: RuleInstrument = {
    symbol: 'ITC',
    segment: 'NSE',
    instrumentType: 'EQ',
    optionType: null,
    lotSize: 1,
    tickSize: 0.05,
    priceBand: priceBandOf({ prevClose: 405.3, tickSize: 0.05, percent: null, segment: 'NSE', instrumentType: 'EQ' }),
  };
  const prices = Array.from({ length: 64 }, (_, i) => 380 + i * 0.05 + (i % 7 === 0 ? 0.01 : 0));
  let sink = 0;
  const timeNs = (f: (i: number) => number) => {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < TS_CALLS; i++) sink += f(i);
    return Number(process.hrtime.bigint() - t0) / TS_CALLS;
  };
  const estimate = (i: number) =>
    estimateOrder({ segment: 'NSE', product: 'MIS', side: 'BUY', quantity: 1 + (i & 7), price: prices[i & 63]! })
      .totalRequired;
  const rules = (i: number) =>
    checkOrder({
      instrument: inst,
      side: i & 1 ? 'BUY' : 'SELL',
      orderType: i & 2 ? 'LIMIT' : 'SL',
      product: 'MIS',
      quantity: 1 + (i & 7),
      price: prices[i & 63]!,
      triggerPrice: prices[(i + 3) & 63]!,
      ltp: 405.3,
    }).length;
  timeNs(estimate);
  timeNs(rules);
  const est: number[] = [];
  const chk: number[] = [];
  const ratio: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const e = timeNs(estimate);
    const c = timeNs(rules);
    est.push(e);
    chk.push(c);
    ratio.push(c / e);
  }
  console.log(`Ticket (shared TS, ${ROUNDS} rounds × ${TS_CALLS.toLocaleString('en-IN')} calls, median [range]):`);
  console.log(`  estimateOrder (before the rules)   ${median(est).toFixed(0)} ns [${range(est, 0)}]`);
  console.log(`  checkOrder (the rules)             ${median(chk).toFixed(0)} ns [${range(chk, 0)}]`);
  console.log(`  checkOrder / estimateOrder: ${median(ratio).toFixed(2)}× [${range(ratio)}]   (sink ${sink % 10})`);
}

export async function run(): Promise<void> {
  tsPart();
  const db = await openDatabase();
  try {
    await sqlPart(db);
  } finally {
    await db.close();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  run().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e);
      process.exit(1);
    },
  );
}
