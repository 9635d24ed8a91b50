// Card payments on the provider side (issue 22, item 5): the `paymentMethod` option and what
// Vipps refuses with it (checked at boot and for admin settings), the create request, what the
// session keeps (payment_method, card_bin), and the missing card permission as a typed error:
// the merchant's sentence in the log, the shopper's catalogue sentence to the storefront.
import { MedusaError } from "@medusajs/framework/utils"
import { startSandbox, type Sandbox } from "../../../sandbox"
import { VippsError } from "../../../vipps"
import { SHOPPER_TEXTS } from "../../../shopper-texts"
import { VippsOptionsError, parseVippsOptions } from "../options"
import { validateSettings } from "../effective-options"
import { createPaymentRequestFor } from "../payment-request"
import { withPayment, type VippsSessionData } from "../session-data"
import { VippsCardPaymentsNotEnabledError, cardPermissionError } from "../card-payments"
import { acceptedAuthorization } from "../authorization"
import { VippsProviderService } from "../service"

const valid = {
  environment: "test",
  merchantSerialNumber: "123456",
  clientId: "client",
  clientSecret: "secret",
  subscriptionKey: "key",
  returnUrl: "https://shop.example/vipps/return?reference={reference}",
}

function problemsOf(options: Record<string, unknown>, providerId?: string): string[] {
  try {
    parseVippsOptions(options, providerId)
  } catch (error) {
    if (error instanceof VippsOptionsError) return error.problems.map((p) => `${p.path}: ${p.message}`)
    throw error
  }
  return []
}

describe('the paymentMethod option ("wallet" | "card")', () => {
  it('defaults to "wallet"; "card" alone is valid (web redirect, no express)', () => {
    expect(parseVippsOptions(valid).paymentMethod).toBe("wallet")
    expect(parseVippsOptions({ ...valid, paymentMethod: "card" })).toMatchObject({ paymentMethod: "card", userFlow: "WEB_REDIRECT", express: { enabled: false } })
    expect(problemsOf({ ...valid, paymentMethod: "cash" })).toEqual(["paymentMethod: must be one of wallet, card"])
  })

  it("a card registration with another user flow or with express stops the boot, naming the provider and what to fix", () => {
    const options = { ...valid, paymentMethod: "card", userFlow: "QR", express: { enabled: true } }
    expect(problemsOf(options)).toEqual([
      'userFlow: must be "WEB_REDIRECT" with paymentMethod "card": Vipps MobilePay takes card payments on its web card form only (remove userFlow or set "WEB_REDIRECT")',
      'express.enabled: must be false with paymentMethod "card": Express checkout happens in the Vipps MobilePay app (enable it on the wallet registration instead)',
    ])
    expect(() => parseVippsOptions(options, "pp_vipps_vipps-card")).toThrow(/provider pp_vipps_vipps-card has invalid options \(medusa-config: Payment Module → providers → the entry with id "vipps-card"\)/)
    expect(problemsOf({ ...valid, paymentMethod: "card", userFlow: "WEB_REDIRECT" })).toEqual([])
    // A wallet registration may use any flow and express.
    expect(problemsOf({ ...valid, userFlow: "QR", express: { enabled: true } })).toEqual([])
  })

  it("a shop admin cannot switch a card registration to another user flow or to express on the settings page", () => {
    const defaults = parseVippsOptions({ ...valid, paymentMethod: "card" })
    expect(validateSettings(defaults, { userFlow: "PUSH_MESSAGE" }).problems.map((p) => p.path)).toEqual(["userFlow"])
    expect(validateSettings(defaults, { "express.enabled": true }).problems.map((p) => p.path)).toEqual(["express.enabled"])
    expect(validateSettings(defaults, { capture: "shipment" }).options?.capture).toBe("shipment")
  })
})

describe("a card payment's create request and session data", () => {
  it('paymentMethod "card" creates paymentMethod.type CARD with WEB_REDIRECT and the return URL; "wallet" creates WALLET', () => {
    const card = createPaymentRequestFor(parseVippsOptions({ ...valid, paymentMethod: "card" }), "payses_01CARD", { value: 49900, currency: "NOK" }, () => "4791234567").body
    expect(card).toMatchObject({ paymentMethod: { type: "CARD" }, userFlow: "WEB_REDIRECT", amount: { value: 49900, currency: "NOK" } })
    expect(card.returnUrl).toMatch(/^https:\/\/shop\.example\/vipps\/return\?reference=/)
    expect(card.customer).toBeUndefined()
    expect(createPaymentRequestFor(parseVippsOptions(valid), "payses_01WALLET", { value: 100, currency: "NOK" }, () => undefined).body.paymentMethod).toEqual({ type: "WALLET" })
  })

  it("withPayment keeps payment_method and card_bin from GET, and keeps them when an answer has none (capture, refund)", () => {
    const session = { session_id: "payses_1", reference: "r-1", state: "CREATED", amount: 100, currency: "NOK", payment_method: "CARD" } as VippsSessionData
    const read = withPayment(session, { state: "AUTHORIZED", paymentMethod: { type: "CARD", cardBin: "492500" } })
    expect([read.payment_method, read.card_bin]).toEqual(["CARD", "492500"])
    const captured = withPayment(read, { state: "AUTHORIZED", aggregate: { capturedAmount: { value: 100 } } })
    expect([captured.payment_method, captured.card_bin]).toEqual(["CARD", "492500"])
    const wallet = withPayment({ ...session, payment_method: undefined }, { state: "AUTHORIZED", paymentMethod: { type: "WALLET" } })
    expect([wallet.payment_method, wallet.card_bin]).toEqual(["WALLET", undefined])
  })

  it("a card payment that ended ABORTED (declined, 3-D Secure failed) is refused with the card sentence, a wallet one with the app's", () => {
    const session = { session_id: "payses_1", reference: "r-1", state: "CREATED", amount: 100, currency: "NOK", payment_method: "CARD" } as VippsSessionData
    const aborted = { state: "ABORTED", aggregate: {}, amount: { value: 100, currency: "NOK" } } as never
    const voice = { language: "nb", brand: "vipps" } as const
    expect(() => acceptedAuthorization(session, aborted, voice)).toThrow(SHOPPER_TEXTS.nb.vipps_card_aborted)
    expect(() => acceptedAuthorization({ ...session, payment_method: "WALLET" }, aborted, voice)).toThrow("Betalingen ble avbrutt i Vipps.")
  })
})

describe("a sales unit without card permission", () => {
  it("5070 on a CARD create becomes VippsCardPaymentsNotEnabledError: the merchant's sentence, Vipps's status, code and trace id; other codes are not", () => {
    const vipps = new VippsError({ kind: "http", status: 403, code: "5070", traceId: "00-abc-01", operation: "createPayment" })
    const card = cardPermissionError(vipps, { providerId: "pp_vipps_vipps-card", msn: "100001" })!
    expect(card).toBeInstanceOf(VippsCardPaymentsNotEnabledError)
    expect(card).toBeInstanceOf(VippsError)
    expect([card.status, card.code, card.traceId, card.retryable, card.shopperCode]).toEqual([403, "5070", "00-abc-01", false, "vipps_card_unavailable"])
    expect(card.merchantMessage).toBe(
      "Card payments are not enabled for the Vipps MobilePay sales unit 100001 (provider pp_vipps_vipps-card). " +
        "Ask Vipps MobilePay to enable card payments (freestanding card payments) for the sales unit with MSN 100001 " +
        "(portal.vippsmobilepay.com or your Vipps MobilePay contact); until then, remove the card provider from the region's payment providers."
    )
    expect(card.message).toMatch(/\(Vipps 403 5070, trace 00-abc-01\)$/)
    expect(cardPermissionError(new VippsError({ kind: "http", status: 400, code: "5040" }), { msn: "1" })).toBeUndefined()
    expect(cardPermissionError(new Error("boom"), { msn: "1" })).toBeUndefined()
  })

  describe("the provider against the sandbox", () => {
    let sandbox: Sandbox
    beforeAll(async () => {
      sandbox = await startSandbox({ rateLimits: false })
    })
    afterAll(async () => {
      await sandbox?.close()
    })

    const provider = (logged: string[]) => {
      const log = (m: string) => logged.push(m)
      const logger = { error: log, warn: log, info: () => {}, debug: () => {} }
      const options = {
        ...valid,
        environment: sandbox.url,
        merchantSerialNumber: "100001",
        clientId: "sandbox-nok-client",
        clientSecret: "sandbox-nok-secret",
        subscriptionKey: "sandbox-nok-key",
        paymentMethod: "card",
        maxRetries: 0,
      }
      return new VippsProviderService({ logger } as never, options)
    }

    it("creates a CARD payment and keeps payment_method CARD in the session", async () => {
      const result = await provider([]).initiatePayment({ amount: 499, currency_code: "nok", data: { session_id: "payses_01CARDOK" } } as never)
      expect(result.data).toMatchObject({ payment_method: "CARD", user_flow: "WEB_REDIRECT", amount: 49900 })
      const res = await fetch(`${sandbox.url}/_sandbox/payments/${(result.data as VippsSessionData).reference}`)
      expect((await res.json()).paymentMethod).toEqual({ type: "CARD" })
    })

    it("permission off: the storefront gets the shopper's sentence in the session's language, the log the merchant's sentence once", async () => {
      await fetch(`${sandbox.url}/_sandbox/merchants/100001/card-payments`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ allowed: false }) })
      const logged: string[] = []
      const error = await provider(logged)
        .initiatePayment({ amount: 499, currency_code: "nok", data: { session_id: "payses_01CARDOFF", language: "da" } } as never)
        .catch((e) => e)
      expect(error).toBeInstanceOf(MedusaError)
      expect(error.type).toBe(MedusaError.Types.NOT_ALLOWED)
      expect(error.message).toBe(SHOPPER_TEXTS.da.vipps_card_unavailable)
      expect(error.vipps).toBeInstanceOf(VippsCardPaymentsNotEnabledError)
      expect(logged.filter((line) => line.includes("Ask Vipps MobilePay to enable card payments"))).toHaveLength(1)
    })
  })
})
