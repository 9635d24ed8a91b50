import { model } from "@medusajs/framework/utils"

/**
 * A verified Vipps webhook delivery, stored before it is processed. `dedupe_key`
 * (reference + event name + pspReference) is unique: a redelivery is a no-op. The rows are
 * also the store's own timeline of what Vipps reported.
 */
const VippsWebhookEvent = model
  .define("vipps_webhook_event", {
    id: model.id({ prefix: "vwhev" }).primaryKey(),
    provider_id: model.text(),
    dedupe_key: model.text().unique(),
    reference: model.text(),
    name: model.text(),
    psp_reference: model.text(),
    msn: model.text(),
    /** Amount of this operation in minor units (øre/cents). */
    amount: model.number(),
    currency: model.text(),
    success: model.boolean(),
    idempotency_key: model.text().nullable(),
    occurred_at: model.dateTime(),
    status: model.enum(["received", "processed", "failed"]).default("received"),
    attempts: model.number().default(0),
    error: model.text().nullable(),
    processed_at: model.dateTime().nullable(),
    payload: model.json(),
  })
  .indexes([
    { name: "IDX_vipps_webhook_event_reference", on: ["reference"] },
    { name: "IDX_vipps_webhook_event_status", on: ["status"] },
  ])

export default VippsWebhookEvent
