import { StepResponse, createStep } from "@medusajs/framework/workflows-sdk"
import { releaseRemainder } from "../../../reconciliation"
import type { RemainderRelease } from "../payment-data"

export type ReleaseRemainderInput = { payment_ids: string[]; reason: RemainderRelease["reason"] }

/**
 * Releases what is still reserved at Vipps (Vipps always releases the whole uncaptured
 * remainder) and records it on the payment. Medusa's own order cancel releases a payment only
 * when nothing was captured; a partially captured one would otherwise stay reserved until
 * the capture deadline. While a capture of the payment is in progress the release waits for it
 * (the reconciliation job releases once it went through: reconciliation/release-remainder.ts).
 * Never throws: a failed release is logged and recorded, the order change that triggered it stands.
 */
export const releaseRemainderStep = createStep(
  "vipps-release-remainder",
  async (input: ReleaseRemainderInput, { container }) => {
    const released: { payment_id: string; amount: number }[] = []
    for (const paymentId of input.payment_ids) {
      const { released: amount } = await releaseRemainder(container, paymentId, input.reason)
      if (amount > 0) released.push({ payment_id: paymentId, amount })
    }
    return new StepResponse(released)
  }
)
