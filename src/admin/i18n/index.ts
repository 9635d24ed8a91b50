// The admin extension's texts, loaded by Medusa's admin (translations for admin customizations,
// Medusa 2.11.1 and later): the admin build imports the default export of src/admin/i18n/index.ts
// of the app and of every plugin, and the dashboard deep-merges them into its i18next resources
// ({ [language]: { [namespace]: texts } }). The plugin's texts live under their own namespace
// (lib/translate.ts VIPPS_NS), so no key collides with the dashboard's ("translation") or another
// plugin's. A language the dashboard's admin has chosen is used when it is here (the dashboard
// offers fi and sv from 2.21.1; nb and da are ready for when it offers them); otherwise English.
// Every key is in every file (i18n unit test); merchants change or add texts in their own app
// (README "Admin languages").
import da from "./json/da.json" with { type: "json" }
import en from "./json/en.json" with { type: "json" }
import fi from "./json/fi.json" with { type: "json" }
import nb from "./json/nb.json" with { type: "json" }
import sv from "./json/sv.json" with { type: "json" }
import { VIPPS_NS } from "../lib/translate"

export default {
  en: { [VIPPS_NS]: en },
  fi: { [VIPPS_NS]: fi },
  sv: { [VIPPS_NS]: sv },
  nb: { [VIPPS_NS]: nb },
  da: { [VIPPS_NS]: da },
}
