/**
 * Platform timestamps as unambiguous instants.
 *
 * The platform's columns are Postgres `timestamp(3)` WITHOUT a time zone (Prisma's default),
 * written in UTC. PostgREST and Realtime send them as `"2026-11-30T04:35:00.000"`: no zone, so a
 * JavaScript `Date.parse` would read them as the machine's local time (an order placed at 10:05
 * IST would show as 04:35 on a machine in India). The rule: such a string is UTC, and it is
 * turned into an instant exactly once, where rows are parsed (`Timestamp` in primitives.ts);
 * everything downstream holds the canonical form below and never parses a zone-less string.
 *
 * Canonical form: `YYYY-MM-DDTHH:MM:SS.mmmZ` (what `Date.prototype.toISOString` prints), so
 * string order is time order and `Date.parse` reads it the same on every machine.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** India Standard Time is UTC+05:30 all year (no daylight saving). */
export const IST_OFFSET_MS = 330 * MINUTE_MS;

/**
 * `date [T or space] time [fraction] [zone]`, as Postgres, PostgREST, Realtime and ISO-8601 write
 * them: `2026-11-30T04:35:00`, `2026-11-30 04:35:00.123456`, `…+05:30`, `…+0530`, `…+05`, `…Z`.
 * A date alone means midnight UTC.
 */
const PLATFORM_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/**
 * The canonical UTC instant of a platform timestamp, or null when the text is not a valid date
 * and time. Without a zone the text is UTC (the platform's rule); with one it is honoured.
 * Fractions beyond milliseconds are truncated (the columns hold milliseconds).
 */
export function toUtcInstant(text: string): string | null {
  const utc = utcMs(text);
  return utc === null ? null : new Date(utc).toISOString();
}

/** Epoch ms of a platform timestamp as toUtcInstant reads it, or null; no string is built. */
function utcMs(text: string): number | null {
  if (text.length > 40) return null;
  const m = PLATFORM_TIME.exec(text.trim());
  if (!m) return null;
  const [, y, mo, d, h = '00', mi = '00', s = '00', frac = '', zone] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return null;
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  let offsetMs = 0;
  if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const oh = Number(digits.slice(0, 2));
    const om = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (oh > 15 || om > 59) return null;
    offsetMs = sign * (oh * 60 + om) * MINUTE_MS;
  }
  const utc = Date.UTC(year, month - 1, day, hour, minute, second, ms) - offsetMs;
  // Years before 100 are mapped by Date.UTC; such dates are not platform data.
  if (!Number.isFinite(utc) || year < 1000) return null;
  return utc;
}

/**
 * True exactly when `toUtcInstant(text) === text`: the text is already canonical. Cheap (no
 * allocation): the cache checks every stored timestamp with it on the offline start-up path.
 */
export function isCanonicalInstant(text: string): boolean {
  if (text.length !== 24 || !CANONICAL.test(text)) return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  return (
    year >= 1000 &&
    month >= 1 &&
    month <= 12 &&
    day >= 1 &&
    day <= daysIn(year, month) &&
    digits(text, 11, 2) <= 23 &&
    digits(text, 14, 2) <= 59 &&
    digits(text, 17, 2) <= 59
  );
}

function digits(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) v = v * 10 + (text.charCodeAt(i) - 48);
  return v;
}

/** Epoch ms of a timestamp (canonical or not: zone-less text is UTC); NaN when it is not one. */
export function instantMs(text: string): number {
  return utcMs(text) ?? Number.NaN;
}

/**
 * The Indian trading day an instant falls on, as a day number (days since 1970-01-01 in IST).
 * Exchange rules ("today's volume", "day high", "opened today") follow the exchange's calendar,
 * whatever zone the machine is set to.
 */
export function istTradingDay(epochMs: number): number {
  return Math.floor((epochMs + IST_OFFSET_MS) / DAY_MS);
}

function daysIn(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}
