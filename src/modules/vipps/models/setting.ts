import { model } from "@medusajs/framework/utils"

/**
 * A setting a shop admin changed on the settings page, for one provider registration
 * (`pp_vipps_<id>`): it overrides the medusa-config option of the same name until it is reset
 * (the row is then deleted). `name` is the option's path (`capture`, `express.enabled`), `value`
 * its JSON value, already validated with the options' rules. Never holds credentials. Read on
 * every checkout and fulfilment through settings-store.ts (no cache: every process sees a
 * change at once).
 */
const VippsSetting = model
  .define("vipps_setting", {
    id: model.id({ prefix: "vset" }).primaryKey(),
    provider_id: model.text(),
    name: model.text(),
    value: model.json(),
    updated_by: model.text().nullable(),
  })
  .indexes([{ name: "IDX_vipps_setting_provider_name", on: ["provider_id", "name"], unique: true }])

export default VippsSetting
