import { keepCaptureGuarantee } from "./capture-guarantee"
import { completeCartWorkflow, processPaymentWorkflow } from "@medusajs/medusa/core-flows"
import {
  ContainerRegistrationKeys,
  MedusaError,
  Modules,
  PaymentActions,
} from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { failureCodeFor } from "../providers/vipps/authorization"
import type { GetPaymentResponse } from "../vipps"
import { shopperText, type ShopperCode, type ShopperNotice, type ShopperTextParams, type ShopperVoice } from "../shopper-texts"
import { voiceOfPayment } from "../providers/vipps/shopper-voice"
import { ENDED_WITHOUT_PAYMENT, sessionStatusFor } from "../providers/vipps/status"
import { VIPPS_PAYMENT_LOCK, vippsPaymentLockKey } from "./payment-lock"
import { resolveVippsProvider } from "../sales-units"
import { fillExpressCart, isExpressSession } from "../express"
import { importVippsChanges } from "./portal-changes"
import { recordPaymentAttempt } from "../modules/vipps/payment-attempts"

/**
 * Brings Medusa in line with what Vipps says about one payment. Webhooks, the reconciliation
 * job and the storefront's return page all come through here, so whichever arrives first wins
 * and the others find nothing left to do. The webhook is only a trigger: the payment is always
 * read from Vipps before anything changes.
 */
export type SyncSource = "webhook" | "job" | "return" | "admin"

export type SyncOutcome =
  | "pending" // the shopper has not decided yet
  | "failed" // aborted, expired or terminated: the shopper can start again
  | "completed" // authorized and the order exists
  | "authorized" // authorized, no cart to complete (e.g. an order's payment collection)
  | "completion_failed" // authorized, but the cart could not become an order: reservation released
  | "retry_later" // something transient (lock held, Vipps unavailable): try again later
  | "unknown" // no Medusa payment session for this reference

export type SyncResult = {
  reference: string
  state?: string
  outcome: SyncOutcome
  order_id?: string
  cart_id?: string
  /** For the shopper, in the payment's language (see `code` to say it in another). */
  message?: string
  /** The message's stable code (src/shopper-texts) and its parameters. */
  code?: ShopperCode
  params?: ShopperTextParams
  /** The payment's currency and language (the shopper's, as the session recorded it). */
  currency?: string
  language?: string
}

// Medusa payment session ids are `payses_<ULID>`; the reference ends with that ULID
// (optionally followed by `-<n>` when the payment was replaced after an amount change).
const SESSION_ULID = /([0-9A-HJKMNP-TV-Z]{26})(?:-\d+)?$/

export function sessionIdFromReference(reference: string): string | undefined {
  const match = SESSION_ULID.exec(reference)
  return match ? `payses_${match[1]}` : undefined
}

export type SessionWithPayment = {
  id: string
  provider_id: string
  status: string
  amount: unknown
  currency_code: string
  payment_collection_id: string
  data: Record<string, unknown>
  payment?: {
    id: string
    data?: Record<string, unknown> | null
    canceled_at?: Date | string | null
    captures?: { raw_amount?: { value: string }; amount?: unknown }[]
    refunds?: { raw_amount?: { value: string }; amount?: unknown }[]
  } | null
}

/** The payment session behind a Vipps reference, or undefined if this store has none. */
export async function findSessionByReference(container: MedusaContainer, reference: string) {
  const sessionId = sessionIdFromReference(reference)
  if (!sessionId) return undefined
  const paymentModule = container.resolve(Modules.PAYMENT)
  const session = (await paymentModule
    .retrievePaymentSession(sessionId, { relations: ["payment", "payment.captures", "payment.refunds"] })
    .catch(() => undefined)) as unknown as SessionWithPayment | undefined
  if (!session || session.data?.reference !== reference) return undefined
  return session
}

export async function syncVippsPayment(
  container: MedusaContainer,
  reference: string,
  source: SyncSource
): Promise<SyncResult> {
  const locking = container.resolve(Modules.LOCKING)
  // One sync per payment at a time: a webhook, the job and a return page may arrive together.
  return locking.execute(`vipps:${reference}`, () => syncUnlocked(container, reference, source), { timeout: 30 })
}

async function syncUnlocked(container: MedusaContainer, reference: string, source: SyncSource): Promise<SyncResult> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const session = await findSessionByReference(container, reference)
  if (!session) return { reference, outcome: "unknown" }
  const provider = resolveVippsProvider(container, session.provider_id)
  if (!provider) return { reference, outcome: "unknown" }

  const payment = await provider.client.epayment.getPayment(reference)
  try {
    return await syncRead(container, session, provider, payment, reference, source)
  } finally {
    // The payments page's row: what Vipps just said, and whatever this sync changed (order, release).
    await recordPaymentAttempt(container, { session_id: session.id, reference }, payment, logger)
  }
}

async function syncRead(
  container: MedusaContainer,
  session: SessionWithPayment,
  provider: NonNullable<ReturnType<typeof resolveVippsProvider>>,
  payment: GetPaymentResponse,
  reference: string,
  source: SyncSource
): Promise<SyncResult> {
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const cartId = await cartIdOf(container, session.payment_collection_id)
  const data = session.data as { currency?: string; language?: string }
  const voice = voiceOfPayment(data, provider.options)
  const base = { reference, state: payment.state, cart_id: cartId, currency: data.currency, language: voice.language }
  const say = (notice: ShopperNotice) => ({ message: shopperText(notice.code, voice, notice.params), ...notice })

  switch (payment.state) {
    case "CREATED":
      return { ...base, outcome: "pending" }
    case "ABORTED":
    case "EXPIRED":
    case "TERMINATED":
      await markSessionFailed(container, session, payment, voice)
      return { ...base, outcome: "failed", ...say({ code: failureCodeFor(payment.state, session.data)! }) }
    case "AUTHORIZED":
      break
  }

  if (!session.payment) {
    if (session.data.completion_error) {
      // Already released because it could not become an order: nothing left to do.
      const code = session.data.completion_error_code as ShopperCode | undefined
      const params = session.data.completion_error_params as ShopperTextParams | undefined
      return { ...base, outcome: "completion_failed", message: String(session.data.completion_error), ...(code ? { code, params } : {}) }
    }
    if (!cartId) {
      // Not a cart checkout (e.g. an order's additional payment): authorize the session only.
      await processPaymentWorkflow(container).run({
        input: { action: PaymentActions.AUTHORIZED, data: { session_id: session.id, amount: session.amount as any } },
      })
      return { ...base, outcome: "authorized", ...say({ code: "vipps_payment_authorized" }) }
    }
    // Express: address, contact and shipping come from the app; the total must be what Vipps authorized.
    const filled = isExpressSession(session) ? await fillExpressCart(container, cartId, session, payment) : { ok: true as const }
    if (!filled.ok) return releaseReservation(container, session, reference, say(filled.notice), base)
    const completion = await completeCart(container, cartId)
    if (completion.orderId) {
      const paidWithThis = (await findSessionByReference(container, reference))?.payment
      if (!paidWithThis) {
        // The cart became an order with another payment (e.g. a second attempt): this one
        // must not stay reserved.
        logger.warn(`Vipps MobilePay ${reference}: the cart's order ${completion.orderId} was paid with another payment.`)
        return releaseReservation(container, session, reference, say({ code: "vipps_order_paid_otherwise" }), base)
      }
      logger.info(`Vipps MobilePay ${reference}: order ${completion.orderId} placed (${source}).`)
      return { ...base, outcome: "completed", order_id: completion.orderId }
    }
    if (completion.transient) {
      return { ...base, outcome: "retry_later", message: completion.error }
    }
    const reason = completion.error ?? "unknown error"
    return releaseReservation(container, session, reference, say({ code: "vipps_order_not_placed", params: { reason } }), base)
  }

  // Same lock as the plugin's fulfilment captures and releases on this payment (see vipps-payment-lock).
  const orderId = cartId ? await orderIdOf(container, cartId) : undefined
  const locking = container.resolve(Modules.LOCKING)
  await locking.execute(
    vippsPaymentLockKey(session.payment.id),
    () => importVippsChanges(container, session, payment, orderId),
    VIPPS_PAYMENT_LOCK
  )
  // After the import (it rewrites the payment's data it read before): Vipps's capture guarantee.
  await keepCaptureGuarantee(container, session.payment.id, payment.captureGuaranteedUntil)
  if (orderId) return { ...base, outcome: "completed", order_id: orderId }
  // Paid, but the order is not there (yet): its own sentence, never "nothing was charged".
  return { ...base, outcome: "authorized", ...say({ code: "vipps_payment_authorized" }) }
}

async function cartIdOf(container: MedusaContainer, paymentCollectionId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({
    entity: "cart_payment_collection",
    fields: ["cart_id"],
    filters: { payment_collection_id: paymentCollectionId },
  })
  return (data[0] as { cart_id?: string } | undefined)?.cart_id
}

async function orderIdOf(container: MedusaContainer, cartId: string) {
  const query = container.resolve(ContainerRegistrationKeys.QUERY)
  const { data } = await query.graph({ entity: "order_cart", fields: ["order_id"], filters: { cart_id: cartId } })
  return (data[0] as { order_id?: string } | undefined)?.order_id
}

/** Completes the cart (Medusa's own workflow: cart lock, idempotent, authorizes the session). */
async function completeCart(container: MedusaContainer, cartId: string) {
  const { result, errors } = await completeCartWorkflow(container).run({ input: { id: cartId }, throwOnError: false })
  const orderId = (result as { id?: string } | undefined)?.id ?? (await orderIdOf(container, cartId))
  if (orderId) return { orderId }
  const error = errors?.[0]?.error as { message?: string; type?: string } | undefined
  // A held cart lock or a conflict means someone else is completing it right now: not final.
  const transient = !error || error.type === MedusaError.Types.CONFLICT || /lock/i.test(error.message ?? "")
  return { error: error?.message, transient }
}

/**
 * The shopper paid but this payment will not become an order (sold out meanwhile, for example).
 * Money must not stay reserved with no order: release it at Vipps, and keep the reason on the
 * payment session where the merchant (and the storefront) can see it.
 */
async function releaseReservation(
  container: MedusaContainer,
  session: SessionWithPayment,
  reference: string,
  notice: ShopperNotice & { message: string },
  base: Omit<SyncResult, "outcome">
): Promise<SyncResult> {
  const { message, code, params } = notice
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const paymentModule = container.resolve(Modules.PAYMENT)
  const provider = resolveVippsProvider(container, session.provider_id)!
  const { data } = await provider.cancelPayment({ data: session.data })
  await paymentModule.updatePaymentSession({
    id: session.id,
    amount: session.amount as any,
    currency_code: session.currency_code,
    data: { ...data, completion_error: message, completion_error_code: code, ...(params ? { completion_error_params: params } : {}) },
    // Like a rejected payment: completing the cart again answers `message` (the provider refuses
    // a released reservation), not Medusa's bare "Payment sessions are required".
    status: ENDED_WITHOUT_PAYMENT,
  })
  logger.warn(`Vipps MobilePay ${reference}: authorized but no order for it; reservation released. ${message}`)
  return { ...base, outcome: "completion_failed", message, code, params }
}

/**
 * ABORTED / EXPIRED / TERMINATED: the session keeps the state and the shopper's sentence; the
 * shopper starts a new payment. Its status stays one Medusa's cart completion still processes
 * (`requires_more`, see providers/vipps/status), so completing the cart answers that sentence.
 */
async function markSessionFailed(container: MedusaContainer, session: SessionWithPayment, payment: GetPaymentResponse, voice: ShopperVoice) {
  const status = sessionStatusFor(payment.state)
  const code = failureCodeFor(payment.state, session.data)!
  if (session.status === status && session.data.state === payment.state) return
  const paymentModule = container.resolve(Modules.PAYMENT)
  await paymentModule.updatePaymentSession({
    id: session.id,
    amount: session.amount as any,
    currency_code: session.currency_code,
    data: { ...session.data, state: payment.state, failure_message: shopperText(code, voice), failure_code: code },
    status,
  })
}
