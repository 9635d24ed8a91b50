import http from "node:http"
import type { AddressInfo } from "node:net"
import Medusa from "@medusajs/js-sdk"
import type { HttpTypes } from "@medusajs/types"
import { chooseVippsProvider, marketForCurrency, startVippsPayment, VippsStorefrontError, type MedusaStoreClient, type VippsCart } from ".."

// Checked by `npm run typecheck`: a js-sdk store cart is a VippsCart as it is.
export const storeCartFits = (cart: HttpTypes.StoreCart): VippsCart => cart

describe("choosing the Vipps MobilePay provider for a cart's region", () => {
  it("takes the region's one Vipps provider whatever else is enabled", () => {
    expect(chooseVippsProvider(["pp_system_default", "pp_vipps_mobilepay", "pp_stripe_stripe"], "dkk")).toBe("pp_vipps_mobilepay")
  })

  it("refuses a region without a Vipps provider: the shopper reads it in their language, the developer what to enable", () => {
    expect(() => chooseVippsProvider(["pp_system_default"], "nok")).toThrow(
      expect.objectContaining({
        code: "no_provider",
        message: "Vipps kan ikke brukes for denne bestillingen. Velg en annen betalingsmåte.",
        detail: expect.stringMatching(/region has no Vipps MobilePay payment provider. Enable the NOK sales unit's provider/),
      })
    )
  })

  it("asks which one when a region has several, and takes the preferred one per currency", () => {
    const ids = ["pp_vipps_vipps", "pp_vipps_vipps_b2b"]
    expect(() => chooseVippsProvider(ids, "nok")).toThrow(expect.objectContaining({ code: "several_providers" }))
    expect(chooseVippsProvider(ids, "NOK", { nok: "pp_vipps_vipps_b2b" })).toBe("pp_vipps_vipps_b2b")
    expect(chooseVippsProvider(ids, "nok", "pp_vipps_vipps")).toBe("pp_vipps_vipps")
    expect(() => chooseVippsProvider(ids, "nok", "pp_vipps_mobilepay")).toThrow(
      expect.objectContaining({ detail: expect.stringMatching(/pp_vipps_mobilepay is not enabled on the cart's region/) })
    )
  })

  it("maps the currency to the market and refuses the currencies Vipps MobilePay does not take", () => {
    expect([marketForCurrency("nok"), marketForCurrency("DKK"), marketForCurrency("eur")]).toEqual(["NO", "DK", "FI"])
    let error: VippsStorefrontError | undefined
    try {
      chooseVippsProvider(["pp_vipps_vipps"], "sek")
    } catch (e) {
      error = e as VippsStorefrontError
    }
    expect(error).toBeInstanceOf(VippsStorefrontError)
    expect(error).toMatchObject({
      code: "unsupported_currency",
      message: "Vipps is not available for this order. Please choose another payment method.",
      detail: "Vipps MobilePay takes NOK, DKK and EUR; this cart is in SEK.",
    })
  })
})

/** A Store API on 127.0.0.1 with the three routes the kit calls; records every request. */
async function fakeStore(providersByRegion: Record<string, string[]>, sessionData: Record<string, unknown>) {
  const requests: { method: string; url: string; body: any; key?: string }[] = []
  const server = http.createServer((req, res) => {
    let raw = ""
    req.on("data", (chunk) => (raw += chunk))
    req.on("end", () => {
      const body = raw ? JSON.parse(raw) : undefined
      requests.push({ method: req.method!, url: req.url!, body, key: req.headers["x-publishable-api-key"] as string })
      const url = new URL(req.url!, "http://store")
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" })
        res.end(JSON.stringify(value))
      }
      if (url.pathname === "/store/payment-providers") {
        const ids = providersByRegion[url.searchParams.get("region_id") ?? ""] ?? []
        return json(200, { payment_providers: ids.map((id) => ({ id })) })
      }
      if (url.pathname === "/store/payment-collections") return json(200, { payment_collection: { id: "pay_col_new" } })
      const session = url.pathname.match(/^\/store\/payment-collections\/([^/]+)\/payment-sessions$/)
      if (session) {
        if (body.provider_id === "pp_vipps_broken") return json(502, { message: "Vipps MobilePay is not answering." })
        return json(200, {
          payment_collection: {
            id: session[1],
            payment_sessions: [{ id: "payses_1", provider_id: body.provider_id, status: "pending", data: sessionData }],
          },
        })
      }
      json(404, { message: "Not found" })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  // Assigned, not cast: `npm run typecheck` proves a real js-sdk instance fits the kit's type.
  const sdk: MedusaStoreClient = new Medusa({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, publishableKey: "pk_test" })
  return { sdk, requests, close: () => new Promise((resolve) => server.close(resolve)) }
}

describe("starting a Vipps MobilePay payment through the js-sdk", () => {
  const data = { reference: "demo-01ABC", redirect_url: "http://127.0.0.1:4545/landing?token=t" }

  it("creates the payment collection and a session with the region's provider, and returns the redirect", async () => {
    const store = await fakeStore({ reg_dk: ["pp_system_default", "pp_vipps_mobilepay"] }, data)
    try {
      const start = await startVippsPayment(store.sdk, { id: "cart_1", region_id: "reg_dk", currency_code: "dkk" })
      expect(start).toEqual({
        redirect_url: data.redirect_url,
        reference: "demo-01ABC",
        provider_id: "pp_vipps_mobilepay",
        payment_collection_id: "pay_col_new",
        market: "DK",
      })
      expect(store.requests.map((r) => [r.method, r.url, r.body])).toEqual([
        ["GET", "/store/payment-providers?region_id=reg_dk", undefined],
        ["POST", "/store/payment-collections", { cart_id: "cart_1" }],
        // The market's language (DKK → Danish): the plugin writes the payment's texts in it.
        ["POST", "/store/payment-collections/pay_col_new/payment-sessions", { provider_id: "pp_vipps_mobilepay", data: { language: "da" } }],
      ])
      expect(store.requests.every((r) => r.key === "pk_test")).toBe(true)
    } finally {
      await store.close()
    }
  })

  it("reuses the cart's payment collection and passes session data (PUSH_MESSAGE phone number)", async () => {
    const store = await fakeStore({ reg_no: ["pp_vipps_vipps"] }, data)
    try {
      const cart = { id: "cart_2", region_id: "reg_no", currency_code: "nok", payment_collection: { id: "pay_col_old" } }
      await startVippsPayment(store.sdk, cart, { data: { phone_number: "+4791234567" } })
      expect(store.requests.map((r) => [r.method, r.url, r.body])).toEqual([
        ["GET", "/store/payment-providers?region_id=reg_no", undefined],
        ["POST", "/store/payment-collections/pay_col_old/payment-sessions", { provider_id: "pp_vipps_vipps", data: { phone_number: "+4791234567", language: "nb" } }],
      ])
    } finally {
      await store.close()
    }
  })

  it("turns a failed session call into a VippsStorefrontError: the shopper's sentence, the store's message in detail, the status", async () => {
    const store = await fakeStore({ reg_no: ["pp_vipps_broken"] }, data)
    try {
      const failure = startVippsPayment(store.sdk, { id: "cart_3", region_id: "reg_no", currency_code: "nok" }, { language: "en" })
      await expect(failure).rejects.toMatchObject({
        code: "request_failed",
        status: 502,
        message: "Vipps could not start the payment. Please try again or choose another payment method.",
        detail: "Vipps MobilePay could not start the payment: Vipps MobilePay is not answering.",
      })
    } finally {
      await store.close()
    }
  })

  it("asks for the cart's locale, or the language it is told, for the payment's texts", async () => {
    const store = await fakeStore({ reg_dk: ["pp_vipps_mobilepay"] }, data)
    try {
      const cart = { id: "cart_4", region_id: "reg_dk", currency_code: "dkk", payment_collection: { id: "pay_col_4" } }
      await startVippsPayment(store.sdk, { ...cart, locale: "sv-FI" })
      await startVippsPayment(store.sdk, { ...cart, locale: "sv-FI" }, { language: "fi" })
      const sessions = store.requests.filter((r) => r.url.endsWith("/payment-sessions")).map((r) => r.body.data.language)
      expect(sessions).toEqual(["sv", "fi"])
    } finally {
      await store.close()
    }
  })

  it("refuses a session without redirect_url instead of navigating nowhere", async () => {
    const store = await fakeStore({ reg_no: ["pp_vipps_vipps"] }, { reference: "demo-x" })
    try {
      await expect(startVippsPayment(store.sdk, { id: "c", region_id: "reg_no", currency_code: "nok" })).rejects.toMatchObject({
        code: "no_redirect",
      })
    } finally {
      await store.close()
    }
  })
})
