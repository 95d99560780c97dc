/**
 * When the app may install a downloaded update by restarting itself. The trader can always
 * choose "Restart to update"; the app never does it on its own while positions are open or
 * while the market is open (09:00–15:45 IST, Monday to Friday — NSE's normal session plus the
 * pre-open, with a margin to the 15:30 close). Exchange holidays are not known here: a holiday
 * counts as a trading day, which errs on the side of not restarting.
 *
 * Times are instants in ms since the epoch (UTC); IST is UTC+5:30 all year (no daylight saving).
 */
const IST_OFFSET_MS = (5 * 60 + 30) * 60_000;
const MARKET_OPEN_MS = 9 * 3_600_000; // 09:00 IST
const MARKET_CLOSE_MS = 15 * 3_600_000 + 45 * 60_000; // 15:45 IST

/** How often a packaged app asks the update feed, besides once at start. */
export const UPDATE_CHECK_INTERVAL_MS = 4 * 3_600_000;

/** The IST weekday (0 = Sunday … 6 = Saturday) and ms since IST midnight of an instant. */
export function istClock(nowMs: number): { weekday: number; msOfDay: number } {
  const ist = new Date(nowMs + IST_OFFSET_MS); // read with getUTC*: the process's own zone never matters
  const msOfDay =
    ((ist.getUTCHours() * 60 + ist.getUTCMinutes()) * 60 + ist.getUTCSeconds()) * 1000 + ist.getUTCMilliseconds();
  return { weekday: ist.getUTCDay(), msOfDay };
}

/** True from 09:00:00.000 to 15:45:00.000 IST (both ends included) on Monday to Friday. */
export function inMarketHours(nowMs: number): boolean {
  const { weekday, msOfDay } = istClock(nowMs);
  return weekday >= 1 && weekday <= 5 && msOfDay >= MARKET_OPEN_MS && msOfDay <= MARKET_CLOSE_MS;
}

export type RestartVerdict = { allowed: true } | { allowed: false; reason: 'positions_open' | 'market_hours' };

export function mayRestartOnItsOwn(facts: { nowMs: number; openPositions: number }): RestartVerdict {
  if (facts.openPositions > 0) return { allowed: false, reason: 'positions_open' };
  if (inMarketHours(facts.nowMs)) return { allowed: false, reason: 'market_hours' };
  return { allowed: true };
}

/**
 * Whether this run checks for updates at all: only a packaged app built with an update feed
 * (electron-builder writes `resources/app-update.yml` when `publish` is configured), not a
 * demo-only build (`"tradedesk": {"updates": false}` in the packaged package.json), and not
 * when TRADEDESK_UPDATES=off.
 */
export function updatesEnabled(facts: {
  isPackaged: boolean;
  hasFeedConfig: boolean;
  packageUpdates: unknown;
  env: string | undefined;
}): { enabled: true } | { enabled: false; reason: string } {
  if (!facts.isPackaged) return { enabled: false, reason: 'not a packaged build' };
  if (facts.packageUpdates === false) return { enabled: false, reason: 'updates are off in this build (demo-only)' };
  if (facts.env === 'off') return { enabled: false, reason: 'TRADEDESK_UPDATES=off' };
  if (!facts.hasFeedConfig) return { enabled: false, reason: 'this build has no update feed (app-update.yml)' };
  return { enabled: true };
}
