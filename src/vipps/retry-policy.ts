// How long a caller may wait for Vipps. Vipps's rate limits count per payment over a 60-second
// window (NOTES §3.1) and a 429 says in Retry-After when to come back. Background work
// (fulfilment captures, webhook processing) can wait that out; a person in the admin cannot,
// so an interactive call fails at once with VippsRateLimitedError saying how long to wait.
// The policy is chosen per call (VippsRequest.retryPolicy) or for everything a piece of work
// calls (withVippsRetryPolicy), so it reaches the client through Medusa workflows unchanged.
import { AsyncLocalStorage } from "node:async_hooks"
import { VippsError, VippsRateLimitedError } from "./errors"

export interface VippsRetryPolicy {
  /** Named in logs. */
  name: string
  /** Longest single wait (a backoff or a server's Retry-After). */
  maxWaitMs: number
  /**
   * When Vipps asks for a longer wait than maxWaitMs: "fail" at once with VippsRateLimitedError
   * (the caller tells the user or reschedules), or "wait-max": wait maxWaitMs and try anyway.
   */
  onLongerRetryAfter: "fail" | "wait-max"
  /** All waits of one call together; a wait that would pass it is not started. */
  maxTotalWaitMs: number
}

/** Vipps's rate-limit window: a Retry-After is never longer than this. */
export const RATE_LIMIT_WINDOW_MS = 60_000

/** A person is waiting (admin actions): short waits only, then "try again in N s". */
export const INTERACTIVE_RETRY_POLICY: VippsRetryPolicy = {
  name: "interactive",
  maxWaitMs: 2_000,
  onLongerRetryAfter: "fail",
  maxTotalWaitMs: 5_000,
}

/** Nobody is waiting (captures on fulfilment, webhook processing): wait as long as Vipps says, up to its 60 s window. */
export const BACKGROUND_RETRY_POLICY: VippsRetryPolicy = {
  name: "background",
  maxWaitMs: RATE_LIMIT_WINDOW_MS,
  onLongerRetryAfter: "fail",
  maxTotalWaitMs: 90_000,
}

/** Work that runs again on its own soon (the reconciliation job, every minute): skip what Vipps holds back. */
export const RESCHEDULE_RETRY_POLICY: VippsRetryPolicy = { ...INTERACTIVE_RETRY_POLICY, name: "reschedule" }

const current = new AsyncLocalStorage<VippsRetryPolicy>()

/** Runs `fn` with every Vipps call inside it (awaited or not) under `policy`. */
export function withVippsRetryPolicy<T>(policy: VippsRetryPolicy, fn: () => T): T {
  return current.run(policy, fn)
}

export function currentVippsRetryPolicy(): VippsRetryPolicy | undefined {
  return current.getStore()
}

/** The client's own default: background waits, each capped by the `maxRetryDelayMs` setting. */
export function defaultRetryPolicy(maxRetryDelayMs: number | undefined): VippsRetryPolicy {
  return { ...BACKGROUND_RETRY_POLICY, name: "default", maxWaitMs: maxRetryDelayMs ?? RATE_LIMIT_WINDOW_MS, onLongerRetryAfter: "wait-max" }
}

export type RetryDecision = { wait: number } | { fail: "retry-after-too-long" | "budget-spent" }

/**
 * The next wait: exponential backoff with full jitter, or the server's Retry-After when it says
 * more; refused when the policy does not allow it.
 */
export function nextWait(
  policy: VippsRetryPolicy,
  input: { retries: number; baseMs: number; retryAfterMs?: number; waitedMs: number }
): RetryDecision {
  const ceiling = Math.min(policy.maxWaitMs, input.baseMs * 2 ** input.retries)
  let wait = Math.round(Math.random() * ceiling)
  if (input.retryAfterMs !== undefined) {
    if (input.retryAfterMs > policy.maxWaitMs && policy.onLongerRetryAfter === "fail") return { fail: "retry-after-too-long" }
    wait = Math.min(policy.maxWaitMs, Math.max(input.retryAfterMs, wait))
  }
  if (input.waitedMs + wait > policy.maxTotalWaitMs) return { fail: "budget-spent" }
  return { wait }
}

/** Retry-After in ms: delta-seconds ("12", "1.5") or an HTTP date. */
export function parseRetryAfter(value: unknown): number | undefined {
  if (typeof value !== "string" && typeof value !== "number") return undefined
  const text = String(value).trim()
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000)
  const date = Date.parse(text)
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now())
}

/**
 * A 429 becomes a VippsRateLimitedError saying when Vipps will take the call: its Retry-After,
 * or its whole window when it did not say. Any other error stays as it is.
 */
export function asRateLimited(error: VippsError, retryAfterMs: number | undefined): VippsError {
  if (error.status !== 429 || error instanceof VippsRateLimitedError) return error
  return new VippsRateLimitedError({
    operation: error.operation,
    reference: error.reference,
    code: error.code,
    title: error.title,
    detail: error.detail,
    traceId: error.traceId,
    extraDetails: error.extraDetails,
    retryAfterSeconds: Math.max(1, Math.ceil((retryAfterMs ?? RATE_LIMIT_WINDOW_MS) / 1000)),
  })
}
