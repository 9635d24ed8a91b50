import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { WebhookEventSchema, verifyWebhookSignature } from "../../../../vipps"
import { VIPPS_MODULE, VippsModuleService } from "../../../../modules/vipps"
import { toProviderId } from "../../../../sales-units"

export const VIPPS_WEBHOOK_RECEIVED = "vipps.webhook.received"

/**
 * Webhook intake for one provider registration (`/hooks/vipps/vipps` → `pp_vipps_vipps`).
 * Verifies the HMAC signature against the URL registered at Vipps (its host and path, not the
 * request as a proxy may have rewritten it), answers 401 to anything unverified without
 * changing anything, stores each event once, answers fast and leaves processing to the
 * `vipps.webhook.received` subscriber.
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  const vipps = req.scope.resolve<VippsModuleService>(VIPPS_MODULE)
  const providerId = toProviderId(req.params.provider)

  const [registration] = await vipps.listVippsWebhookRegistrations({ provider_id: providerId }, { take: 1 })
  const rawBody = (req as MedusaRequest & { rawBody?: Buffer }).rawBody
  if (!registration || !rawBody) {
    res.status(401).json({ message: "Unknown webhook registration" })
    return
  }

  const verification = verifyWebhookSignature({
    secret: registration.secret,
    url: registration.url,
    headers: req.headers as Record<string, string | string[] | undefined>,
    rawBody,
  })
  if (!verification.ok) {
    logger.warn(`Vipps MobilePay webhook for ${providerId} rejected: ${verification.reason}`)
    res.status(401).json({ message: "Invalid signature" })
    return
  }

  const parsed = WebhookEventSchema.safeParse(parseJson(rawBody))
  if (!parsed.success) {
    // Signed by Vipps but not an ePayment event we understand: acknowledge, keep nothing.
    logger.warn(`Vipps MobilePay webhook for ${providerId}: unexpected payload ignored.`)
    res.status(200).json({ received: true, ignored: true })
    return
  }
  const event = parsed.data
  const { event: stored, duplicate } = await vipps.recordWebhookEvent({
    provider_id: providerId,
    reference: event.reference,
    name: event.name,
    psp_reference: event.pspReference,
    msn: event.msn,
    amount: event.amount.value,
    currency: event.amount.currency,
    success: event.success,
    idempotency_key: event.idempotencyKey ?? null,
    occurred_at: new Date(event.timestamp),
    payload: parsed.data as Record<string, unknown>,
  })
  if (!duplicate) {
    await req.scope.resolve(Modules.EVENT_BUS).emit({ name: VIPPS_WEBHOOK_RECEIVED, data: { id: stored.id } })
  }
  res.status(200).json({ received: true, duplicate })
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"))
  } catch {
    return undefined
  }
}
