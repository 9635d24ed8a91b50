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
})

export default VippsWebhookRegistration
