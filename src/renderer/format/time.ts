import { instantMs } from '../../shared/domain';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * Every time a trader reads is in the machine's own zone (a trader in India sees IST): these
 * format epoch ms with the local-time getters, and platform timestamps reach them only as
 * instants (`instantMs`), never as a zone-less string for `Date` to guess at. Market data's
 * own times (the chart axis, the depth ladder's last trade) are the exception: they read in
 * the exchange's zone, IST (`formatExchangeClock`).
 */

/** Local wall-clock `HH:MM:SS` of an epoch-ms time (the header's "stale since", the event log, intents). */
export function formatClock(epochMs: number): string {
  const d = new Date(epochMs);
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * A platform timestamp as the blotter shows it, in the machine's zone: `HH:MM:SS` today,
 * `DD-MM HH:MM` before. `2026-11-30T04:35:00.000Z` reads `10:05:00` in India.
 */
export function formatOrderTime(timestamp: string, now: number = Date.now()): string {
  const t = instantMs(timestamp);
  return Number.isFinite(t) ? formatLocalTime(t, now) : timestamp;
}

/** An epoch-ms time in the machine's zone: `HH:MM:SS` today, `DD-MM HH:MM` on another day. */
export function formatLocalTime(t: number, now: number = Date.now()): string {
  const d = new Date(t);
  const today = new Date(now);
  const sameDay =
    d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  return sameDay
    ? formatClock(t)
    : `${pad(d.getDate())}-${pad(d.getMonth() + 1)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** IST is UTC+05:30 all year (no daylight saving). */
const IST_OFFSET_MS = 19_800_000;

/**
 * An exchange time as `HH:MM:SS IST`, wherever the machine is: market data (a trade's time on
 * the depth ladder) is read against the exchange's session, as the chart's axis is, so it does
 * not follow the machine's zone. `epochMs` is an instant (the tick parser's `instantMs`).
 */
export function formatExchangeClock(epochMs: number): string {
  const d = new Date(epochMs + IST_OFFSET_MS);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} IST`;
}

/** A compact age: `"0s"`, `"42s"`, `"3m 05s"`, `"2h 10m"`. */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${pad(s % 60)}s`;
  const h = Math.floor(m / 60);
  return `${h}h ${pad(m % 60)}m`;
}
