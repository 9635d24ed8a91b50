// Force approve of the test API: POST /epayment/v1/test/payments/{reference}/approve (NOTES §3.6,
// spec `forceApprove`, body `ForceApprove`). The sandbox is the test environment, so it always
// answers; like Vipps it approves as a test user named by `customer.phoneNumber` (MSISDN, a user
// of the sales unit's market, NOTES §9) or by the `token` of the payment's redirectUrl, answers
// 200 with no body, and skips the test app's magic amounts.
import type { SandboxContext } from "./context"
import { codeError, httpError, validationError } from "./errors"
import type { ApiResponse, SandboxMarket, SandboxMerchant } from "./types"

/** Country code of the test users of each market (a test user pays in its own market only). */
const MARKET_COUNTRY_CODE: Record<SandboxMarket, string> = { NO: "47", DK: "45", FI: "358" }

type ForceApproveBody = { customer?: unknown; token?: unknown }

export function forceApprove(ctx: SandboxContext, merchant: SandboxMerchant, reference: string, body: unknown): ApiResponse {
  const p = ctx.payments.find(merchant.msn, reference)
  if (!p) throw httpError(404, `Payment ${reference} not found for this sales unit.`)
  // NOTES §3.6: force approve is not for Express (the shopper must share a profile and pick shipping).
  if (p.shipping) throw codeError(400, 10060, "Force approve does not support Express payments; approve on the landing page or with POST /_sandbox/payments/:reference/approve.")
  // Vipps's test environment cannot do freestanding card payments at all (NOTES §9).
  if (p.paymentMethod.type === "CARD") throw codeError(400, 10060, "Force approve does not support CARD payments (the test environment cannot do card payments); pay on the landing page's card form or with POST /_sandbox/payments/:reference/approve.")
  if (body !== undefined && body !== null && (typeof body !== "object" || Array.isArray(body))) {
    throw validationError([{ name: "body", reason: "The force approve body must be an object." }])
  }
  const { customer, token } = (body ?? {}) as ForceApproveBody
  const phone = phoneOf(customer)
  // Postman leaves "{{payment_token}}" unresolved (or empty) when no token was captured: absent.
  const tokenGiven = typeof token === "string" && token !== "" && !token.startsWith("{{")
  if (token !== undefined && token !== null && typeof token !== "string") throw validationError([{ name: "token", reason: "token must be a string." }])
  if (tokenGiven && token !== p.redirectToken) throw codeError(400, 10010, "The token does not belong to this payment.")
  if (phone !== undefined && !/^\d{9,15}$/.test(phone)) {
    throw codeError(400, 4070, "customer.phoneNumber must be digits only: country code and number, no + or spaces.")
  }
  // A payment not waiting for approval answers 10010 whatever the body (PaymentStore.approve says why).
  if (p.state !== "CREATED" || p.processingUntil !== undefined) ctx.payments.approve(p)
  if (phone === undefined && !tokenGiven) {
    throw codeError(400, 10030, "Name the test user: customer.phoneNumber (a test user's MSISDN) or the token of the payment's redirectUrl.")
  }
  const countryCode = MARKET_COUNTRY_CODE[merchant.market]
  if (phone !== undefined && !phone.startsWith(countryCode)) {
    throw codeError(400, 10020, `The test user ${phone} is not a user of this sales unit's market (${merchant.market}, +${countryCode}).`)
  }
  ctx.payments.approve(p)
  return { status: 200 }
}

/** `customer.phoneNumber` as a string; any other way of naming the customer is refused. */
function phoneOf(customer: unknown): string | undefined {
  if (customer === undefined || customer === null) return undefined
  if (typeof customer !== "object" || Array.isArray(customer)) throw validationError([{ name: "customer", reason: "customer must be an object." }])
  const c = customer as Record<string, unknown>
  const others = Object.keys(c).filter((k) => k !== "phoneNumber")
  if (others.length) throw codeError(400, 10060, `Force approve identifies the test user by customer.phoneNumber only, not ${others.join(", ")}.`)
  if (c.phoneNumber === undefined || c.phoneNumber === null) return undefined
  // The official Postman collection sends the number unquoted; Vipps reads it as the same MSISDN.
  return typeof c.phoneNumber === "number" || typeof c.phoneNumber === "string" ? String(c.phoneNumber) : "invalid"
}
