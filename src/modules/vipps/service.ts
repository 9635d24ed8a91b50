import { MedusaService } from "@medusajs/framework/utils"
import VippsWebhookEvent from "./models/webhook-event"
import VippsWebhookRegistration from "./models/webhook-registration"
import VippsMovement from "./models/movement"
import VippsGoLiveReport from "./models/go-live-report"
import VippsSetting from "./models/setting"
import VippsSettingChange from "./models/setting-change"

export type RecordWebhookEventInput = {
  provider_id: string
  reference: string
  name: string
  psp_reference: string
  msn: string
  amount: number
  currency: string
  success: boolean
  idempotency_key?: string | null
  occurred_at: Date
  payload: Record<string, unknown>
}

/**
 * Webhook deliveries, registrations, money movements (movement-journal.ts), go-live reports and
 * the settings shop admins changed with their history (settings-store.ts) the plugin owns.
 */
class VippsModuleService extends MedusaService({ VippsWebhookEvent, VippsWebhookRegistration, VippsMovement, VippsGoLiveReport, VippsSetting, VippsSettingChange }) {
  /**
   * Stores a delivery once. Vipps delivers at least once (retries, overlapping registrations):
   * the same reference + event + pspReference is the same event.
   */
  async recordWebhookEvent(input: RecordWebhookEventInput) {
    const dedupe_key = `${input.reference}:${input.name}:${input.psp_reference}`
    const [existing] = await this.listVippsWebhookEvents({ dedupe_key }, { take: 1 })
    if (existing) return { event: existing, duplicate: true }
    try {
      const event = await this.createVippsWebhookEvents({ ...input, dedupe_key })
      return { event, duplicate: false }
    } catch (error) {
      // Two deliveries raced past the check: the unique key let exactly one in.
      const [winner] = await this.listVippsWebhookEvents({ dedupe_key }, { take: 1 })
      if (winner) return { event: winner, duplicate: true }
      throw error
    }
  }
}

export default VippsModuleService
