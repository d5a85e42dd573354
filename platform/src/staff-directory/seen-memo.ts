/**
 * Which staff sightings this process has written recently, so a staff member's requests cost at most one
 * directory write per `refreshMs` — sooner only when what their token says (name, username, roles)
 * changed. Bounded: past `maxEntries` it starts again empty (a few extra writes, never unbounded memory).
 */
export class SeenMemo {
  private readonly written = new Map<string, { facts: string; at: number }>();

  constructor(
    private readonly refreshMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * True when `key` is due a write (never written, written with other `facts`, or `refreshMs` ago or
   * more), and from then on counts it as written now; false when a write would change nothing.
   */
  claim(key: string, facts: string): boolean {
    const now = this.now();
    const last = this.written.get(key);
    if (last && last.facts === facts && now - last.at < this.refreshMs) return false;
    if (!last && this.written.size >= this.maxEntries) this.written.clear();
    this.written.set(key, { facts, at: now });
    return true;
  }

  /** Forgets `key` (its write failed), so the next sighting tries again. */
  forget(key: string): void {
    this.written.delete(key);
  }
}
