import { z } from 'zod';
import { EpochMs } from './primitives';

export const Feed = z.enum(['market', 'trading']);
export type Feed = z.infer<typeof Feed>;

export const ConnectionState = z.enum([
  'not_configured',
  'connecting',
  'live',
  'reconnecting',
  'reconciling',
  'offline',
  'unauthorized',
]);
export type ConnectionState = z.infer<typeof ConnectionState>;

/** Health of one feed, pushed on change (and, for the market feed, at most once a second). */
export const ConnectionStatus = z.object({
  feed: Feed,
  state: ConnectionState,
  /** When the feed entered `state`, epoch ms. */
  since: EpochMs,
  /** One human line: why offline, which error, … */
  detail: z.string().nullable(),
  /** Reconnect attempt number while reconnecting. */
  attempt: z.number().int().nonnegative().nullable().default(null),
  nextRetryAt: EpochMs.nullable().default(null),
  /** Last data received (tick or change), epoch ms; the age shown in the header derives from it. */
  lastDataAt: EpochMs.nullable().default(null),
  /** Market feed only: ticks per second over the last second. */
  ticksPerSecond: z.number().nonnegative().nullable().default(null),
  /** Since when what is on screen may be out of date (last moment the feed was live), epoch ms. */
  staleSince: EpochMs.nullable().default(null),
});
export type ConnectionStatus = z.infer<typeof ConnectionStatus>;

export const ProfileKind = z.enum(['demo', 'remote']);
export type ProfileKind = z.infer<typeof ProfileKind>;

/**
 * Session as a renderer may see it: never a token. `starting`: the terminal is still choosing or
 * starting its profile's backend (the embedded demo backend takes seconds to start); there is
 * nothing to sign in to yet, and the window says so instead of offering a choice.
 */
export const SessionState = z.object({
  state: z.enum(['starting', 'signed_out', 'signing_in', 'signed_in']),
  profile: z.object({ kind: ProfileKind, name: z.string() }).nullable(),
  user: z.object({ id: z.string(), email: z.string().nullable() }).nullable(),
  error: z.string().nullable().default(null),
});
export type SessionState = z.infer<typeof SessionState>;
