/**
 * Stops calling an endpoint that keeps failing: after `threshold` failures in a row it stays open for
 * `openMs`, then lets one call through; a success closes it again.
 */
export class CircuitBreaker {
  private failures = 0;
  private openUntil = 0;
  private probing = false;

  constructor(
    private readonly threshold = 3,
    private readonly openMs = 30_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a call may go out now; in the half-open state only one at a time. */
  allow(): boolean {
    if (this.failures < this.threshold) return true;
    if (this.now() < this.openUntil || this.probing) return false;
    this.probing = true;
    return true;
  }

  succeeded(): void {
    this.failures = 0;
    this.probing = false;
  }

  failed(): void {
    this.failures += 1;
    this.probing = false;
    if (this.failures >= this.threshold) this.openUntil = this.now() + this.openMs;
  }

  get isOpen(): boolean {
    return this.failures >= this.threshold && this.now() < this.openUntil;
  }
}
