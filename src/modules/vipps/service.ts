import { MedusaService } from "@medusajs/framework/utils"
import VippsWebhookEvent from "./models/webhook-event"
import VippsWebhookRegistration from "./models/webhook-registration"
import VippsMovement from "./models/movement"
import VippsGoLiveReport from "./models/go-live-report"
import VippsSetting from "./models/setting"
import VippsSettingChange from "./models/setting-change"

/**
 * Webhook deliveries, registrations, money movements (movement-journal.ts), go-live reports and
 * the settings shop admins changed with their history (settings-store.ts) the plugin owns. The
 * intake stores and deduplicates a delivery in one statement through the shared PostgreSQL
 * connection (webhook-inbox.ts).
 */
class VippsModuleService extends MedusaService({ VippsWebhookEvent, VippsWebhookRegistration, VippsMovement, VippsGoLiveReport, VippsSetting, VippsSettingChange }) {}

export default VippsModuleService
