/**
 * Exact decimal arithmetic for prices, tick sizes and percentages — no binary-float modulo.
 * `1000.03 % 0.05` in floating point is 0.0299999…, and `83.25 % 0.0025` is 0.0024999…; a
 * ticket that trusted either would refuse good prices or pass bad ones. Here a decimal is an
 * integer count of 10^-scale units (bigint), read from the number's shortest decimal text
 * (what the trader typed, what JSON carried), so the checks agree with Postgres `numeric`.
 */

export interface Decimal {
  /** The value × 10^scale, exactly. */
  units: bigint;
  scale: number;
}

const PLAIN = /^(-)?(\d+)(?:\.(\d+))?$/;

/** A number or decimal string as an exact decimal; undefined for NaN, ±Infinity or junk. */
export function toDecimal(value: number | string): Decimal | undefined {
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return undefined;
    text = String(value);
    // 1e-7 and 1e+21 print in exponent form; a fixed form with enough places is exact enough
    // for prices (whose inputs carry at most a few decimals).
    if (/e/i.test(text)) text = value.toFixed(12);
  } else {
    text = value.trim();
  }
  const m = PLAIN.exec(text);
  if (!m) return undefined;
  const frac = (m[3] ?? '').replace(/0+$/, '');
  const units = BigInt(`${m[2]}${frac}` || '0');
  return { units: m[1] ? -units : units, scale: frac.length };
}

/** Both decimals at the larger of their scales. */
function align(a: Decimal, b: Decimal): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.units * 10n ** BigInt(scale - a.scale), b.units * 10n ** BigInt(scale - b.scale), scale];
}

/** True when `value` is a whole multiple of `step` (step > 0), exactly. */
export function isMultipleOf(value: number | string, step: number | string): boolean {
  const v = toDecimal(value);
  const s = toDecimal(step);
  if (!v || !s || s.units <= 0n) return false;
  const [vu, su] = align(v, s);
  return vu % su === 0n;
}

/** The decimal as a JS number (for display and JSON); exact for the prices we deal in. */
export function decimalToNumber(d: Decimal): number {
  const negative = d.units < 0n;
  const digits = (negative ? -d.units : d.units).toString().padStart(d.scale + 1, '0');
  const text = d.scale === 0 ? digits : `${digits.slice(0, -d.scale)}.${digits.slice(-d.scale)}`;
  return Number(`${negative ? '-' : ''}${text}`);
}

/** Floor/ceil division of bigints (b > 0). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}
function ceilDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a > 0n ? q + 1n : q;
}

/**
 * `base × (100 ± percent) / 100` rounded onto the `step` grid: `down` to the grid point at or
 * below, `up` at or above. The one rational is divided once, so nothing drifts.
 */
export function percentOnGrid(
  base: number,
  percent: number,
  sign: 1 | -1,
  step: number,
  round: 'up' | 'down',
): number | undefined {
  const b = toDecimal(base);
  const p = toDecimal(percent);
  const s = toDecimal(step);
  if (!b || !p || !s || s.units <= 0n) return undefined;
  // value = b.units/10^bs × (100·10^ps + sign·p.units)/(100·10^ps); in steps: × 10^ss / s.units
  const pScale = 10n ** BigInt(p.scale);
  const num = b.units * (100n * pScale + BigInt(sign) * p.units) * 10n ** BigInt(s.scale);
  const den = 10n ** BigInt(b.scale) * 100n * pScale * s.units;
  const steps = round === 'up' ? ceilDiv(num, den) : floorDiv(num, den);
  return decimalToNumber({ units: steps * s.units, scale: s.scale });
}
