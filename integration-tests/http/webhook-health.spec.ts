import axios from "axios"
import { Modules } from "@medusajs/framework/utils"
import { signWebhook } from "../../src/sandbox"
import { VIPPS_MODULE } from "../../src/modules/vipps"
import { reconcileVippsPayments } from "../../src/reconciliation"
import { checkWebhookHealth } from "../../src/webhooks"
import { createCart, createProduct, createStoreWithWebhooks, listOrders, startVippsPayment } from "../helpers/store"
import { eventually, vippsIntegrationSuite } from "../helpers/sandbox"
import { medusaPayment } from "../helpers/fulfillment"

const DAY = 24 * 3600_000

/**
 * Webhook health (issue 22, item 3): Vipps removes a registration that has not answered for two
 * weeks; the hourly check registers again, the settings page says so, and the reconciliation job
 * catches what was missed meanwhile.
 */
vippsIntegrationSuite(({ api, getContainer, sandbox }) => {
  const registrations = async () => (await sandbox().http.get("/_sandbox/requests", { params: { method: "GET", pathContains: "/webhooks/v1/webhooks" } })).data.requests.length
  const stored = async () => {
    const [row] = await getContainer().resolve<any>(VIPPS_MODULE).listVippsWebhookRegistrations({ provider_id: "pp_vipps_vipps" }, { take: 1 })
    return row as { vipps_webhook_id: string; url: string; secret: string; previous_secret: string | null }
  }

  it("a vanished registration repaired: gone after two weeks of failed deliveries, registered again with a new secret, the missed authorization completed by the job, new deliveries processed", async () => {
    const store = await createStoreWithWebhooks(api, getContainer())
    const before = await stored()

    // The shopper pays, while the store does not answer Vipps's deliveries; nobody comes back to the shop.
    const [variantId] = await createProduct(api, store, "Vare", [100])
    const cart = await createCart(api, store, [{ variantId, quantity: 1 }])
    const { session } = await startVippsPayment(api, store, cart.id)
    const reference = session.data.reference as string
    await sandbox().webhookMode("fail")
    await sandbox().act(reference, "approve")
    await eventually(async () => (await sandbox().deliveries()).some((d) => d.reference === reference && d.status === "error"))

    // Two weeks later Vipps has removed the registration.
    await sandbox().advanceClock(15 * DAY)
    await sandbox().webhookMode("deliver")
    const settingsBefore = (await api.get("/admin/vipps/settings", store.admin)).data.providers.find((p: any) => p.id === "pp_vipps_vipps")
    expect(settingsBefore.webhook.status).toBe("missing_at_vipps")

    // The hourly check: a new registration with a new secret.
    const health = await checkWebhookHealth(getContainer())
    expect(health["pp_vipps_vipps"]).toMatchObject({ status: "repaired", message: expect.stringMatching(/^Registered again at .*\/hooks\/vipps\/vipps on .*the registration is gone at Vipps MobilePay/) })
    const after = await stored()
    expect(after.vipps_webhook_id).not.toBe(before.vipps_webhook_id)
    expect(after.secret).not.toBe(before.secret)
    expect(after.previous_secret).toBe(before.secret)
    expect(after.url).toBe(before.url)
    const { data: listed } = await sandbox().http.get("/_sandbox/requests", { params: { method: "POST", pathContains: "/webhooks/v1/webhooks" } })
    expect(listed.requests.length).toBe(2) // the first registration and the repair

    // The settings page says so (server's status field).
    const settings = (await api.get("/admin/vipps/settings", store.admin)).data.providers.find((p: any) => p.id === "pp_vipps_vipps")
    expect(settings.webhook).toMatchObject({ status: "registered", health: { status: "repaired", repaired_at: expect.any(String) } })

    // What Vipps could not deliver meanwhile: the reconciliation job reads the pending session and places the order.
    expect((await listOrders(api, store)).length).toBe(0)
    await reconcileVippsPayments(getContainer())
    const orders = await eventually(async () => {
      const list = await listOrders(api, store)
      return list.length ? list : undefined
    })
    expect(orders).toHaveLength(1)
    const [payment] = await getContainer().resolve(Modules.PAYMENT).listPayments({ payment_session_id: session.id } as any)
    const paymentId = payment.id

    // New deliveries reach the store with the new secret: a capture in the business portal is imported.
    await sandbox().portal(reference, "capture", 4000)
    await eventually(async () => (await sandbox().deliveries()).some((d) => d.reference === reference && d.event.endsWith("captured.v1") && d.status === 200))
    await eventually(async () => ((await medusaPayment(api, store, paymentId)).capturedMinor === 4000 ? true : undefined))

    // A delivery signed with the replaced secret is still verified during the switch; a wrong secret is not.
    const body = JSON.stringify({ msn: "100001", reference, pspReference: "old-secret-1", name: "CAPTURED", amount: { currency: "NOK", value: 4000 }, timestamp: new Date().toISOString(), idempotencyKey: null, success: true })
    const send = (secret: string) => {
      const date = new Date().toUTCString()
      const sig = signWebhook({ secret, url: after.url, date, body })
      return axios.post(after.url, body, {
        headers: { "content-type": "application/json", "x-ms-date": date, "x-ms-content-sha256": sig.contentHash, authorization: sig.authorization },
        validateStatus: () => true,
      })
    }
    expect((await send(before.secret)).status).toBe(200)
    expect((await send("not-the-secret")).status).toBe(401)

    // The next check finds it healthy and changes nothing: one list call for the one registered sales unit.
    const lists = await registrations()
    const again = await checkWebhookHealth(getContainer())
    expect((await registrations()) - lists).toBe(1)
    expect(again["pp_vipps_vipps"].status).toBe("ok")
    expect((await stored()).vipps_webhook_id).toBe(after.vipps_webhook_id)
    await sandbox().resetClock()
  })
})
