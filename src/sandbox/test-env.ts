// What the Vipps MobilePay test environment does on its own (NOTES §9, §4.3):
// the test app's magic amounts and the capture / cancel / refund periods. Periods are measured
// on the sandbox clock (clock.ts) from the authorization, so tests move the clock to reach them.
import { codeError } from "./errors"
import type { Payment } from "./payment-types"
import type { SandboxMarket } from "./types"

export const DAY_MS = 24 * 3600_000

/** Capture period after authorization: 180 days in Norway, 14 days in Denmark and Finland (NOTES §4.3, §11). */
export const CAPTURE_PERIOD_DAYS: Record<SandboxMarket, number> = { NO: 180, DK: 14, FI: 14 }
/** Cancel is possible within 180 days of the reservation and within the capture period (NOTES §4.3). */
export const CANCEL_PERIOD_DAYS = 180
/** Refunds up to 365 days after the payment was approved (NOTES §4.3). */
export const REFUND_PERIOD_DAYS = 365

/** Amounts (minor units) the test app's card declines when the shopper approves (NOTES §9). */
const DECLINES: Record<number, { reason: string; markets?: SandboxMarket[] }> = {
  151: { reason: "insufficient funds" },
  182: { reason: "refused by issuer" },
  183: { reason: "suspected fraud" },
  184: { reason: "withdrawal limit exceeded" },
  186: { reason: "expired card" },
  187: { reason: "invalid card" },
  197: { reason: "3-D Secure denied", markets: ["NO"] },
  202: { reason: "SCA required", markets: ["NO"] },
}
/** Amount 201: the payment attempt has an unknown result for one hour (NOTES §9). */
export const UNKNOWN_RESULT_AMOUNT = 201
export const UNKNOWN_RESULT_MS = 3600_000

export type ApprovalOutcome = { kind: "approved" } | { kind: "declined"; reason: string } | { kind: "processing"; until: number }

/** What happens when the shopper approves in the (test) app. Force approve skips this (NOTES §9). */
export function shopperApproval(p: Payment, now: number): ApprovalOutcome {
  const value = p.amount.value
  if (value === UNKNOWN_RESULT_AMOUNT) return { kind: "processing", until: now + UNKNOWN_RESULT_MS }
  const decline = DECLINES[value]
  if (decline && (!decline.markets || decline.markets.includes(p.market))) return { kind: "declined", reason: decline.reason }
  return { kind: "approved" }
}

const after = (p: Payment, days: number, now: number) => p.authorizedAt !== undefined && now > p.authorizedAt + days * DAY_MS

export function assertCapturePeriod(p: Payment, now: number) {
  const days = CAPTURE_PERIOD_DAYS[p.market]
  if (after(p, days, now)) throw codeError(400, 6100, `The capture period of ${days} days after authorization has expired.`)
}

export function assertCancelPeriod(p: Payment, now: number) {
  const days = Math.min(CANCEL_PERIOD_DAYS, CAPTURE_PERIOD_DAYS[p.market])
  if (after(p, days, now)) throw codeError(400, 6030, `The cancel period of ${days} days after authorization has expired.`)
}

/** Refund period, and the refund magic amounts: 123 cannot be refunded, 124 period expired (NOTES §9). */
export function assertRefundable(p: Payment, value: number, now: number) {
  if (after(p, REFUND_PERIOD_DAYS, now)) throw codeError(400, 6220, `The refund period of ${REFUND_PERIOD_DAYS} days after approval has expired.`)
  if (value === 124) throw codeError(400, 6220, "Test amount 124: the refund period has expired.")
  if (value === 123) throw codeError(400, 5100, "Test amount 123: the refund is not possible (the user is deleted or has no receiving account).")
}
