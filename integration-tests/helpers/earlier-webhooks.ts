import type { MedusaContainer } from "@medusajs/framework/types"
import type { AxiosInstance } from "axios"
import { EPAYMENT_WEBHOOK_EVENTS } from "../../src/vipps"
import { VIPPS_MODULE } from "../../src/modules/vipps"
import { resolveVippsProvider } from "../../src/sales-units"
import { forgetIntakeRegistration } from "../../src/webhooks"
import { MARKETS, Store, createStore } from "./store"

/**
 * A store whose webhook registration is the one an earlier version of the plugin made: all
 * eight ePayment events, CREATED too, registered at Vipps and stored as that version did
 * (the app runs in this process, so its cached registration is forgotten here). Any other
 * registration for the URL (an earlier test's) is removed at Vipps first.
 */
export async function createStoreWithEarlierWebhooks(api: AxiosInstance, container: MedusaContainer, url = `${api.defaults.baseURL}/hooks/vipps/vipps`): Promise<Store> {
  const store = await createStore(api, container, MARKETS.NOK)
  const provider = resolveVippsProvider(container, "vipps")!
  for (const webhook of await provider.client.webhooks.listWebhooks()) {
    if (webhook.url === url) await provider.client.webhooks.deleteWebhook(webhook.id)
  }
  const created = await provider.client.webhooks.registerWebhook(url, EPAYMENT_WEBHOOK_EVENTS)
  const vipps = container.resolve(VIPPS_MODULE) as any
  const row = { vipps_webhook_id: created.id, url, secret: created.secret, events: [...EPAYMENT_WEBHOOK_EVENTS] }
  const [stored] = await vipps.listVippsWebhookRegistrations({ provider_id: "pp_vipps_vipps" })
  if (stored) await vipps.updateVippsWebhookRegistrations({ id: stored.id, ...row })
  else await vipps.createVippsWebhookRegistrations({ provider_id: "pp_vipps_vipps", ...row })
  forgetIntakeRegistration("pp_vipps_vipps")
  return store
}
