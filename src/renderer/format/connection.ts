import type { ConnectionStatus } from '../../shared/domain';
import { formatAge, formatClock } from './time';

export interface FeedLabel {
  text: string;
  tone: 'live' | 'warn' | 'down' | 'idle';
  /** "last data 3s ago", or null when the feed never delivered. */
  age: string | null;
}

/**
 * The header's words for one feed: Live / Reconnecting n / Offline — stale since HH:MM:SS /
 * Signed out / Not configured, plus the age of the last data it delivered.
 */
export function feedLabel(status: ConnectionStatus | undefined, now: number): FeedLabel {
  if (!status) return { text: 'Connecting', tone: 'idle', age: null };
  const age = status.lastDataAt !== null ? `last data ${formatAge(now - status.lastDataAt)} ago` : null;
  switch (status.state) {
    case 'live':
      return { text: 'Live', tone: 'live', age };
    case 'connecting':
      return { text: 'Connecting', tone: 'idle', age };
    case 'reconnecting':
      return { text: `Reconnecting ${status.attempt ?? 1}`, tone: 'warn', age };
    case 'reconciling':
      return { text: 'Reconciling', tone: 'warn', age };
    case 'offline':
      return { text: `Offline — stale since ${formatClock(status.staleSince ?? status.since)}`, tone: 'down', age };
    case 'unauthorized':
      return { text: 'Signed out', tone: 'down', age };
    case 'not_configured':
      return { text: 'Not configured', tone: 'idle', age: null };
  }
}
