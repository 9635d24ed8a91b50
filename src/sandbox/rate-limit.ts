// Sliding-window rate limits per unique reference (NOTES §3.1):
// create/capture/cancel/refund 5/min per reference+MSN, get/events 120/min per reference+subscription key.
import { ApiError } from "./errors"

export const MODIFY_LIMIT = 5
export const READ_LIMIT = 120
const WINDOW_MS = 60_000

export class RateLimiter {
  private hits = new Map<string, number[]>()

  constructor(private enabled: boolean) {}

  clear() {
    this.hits.clear()
  }

  /** Counts one call in `bucket`; throws 429 with Retry-After (seconds) when over `limit`. */
  hit(bucket: string, limit: number, now = Date.now()) {
    if (!this.enabled) return
    const list = (this.hits.get(bucket) ?? []).filter((t) => t > now - WINDOW_MS)
    if (list.length >= limit) {
      this.hits.set(bucket, list)
      const retryAfter = Math.max(1, Math.ceil((list[0] + WINDOW_MS - now) / 1000))
      throw new ApiError(429, "Too Many Requests", `Rate limit of ${limit} requests per minute exceeded for this reference.`, null, {
        "Retry-After": String(retryAfter),
      })
    }
    list.push(now)
    this.hits.set(bucket, list)
  }
}
