import { model } from "@medusajs/framework/utils"

/**
 * The last go-live check of one provider registration (`pp_vipps_<id>`), kept so the settings
 * page shows it and when it ran. `report` is the whole report (src/go-live/types.ts); it holds
 * references and results, never credentials or phone numbers. `evidence` holds the run's request
 * examples for Vipps MobilePay, redacted before they were stored (src/go-live/redact.ts).
 */
const VippsGoLiveReport = model.define("vipps_go_live_report", {
  id: model.id({ prefix: "vglr" }).primaryKey(),
  provider_id: model.text().unique(),
  mode: model.enum(["test", "production"]),
  passed: model.boolean(),
  ran_at: model.dateTime(),
  report: model.json(),
  evidence: model.json().nullable(),
})

export default VippsGoLiveReport
