import { model } from "@medusajs/framework/utils"

/**
 * A money movement at Vipps (capture, refund, cancel), written *before* Vipps is asked and
 * marked done once Vipps confirmed it. A row still `pending` long after its request could have
 * ended means the process died in between: the reconciliation job then reads Vipps and either
 * finishes the movement with the same idempotency key or rolls back Medusa's record of it, so
 * Medusa's amounts end equal to Vipps's aggregate. Written by the provider (Medusa's own
 * capture/refund/cancel paths) and the capture workflows; see movement-journal.ts.
 */
const VippsMovement = model
  .define("vipps_movement", {
    id: model.id({ prefix: "vmov" }).primaryKey(),
    /** Medusa payment id, when the writer knows it (a deleted session's cancel has none). */
    payment_id: model.text().nullable(),
    /** Merchant serial number of the sales unit (the provider registration is found from the payment). */
    msn: model.text(),
    reference: model.text(),
    kind: model.enum(["capture", "refund", "cancel"]),
    /** Minor units (øre/cents); 0 for a cancel (Vipps releases the whole remainder). */
    amount: model.number(),
    currency: model.text(),
    /** The Idempotency-Key sent to Vipps: finishing the movement later reuses it. */
    idempotency_key: model.text().unique(),
    status: model.enum(["pending", "done", "failed", "rolled_back"]).default("pending"),
    /** Who started it: `vipps:fulfillment:<id>`, `vipps:authorization`, `medusa`, `release:<reason>`. */
    source: model.text(),
    /** Medusa's record of it: the Capture or Refund row id. */
    medusa_record_id: model.text().nullable(),
    attempts: model.number().default(1),
    last_error: model.text().nullable(),
    completed_at: model.dateTime().nullable(),
  })
  .indexes([
    { name: "IDX_vipps_movement_status_updated_at", on: ["status", "updated_at"] },
    { name: "IDX_vipps_movement_reference", on: ["reference"] },
  ])

export default VippsMovement
