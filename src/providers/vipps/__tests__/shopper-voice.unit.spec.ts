// The provider speaks the shopper's language and names the app of the market on that date:
// the payment description sent to Vipps, the authorization refusals cart completion answers.
import { MedusaError } from "@medusajs/framework/utils"
import { acceptedAuthorization } from "../authorization"
import { parseVippsOptions } from "../options"
import { createPaymentRequestFor } from "../payment-request"
import { paymentDescriptionFor, sessionLanguage, voiceOfPayment } from "../shopper-voice"
import { addShopperCodeToCompletion } from "../../../api/shopper-language"

const valid = {
  environment: "test",
  merchantSerialNumber: "123456",
  clientId: "client",
  clientSecret: "secret",
  subscriptionKey: "key",
  returnUrl: "https://shop.example/vipps/return?reference={reference}",
}
const BEFORE = new Date("2027-01-11T22:59:00Z") // still 11 January in Copenhagen
const AFTER = new Date("2027-01-11T23:00:00Z") // 12 January 00:00 in Copenhagen

describe("provider options for languages and brands", () => {
  it("takes paymentDescription as one text or one per language, and brand auto (default), vipps or mobilepay", () => {
    expect(parseVippsOptions({ ...valid, paymentDescription: "Order from Acme" }).paymentDescription).toBe("Order from Acme")
    expect(parseVippsOptions({ ...valid, paymentDescription: { nb: "Ordre fra Acme", da: "Ordre fra Acme", en: "Order from Acme" } }).paymentDescription)
      .toEqual({ nb: "Ordre fra Acme", da: "Ordre fra Acme", en: "Order from Acme" })
    expect(parseVippsOptions(valid).brand).toBe("auto")
    expect(parseVippsOptions({ ...valid, brand: "vipps" }).brand).toBe("vipps")
    expect(() => parseVippsOptions({ ...valid, brand: "mobile" })).toThrow(/brand: must be one of auto, vipps, mobilepay/)
    expect(() => parseVippsOptions({ ...valid, paymentDescription: { de: "Bestellung" } })).toThrow(/paymentDescription/)
    expect(() => parseVippsOptions({ ...valid, paymentDescription: { nb: "ab" } })).toThrow(/paymentDescription/)
  })

  it("describes the payment in the shopper's language: the merchant's text for it, else English, else the catalogue's", () => {
    const nb = { language: "nb", brand: "vipps" } as const
    const sv = { language: "sv", brand: "vipps" } as const
    expect(paymentDescriptionFor("Order from Acme", nb)).toBe("Order from Acme")
    expect(paymentDescriptionFor({ nb: "Ordre fra Acme", en: "Order from Acme" }, nb)).toBe("Ordre fra Acme")
    expect(paymentDescriptionFor({ nb: "Ordre fra Acme", en: "Order from Acme" }, sv)).toBe("Order from Acme")
    expect(paymentDescriptionFor(undefined, nb)).toBe("Kjøp i nettbutikk")
    expect(paymentDescriptionFor(undefined, { language: "fi", brand: "mobilepay" })).toBe("Verkkokauppaostos")
  })

  it("puts it in the create-payment request", () => {
    const options = parseVippsOptions(valid)
    const request = (language: string, currency: string) =>
      createPaymentRequestFor(options, "payses_01JABCDEFGHJKMNPQRSTVWXYZ0", { value: 5000, currency }, () => undefined, voiceOfPayment({ language, currency }, options)).body
    expect(request("da", "DKK").paymentDescription).toBe("Køb i webshop")
    expect(request("en", "NOK").paymentDescription).toBe("Online purchase")
    // Without a voice: the market's language.
    expect(createPaymentRequestFor(options, "payses_01JABCDEFGHJKMNPQRSTVWXYZ0", { value: 5000, currency: "EUR" }, () => undefined).body.paymentDescription).toBe("Verkkokauppaostos")
  })

  it("keeps the storefront's language on the session, else the market's", () => {
    expect(sessionLanguage("sv-FI", "EUR")).toBe("sv")
    expect(sessionLanguage(undefined, "DKK")).toBe("da")
    expect(sessionLanguage("xx", "NOK")).toBe("nb")
  })
})

describe("cart completion refusals in the shopper's language and brand", () => {
  const session = { session_id: "s", reference: "r", state: "CREATED", amount: 10000, currency: "DKK", language: "da" } as const
  const refusal = (payment: object, voice = voiceOfPayment(session, { brand: "auto" }, undefined, BEFORE)) => {
    try {
      acceptedAuthorization(session as any, payment as any, voice)
    } catch (error) {
      return error as MedusaError
    }
    throw new Error("accepted")
  }

  it("ABORTED in Denmark says MobilePay before 12 January 2027 and Vipps from it", () => {
    expect(refusal({ state: "ABORTED" }).message).toBe(
      "Betalingen blev annulleret i MobilePay. Der er ikke trukket penge. Vælg MobilePay igen for at starte en ny betaling."
    )
    expect(refusal({ state: "ABORTED" }, voiceOfPayment(session, { brand: "auto" }, undefined, AFTER)).message).toBe(
      "Betalingen blev annulleret i Vipps. Der er ikke trukket penge. Vælg Vipps igen for at starte en ny betaling."
    )
    expect(refusal({ state: "ABORTED" }, voiceOfPayment(session, { brand: "vipps" }, undefined, BEFORE)).message).toMatch(/annulleret i Vipps/)
    expect(refusal({ state: "ABORTED" }).type).toBe(MedusaError.Types.PAYMENT_AUTHORIZATION_ERROR)
  })

  it("an amount that is not the cart total, and a released reservation, in plain words", () => {
    const amounts = { authorizedAmount: { value: 9000, currency: "DKK" }, capturedAmount: { value: 0, currency: "DKK" }, refundedAmount: { value: 0, currency: "DKK" }, cancelledAmount: { value: 0, currency: "DKK" } }
    expect(refusal({ state: "AUTHORIZED", aggregate: amounts }).message).toBe(
      "Beløbet, du godkendte i MobilePay (90.00 DKK), svarer ikke til ordrens samlede beløb (100.00 DKK), så betalingen blev ikke godkendt. Vælg MobilePay igen for at betale det rigtige beløb."
    )
    const released = { ...amounts, authorizedAmount: { value: 10000, currency: "DKK" }, cancelledAmount: { value: 10000, currency: "DKK" } }
    expect(refusal({ state: "AUTHORIZED", aggregate: released }).message).toMatch(/^Reservationen i MobilePay er frigivet/)
  })

  it("the store route adds the message's stable code beside Medusa's error (type, name, message)", () => {
    const sent: unknown[] = []
    const res = { json: (body: unknown) => sent.push(body) } as any
    const next = jest.fn()
    addShopperCodeToCompletion({} as any, res, next)
    expect(next).toHaveBeenCalled()
    const message = refusal({ state: "EXPIRED" }).message
    res.json({ type: "cart", cart: { id: "cart_1" }, error: { message, name: "Error", type: "payment_authorization_error" } })
    res.json({ type: "cart", cart: { id: "cart_1" }, error: { message: "Some other provider's error", name: "Error", type: "payment_authorization_error" } })
    res.json({ type: "order", order: { id: "order_1" } })
    expect(sent).toEqual([
      { type: "cart", cart: { id: "cart_1" }, error: { message, name: "Error", type: "payment_authorization_error", code: "vipps_payment_expired" } },
      { type: "cart", cart: { id: "cart_1" }, error: { message: "Some other provider's error", name: "Error", type: "payment_authorization_error" } },
      { type: "order", order: { id: "order_1" } },
    ])
  })
})
