import http from "node:http"
import type { AddressInfo } from "node:net"
import Medusa from "@medusajs/js-sdk"
import { createElement } from "react"
import { renderToStaticMarkup } from "react-dom/server"
import { startVippsExpress, vippsButtonHtml, vippsButtonSpec, type MedusaStoreClient } from ".."
import { VippsButton, VippsExpressButton } from "../react"

/** The plugin's POST /store/vipps/express on 127.0.0.1, answering what the test says; records requests. */
async function expressRoute(answer: { status: number; body: unknown }) {
  const requests: { method: string; url: string; body: any; key?: string }[] = [] // eslint-disable-line @typescript-eslint/no-explicit-any
  const server = http.createServer((req, res) => {
    let raw = ""
    req.on("data", (chunk) => (raw += chunk))
    req.on("end", () => {
      requests.push({ method: req.method!, url: req.url!, body: raw ? JSON.parse(raw) : undefined, key: req.headers["x-publishable-api-key"] as string })
      res.writeHead(req.url === "/store/vipps/express" ? answer.status : 404, { "content-type": "application/json" })
      res.end(JSON.stringify(req.url === "/store/vipps/express" ? answer.body : { message: "Not found" }))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  const sdk: MedusaStoreClient = new Medusa({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, publishableKey: "pk_test" })
  return { sdk, requests, close: () => new Promise((resolve) => server.close(resolve)) }
}

const STARTED = { cart_id: "cart_new", reference: "demo-01EXP", redirect_url: "http://127.0.0.1:4545/landing?token=t", payment_session_id: "payses_9" }

describe("starting an Express checkout through the js-sdk", () => {
  it("from the product page: posts variant, quantity and region, and returns the new cart and the redirect", async () => {
    const route = await expressRoute({ status: 200, body: STARTED })
    try {
      const start = await startVippsExpress(route.sdk, { variantId: "variant_1", quantity: 2, regionId: "reg_no" })
      expect(start).toEqual(STARTED)
      expect(route.requests.map((r) => [r.method, r.url, r.body, r.key])).toEqual([["POST", "/store/vipps/express", { variant_id: "variant_1", quantity: 2, region_id: "reg_no" }, "pk_test"]])
    } finally {
      await route.close()
    }
  })

  it("from the cart: posts the cart id (quantity defaults to 1 for a variant; provider_id when given)", async () => {
    const route = await expressRoute({ status: 200, body: { ...STARTED, cart_id: "cart_7" } })
    try {
      expect((await startVippsExpress(route.sdk, { cartId: "cart_7" })).cart_id).toBe("cart_7")
      await startVippsExpress(route.sdk, { variantId: "variant_2", regionId: "reg_dk" }, { providerId: "pp_vipps_mobilepay" })
      expect(route.requests.map((r) => r.body)).toEqual([{ cart_id: "cart_7" }, { variant_id: "variant_2", quantity: 1, region_id: "reg_dk", provider_id: "pp_vipps_mobilepay" }])
    } finally {
      await route.close()
    }
  })

  it("says what is missing before calling the store", async () => {
    const route = await expressRoute({ status: 200, body: STARTED })
    try {
      await expect(startVippsExpress(route.sdk, { cartId: "" })).rejects.toMatchObject({ code: "invalid_request" })
      await expect(startVippsExpress(route.sdk, { variantId: "v", regionId: "" })).rejects.toMatchObject({ code: "invalid_request" })
      await expect(startVippsExpress(route.sdk, { variantId: "v", regionId: "r", quantity: 0 })).rejects.toMatchObject({
        message: "Express checkout with Vipps could not start. Please try again or use the normal checkout.",
        detail: expect.stringMatching(/at least 1 \(got 0\)/),
      })
      expect(route.requests).toEqual([])
    } finally {
      await route.close()
    }
  })

  it("passes the store's refusal for the shopper on as it is, with its status (e.g. Express not available)", async () => {
    const refusal = "Ekspresskjøp med Vipps er ikke tilgjengelig i denne butikken ennå. Bruk den vanlige kassen."
    const route = await expressRoute({ status: 400, body: { type: "not_allowed", code: "vipps_express_unavailable", message: refusal } })
    try {
      await expect(startVippsExpress(route.sdk, { cartId: "cart_1" }, { language: "nb" })).rejects.toMatchObject({
        code: "request_failed",
        status: 400,
        message: refusal,
        detail: `Vipps MobilePay Express could not start: ${refusal}`,
      })
      expect(route.requests.map((r) => r.body)).toEqual([{ cart_id: "cart_1", language: "nb" }])
    } finally {
      await route.close()
    }
  })

  it("gives the kit's own sentence for a store answer that is not for shoppers (developer detail kept)", async () => {
    const route = await expressRoute({ status: 400, body: { type: "invalid_data", message: "cart_id must be a string." } })
    try {
      await expect(startVippsExpress(route.sdk, { cartId: "cart_1" }, { language: "da", currency: "dkk", now: new Date("2027-01-12T00:00:00+01:00") })).rejects.toMatchObject({
        message: "Hurtigkøb med Vipps kunne ikke starte. Prøv igen, eller brug den almindelige kasse.",
        detail: "Vipps MobilePay Express could not start: cart_id must be a string.",
      })
    } finally {
      await route.close()
    }
  })

  it("refuses an answer without redirect_url instead of navigating nowhere", async () => {
    const route = await expressRoute({ status: 200, body: { cart_id: "cart_1", reference: "x" } })
    try {
      await expect(startVippsExpress(route.sdk, { cartId: "cart_1" })).rejects.toMatchObject({ code: "no_redirect" })
    } finally {
      await route.close()
    }
  })
})

describe("the Express button per market", () => {
  const now = new Date("2026-12-06T12:00:00Z") // before MobilePay becomes Vipps in Denmark and Finland
  it.each([
    ["nok", "Kjøp nå med Vipps", "#FF5B24", "nb"],
    ["dkk", "Køb nu med MobilePay", "#5A78FF", "da"],
    ["eur", "Osta nyt MobilePaylla", "#5A78FF", "fi"],
  ] as const)("%s: %s, white on %s", (currency, text, background, language) => {
    const spec = vippsButtonSpec({ currency, action: "express", now })
    expect(spec).toMatchObject({ action: "express", text, background, color: "#FFFFFF", language })
    expect(spec.className).toContain("vipps-mobilepay-button--express")
    expect(vippsButtonHtml({ currency, action: "express", now }).replace(/<[^>]+>/g, "")).toBe(text)
  })

  it("English captions, and the payment button keeps its own caption", () => {
    expect(vippsButtonSpec({ market: "DK", action: "express", language: "en", now }).text).toBe("Buy now with MobilePay")
    expect(vippsButtonSpec({ market: "NO", action: "express", language: "fi", now }).text).toBe("Osta nyt Vippsillä")
    expect(vippsButtonSpec({ market: "FI", action: "express", now: new Date("2027-01-12T00:00:00+02:00") }).text).toBe("Osta nyt Vippsillä")
    expect(vippsButtonSpec({ market: "NO" })).toMatchObject({ action: "pay", text: "Betal med Vipps" })
    expect(vippsButtonSpec({ market: "NO" }).className).not.toContain("express")
  })

  it("React: VippsExpressButton and VippsButton action=express render the same button", () => {
    const a = renderToStaticMarkup(createElement(VippsExpressButton, { currency: "nok", ...{ "data-testid": "express" } }))
    const b = renderToStaticMarkup(createElement(VippsButton, { currency: "nok", action: "express", ...{ "data-testid": "express" } }))
    expect(a).toBe(b)
    expect(a).toContain('aria-label="Kjøp nå med Vipps"')
    expect(a.replace(/<[^>]+>/g, "")).toBe("Kjøp nå med Vipps")
  })
})
