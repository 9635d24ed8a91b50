// ePayment API v1 routes under /epayment (NOTES §3). Order per request mirrors the real
// pipeline: auth (APIM) → rate limit → idempotency → validation → state machine.
import type { IncomingHttpHeaders } from "node:http"
import { getHeader } from "./auth"
import type { SandboxContext } from "./context"
import { httpError, toResponse, validationError } from "./errors"
import type { IdempotentOp } from "./idempotency"
import { MODIFY_LIMIT, READ_LIMIT } from "./rate-limit"
import { getPaymentView, modificationView, type Payment } from "./state"
import { forceApprove } from "./force-approve"
import type { ApiResponse, SandboxMerchant } from "./types"
import { assertIdempotencyKey, validateCreatePayment, validateModification } from "./validation"

export type ApiRequest = { method: string; path: string; headers: IncomingHttpHeaders; body: unknown }

// The spec types the 200 of cancel/capture/refund as application/problem+json; mirror it.
const MODIFICATION_CONTENT_TYPE = "application/problem+json"

export function handleEpayment(ctx: SandboxContext, req: ApiRequest, sub: string): ApiResponse {
  return toResponse(sub, () => {
    const merchant = ctx.tokens.authenticate(req.headers, { msnRequired: true })
    const parts = sub.split("/").filter(Boolean).map(decodeURIComponent)
    const { method } = req
    if (parts[0] !== "v1") throw httpError(404, `Unknown ePayment path ${sub}.`)
    if (parts[1] === "payments") {
      if (parts.length === 2 && method === "POST") return create(ctx, req, merchant, sub)
      const reference = parts[2]
      if (parts.length === 3 && method === "GET") return read(ctx, req, merchant, reference, "get")
      if (parts.length === 4 && parts[3] === "events" && method === "GET") return read(ctx, req, merchant, reference, "events")
      if (parts.length === 4 && method === "POST" && ["capture", "refund", "cancel"].includes(parts[3])) {
        return modify(ctx, req, merchant, reference, parts[3] as "capture" | "refund" | "cancel", sub)
      }
    }
    if (parts[1] === "test" && parts[2] === "payments" && parts[4] === "approve" && parts.length === 5 && method === "POST") {
      return forceApprove(ctx, merchant, parts[3], req.body)
    }
    throw httpError(404, `No ePayment route for ${method} ${sub}.`)
  })
}

function findPayment(ctx: SandboxContext, merchant: SandboxMerchant, reference: string): Payment {
  const p = ctx.payments.find(merchant.msn, reference)
  if (!p) throw httpError(404, `Payment ${reference} not found for this sales unit.`)
  return p
}

function create(ctx: SandboxContext, req: ApiRequest, merchant: SandboxMerchant, sub: string): ApiResponse {
  const key = getHeader(req.headers, "idempotency-key")
  assertIdempotencyKey(key, true)
  const rawRef = (req.body as { reference?: unknown } | null)?.reference
  const reference = rawRef === undefined || rawRef === null ? "" : String(rawRef)
  ctx.rateLimiter.hit(`create|${merchant.msn}|${reference}`, MODIFY_LIMIT)
  return ctx.idempotency.run({ msn: merchant.msn, op: "create", reference, key, body: req.body }, () =>
    toResponse(sub, () => {
      const input = validateCreatePayment(req.body, merchant, ctx.clock.now())
      // The sales unit's card permission (UPDATES-2026): checked once the request itself is valid.
      if (input.paymentMethod.type === "CARD") ctx.cards.assertAllowed(merchant.msn)
      const p = ctx.payments.create(merchant.msn, input, key ?? null)
      return { status: 201, contentType: "application/json", body: { ...(p.redirectUrl ? { redirectUrl: p.redirectUrl } : {}), reference: p.reference } }
    })
  )
}

function read(ctx: SandboxContext, req: ApiRequest, merchant: SandboxMerchant, reference: string, what: "get" | "events"): ApiResponse {
  const subKey = getHeader(req.headers, "ocp-apim-subscription-key") ?? ""
  ctx.rateLimiter.hit(`${what}|${subKey}|${reference}`, READ_LIMIT)
  const p = findPayment(ctx, merchant, reference)
  if (what === "get") return { status: 200, contentType: "application/json", body: getPaymentView(p) }
  return { status: 200, contentType: "application/json", body: p.events.map((e) => ({ ...e })) }
}

function modify(ctx: SandboxContext, req: ApiRequest, merchant: SandboxMerchant, reference: string, op: IdempotentOp & ("capture" | "refund" | "cancel"), sub: string): ApiResponse {
  const key = getHeader(req.headers, "idempotency-key")
  assertIdempotencyKey(key, op !== "cancel")
  ctx.rateLimiter.hit(`${op}|${merchant.msn}|${reference}`, MODIFY_LIMIT)
  const p = findPayment(ctx, merchant, reference)
  return ctx.idempotency.run({ msn: merchant.msn, op, reference, key, body: req.body }, () =>
    toResponse(sub, () => {
      const r = applyModification(ctx, p, op, req.body, key ?? null)
      return { status: 200, contentType: MODIFICATION_CONTENT_TYPE, body: r }
    })
  )
}

/** Shared by the API and the control ("business portal") endpoints. */
export function applyModification(ctx: SandboxContext, p: Payment, op: "capture" | "refund" | "cancel", body: unknown, key: string | null) {
  if (op === "cancel") {
    const b = body ?? {}
    if (typeof b !== "object" || Array.isArray(b)) throw validationError([{ name: "body", reason: "Cancel body must be an object." }])
    const only = (b as { cancelTransactionOnly?: unknown }).cancelTransactionOnly
    if (only !== undefined && only !== null && typeof only !== "boolean") throw validationError([{ name: "cancelTransactionOnly", reason: "cancelTransactionOnly must be a boolean." }])
    const ev = ctx.payments.cancel(p, { transactionOnly: only === true, idempotencyKey: key })
    return modificationView(p, ev?.pspReference ?? p.events[p.events.length - 1].pspReference)
  }
  const amount = validateModification(body, p.amount.currency)
  const ev = op === "capture" ? ctx.payments.capture(p, amount.value, key) : ctx.payments.refund(p, amount.value, key)
  return modificationView(p, ev.pspReference)
}
