import { model } from "@medusajs/framework/utils"

/**
 * The webhook registration at Vipps for one provider registration (`pp_vipps_<id>`). The
 * secret is returned by Vipps only once, at registration; the intake route reads it from here
 * to verify signatures. It is never logged nor returned by any API.
 */
const VippsWebhookRegistration = model.define("vipps_webhook_registration", {
  id: model.id({ prefix: "vwhreg" }).primaryKey(),
  provider_id: model.text().unique(),
  vipps_webhook_id: model.text(),
  /** The exact public URL registered at Vipps: its host and path are part of the signature. */
  url: model.text(),
  secret: model.text(),
  events: model.array(),
  /** The secret a re-registration replaced: deliveries signed with it are still verified until previous_secret_until. */
  previous_secret: model.text().nullable(),
  previous_secret_until: model.dateTime().nullable(),
  /** The last check of the registration at Vipps (src/webhooks/health.ts): { checked_at, status, message, repaired_at }. */
  health: model.json().nullable(),
})

export default VippsWebhookRegistration
