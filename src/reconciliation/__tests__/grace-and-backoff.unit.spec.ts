import { liveBudgetMs, movementGraceMs } from "../movements"
import { backoffMs } from "../pending-sessions"

describe("how long the job leaves a movement to its own process", () => {
  it("a live call with the default options may take 10 s × 5 attempts plus 0.3 + 0.6 + 1.2 + 2.4 s of backoff", () => {
    expect(liveBudgetMs({})).toBe(50_000 + 4_500)
  })

  it("the grace period is twice the longest live call of any sales unit", () => {
    const fast = { timeoutMs: 1000, maxRetries: 0, retryBaseMs: 50 }
    const slow = { timeoutMs: 3000, maxRetries: 2, retryBaseMs: 50 }
    expect(movementGraceMs([{ options: fast }, { options: slow }] as any)).toBe(2 * (9000 + 50 + 100))
  })

  it("one backoff wait is capped at 10 s, like the client's", () => {
    expect(liveBudgetMs({ timeoutMs: 1000, maxRetries: 6, retryBaseMs: 1000 })).toBe(7000 + 1000 + 2000 + 4000 + 8000 + 10_000 + 10_000)
  })
})

describe("a pending session whose Vipps read keeps failing", () => {
  it("waits 1, 2, 4, 8 … minutes, at most an hour", () => {
    expect([1, 2, 3, 4, 7, 8, 20].map(backoffMs)).toEqual([60_000, 120_000, 240_000, 480_000, 3_600_000, 3_600_000, 3_600_000])
  })
})
