// A payment as the create request makes it (spec CreatePaymentRequest, NOTES §3.2): CREATED,
// nothing authorized yet, its redirect token, landing page and redirectUrl for the userFlow, and
// its expiry (`expiresAt` if given, else the sandbox's payment lifetime). The store (state.ts)
// keeps it, logs its CREATED event and schedules the expiry.
import { randomBytes } from "node:crypto"
import type { Payment } from "./payment-types"
import { redirectUrlFor } from "./redirects"
import type { SandboxMarket } from "./types"
import type { CreatePaymentInput } from "./validation"

export function newPayment(
  msn: string,
  market: SandboxMarket,
  input: CreatePaymentInput,
  at: { now: number; ttlMs: number; publicUrl: string }
): Payment {
  const { now, publicUrl } = at
  const redirectToken = randomBytes(24).toString("base64url")
  const p: Payment = {
    msn,
    market,
    reference: input.reference,
    state: "CREATED",
    amount: { currency: input.amount.currency, value: input.amount.value },
    userFlow: input.userFlow,
    returnUrl: input.returnUrl ?? undefined,
    paymentMethod: { type: input.paymentMethod.type, ...(input.paymentMethod.blockedSources ? { blockedSources: input.paymentMethod.blockedSources } : {}) },
    customer: input.customer,
    paymentDescription: input.paymentDescription,
    metadata: input.metadata,
    profileScope: input.profile?.scope,
    receipt: input.receipt,
    ...(input.shipping ? { shipping: input.shipping } : {}),
    ...(input.userFlow === "QR" ? { qrFormat: qrFormatOf(input.qrFormat) } : {}),
    createdAt: now,
    expiresAtMs: input.expiresAt ? Date.parse(input.expiresAt) : now + at.ttlMs,
    pspReference: "",
    redirectToken,
    landingUrl: `${publicUrl}/landing?token=${redirectToken}`,
    authorized: 0,
    captured: 0,
    refunded: 0,
    cancelled: 0,
    events: [],
  }
  p.redirectUrl = redirectUrlFor(p, publicUrl)
  return p
}

function qrFormatOf(v: unknown): Payment["qrFormat"] {
  const q = (v ?? {}) as { format?: string; size?: number | null }
  const format = (q.format ?? "IMAGE/SVG+XML") as NonNullable<Payment["qrFormat"]>["format"]
  return { format, size: q.size ?? 1024 }
}
