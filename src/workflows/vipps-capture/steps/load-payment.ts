import { Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { readSessionData } from "../../../providers/vipps/session-data"
import { resolveVippsProvider } from "../../../sales-units"
import { roundToMinorUnits, sumInMinorUnits } from "../../../capture"
import type { VippsCaptureData } from "../payment-data"

/** A Vipps payment as the capture steps need it, read fresh (under the payment lock). Minor units. */
export type LoadedPayment = {
  id: string
  provider_id: string
  payment_collection_id: string
  currency: string
  reference: string
  authorized: number
  captured: number
  captured_at: Date | string | null
  canceled: boolean
  data: VippsCaptureData
  capture_sources: (string | null)[]
}

export async function loadVippsPayment(container: MedusaContainer, paymentId: string): Promise<LoadedPayment | undefined> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const payment = (await paymentModule.retrievePayment(paymentId, { relations: ["captures"] })) as any
  const session = readSessionData(payment?.data, { optional: true })
  if (!payment || !session) return undefined
  const captures = (payment.captures ?? []) as any[]
  return {
    id: payment.id,
    provider_id: payment.provider_id,
    payment_collection_id: payment.payment_collection_id,
    currency: session.currency,
    reference: session.reference,
    authorized: roundToMinorUnits(payment.raw_amount ?? payment.amount, session.currency),
    captured: sumInMinorUnits(captures.map((c) => c.raw_amount ?? c.amount), session.currency),
    captured_at: payment.captured_at ?? null,
    canceled: !!payment.canceled_at,
    data: payment.data as VippsCaptureData,
    capture_sources: captures.map((c) => c.created_by ?? null),
  }
}

/**
 * When the provider registration behind this payment captures (if it is a Vipps one), as it
 * applies now: medusa-config's `capture` or what a shop admin set on the settings page.
 */
export async function captureOptionFor(container: MedusaContainer, providerId: string) {
  return (await resolveVippsProvider(container, providerId)?.effectiveOptions())?.capture
}
