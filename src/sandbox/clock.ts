// The sandbox's clock. Payments, events, expiries and the test environment's deadlines
// (capture / cancel / refund periods, NOTES §4.3) read the time from here, so a test can
// move it forward through the control API (POST /_sandbox/clock) instead of waiting days.
// Access tokens, rate limits and webhook retries keep wall-clock time: they are about the
// connection, not the payment's life.
export class SandboxClock {
  private offsetMs = 0
  private listeners: (() => void)[] = []

  now(): number {
    return Date.now() + this.offsetMs
  }

  iso(): string {
    return new Date(this.now()).toISOString()
  }

  /** Called after every move (the payment store expires what is now past its time). */
  onChange(fn: () => void) {
    this.listeners.push(fn)
  }

  /** Moves the clock forward; the sandbox clock never runs backwards. */
  advance(ms: number) {
    if (!Number.isInteger(ms) || ms < 0) throw new RangeError("advance_ms must be a non-negative integer")
    this.offsetMs += ms
    this.changed()
  }

  /** Sets the clock to an absolute time (not before the current sandbox time). */
  set(epochMs: number) {
    if (!Number.isFinite(epochMs)) throw new RangeError("now must be a date-time")
    if (epochMs < this.now()) throw new RangeError("the sandbox clock cannot go back in time; reset it instead")
    this.offsetMs = epochMs - Date.now()
    this.changed()
  }

  /** Back to wall-clock time. */
  reset() {
    this.offsetMs = 0
  }

  view() {
    return { now: this.iso(), offset_ms: this.offsetMs }
  }

  private changed() {
    for (const fn of this.listeners) fn()
  }
}
