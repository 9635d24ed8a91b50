import { model } from "@medusajs/framework/utils"

/**
 * The history of the settings page: one row per changed setting (a reset included), who made
 * it (the admin user's id and email) and the effective value before and after. Append-only.
 */
const VippsSettingChange = model
  .define("vipps_setting_change", {
    id: model.id({ prefix: "vsetch" }).primaryKey(),
    provider_id: model.text(),
    name: model.text(),
    /** Effective values (override or medusa-config default) as JSON: `{ "value": … }`, `{}` when none. */
    old_value: model.json(),
    new_value: model.json(),
    /** "set" (an admin value) or "reset" (back to the medusa-config default). */
    action: model.enum(["set", "reset"]),
    actor_id: model.text().nullable(),
    actor_email: model.text().nullable(),
  })
  .indexes([{ name: "IDX_vipps_setting_change_provider_created", on: ["provider_id", "created_at"] }])

export default VippsSettingChange
