import { ApiError } from '../errors.js';

/** Client addresses remembered at most (the least recently failing are forgotten first), so a flood cannot grow memory. */
const MAX_ADDRESSES = 10_000;

/**
 * Slows down key and secret guessing: a client address with more than `maxPerWindow` failed
 * authentications inside one window gets 429 `too_many_failed_authentications` (with Retry-After)
 * for every request until the window ends, before its credentials are even looked at.
 * Successful requests never count; the usual per-source rate limit covers them.
 */
export class FailedAuthLimit {
  private readonly windows = new Map<string, { startedAt: number; failures: number }>();

  constructor(
    private readonly maxPerWindow: number,
    private readonly windowMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Throws the 429 when `address` has used up its failures in the current window. */
  check(address: string): void {
    const window = this.current(address);
    if (!window || window.failures < this.maxPerWindow) return;
    const retryAfter = Math.ceil((window.startedAt + this.windowMs - this.now()) / 1000);
    throw new ApiError(
      429,
      'too_many_failed_authentications',
      `more than ${this.maxPerWindow} failed authentications a minute from this address; check the API key or signing secret, then retry in ${retryAfter} s`,
      undefined,
      { 'retry-after': String(retryAfter) },
    );
  }

  recordFailure(address: string): void {
    const window = this.current(address) ?? { startedAt: this.now(), failures: 0 };
    window.failures += 1;
    this.windows.delete(address); // re-inserted last: the Map's order is least recently failing first
    this.windows.set(address, window);
    if (this.windows.size > MAX_ADDRESSES) this.windows.delete(this.windows.keys().next().value as string);
  }

  private current(address: string): { startedAt: number; failures: number } | undefined {
    const window = this.windows.get(address);
    if (window && this.now() - window.startedAt >= this.windowMs) {
      this.windows.delete(address);
      return undefined;
    }
    return window;
  }
}
