import type { MedusaContainer } from "@medusajs/framework/types"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { fromMinorUnits, toMinorUnits } from "../vipps"
import type { GetPaymentResponse, PaymentEvent } from "../vipps"
import { MovementJournal, VIPPS_MODULE, VippsModuleService } from "../modules/vipps"
import { aggregateInMinorUnits, readSessionData, withCaptureGuarantee } from "../providers/vipps/session-data"
import type { VippsSessionData } from "../providers/vipps/session-data"
import type { VippsCaptureData } from "../workflows/vipps-capture/payment-data"
import { vippsErrorOf } from "../workflows/vipps-capture/vipps-errors"
import { EventLogRow, StoredWebhookEvent, deadlineWarning, mergeEventLog } from "./event-log"
import { VIPPS_PROVIDER_PREFIX, resolveVippsProvider } from "../sales-units"
import { providerName } from "./provider-name"
import { ExpressView, expressViewOf } from "./express-view"

/**
 * What the admin's Vipps card shows for one Medusa payment. Amounts come from Vipps itself
 * (its `aggregate` is the truth about money); when Vipps cannot be reached the card still
 * shows what the store last stored, with the reason in `error`.
 */
export type Minor = { authorized: number; captured: number; refunded: number; cancelled: number }

export type AdminError = { message: string; code?: string; status?: number; trace_id?: string }

export type VippsPaymentView = {
  payment_id: string
  provider_id: string
  /** "Vipps MobilePay (NOK)": what the admin shows instead of the provider id. */
  provider_name: string
  reference: string
  psp_reference: string | null
  /** Vipps's payment state: CREATED, AUTHORIZED, ABORTED, EXPIRED, TERMINATED. */
  state: string
  /** What the customer paid with: WALLET (the app) or CARD (Vipps MobilePay's card form, no app). */
  payment_method: string | null
  /** The card's first six digits (BIN), when Vipps gives it. */
  card_bin: string | null
  /**
   * What the badge shows: authorized, partially_captured, captured, partially_refunded, refunded,
   * released, … and capture_in_progress / refund_in_progress / release_in_progress while a
   * movement is started but not confirmed by Vipps (then the amounts are not final).
   */
  status: string
  /** Movements started and not yet confirmed by Vipps (major units). */
  in_progress: { kind: "capture" | "refund" | "cancel"; amount: string; since: string; source: string; last_error: string | null }[]
  currency: string
  /** Major units as decimal strings ("40.00"). */
  amounts: { authorized: string; captured: string; refunded: string; cancelled: string }
  /** What the actions may move now (major units). */
  available: { capture: string; refund: string; release: string }
  /** Medusa's own capture/refund rows, to spot a difference with Vipps (refresh fixes it). */
  medusa: { captured: string; refunded: string; canceled: boolean }
  authorized_at: string | null
  /** The earlier of the market's capture period and Vipps's captureGuaranteedUntil. */
  capture_deadline: string | null
  /** The market's capture period (Norway 180 days, Denmark/Finland 14 days after authorization). */
  capture_period_ends: string | null
  /** Vipps's captureGuaranteedUntil, when Vipps gave one. */
  capture_guaranteed_until: string | null
  /** "soon" from captureDeadlineWarningDays (default 3) before the deadline while money is uncaptured, "passed" after it. */
  deadline_warning: "passed" | "soon" | null
  /** Where the amounts come from: live from Vipps, or the store's last copy. */
  amounts_source: "vipps" | "stored"
  events: EventLogRow[]
  capture_failures: NonNullable<VippsCaptureData["capture_failures"]>
  remainder_released: NonNullable<VippsCaptureData["remainder_released"]>
  release_failures: NonNullable<VippsCaptureData["release_failures"]>
  completion_error: string | null
  failure_message: string | null
  /** Set for express payments: shipping chosen in the app and the shared profile (phone and email masked). */
  express: ExpressView | null
  error?: AdminError
}

type MedusaPayment = {
  id: string
  provider_id: string
  currency_code: string
  canceled_at?: Date | string | null
  data?: Record<string, unknown> | null
  captures?: { raw_amount?: { value: string }; amount?: unknown }[]
  refunds?: { raw_amount?: { value: string }; amount?: unknown }[]
}

/** The Medusa payment behind `paymentId`, if it is a Vipps payment (404 otherwise). */
export async function loadVippsPayment(container: MedusaContainer, paymentId: string) {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const payment = (await paymentModule
    .retrievePayment(paymentId, { relations: ["captures", "refunds"] })
    .catch(() => undefined)) as unknown as MedusaPayment | undefined
  const session = payment && readSessionData(payment.data ?? undefined, { optional: true })
  const provider = payment?.provider_id.startsWith(VIPPS_PROVIDER_PREFIX) && resolveVippsProvider(container, payment.provider_id)
  if (!payment || !session || !provider) {
    throw new MedusaError(MedusaError.Types.NOT_FOUND, `No Vipps MobilePay payment with id ${paymentId}.`)
  }
  return { payment, session, provider }
}

/** A readable error for the card or an API answer: Vipps's merchant message, code and trace id. */
export function adminErrorOf(error: unknown): AdminError {
  const vipps = vippsErrorOf(error)
  if (vipps) return { message: vipps.merchantMessage, code: vipps.code, status: vipps.status, trace_id: vipps.traceId }
  return { message: error instanceof Error ? error.message : String(error) }
}

function sum(rows: MedusaPayment["captures"], currency: string) {
  return (rows ?? []).reduce((total, row) => total + toMinorUnits((row.raw_amount ?? { value: String(row.amount) }) as never, currency), 0)
}

/** The badge: one word for where the money stands. */
export function statusOf(state: string, a: Minor): string {
  if (state !== "AUTHORIZED") return state === "CREATED" ? "pending" : state.toLowerCase()
  if (a.refunded > 0) return a.refunded >= a.captured ? "refunded" : "partially_refunded"
  if (a.captured > 0) return a.captured + a.cancelled >= a.authorized ? "captured" : "partially_captured"
  if (a.cancelled > 0 && a.cancelled >= a.authorized) return "released"
  return "authorized"
}

/** The badge while a movement waits for Vipps's answer (or for the job to repair it). */
export function inProgressStatus(kind: "capture" | "refund" | "cancel"): string {
  return kind === "cancel" ? "release_in_progress" : `${kind}_in_progress`
}

/** Capturable, refundable and releasable amounts in minor units. */
export function availableOf(state: string, a: Minor) {
  const open = state === "AUTHORIZED"
  const rest = Math.max(0, a.authorized - a.captured - a.cancelled)
  return { capture: open ? rest : 0, refund: Math.max(0, a.captured - a.refunded), release: open ? rest : 0 }
}

export async function buildPaymentView(container: MedusaContainer, paymentId: string): Promise<VippsPaymentView> {
  const { payment, session, provider } = await loadVippsPayment(container, paymentId)
  const vippsModule = container.resolve<VippsModuleService>(VIPPS_MODULE)
  const currency = session.currency

  let live: GetPaymentResponse | undefined
  let vippsEvents: PaymentEvent[] = []
  let error: AdminError | undefined
  try {
    // Both reads are harmless; together they are everything Vipps knows about the payment.
    ;[live, vippsEvents] = await Promise.all([
      provider.client.epayment.getPayment(session.reference),
      provider.client.epayment.getPaymentEvents(session.reference),
    ])
  } catch (cause) {
    error = adminErrorOf(cause)
  }
  const webhooks = (await vippsModule.listVippsWebhookEvents(
    { reference: session.reference },
    { order: { occurred_at: "ASC" } }
  )) as unknown as StoredWebhookEvent[]

  const pending = ((await MovementJournal.fromContainer(container)?.forReference(session.reference)) ?? []).filter((m) => m.status === "pending")

  const minor: Minor = live ? aggregateInMinorUnits(live) : { authorized: 0, captured: 0, refunded: 0, cancelled: 0, ...session.aggregate }
  const state = live?.state ?? session.state
  const available = availableOf(state, minor)
  const major = (value: number) => fromMinorUnits(value, currency)
  const data = (payment.data ?? {}) as VippsSessionData & VippsCaptureData & { completion_error?: string; failure_message?: string }
  // Vipps's live captureGuaranteedUntil counts even before the store stored it.
  const deadline = withCaptureGuarantee(session, live?.captureGuaranteedUntil)

  return {
    payment_id: payment.id,
    provider_id: payment.provider_id,
    provider_name: providerName(payment.provider_id, [currency]),
    reference: session.reference,
    psp_reference: live?.pspReference ?? session.psp_reference ?? null,
    state,
    payment_method: live?.paymentMethod?.type ?? session.payment_method ?? null,
    card_bin: live?.paymentMethod?.cardBin ?? session.card_bin ?? null,
    status: pending.length ? inProgressStatus(pending[0].kind) : statusOf(state, minor),
    in_progress: pending.map((m) => ({
      kind: m.kind,
      amount: major(m.amount),
      since: new Date(m.created_at).toISOString(),
      source: m.source,
      last_error: m.last_error,
    })),
    currency,
    amounts: { authorized: major(minor.authorized), captured: major(minor.captured), refunded: major(minor.refunded), cancelled: major(minor.cancelled) },
    available: { capture: major(available.capture), refund: major(available.refund), release: major(available.release) },
    medusa: { captured: major(sum(payment.captures, currency)), refunded: major(sum(payment.refunds, currency)), canceled: !!payment.canceled_at },
    authorized_at: session.authorized_at ?? null,
    capture_deadline: deadline.capture_deadline ?? null,
    capture_period_ends: deadline.capture_period_ends ?? null,
    capture_guaranteed_until: deadline.capture_guaranteed_until ?? null,
    deadline_warning: deadlineWarning(deadline.capture_deadline, available.capture, new Date(), provider.options.captureDeadlineWarningDays),
    amounts_source: live ? "vipps" : "stored",
    events: mergeEventLog(vippsEvents, webhooks, currency),
    capture_failures: data.capture_failures ?? [],
    remainder_released: data.remainder_released ?? [],
    release_failures: data.release_failures ?? [],
    completion_error: data.completion_error ?? null,
    failure_message: data.failure_message ?? null,
    express: expressViewOf(data, live),
    ...(error ? { error } : {}),
  }
}
