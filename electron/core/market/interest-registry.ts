/**
 * Who needs which instrument. Each owner (a window, or a system need such as open positions)
 * declares its full set of tokens; the registry ref-counts them so a token stays wanted while
 * anyone still needs it and becomes unwanted the moment the last owner lets go.
 */
export class InterestRegistry {
  readonly #byOwner = new Map<string, Set<number>>();
  readonly #counts = new Map<number, number>();
  /** `wanted()` in priority order, rebuilt only after a change (it is read on every reconcile and stats call). */
  #wanted: ReadonlySet<number> | null = null;

  /** Replaces what `owner` needs; returns the tokens that became wanted / unwanted overall. */
  set(owner: string, tokens: Iterable<number>): { added: number[]; removed: number[] } {
    this.#wanted = null;
    const next = new Set(tokens);
    const prev = this.#byOwner.get(owner) ?? new Set<number>();
    const added: number[] = [];
    const removed: number[] = [];
    for (const t of next) {
      if (prev.has(t)) continue;
      const n = this.#counts.get(t) ?? 0;
      this.#counts.set(t, n + 1);
      if (n === 0) added.push(t);
    }
    for (const t of prev) {
      if (next.has(t)) continue;
      const n = this.#counts.get(t) ?? 0;
      if (n <= 1) {
        this.#counts.delete(t);
        removed.push(t);
      } else {
        this.#counts.set(t, n - 1);
      }
    }
    if (next.size === 0) this.#byOwner.delete(owner);
    else this.#byOwner.set(owner, next);
    return { added, removed };
  }

  clear(owner: string): { added: number[]; removed: number[] } {
    return this.set(owner, []);
  }

  has(token: number): boolean {
    return this.#counts.has(token);
  }

  /**
   * Every token someone needs, in priority order: system needs (`system:*` owners: the header
   * indices, open positions, pending orders) before what windows show, so that under a
   * per-connection instrument limit the positions a trader holds are never the ones left out.
   * The same read-only set until the next change.
   */
  wanted(): ReadonlySet<number> {
    if (this.#wanted !== null) return this.#wanted;
    const out = new Set<number>();
    for (const [owner, tokens] of this.#byOwner) if (owner.startsWith('system:')) for (const t of tokens) out.add(t);
    for (const [owner, tokens] of this.#byOwner) if (!owner.startsWith('system:')) for (const t of tokens) out.add(t);
    this.#wanted = out;
    return out;
  }

  wantedCount(): number {
    return this.#counts.size;
  }

  tokensOf(owner: string): ReadonlySet<number> {
    return this.#byOwner.get(owner) ?? new Set<number>();
  }

  owners(): string[] {
    return [...this.#byOwner.keys()];
  }
}
