import { httpStatusOf, messageOf } from "./errors"
import { kitVoice, type VippsVoiceOptions } from "./texts"
import type { MedusaStoreClient, StoreHeaders, VippsPaymentCheck, VippsPaymentStatus } from "./types"
import { isShopperCode, languageOfTag, shopperText } from "../shopper-texts"

/**
 * Vipps's polling rules for a payment (../shared/vipps/NOTES.md §7): first read about 5 s after
 * the payment was created, then every 2 s until a final state, slower after a 429, and stop when
 * the window closes (a payment left unanswered expires at Vipps after 10 minutes).
 */
export const VIPPS_POLLING: Readonly<{ firstPollMs: number; intervalMs: number; maxBackoffMs: number; timeoutMs: number }> =
  Object.freeze({ firstPollMs: 5_000, intervalMs: 2_000, maxBackoffMs: 30_000, timeoutMs: 10 * 60_000 })

/** The `gave_up` message in English for Vipps (the kit says it in the shopper's language and brand). */
export const GAVE_UP_MESSAGE = shopperText("vipps_payment_not_confirmed", { language: "en", brand: "vipps" })

/** `reference` and `token` from the return URL's query string, or null when either is missing. */
export function vippsReturnParams(search: string): { reference: string; token: string } | null {
  const params = new URLSearchParams(search)
  const reference = params.get("reference")
  const token = params.get("token")
  return reference && token ? { reference, token } : null
}

/**
 * One read of `GET /store/vipps/payments/:reference?token=…`. Never throws: network errors and
 * HTTP errors come back as a VippsPaymentCheck (a plain object, so a server action can return it).
 */
export async function checkVippsPayment(
  sdk: MedusaStoreClient,
  params: { reference: string; token: string },
  options: { headers?: StoreHeaders; language?: string } = {}
): Promise<VippsPaymentCheck> {
  // `lang`: the store's messages in this language (else the one the payment started with).
  const lang = languageOfTag(options.language)
  try {
    const payment = await sdk.client.fetch<VippsPaymentStatus>(
      `/store/vipps/payments/${encodeURIComponent(params.reference)}`,
      { query: { token: params.token, ...(lang ? { lang } : {}) }, headers: options.headers }
    )
    return { kind: "answer", payment }
  } catch (error) {
    const status = httpStatusOf(error)
    if (status === 429) return { kind: "throttled" }
    if (status !== undefined && status >= 400 && status < 500) {
      return { kind: "invalid", httpStatus: status, message: messageOf(error) }
    }
    return { kind: "unavailable", message: messageOf(error) }
  }
}

export type VippsPollOutcome = "completed" | "authorized" | "failed" | "completion_failed" | "gave_up" | "invalid" | "aborted"

export type VippsPollResult = {
  outcome: VippsPollOutcome
  /** The last answer of the route, if there was one. */
  payment?: VippsPaymentStatus
  /** Set once the order exists (`completed`). */
  order_id?: string
  /** A sentence for the shopper (failed, completion_failed, authorized, gave_up, invalid), in their language. */
  message?: string
  /** The message's stable code (e.g. vipps_payment_aborted), to show a text of your own. */
  code?: string
}

export type PollVippsPaymentOptions = Partial<typeof VIPPS_POLLING> & VippsVoiceOptions & {
  /** Called after every read (e.g. to show "Waiting for Vipps MobilePay…"). */
  onCheck?: (check: VippsPaymentCheck) => void
  /** Stops the polling (outcome `aborted`), e.g. when the page unmounts. */
  signal?: AbortSignal
}

const FINAL: Partial<Record<VippsPaymentStatus["status"], VippsPollOutcome>> = {
  completed: "completed",
  authorized: "authorized",
  failed: "failed",
  completion_failed: "completion_failed",
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve()
    const timer = setTimeout(done, ms)
    function done() {
      clearTimeout(timer)
      signal?.removeEventListener("abort", done)
      resolve()
    }
    signal?.addEventListener("abort", done)
  })
}

/**
 * Polls with `check` (e.g. `() => checkVippsPayment(sdk, params)`, or a server action that calls
 * it) following VIPPS_POLLING until the payment is final, the link is invalid, or the window
 * closes. A 429 doubles the wait (up to maxBackoffMs, or the server's Retry-After if longer);
 * the next answer brings it back to intervalMs. Network errors and 5xx are retried at intervalMs.
 */
export async function pollVippsPayment(
  check: () => Promise<VippsPaymentCheck>,
  options: PollVippsPaymentOptions = {}
): Promise<VippsPollResult> {
  const { firstPollMs, intervalMs, maxBackoffMs, timeoutMs } = { ...VIPPS_POLLING, ...withoutUndefined(options) }
  const started = Date.now()
  let delay: number = firstPollMs
  let throttledInARow = 0
  let last: VippsPaymentStatus | undefined
  // The language and brand of the texts, decided when each is made (the brand changes by date).
  const say = (code: Parameters<typeof shopperText>[0], payment?: VippsPaymentStatus) =>
    shopperText(code, kitVoice(options, { currency: payment?.currency, language: payment?.language }), payment?.params ?? undefined)

  for (;;) {
    if (Date.now() - started + delay > timeoutMs) {
      return { outcome: "gave_up", payment: last, message: say("vipps_payment_not_confirmed", last), code: "vipps_payment_not_confirmed" }
    }
    await wait(delay, options.signal)
    if (options.signal?.aborted) return { outcome: "aborted", payment: last }

    const result = await check()
    options.onCheck?.(result)
    if (result.kind === "answer") {
      last = result.payment
      throttledInARow = 0
      const final = FINAL[result.payment.status]
      if (final) {
        const { code, message } = result.payment
        return {
          outcome: final,
          payment: result.payment,
          order_id: result.payment.order_id ?? undefined,
          // A known code is said in the kit's language and brand; an unknown one as the store said it.
          message: (isShopperCode(code) ? say(code, result.payment) : message) ?? undefined,
          ...(code ? { code } : {}),
        }
      }
      if (result.payment.status === "unknown") {
        return { outcome: "invalid", payment: result.payment, message: say("vipps_payment_link_unknown", result.payment), code: "vipps_payment_link_unknown" }
      }
      delay = intervalMs
    } else if (result.kind === "throttled") {
      throttledInARow += 1
      delay = Math.max(result.retryAfterMs ?? 0, Math.min(intervalMs * 2 ** throttledInARow, maxBackoffMs))
    } else if (result.kind === "invalid") {
      return { outcome: "invalid", payment: last, message: result.message }
    } else {
      delay = intervalMs
    }
  }
}

/** checkVippsPayment + pollVippsPayment: the return page in one call. */
export function waitForVippsPayment(
  sdk: MedusaStoreClient,
  params: { reference: string; token: string },
  options: PollVippsPaymentOptions & { headers?: StoreHeaders } = {}
): Promise<VippsPollResult> {
  return pollVippsPayment(() => checkVippsPayment(sdk, params, { headers: options.headers, language: options.language }), options)
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>
}
