/**
 * How many refused requests per client IP the audit trail records in a window. Every edge refusal
 * (bad token, wrong tenant) writes an audit entry, and those requests end before the per-principal rate
 * limit runs; without this budget an anonymous caller could write to a bank's chain as fast as it can
 * send forged tokens naming that bank's realm. Past the budget a refusal becomes 429 RATE_LIMITED and
 * is not recorded (the log still has it). In memory, per process, like the rate limit.
 */
export class DenialBudget {
  private readonly windows = new Map<string, { count: number; resetsAt: number }>();

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one refusal from `ip`; returns the seconds to wait when the budget is spent, else undefined. */
  spend(ip: string): number | undefined {
    const now = this.now();
    let window = this.windows.get(ip);
    if (!window || window.resetsAt <= now) {
      if (this.windows.size >= 100_000) this.prune(now);
      window = { count: 0, resetsAt: now + this.windowMs };
      this.windows.set(ip, window);
    }
    window.count += 1;
    return window.count > this.max ? Math.ceil((window.resetsAt - now) / 1000) : undefined;
  }

  private prune(now: number): void {
    for (const [ip, window] of this.windows) if (window.resetsAt <= now) this.windows.delete(ip);
    // Still full of live windows: forget the oldest rather than grow without bound.
    if (this.windows.size >= 100_000) this.windows.clear();
  }
}
