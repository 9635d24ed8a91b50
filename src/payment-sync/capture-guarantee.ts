import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { readSessionData, withCaptureGuarantee } from "../providers/vipps/session-data"

type Knex = { raw(sql: string, bindings?: unknown[]): Promise<{ rows: any[] }> }

/**
 * Stores Vipps's `captureGuaranteedUntil` (from GET payment or the authorized webhook) on the
 * Medusa payment, and with it the capture deadline (the earlier of it and the market's period).
 * Nothing happens when Vipps gave none or the payment already holds that date. The two keys
 * are merged into the payment's data in one statement, so a concurrent writer of other keys
 * (a capture recording its outcome) neither loses them nor is overwritten.
 */
export async function keepCaptureGuarantee(container: MedusaContainer, paymentId: string | undefined, until: string | null | undefined) {
  if (!paymentId || !until || Number.isNaN(Date.parse(until))) return
  const payment = await container.resolve(Modules.PAYMENT).retrievePayment(paymentId, { select: ["id", "data"] })
  const session = readSessionData((payment.data ?? undefined) as Record<string, unknown> | undefined, { optional: true })
  if (!session || session.capture_guaranteed_until === new Date(until).toISOString()) return
  const { capture_guaranteed_until, capture_deadline } = withCaptureGuarantee(session, until)
  await container.resolve<Knex>(ContainerRegistrationKeys.PG_CONNECTION).raw(
    `update "payment" set "data" = coalesce("data", '{}'::jsonb) || ?::jsonb where "id" = ?`,
    [JSON.stringify({ capture_guaranteed_until, capture_deadline }), paymentId]
  )
}
