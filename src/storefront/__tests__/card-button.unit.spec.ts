// The storefront kit and card payments: the neutral "Pay by card" button (not the app's brand
// colours), telling a card registration from the app's by its provider id, and starting a card
// payment through the js-sdk (a refusal said as the catalogue's card sentence).
import http from "node:http"
import type { AddressInfo } from "node:net"
import Medusa from "@medusajs/js-sdk"
import { createElement } from "react"
import { renderToStaticMarkup } from "react-dom/server"
import {
  chooseVippsProvider,
  isVippsCardProvider,
  startVippsPayment,
  VIPPS_BRAND_COLOURS,
  vippsButtonSpec,
  vippsCardButtonHtml,
  vippsCardButtonSpec,
  vippsPaymentChoices,
  VIPPS_SHOPPER_TEXTS,
  type MedusaStoreClient,
} from ".."
import { VippsCardButton } from "../react"

describe("the card button", () => {
  it.each([
    ["en", undefined, "Pay by card"],
    [undefined, "nok", "Betal med kort"],
    [undefined, "dkk", "Betal med kort"],
    [undefined, "eur", "Maksa kortilla"],
    ["sv", "eur", "Betala med kort"],
  ] as const)("language %s / currency %s: %s, from the shopper-texts catalogue", (language, currency, text) => {
    const spec = vippsCardButtonSpec({ language, currency })
    expect(spec.text).toBe(text)
    expect(VIPPS_SHOPPER_TEXTS[spec.language].button_pay_card).toBe(text)
  })

  it("is neutral: black or white, never Vipps orange or MobilePay blue, no app name; the Vipps button's size and shapes", () => {
    const dark = vippsCardButtonSpec({ currency: "nok" })
    const light = vippsCardButtonSpec({ currency: "dkk", variant: "light", shape: "rectangle" })
    expect([dark.background, dark.color, dark.style.border]).toEqual(["#000000", "#FFFFFF", "0"])
    expect([light.background, light.color, light.style.border, light.style["border-radius"]]).toEqual(["#FFFFFF", "#000000", "1px solid #000000", "8px"])
    for (const spec of [dark, light]) {
      expect([VIPPS_BRAND_COLOURS.vipps, VIPPS_BRAND_COLOURS.mobilepay]).not.toContain(spec.background)
      expect(spec.text).not.toMatch(/Vipps|MobilePay/)
    }
    const vipps = vippsButtonSpec({ market: "NO" }).style
    expect([dark.style["min-height"], dark.style["border-radius"], dark.style.width]).toEqual([vipps["min-height"], vipps["border-radius"], vipps.width])
  })

  it("renders as HTML and React with a decorative generic card icon and the caption as accessible name", () => {
    const html = vippsCardButtonHtml({ language: "nb", type: "submit" })
    expect(html).toMatch(/^<button type="submit" class="vipps-card-button vipps-card-button--dark" lang="nb" data-vipps-method="card" style="[^"]*background:#000000;color:#FFFFFF/)
    expect(html).toContain('<svg aria-hidden="true"')
    expect(html.replace(/<[^>]+>/g, "")).toBe("Betal med kort")
    const react = renderToStaticMarkup(createElement(VippsCardButton, { currency: "eur", onClick: () => {}, "data-testid": "card" } as never))
    expect(react).toMatch(/^<button type="button" lang="fi" data-vipps-method="card" data-testid="card" class="vipps-card-button vipps-card-button--dark"/)
    expect(react).toContain('aria-hidden="true"')
    expect(react.replace(/<[^>]+>/g, "")).toBe("Maksa kortilla")
  })
})

describe("a card registration is told from the app's by its provider id", () => {
  const region = ["pp_system_default", "pp_vipps_vipps", "pp_vipps_vipps-card"]

  it("ids ending in card are card registrations", () => {
    expect(["pp_vipps_vipps-card", "pp_vipps_card", "pp_vipps_mobilepay_card"].every(isVippsCardProvider)).toBe(true)
    expect(["pp_vipps_vipps", "pp_vipps_mobilepay", "pp_vipps_cardiff", "pp_stripe_card"].some(isVippsCardProvider)).toBe(false)
  })

  it("the app's button takes the app's provider and the card button the card provider, in the same region", () => {
    expect(chooseVippsProvider(region, "nok")).toBe("pp_vipps_vipps")
    expect(chooseVippsProvider(region, "nok", undefined, undefined, "card")).toBe("pp_vipps_vipps-card")
    expect(vippsPaymentChoices(region)).toEqual({ wallet: "pp_vipps_vipps", card: "pp_vipps_vipps-card" })
    expect(vippsPaymentChoices(["pp_vipps_vipps"])).toEqual({ wallet: "pp_vipps_vipps" })
    expect(vippsPaymentChoices(["pp_vipps_vipps-card"])).toEqual({ card: "pp_vipps_vipps-card" })
  })

  it("a region without a card provider: the shopper reads the card sentence, the developer what to register", () => {
    expect(() => chooseVippsProvider(["pp_vipps_vipps"], "nok", undefined, undefined, "card")).toThrow(
      expect.objectContaining({
        code: "no_provider",
        message: VIPPS_SHOPPER_TEXTS.nb.vipps_card_unavailable,
        detail: expect.stringMatching(/no Vipps MobilePay card provider \(an id ending in "card", e\.g\. pp_vipps_vipps-card\)/),
      })
    )
  })
})

describe("starting a card payment through the js-sdk", () => {
  /** A Store API with a wallet and a card provider; the card one refused with `cardStatus` when set. */
  async function store(cardStatus?: number) {
    const sessions: unknown[] = []
    const server = http.createServer((req, res) => {
      let raw = ""
      req.on("data", (chunk) => (raw += chunk))
      req.on("end", () => {
        const json = (status: number, value: unknown) => res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(value))
        const url = new URL(req.url!, "http://store")
        if (url.pathname === "/store/payment-providers") return json(200, { payment_providers: [{ id: "pp_vipps_vipps" }, { id: "pp_vipps_vipps-card" }] })
        const body = JSON.parse(raw || "{}")
        sessions.push(body)
        if (cardStatus && body.provider_id === "pp_vipps_vipps-card") return json(cardStatus, { type: "not_allowed", message: "refused" })
        const data = { reference: "demo-01CARD", redirect_url: "http://127.0.0.1:4545/landing?token=t", payment_method: "CARD" }
        json(200, { payment_collection: { id: "pay_col_1", payment_sessions: [{ id: "payses_1", provider_id: body.provider_id, data }] } })
      })
    })
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
    const sdk: MedusaStoreClient = new Medusa({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, publishableKey: "pk_test" })
    return { sdk, sessions, close: () => new Promise((resolve) => server.close(resolve)) }
  }
  const cart = { id: "cart_1", region_id: "reg_no", currency_code: "nok", payment_collection: { id: "pay_col_1" } }

  it('method "card" starts the card provider of the region', async () => {
    const s = await store()
    try {
      const start = await startVippsPayment(s.sdk, cart, { method: "card" })
      expect(start.provider_id).toBe("pp_vipps_vipps-card")
      expect(s.sessions).toEqual([{ provider_id: "pp_vipps_vipps-card", data: { language: "nb" } }])
    } finally {
      await s.close()
    }
  })

  it("a card payment the store refuses (card payments not enabled) reads as the card sentence, in the shopper's language", async () => {
    const s = await store(400)
    try {
      await expect(startVippsPayment(s.sdk, cart, { method: "card", language: "en" })).rejects.toMatchObject({
        code: "request_failed",
        status: 400,
        message: VIPPS_SHOPPER_TEXTS.en.vipps_card_unavailable,
      })
    } finally {
      await s.close()
    }
  })
})
