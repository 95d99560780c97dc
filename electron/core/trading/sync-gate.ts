import type { SyncedRowChange } from './entities';

/**
 * Decides what happens to a live change: applied now, or held while a snapshot is in flight
 * (sync rule 1: subscribe first, snapshot, then reconcile the buffer by version).
 *
 * A new SUBSCRIBED while a reconcile runs does not start a second one concurrently: it asks
 * for another pass, which runs with a fresh snapshot once the current pass finishes.
 */
export class SyncGate {
  #buffer: SyncedRowChange[] | null = null;
  #again = false;

  /** True while a snapshot is in flight. */
  get reconciling(): boolean {
    return this.#buffer !== null;
  }

  /**
   * Starts buffering. Returns false (and remembers to run again) if a pass is already running.
   */
  begin(): boolean {
    if (this.#buffer !== null) {
      this.#again = true;
      return false;
    }
    this.#buffer = [];
    return true;
  }

  /** 'apply' when no snapshot is in flight; otherwise the change is kept for the reconcile. */
  offer(change: SyncedRowChange): 'apply' | 'buffered' {
    if (this.#buffer === null) return 'apply';
    this.#buffer.push(change);
    return 'buffered';
  }

  /**
   * Ends the pass: returns what was buffered (to reconcile with the snapshot) and whether
   * another pass was asked for meanwhile. Buffering stops; later changes apply directly.
   */
  finish(): { buffered: SyncedRowChange[]; again: boolean } {
    const buffered = this.#buffer ?? [];
    const again = this.#again;
    this.#buffer = null;
    this.#again = false;
    return { buffered, again };
  }

  /**
   * The pass failed (snapshot unreachable): keep nothing half-applied. The buffered changes are
   * returned so they can still be applied live — each carries a version, so applying them now
   * cannot regress anything, and the next successful snapshot completes the picture.
   */
  abort(): SyncedRowChange[] {
    const buffered = this.#buffer ?? [];
    this.#buffer = null;
    this.#again = false;
    return buffered;
  }
}
