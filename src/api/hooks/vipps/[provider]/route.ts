import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { WebhookEventSchema, verifyWebhookSignature } from "../../../../vipps"
import { changesNothing, intakeRegistration, storeWebhookDelivery, wakeWebhookWorker, type IntakeRegistration } from "../../../../webhooks"
import { toProviderId } from "../../../../sales-units"

/**
 * Webhook intake for one provider registration (`/hooks/vipps/vipps` → `pp_vipps_vipps`).
 * Only what must happen before the 200: verify the HMAC signature against the URL registered
 * at Vipps (its host and path, not the request as a proxy may have rewritten it; the
 * registration is cached briefly in the process), answer 401 to anything unverified without
 * changing anything, store and deduplicate the event in one statement, answer 200, then emit
 * `vipps.webhook.received` (not for CREATED, stored as processed: it changes nothing). Under
 * load, the statement and the event are shared with the deliveries arriving meanwhile
 * (webhooks/intake-batch.ts); each answer still waits for its own row.
 * Processing is the subscriber's (in the worker, with the Redis event bus); the stored row is
 * the durable record the reconciliation job falls back on (also when the emit fails).
 */
export const POST = async (req: MedusaRequest, res: MedusaResponse) => {
  const providerId = toProviderId(req.params.provider)
  const rawBody = (req as MedusaRequest & { rawBody?: Buffer }).rawBody
  const verify = (registration: IntakeRegistration | undefined) =>
    registration && rawBody
      ? verifyWebhookSignature({ secret: registration.secret, url: registration.url, headers: req.headers as Record<string, string | string[] | undefined>, rawBody })
      : undefined

  let registration = await intakeRegistration(req.scope, providerId)
  let verification = verify(registration)
  if (verification && !verification.ok && registration?.cached) {
    // The secret may have been replaced meanwhile (by another process): check the stored one.
    registration = await intakeRegistration(req.scope, providerId, { fresh: true })
    verification = verify(registration)
  }
  if (verification && !verification.ok && registration?.previousSecret && (registration.previousUntil ?? 0) > Date.now()) {
    // Just re-registered (webhook health check or Re-register): deliveries signed with the old secret still count.
    const previous = verify({ ...registration, secret: registration.previousSecret })
    if (previous?.ok) verification = previous
  }
  if (!verification) {
    res.status(401).json({ message: "Unknown webhook registration" })
    return
  }
  const logger = req.scope.resolve(ContainerRegistrationKeys.LOGGER)
  if (!verification.ok) {
    logger.warn(`Vipps MobilePay webhook for ${providerId} rejected: ${verification.reason}`)
    res.status(401).json({ message: "Invalid signature" })
    return
  }

  const parsed = WebhookEventSchema.safeParse(parseJson(rawBody!))
  if (!parsed.success) {
    // Signed by Vipps but not an ePayment event we understand: acknowledge, keep nothing.
    logger.warn(`Vipps MobilePay webhook for ${providerId}: unexpected payload ignored.`)
    res.status(200).json({ received: true, ignored: true })
    return
  }
  const event = parsed.data
  // CREATED changes nothing in Medusa (webhooks/confirmation.ts): stored as processed, no event,
  // so no subscriber work competes with the checkout that is still answering the shopper.
  const processed = changesNothing(event.name)
  const stored = await storeWebhookDelivery(req.scope, {
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
    processed,
  })
  // Stored and deduplicated: that is the acknowledgement. The emit only wakes the worker up, so it
  // goes out after the 200 (its Redis round trips, and the caching module's invalidation on every
  // emit, are not Vipps's wait): if it fails, or the process dies first, the row stays `received`
  // and the reconciliation job processes it (a redelivery would be a duplicate and emit nothing).
  res.status(200).json({ received: true, duplicate: stored.duplicate })
  if (stored.id && !processed) void wakeWebhookWorker(req.scope.resolve(Modules.EVENT_BUS), logger, stored.id)
}

function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString("utf8"))
  } catch {
    return undefined
  }
}
