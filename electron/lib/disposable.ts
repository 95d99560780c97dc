/**
 * Teardown in one place (VS Code's `DisposableStore` idea, no library): whatever a service
 * opens — a timer, a subscription, a channel — is registered in a store when it is opened and
 * released by the store's `dispose()`, newest first. Anything added to a store that is already
 * disposed is released at once, so a resource opened after teardown cannot leak.
 */
export interface Disposable {
  dispose(): void;
}

export type Teardown = Disposable | (() => void);

export class DisposableStore implements Disposable {
  #items: Teardown[] = [];
  #disposed = false;

  get isDisposed(): boolean {
    return this.#disposed;
  }

  /** Registers `item` for release; returns it. Released at once when the store is disposed. */
  add<T extends Teardown>(item: T): T {
    if (this.#disposed) release(item);
    else this.#items.push(item);
    return item;
  }

  /** Takes `item` back without releasing it (the owner released it itself). */
  delete(item: Teardown): void {
    const at = this.#items.indexOf(item);
    if (at >= 0) this.#items.splice(at, 1);
  }

  /**
   * A timer released with the store (cleared if it has not fired). The returned handle clears it
   * earlier; a timer that fired or was cleared leaves the store, so repeated timers do not pile up.
   */
  setTimeout(run: () => void, ms: number): Disposable {
    const handle: Disposable = {
      dispose: () => {
        clearTimeout(timer);
        this.delete(handle);
      },
    };
    const timer = setTimeout(() => {
      this.delete(handle);
      run();
    }, ms);
    (timer as { unref?: () => void }).unref?.();
    this.add(handle);
    return handle;
  }

  /** Releases everything, newest first; a throwing item does not stop the others (first error rethrown). */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    const items = this.#items.reverse();
    this.#items = [];
    let failure: unknown = undefined;
    for (const item of items) {
      try {
        release(item);
      } catch (error) {
        failure ??= error;
      }
    }
    if (failure !== undefined) throw failure;
  }
}

/**
 * A disposable scope for one attempt at something asynchronous (one connection, one channel):
 * callbacks bound to it and awaits checked against it do nothing once the scope is disposed,
 * so a late answer of a replaced attempt is discarded in one place instead of by a generation
 * counter compared at every callback.
 */
export class Scope extends DisposableStore {
  /** `fn`, as a callback that is ignored after the scope is disposed. */
  bind<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
    return (...args: A) => {
      if (!this.isDisposed) fn(...args);
    };
  }
}

function release(item: Teardown): void {
  if (typeof item === 'function') item();
  else item.dispose();
}
