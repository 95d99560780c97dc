import type { Caller } from '../caller';
import type { ChangeFilter } from './filter';

/** The live state of Realtime subscribers, shared by the socket handler and the dispatcher. */

export type BindingEvent = '*' | 'INSERT' | 'UPDATE' | 'DELETE';

export interface Binding {
  id: number;
  event: BindingEvent;
  schema: string;
  table: string;
  filter: ChangeFilter | null;
}

export interface Subscriber {
  /** Channel topic (`realtime:<name>`). */
  topic: string;
  /** Who the changes are checked against (join `access_token`, else the socket's apikey). */
  caller: Caller;
  bindings: Binding[];
  /** Pushes one `postgres_changes` payload to the client. */
  push(payload: Record<string, unknown>): void;
  /**
   * Changes may have been missed: tells the client (a `system` error, then `phx_error`) and drops
   * the channel; realtime-js rejoins by itself and the client reconciles by snapshot.
   */
  fail(message: string): void;
}

export interface SubscriberRegistry {
  subscribers(): Iterable<Subscriber>;
}
