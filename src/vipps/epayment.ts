// ePayment API v1 (NOTES §3): create, read, events, capture, refund, cancel, force approve.
import { VippsError } from "./errors"
import { isProductionBaseUrl } from "./environment"
import type { VippsHttp } from "./http"
import { assertIdempotencyKey } from "./idempotency"
import {
  CreatePaymentResponse,
  CreatePaymentResponseSchema,
  GetPaymentResponse,
  GetPaymentResponseSchema,
  ModificationResponse,
  ModificationResponseSchema,
  PaymentEvent,
  PaymentEventListSchema,
  VippsAmount,
  parseResponse,
} from "./schemas"

export type UserFlow = "WEB_REDIRECT" | "NATIVE_REDIRECT" | "PUSH_MESSAGE" | "QR"

/** The fields of CreatePaymentRequest the plugin uses; anything else of the spec may be passed too. */
export interface CreatePaymentRequest {
  amount: VippsAmount
  paymentMethod: { type: "WALLET" | "CARD" | "CARD_PASSTHROUGH"; blockedSources?: string[] }
  reference: string
  userFlow: UserFlow
  returnUrl?: string
  customer?: { phoneNumber: string } | { personalQr: string } | { customerToken: string }
  paymentDescription?: string
  customerInteraction?: "CUSTOMER_NOT_PRESENT" | "CUSTOMER_PRESENT"
  profile?: { scope: string }
  receipt?: unknown
  receiptUrl?: string | null
  metadata?: Record<string, string> | null
  expiresAt?: string | null
  minimumUserAge?: number | null
  qrFormat?: { format: string; size?: number }
  /**
   * Express (spec Shipping): fixed groups of options, or the merchant's callback that answers them;
   * `allowedCountries` (Vipps, May 2026; ISO 3166-1 alpha-2) the countries the shopper's address may
   * be in (without it: the country of the payment's currency).
   */
  shipping?: { fixedOptions?: ShippingGroup[]; dynamicOptions?: { callbackUrl: string; callbackAuthorizationToken?: string }; allowedCountries?: string[] }
  [field: string]: unknown
}

/** Spec ShippingGroup / ShippingOption: what the app lists on its shipping screen. */
export interface ShippingGroup {
  type: "HOME_DELIVERY" | "PICKUP_POINT" | "MAILBOX" | "IN_STORE" | "OTHER"
  brand: string
  isDefault?: boolean
  priority?: number
  options: { id: string; name: string; amount: VippsAmount; isDefault?: boolean; priority?: number; meta?: string; estimatedDelivery?: string }[]
}

export interface CancelOptions {
  /** Only cancel if the user has not approved yet (NOTES §3.5); avoids racing an approval. */
  cancelTransactionOnly?: boolean
}

export interface ForceApproveOptions {
  customer?: { phoneNumber: string }
  token?: string
}

const REFERENCE_PATTERN = /^[a-zA-Z0-9-]{8,64}$/

export function createEPaymentApi(http: VippsHttp, environment: string) {
  async function createPayment(body: CreatePaymentRequest, idempotencyKey: string): Promise<CreatePaymentResponse> {
    assertReference(body?.reference, "createPayment")
    assertWireAmount(body.amount, "createPayment", body.reference)
    assertIdempotencyKey(idempotencyKey)
    const { status, data } = await http.request({
      operation: "createPayment",
      method: "POST",
      path: "/epayment/v1/payments",
      body,
      idempotencyKey,
      reference: body.reference,
      currency: body.amount.currency,
      // 5070 on a card payment: the sales unit may not take cards; the provider says so once, with how to get it enabled.
      ...(body.paymentMethod?.type === "CARD" ? { callerReportsCodes: ["5070"] } : {}),
    })
    return parseResponse(CreatePaymentResponseSchema, data, { operation: "createPayment", reference: body.reference, status })
  }

  async function getPayment(reference: string): Promise<GetPaymentResponse> {
    const { status, data } = await http.request({
      operation: "getPayment",
      method: "GET",
      path: paymentPath(reference),
      reference,
    })
    return parseResponse(GetPaymentResponseSchema, data, { operation: "getPayment", reference, status })
  }

  async function getPaymentEvents(reference: string): Promise<PaymentEvent[]> {
    const { status, data } = await http.request({
      operation: "getPaymentEvents",
      method: "GET",
      path: `${paymentPath(reference)}/events`,
      reference,
    })
    return parseResponse(PaymentEventListSchema, data, { operation: "getPaymentEvents", reference, status })
  }

  function capturePayment(reference: string, amount: VippsAmount, idempotencyKey: string) {
    return modify("capture", reference, { modificationAmount: amount }, idempotencyKey, amount)
  }

  function refundPayment(reference: string, amount: VippsAmount, idempotencyKey: string) {
    return modify("refund", reference, { modificationAmount: amount }, idempotencyKey, amount)
  }

  function cancelPayment(reference: string, options: CancelOptions, idempotencyKey: string) {
    const body = options?.cancelTransactionOnly === undefined ? {} : { cancelTransactionOnly: options.cancelTransactionOnly }
    return modify("cancel", reference, body, idempotencyKey)
  }

  async function modify(
    operation: "capture" | "refund" | "cancel",
    reference: string,
    body: object,
    idempotencyKey: string,
    amount?: VippsAmount
  ): Promise<ModificationResponse> {
    assertReference(reference, operation)
    if (amount) assertWireAmount(amount, operation, reference)
    assertIdempotencyKey(idempotencyKey)
    const { status, data } = await http.request({
      operation,
      method: "POST",
      path: `${paymentPath(reference)}/${operation}`,
      body,
      idempotencyKey,
      reference,
      currency: amount?.currency,
    })
    return parseResponse(ModificationResponseSchema, data, { operation, reference, status })
  }

  /** Test environment only: approve as if the test user did it in the app. */
  async function forceApprove(reference: string, options: ForceApproveOptions = {}): Promise<void> {
    if (environment === "production" || isProductionBaseUrl(http.baseUrl)) {
      throw new VippsError({
        kind: "request",
        operation: "forceApprove",
        reference,
        merchantMessage: "Force approve only exists in the Vipps MobilePay test environment, not in production.",
      })
    }
    assertReference(reference, "forceApprove")
    await http.request({
      operation: "forceApprove",
      method: "POST",
      path: `/epayment/v1/test/payments/${encodeURIComponent(reference)}/approve`,
      body: options,
      reference,
    })
  }

  return { createPayment, getPayment, getPaymentEvents, capturePayment, refundPayment, cancelPayment, forceApprove }
}

export type EPaymentApi = ReturnType<typeof createEPaymentApi>

function paymentPath(reference: string): string {
  return `/epayment/v1/payments/${encodeURIComponent(reference)}`
}

function assertReference(reference: unknown, operation: string): asserts reference is string {
  if (typeof reference !== "string" || !REFERENCE_PATTERN.test(reference)) {
    throw new VippsError({
      kind: "request",
      operation,
      merchantMessage: `Vipps MobilePay references must be 8-64 chars of [a-zA-Z0-9-], got ${JSON.stringify(reference)}`,
    })
  }
}

// Amounts reach this layer already in minor units; a float here means a conversion was skipped.
function assertWireAmount(amount: VippsAmount | undefined, operation: string, reference: string): void {
  if (!amount || !Number.isSafeInteger(amount.value) || amount.value < 0 || typeof amount.currency !== "string") {
    throw new VippsError({
      kind: "request",
      operation,
      reference,
      merchantMessage: `Vipps MobilePay amounts must be { value: integer minor units, currency }, got ${JSON.stringify(amount)}`,
    })
  }
}
