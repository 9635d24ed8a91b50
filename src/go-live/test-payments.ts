import { GetPaymentResponse, PaymentEvent, idempotencyKey } from "../vipps"
import { createPaymentRequestFor } from "../providers/vipps/payment-request"
import { normalizePhoneNumber } from "../providers/vipps/phone"
import { aggregateInMinorUnits, captureDeadlineOfPayment } from "../providers/vipps/session-data"
import { GoLiveItem, GoLiveProvider, GoLiveReference, fail, failureOf, pass, skipped } from "./types"

/**
 * The test environment's part of the checklist: three payments through the real ePayment API,
 * made the way the provider makes them, force-approved as a test user, ending CAPTURED,
 * REFUNDED and CANCELLED, each read back (GET payment and the event log) and verified.
 */
type Ending = "CAPTURED" | "REFUNDED" | "CANCELLED"
const ENDINGS: Ending[] = ["CAPTURED", "REFUNDED", "CANCELLED"]
const SUFFIX: Record<Ending, string> = { CAPTURED: "cap", REFUNDED: "ref", CANCELLED: "can" }
const TITLE: Record<Ending, string> = {
  CAPTURED: "Test payment ending CAPTURED (create, approve, capture)",
  REFUNDED: "Test payment ending REFUNDED (create, approve, capture, refund)",
  CANCELLED: "Test payment ending CANCELLED (create, approve, cancel)",
}
/** 2.00 in the currency: Vipps asks for 2 NOK rather than 1 NOK in smoke tests (NOTES §9). */
export const TEST_AMOUNT_MINOR_UNITS = 200

export type TestPaymentsResult = {
  items: GoLiveItem[]
  references: GoLiveReference[]
  /** Events whose webhook should reach the store: only those the plugin subscribes to (not CREATED). */
  expectedDeliveries: { reference: string; event: string }[]
  /** The Vipps error of a create, when there was one (5040 tells the currency item). */
  createError?: unknown
}

export async function runTestPayments(provider: GoLiveProvider, input: { runId: string; currency: string; phone?: string }): Promise<TestPaymentsResult> {
  const result: TestPaymentsResult = { items: [], references: [], expectedDeliveries: [] }
  const expectDelivery = (reference: string, event: string) => result.expectedDeliveries.push({ reference, event })
  const phoneNumber = normalizePhoneNumber(input.phone, input.currency)
  if (!phoneNumber) {
    const why = input.phone
      ? `"${input.phone}" is not a phone number Vipps MobilePay takes: give the test user's number with country code, e.g. 4791234567.`
      : "Give a test user's phone number (phone=<number> on the command, or the phone field on the settings page): portal.vippsmobilepay.com → For developers → Test users."
    for (const ending of ENDINGS) result.items.push(fail(`payment_${ending.toLowerCase()}`, TITLE[ending], `No payment was made. ${why}`))
    return result
  }
  for (const ending of ENDINGS) {
    const id = `payment_${ending.toLowerCase()}`
    const sessionId = `golive-${input.runId}-${SUFFIX[ending]}`
    let reference: string | undefined
    let step = "create"
    try {
      const amount = { value: TEST_AMOUNT_MINOR_UNITS, currency: input.currency }
      // Vipps's test environment cannot make card payments (and cannot force-approve them): a
      // card entry's check pays with the app through the same sales unit; everything after the
      // authorization (capture, refund, cancel, webhooks) is the same API for both.
      const { body } = createPaymentRequestFor({ ...provider.options, paymentMethod: "wallet" }, sessionId, amount, () => phoneNumber)
      body.paymentDescription = `Go-live check: payment ending ${ending}`
      reference = body.reference
      const epayment = provider.client.epayment
      await epayment.createPayment(body, idempotencyKey("golive-create", provider.options.merchantSerialNumber, reference))
      step = "force approve"
      await epayment.forceApprove(reference, { customer: { phoneNumber } })
      expectDelivery(reference, "AUTHORIZED")
      if (ending !== "CANCELLED") {
        step = "capture"
        await epayment.capturePayment(reference, amount, idempotencyKey("golive-capture", reference))
        expectDelivery(reference, "CAPTURED")
      }
      if (ending === "REFUNDED") {
        step = "refund"
        await epayment.refundPayment(reference, amount, idempotencyKey("golive-refund", reference))
        expectDelivery(reference, "REFUNDED")
      }
      if (ending === "CANCELLED") {
        step = "cancel"
        await epayment.cancelPayment(reference, {}, idempotencyKey("golive-cancel", reference))
        expectDelivery(reference, "CANCELLED")
      }
      step = "read back"
      const [payment, events] = await Promise.all([epayment.getPayment(reference), epayment.getPaymentEvents(reference)])
      const found = verify(ending, amount.value, payment, events)
      const deadline = captureDeadlineOfPayment(payment, events)
      result.references.push({ ends: ending, reference, currency: input.currency, amounts: aggregateInMinorUnits(payment), events: events.map(eventName), ...(deadline ? { capture_deadline: deadline } : {}) })
      result.items.push(
        found.problems.length
          ? fail(id, TITLE[ending], `Read back from Vipps MobilePay, ${reference} does not end ${ending}: ${found.problems.join("; ")}.`, undefined, [reference])
          : pass(id, TITLE[ending], `${reference}: ${found.summary}`, [reference])
      )
    } catch (error) {
      if (step === "create") result.createError = error
      const where = reference ? `${reference}: the ${step} failed` : `The payment could not be prepared`
      // NOTES §3.6: a 500 from force approve usually means the test user's card expired.
      const hint = step === "force approve" && failureOf(error).status === 500 ? " A 500 here usually means the test user's card has expired, or the user never approved a payment in the test app." : ""
      result.items.push(fail(id, TITLE[ending], `${where}. ${failureOf(error).message}${hint}`, error, reference ? [reference] : undefined))
    }
  }
  return result
}

export function skippedTestPayments(why: string): GoLiveItem[] {
  return ENDINGS.map((ending) => skipped(`payment_${ending.toLowerCase()}`, TITLE[ending], why))
}

const eventName = (e: PaymentEvent) => (e.success ? e.name : `${e.name} (failed)`)

/** What GET payment and the event log must say for a payment of `value` that ended `ending`. */
function verify(ending: Ending, value: number, payment: GetPaymentResponse, events: PaymentEvent[]) {
  const a = aggregateInMinorUnits(payment)
  const want = {
    authorized: value,
    captured: ending === "CANCELLED" ? 0 : value,
    refunded: ending === "REFUNDED" ? value : 0,
    cancelled: ending === "CANCELLED" ? value : 0,
  }
  const problems: string[] = []
  if (payment.state !== "AUTHORIZED") problems.push(`state is ${payment.state}, expected AUTHORIZED`)
  for (const [name, expected] of Object.entries(want) as [keyof typeof want, number][]) {
    if (a[name] !== expected) problems.push(`${name} amount is ${a[name]}, expected ${expected}`)
  }
  const names = events.filter((e) => e.success).map((e) => e.name as string)
  const steps = ["CREATED", "AUTHORIZED", ...(ending === "CANCELLED" ? ["CANCELLED"] : ["CAPTURED"]), ...(ending === "REFUNDED" ? ["REFUNDED"] : [])]
  for (const name of steps) if (!names.includes(name)) problems.push(`the event log has no successful ${name}`)
  const summary = `state AUTHORIZED; authorized ${a.authorized}, captured ${a.captured}, refunded ${a.refunded}, cancelled ${a.cancelled} (minor units); event log ${events.map(eventName).join(" → ")}.`
  return { problems, summary }
}
