/**
 * A per-client token bucket for the expensive routes (checks, ingest): `perMinute` tokens a minute refill a
 * bucket of `burst`. The table of clients is bounded (the least recently seen are forgotten first), so a flood of
 * addresses cannot grow it without end.
 */
export interface RateLimit {
  /** Tokens added per minute; 0 turns the limit off. */
  perMinute: number;
  burst: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly limit: RateLimit,
    private readonly maxClients = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Take a token for `client`: 0 when allowed, else the seconds to wait before the next one. */
  take(client: string): number {
    if (this.limit.perMinute <= 0) return 0;
    const t = this.now();
    const rate = this.limit.perMinute / 60_000;
    let b = this.buckets.get(client);
    if (b) {
      this.buckets.delete(client);
      b.tokens = Math.min(this.limit.burst, b.tokens + (t - b.at) * rate);
      b.at = t;
    } else {
      b = { tokens: this.limit.burst, at: t };
    }
    this.buckets.set(client, b);
    if (this.buckets.size > this.maxClients) {
      const oldest = this.buckets.keys().next().value;
      if (oldest !== undefined) this.buckets.delete(oldest);
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / rate / 1000));
  }
}
