// Hand-written request validation mirroring the OpenAPI constraints plus the documented
// business rules (error codes in NOTES §5). No ajv here: the sandbox keeps its runtime dependencies to `qrcode`.
import { codeError, validationError, type ExtraDetail } from "./errors"
import { assertExpressRules, shippingSchemaErrors, type ShippingInput } from "./express-shipping"
import { MARKET_CURRENCY, MIN_AMOUNT, type Amount, type SandboxMerchant } from "./types"
import { assertReturnUrl } from "./urls"

export const REFERENCE_RE = /^[a-zA-Z0-9-]{8,64}$/
const CURRENCIES = ["NOK", "DKK", "EUR", "SEK", "USD", "GBP"]
const USER_FLOWS = ["PUSH_MESSAGE", "NATIVE_REDIRECT", "WEB_REDIRECT", "QR"] as const
const PAYMENT_METHODS = ["WALLET", "CARD", "CARD_PASSTHROUGH"]
const SCOPES = ["name", "address", "email", "phoneNumber", "birthDate", "nin"]
const MAX_AMOUNT = 65_000_000

export type UserFlow = (typeof USER_FLOWS)[number]

export type CreatePaymentInput = {
  amount: Amount
  reference: string
  userFlow: UserFlow
  paymentMethod: { type: string; blockedSources?: string[] }
  returnUrl?: string
  customer?: { phoneNumber?: string; personalQr?: string; customerToken?: string }
  paymentDescription?: string
  metadata?: Record<string, string> | null
  profile?: { scope?: string }
  receipt?: unknown
  receiptUrl?: string | null
  expiresAt?: string | null
  customerInteraction?: string
  minimumUserAge?: number | null
  qrFormat?: unknown
  shipping?: ShippingInput
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v)

/** Numbers in string fields are accepted and stringified (see json.ts for why). */
function coerceString(v: unknown): unknown {
  return typeof v === "number" || typeof v === "bigint" ? String(v) : v
}

export function validateAmountShape(v: unknown, field: string, errors: ExtraDetail[]) {
  if (!isObj(v)) return errors.push({ name: field, reason: "The amount object is required." })
  if (typeof v.currency !== "string" || !CURRENCIES.includes(v.currency)) {
    errors.push({ name: `${field}.currency`, reason: `currency must be one of ${CURRENCIES.join(", ")}.` })
  }
  if (typeof v.value !== "number") errors.push({ name: `${field}.value`, reason: "value must be an integer in minor units." })
}

/** Amount value rules that are not plain schema errors: decimals → 4040, range. */
export function checkAmountValue(amount: Amount, field: string) {
  if (!isInt(amount.value)) throw codeError(400, 4040, `${field}.value must be an integer number of minor units.`)
  if (amount.value < 0 || amount.value > MAX_AMOUNT) {
    throw validationError([{ name: `${field}.value`, reason: `value must be between 0 and ${MAX_AMOUNT}.` }])
  }
}

/** Receipt (ePayment `receipt` and Order Management receipts share the model). */
export function receiptErrors(v: unknown, field = "receipt"): ExtraDetail[] {
  const errors: ExtraDetail[] = []
  if (!isObj(v)) return [{ name: field, reason: "The receipt must be an object." }]
  if (!Array.isArray(v.orderLines) || v.orderLines.length < 1) {
    errors.push({ name: `${field}.orderLines`, reason: "At least one order line is required." })
  } else {
    v.orderLines.forEach((line, i) => {
      const f = `${field}.orderLines[${i}]`
      if (!isObj(line)) return errors.push({ name: f, reason: "Order line must be an object." })
      for (const k of ["name", "id"]) if (typeof line[k] !== "string" || !line[k]) errors.push({ name: `${f}.${k}`, reason: `${k} is required.` })
      for (const k of ["totalAmount", "totalAmountExcludingTax", "totalTaxAmount"]) {
        if (!isInt(line[k])) errors.push({ name: `${f}.${k}`, reason: `${k} is required and must be an integer.` })
      }
      const hasRate = line.taxRate !== undefined && line.taxRate !== null
      const hasPct = line.taxPercentage !== undefined && line.taxPercentage !== null
      if (!hasRate && !hasPct) errors.push({ name: `${f}.taxRate`, reason: "Either taxRate or taxPercentage must be set." })
      if (hasRate && (!isInt(line.taxRate) || line.taxRate < 0 || line.taxRate > 10000)) errors.push({ name: `${f}.taxRate`, reason: "taxRate must be an integer 0..10000." })
      if (hasPct && (!isInt(line.taxPercentage) || line.taxPercentage < 0 || line.taxPercentage > 100)) errors.push({ name: `${f}.taxPercentage`, reason: "taxPercentage must be an integer 0..100." })
      if (line.unitInfo !== undefined && line.unitInfo !== null) {
        const u = line.unitInfo
        if (!isObj(u)) errors.push({ name: `${f}.unitInfo`, reason: "unitInfo must be an object." })
        else {
          if (typeof u.quantity !== "string" || u.quantity.length > 10 || !/^\d+([.]\d{1,8})?$/.test(u.quantity)) errors.push({ name: `${f}.unitInfo.quantity`, reason: "quantity must be a decimal string like '2' or '0.5'." })
          if (u.unitPrice !== null && (!isInt(u.unitPrice) || u.unitPrice < 0)) errors.push({ name: `${f}.unitInfo.unitPrice`, reason: "unitPrice must be a non-negative integer." })
          if (u.quantityUnit !== undefined && u.quantityUnit !== null && !["PCS", "KG", "KM", "MINUTE", "LITRE", "KWH"].includes(u.quantityUnit as string)) errors.push({ name: `${f}.unitInfo.quantityUnit`, reason: "Invalid quantityUnit." })
        }
      }
    })
  }
  if (!isObj(v.bottomLine)) errors.push({ name: `${field}.bottomLine`, reason: "bottomLine is required." })
  else if (!["NOK", "DKK", "EUR"].includes(v.bottomLine.currency as string)) errors.push({ name: `${field}.bottomLine.currency`, reason: "currency must be NOK, DKK or EUR." })
  return errors
}


/**
 * Validates a CreatePaymentRequest. Schema problems come first (400 with field names),
 * then business rules with error codes (5040 currency, 6010 minimum, ...).
 */
export function validateCreatePayment(body: unknown, merchant: SandboxMerchant, now = Date.now()): CreatePaymentInput {
  if (!isObj(body)) throw validationError([{ name: "body", reason: "A JSON CreatePaymentRequest body is required." }])
  const b = { ...body }
  b.reference = coerceString(b.reference)
  if (isObj(b.customer)) b.customer = { ...b.customer, phoneNumber: coerceString(b.customer.phoneNumber) }
  if (b.customer && isObj(b.customer) && b.customer.phoneNumber === undefined) delete (b.customer as Record<string, unknown>).phoneNumber

  const errors: ExtraDetail[] = []
  if (typeof b.reference !== "string" || !REFERENCE_RE.test(b.reference)) {
    errors.push({ name: "reference", reason: "reference is required and must match ^[a-zA-Z0-9-]{8,64}$." })
  }
  validateAmountShape(b.amount, "amount", errors)
  if (!isObj(b.paymentMethod) || !PAYMENT_METHODS.includes(b.paymentMethod.type as string)) {
    errors.push({ name: "paymentMethod.type", reason: `paymentMethod.type is required: ${PAYMENT_METHODS.join(", ")}.` })
  } else if (b.paymentMethod.blockedSources !== undefined) {
    const bs = b.paymentMethod.blockedSources
    if (!Array.isArray(bs) || bs.some((s) => s !== "COMMERCIAL_CARDS")) errors.push({ name: "paymentMethod.blockedSources", reason: "Only COMMERCIAL_CARDS is allowed." })
  }
  if (!USER_FLOWS.includes(b.userFlow as UserFlow)) errors.push({ name: "userFlow", reason: `userFlow is required: ${USER_FLOWS.join(", ")}.` })
  if (b.returnUrl !== undefined && b.returnUrl !== null && (typeof b.returnUrl !== "string" || b.returnUrl.length > 2500)) {
    errors.push({ name: "returnUrl", reason: "returnUrl must be a string of at most 2500 characters." })
  }
  if (b.userFlow === "WEB_REDIRECT" && (typeof b.returnUrl !== "string" || !b.returnUrl)) {
    errors.push({ name: "returnUrl", reason: "returnUrl is required when userFlow is WEB_REDIRECT." })
  }
  if (b.customer !== undefined && b.customer !== null) {
    const c = b.customer
    const keys = isObj(c) ? Object.keys(c).filter((k) => ["phoneNumber", "personalQr", "customerToken"].includes(k)) : []
    if (!isObj(c) || keys.length !== 1) errors.push({ name: "customer", reason: "Specify exactly one of phoneNumber, personalQr or customerToken." })
    else if (typeof c.personalQr === "string" && (c.personalQr.length < 5 || c.personalQr.length > 255)) errors.push({ name: "customer.personalQr", reason: "personalQr must be 5..255 characters." })
  }
  if (b.userFlow === "PUSH_MESSAGE" && !(isObj(b.customer) && Object.keys(b.customer).length > 0)) {
    errors.push({ name: "customer", reason: "customer is required when userFlow is PUSH_MESSAGE." })
  }
  if (b.paymentDescription !== undefined && b.paymentDescription !== null) {
    if (typeof b.paymentDescription !== "string" || b.paymentDescription.length < 3 || b.paymentDescription.length > 100) {
      errors.push({ name: "paymentDescription", reason: "paymentDescription must be 3..100 characters." })
    }
  }
  if (b.customerInteraction !== undefined && !["CUSTOMER_PRESENT", "CUSTOMER_NOT_PRESENT"].includes(b.customerInteraction as string)) {
    errors.push({ name: "customerInteraction", reason: "customerInteraction must be CUSTOMER_PRESENT or CUSTOMER_NOT_PRESENT." })
  }
  if (b.minimumUserAge !== undefined && b.minimumUserAge !== null && (!isInt(b.minimumUserAge) || b.minimumUserAge < 0 || b.minimumUserAge > 100)) {
    errors.push({ name: "minimumUserAge", reason: "minimumUserAge must be an integer 0..100." })
  }
  if (b.profile !== undefined && b.profile !== null && (!isObj(b.profile) || (b.profile.scope !== undefined && typeof b.profile.scope !== "string"))) {
    errors.push({ name: "profile.scope", reason: "profile.scope must be a string." })
  }
  if (b.metadata !== undefined && b.metadata !== null && (!isObj(b.metadata) || Object.values(b.metadata).some((x) => typeof x !== "string"))) {
    errors.push({ name: "metadata", reason: "metadata must be a map of string to string." })
  }
  if (b.qrFormat !== undefined && b.qrFormat !== null) {
    const q = b.qrFormat
    if (!isObj(q) || !["TEXT/TARGETURL", "IMAGE/SVG+XML", "IMAGE/PNG"].includes(q.format as string)) errors.push({ name: "qrFormat.format", reason: "qrFormat.format is required: TEXT/TARGETURL, IMAGE/SVG+XML or IMAGE/PNG." })
    else if (q.size !== undefined && q.size !== null && (!isInt(q.size) || q.size < 100 || q.size > 2000)) errors.push({ name: "qrFormat.size", reason: "qrFormat.size must be 100..2000." })
  }
  if (b.receipt !== undefined && b.receipt !== null) errors.push(...receiptErrors(b.receipt))
  errors.push(...shippingSchemaErrors(b.shipping, isObj(b.amount) ? (b.amount.currency as string) : undefined))
  if (errors.length) throw validationError(errors)
  if (b.shipping === null) delete b.shipping

  const input = b as unknown as CreatePaymentInput
  // Business rules with error codes.
  checkAmountValue(input.amount, "amount")
  if (input.customer?.phoneNumber !== undefined && !/^\d{9,15}$/.test(input.customer.phoneNumber)) {
    throw codeError(400, 4070, "customer.phoneNumber must be digits only with country code, e.g. 4712345678.")
  }
  if (input.returnUrl) assertReturnUrl(input.returnUrl, "returnUrl")
  if (input.receiptUrl) assertReturnUrl(input.receiptUrl, "receiptUrl")
  if (input.metadata) {
    const entries = Object.entries(input.metadata)
    if (entries.length > 5) throw codeError(400, 4100, "metadata can hold at most 5 key-value pairs.")
    if (entries.some(([k]) => k.length > 100)) throw codeError(400, 4120, "metadata keys can be at most 100 characters.")
    if (entries.some(([, v]) => v.length > 500)) throw codeError(400, 4130, "metadata values can be at most 500 characters.")
  }
  if (input.profile?.scope !== undefined) {
    const words = input.profile.scope.split(" ").filter(Boolean)
    if (!words.length || words.some((w) => !SCOPES.includes(w))) throw codeError(400, 4080, `profile.scope must be a space separated list of ${SCOPES.join(", ")}.`)
    if (words.includes("nin")) throw codeError(403, 5030, "The sales unit is not allowed to request the 'nin' scope.")
  }
  assertExpressRules(input, merchant)
  const pmType = input.paymentMethod.type
  if (pmType === "CARD_PASSTHROUGH") throw codeError(400, 4160, "CARD_PASSTHROUGH is only available for PSPs.")
  if (pmType === "CARD" && input.userFlow !== "WEB_REDIRECT") throw codeError(400, 4160, "CARD payments require userFlow WEB_REDIRECT.")
  if (input.paymentMethod.blockedSources?.length && merchant.market === "NO") {
    throw codeError(400, 5010, "blockedSources is only available for Danish and Finnish sales units.")
  }
  const expected = MARKET_CURRENCY[merchant.market]
  if (input.amount.currency !== expected) {
    throw codeError(400, 5040, `Currency ${input.amount.currency} is not valid for this sales unit (expected ${expected}).`)
  }
  if (input.amount.value < (MIN_AMOUNT[input.amount.currency] ?? 1)) {
    throw codeError(400, 6010, `The amount is below the minimum of ${MIN_AMOUNT[input.amount.currency]} for ${input.amount.currency}.`)
  }
  if (input.expiresAt) {
    const t = Date.parse(input.expiresAt)
    if (Number.isNaN(t)) throw validationError([{ name: "expiresAt", reason: "expiresAt must be an RFC 3339 date-time." }])
    if (t < now + 10 * 60_000) throw codeError(400, 6120, "expiresAt must be more than 10 minutes in the future.")
    if (t > now + 60 * 24 * 3600_000) throw codeError(400, 6110, "expiresAt must be less than 60 days in the future.")
    if (!input.receipt) throw codeError(400, 6130, "Long-living payments (expiresAt) require a receipt.")
  }
  return input
}

/** Capture/refund body: {modificationAmount:{value,currency}} in the payment's currency. */
export function validateModification(body: unknown, currency: string): Amount {
  const errors: ExtraDetail[] = []
  if (!isObj(body)) throw validationError([{ name: "modificationAmount", reason: "modificationAmount is required." }])
  validateAmountShape(body.modificationAmount, "modificationAmount", errors)
  if (errors.length) throw validationError(errors)
  const amount = body.modificationAmount as Amount
  checkAmountValue(amount, "modificationAmount")
  if (amount.currency !== currency) {
    throw validationError([{ name: "modificationAmount.currency", reason: `Currency must be ${currency}, the currency of the payment.` }])
  }
  if (amount.value < 1) throw codeError(400, 4040, "modificationAmount.value must be at least 1.")
  return amount
}

export function assertIdempotencyKey(key: string | undefined, required: boolean) {
  if (key === undefined || key === "") {
    if (required) throw validationError([{ name: "Idempotency-Key", reason: "The Idempotency-Key header is required." }])
    return
  }
  if (key.length > 50) throw validationError([{ name: "Idempotency-Key", reason: "Idempotency-Key can be at most 50 characters." }])
}

