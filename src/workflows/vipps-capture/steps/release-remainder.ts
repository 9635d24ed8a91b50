import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { fromMinorUnits } from "../../../vipps"
import { resolveVippsProvider } from "../../../sales-units"
import { aggregateInMinorUnits, readSessionData } from "../../../providers/vipps/session-data"
import { RemainderRelease, updatePaymentData } from "../payment-data"
import { merchantMessageOf, vippsErrorOf } from "../vipps-errors"

export type ReleaseRemainderInput = { payment_ids: string[]; reason: RemainderRelease["reason"] }

/**
 * Releases what is still reserved at Vipps (Vipps always releases the whole uncaptured
 * remainder) and records it on the payment. Medusa's own order cancel releases a payment only
 * when nothing was captured; a partially captured one would otherwise stay reserved until
 * the capture deadline. Never throws: a failed release is logged and recorded, the order
 * change that triggered it stands.
 */
export const releaseRemainderStep = createStep(
  "vipps-release-remainder",
  async (input: ReleaseRemainderInput, { container }) => {
    const released: { payment_id: string; amount: number }[] = []
    for (const paymentId of input.payment_ids) {
      const amount = await releaseOne(container, paymentId, input.reason)
      if (amount > 0) released.push({ payment_id: paymentId, amount })
    }
    return new StepResponse(released)
  }
)

async function releaseOne(container: MedusaContainer, paymentId: string, reason: RemainderRelease["reason"]): Promise<number> {
  const paymentModule = container.resolve(Modules.PAYMENT)
  const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
  const payment = await paymentModule.retrievePayment(paymentId, { select: ["id", "provider_id", "data"] })
  const session = readSessionData(payment.data as Record<string, unknown>, { optional: true })
  const provider = resolveVippsProvider(container, payment.provider_id)
  if (!session || !provider) return 0

  try {
    const before = aggregateInMinorUnits(await provider.client.epayment.getPayment(session.reference))
    const remainder = before.authorized - before.captured - before.cancelled
    // Nothing captured and nothing left: Medusa's own cancel already released it. Fully captured: refunds are Medusa's.
    if (remainder <= 0) return 0
    const { data } = await provider.cancelPayment({ data: payment.data as Record<string, unknown> })
    const after = (data as any).aggregate ?? before
    const amount = after.cancelled - before.cancelled
    await updatePaymentData(paymentModule, paymentId, (current) => ({
      ...current,
      ...(data as Record<string, unknown>),
      remainder_released: [
        ...(current.remainder_released ?? []),
        { amount, currency: session.currency, reason, at: new Date().toISOString() },
      ],
    }))
    logger.info(`Vipps MobilePay: released ${fromMinorUnits(amount, session.currency)} ${session.currency} still reserved on ${session.reference} (${reason}).`)
    return amount
  } catch (error) {
    const vipps = vippsErrorOf(error)
    const message = merchantMessageOf(error)
    logger.error(`Vipps MobilePay: could not release the remainder of ${session.reference} (${reason}): ${message}`)
    await updatePaymentData(paymentModule, paymentId, (current) => ({
      ...current,
      release_failures: [
        ...(current.release_failures ?? []),
        { reason, message, code: vipps?.code, trace_id: vipps?.traceId, at: new Date().toISOString() },
      ],
    })).catch(() => undefined)
    return 0
  }
}
