import { callbackTokenMatches, parseShippingCallback } from "../callback"
import { expressDetailsOf, maskEmail, maskPhone } from "../profile"
import { toShippingGroups } from "../shipping-options"
import { shopperText } from "../../shopper-texts"
import { parseVippsOptions, VippsOptionsError } from "../../providers/vipps/options"
import { EXPRESS_PROFILE_SCOPE, createPaymentRequestFor, withExpress } from "../../providers/vipps/payment-request"
import { merchantMessageFor } from "../../vipps/errors"

const options = (extra: Record<string, unknown> = {}) =>
  parseVippsOptions({
    environment: "test",
    merchantSerialNumber: "123456",
    clientId: "c",
    clientSecret: "s",
    subscriptionKey: "k",
    returnUrl: "https://shop.example/vipps/return",
    webhookBaseUrl: "https://api.shop.example",
    ...extra,
  })

describe("express: what the app shares becomes the cart's contact and address", () => {
  const payment = {
    userDetails: { firstName: " Kari ", lastName: "Nordmann", email: "Kari.Nordmann@Example.no", mobileNumber: "4791234567" },
    shippingDetails: {
      address: { addressLine1: "Robert Levins gate 5", addressLine2: "Leilighet H0301", city: "Oslo", postCode: "0154", country: "NO" },
      shippingCost: 12375,
      shippingOptionId: "so_1",
      shippingOptionName: "Hjemlevering",
    },
  }

  it("names, email (lower case), phone with +, address with lower-case country; billing = shipping is the caller's", () => {
    expect(expressDetailsOf(payment)).toEqual({
      ok: true,
      email: "kari.nordmann@example.no",
      address: {
        first_name: "Kari",
        last_name: "Nordmann",
        phone: "+4791234567",
        address_1: "Robert Levins gate 5",
        address_2: "Leilighet H0301",
        city: "Oslo",
        postal_code: "0154",
        country_code: "no",
      },
      shippingOptionId: "so_1",
      shippingOptionName: "Hjemlevering",
      shippingCost: 12375,
    })
  })

  it.each([
    ["no userDetails", { ...payment, userDetails: undefined }],
    ["no shippingDetails", { ...payment, shippingDetails: null }],
    ["no email", { ...payment, userDetails: { ...payment.userDetails, email: "" } }],
    ["no postcode", { ...payment, shippingDetails: { ...payment.shippingDetails, address: { ...payment.shippingDetails.address, postCode: undefined } } }],
    ["no shipping cost", { ...payment, shippingDetails: { ...payment.shippingDetails, shippingCost: undefined } }],
  ])("%s: refused with a plain sentence", (_name, incomplete) => {
    const result = expressDetailsOf(incomplete as any)
    expect(result).toEqual({ ok: false, notice: { code: "vipps_express_details_missing" } })
    const said = shopperText("vipps_express_details_missing", { language: "en", brand: "vipps" })
    expect(said).toMatch(/^Vipps did not share the delivery address .* nothing was charged/)
  })

  it("masks email and phone for the admin card", () => {
    expect(maskEmail("kari.nordmann@example.no")).toBe("k***@example.no")
    expect(maskPhone("4791234567")).toBe("+47 ****4567")
    expect(maskPhone("358401234567")).toBe("+358 ****4567")
    expect(maskEmail(undefined)).toBeUndefined()
  })
})

describe("express: the dynamic shipping callback", () => {
  it("token compared exactly (raw header; a Bearer prefix tolerated); missing, wrong, longer or shorter refused", () => {
    const token = "a".repeat(48)
    expect(callbackTokenMatches(token, token)).toBe(true)
    expect(callbackTokenMatches(`Bearer ${token}`, token)).toBe(true)
    expect(callbackTokenMatches(undefined, token)).toBe(false)
    expect(callbackTokenMatches("", token)).toBe(false)
    expect(callbackTokenMatches(token + "a", token)).toBe(false)
    expect(callbackTokenMatches(token.slice(1), token)).toBe(false)
    expect(callbackTokenMatches(token, undefined)).toBe(false)
  })

  it("the spec's DynamicShippingGroupsRequest: reference, AddressLine1, City, PostCode, Country required", () => {
    const body = { reference: "demo-1234567890", AddressLine1: "Storgata 1", AddressLine2: null, City: "Oslo", PostCode: "0155", Country: "NO" }
    expect(parseShippingCallback(body)).toEqual(body)
    for (const field of ["reference", "AddressLine1", "City", "PostCode", "Country"]) {
      expect(parseShippingCallback({ ...body, [field]: undefined })).toBeUndefined()
    }
  })

  it("options become shipping groups: cheapest first and pre-selected, exact minor units in the payment's currency", () => {
    const groups = toShippingGroups(
      [
        { id: "so_free", name: "Standard", amount: 0, type: "HOME_DELIVERY" },
        { id: "so_pickup", name: "Hent", amount: 6125, type: "PICKUP_POINT" },
      ],
      "nok"
    )
    expect(groups).toEqual([
      { type: "HOME_DELIVERY", brand: "OTHER", isDefault: true, priority: 0, options: [{ id: "so_free", name: "Standard", amount: { value: 0, currency: "NOK" }, isDefault: true, priority: 0 }] },
      { type: "PICKUP_POINT", brand: "OTHER", isDefault: false, priority: 1, options: [{ id: "so_pickup", name: "Hent", amount: { value: 6125, currency: "NOK" }, isDefault: false, priority: 0 }] },
    ])
  })
})

describe("express: options and the create request", () => {
  it("off by default; dynamic without webhookBaseUrl stops boot naming the option", () => {
    expect(options().express).toEqual({ enabled: false, shipping: "fixed" })
    expect(() => options({ webhookBaseUrl: undefined, express: { enabled: true, shipping: "dynamic" } })).toThrow(VippsOptionsError)
    try {
      options({ webhookBaseUrl: undefined, express: { enabled: true, shipping: "dynamic" } })
    } catch (error) {
      expect((error as VippsOptionsError).problems).toEqual([{ path: "express.shipping", message: expect.stringContaining("needs webhookBaseUrl") }])
    }
    expect(() => options({ express: { enabled: "yes" } })).toThrow(/express\.enabled: must be true or false/)
    expect(() => options({ express: { enabled: true, shipping: "calculated" } })).toThrow(/express\.shipping: must be one of fixed, dynamic/)
  })

  const request = (opts: ReturnType<typeof options>) =>
    createPaymentRequestFor(opts, "payses_01JABCDEFGHJKMNPQRSTVWXYZ0", { value: 50000, currency: "NOK" }, () => undefined).body

  it("fixed: exact profile scope and the groups passed; the session keeps what was offered", () => {
    const opts = options({ express: { enabled: true, shipping: "fixed" } })
    const body = request(opts)
    const groups = toShippingGroups([{ id: "so_1", name: "Hjem", amount: 12375, type: "HOME_DELIVERY" }], "NOK")
    const kept = withExpress(opts, body, { provider_id: "pp_vipps_vipps", fixed_options: groups })
    expect(body.profile).toEqual({ scope: EXPRESS_PROFILE_SCOPE })
    expect(EXPRESS_PROFILE_SCOPE).toBe("name address email phoneNumber")
    expect(body.shipping).toEqual({ fixedOptions: groups })
    expect(kept).toEqual({ provider_id: "pp_vipps_vipps", base_amount: 50000, shipping: "fixed", options: [{ id: "so_1", name: "Hjem", amount: 12375 }] })
  })

  it("dynamic: the plugin's callback route and a fresh token in the spec's Authorization pattern", () => {
    const opts = options({ webhookBaseUrl: "https://api.shop.example/", express: { enabled: true, shipping: "dynamic" } })
    const first = request(opts)
    const kept = withExpress(opts, first, { provider_id: "pp_vipps_mobilepay" })
    const second = request(opts)
    withExpress(opts, second, { provider_id: "pp_vipps_mobilepay" })
    expect(first.shipping).toEqual({
      dynamicOptions: { callbackUrl: "https://api.shop.example/hooks/vipps/mobilepay/shipping", callbackAuthorizationToken: kept.callback_token },
    })
    expect(kept.callback_token).toMatch(/^[a-zA-Z0-9-]{1,50}$/)
    expect((second.shipping as any).dynamicOptions.callbackAuthorizationToken).not.toBe(kept.callback_token)
  })

  it("refused when express is off for that provider, or no option can serve the cart", () => {
    expect(() => withExpress(options(), request(options()), { provider_id: "pp_vipps_vipps", fixed_options: [] })).toThrow(
      "Express checkout is not enabled for the Vipps MobilePay provider pp_vipps_vipps."
    )
    const on = options({ express: { enabled: true } })
    expect(() => withExpress(on, request(on), { provider_id: "pp_vipps_vipps", fixed_options: [] })).toThrow(/at least one shipping option/)
  })

  it("error 5020 reads as what to ask Vipps for", () => {
    expect(merchantMessageFor({ kind: "http", status: 400, code: "5020" } as any)).toMatch(/^Express checkout is not enabled for this Vipps MobilePay sales unit\. Ask Vipps MobilePay to enable Express/)
  })
})
