import { parseVippsOptions } from "../options"
import { EXPRESS_PROFILE_SCOPE, createPaymentRequestFor, withExpress } from "../payment-request"

// The express create request by Vipps's current rules (UPDATES-2026.md): profile.scope includes
// `address` (plus what the order needs), shipping.allowedCountries when the shop ships to several.
const base = {
  environment: "http://127.0.0.1:4545",
  merchantSerialNumber: "100001",
  clientId: "c",
  clientSecret: "s",
  subscriptionKey: "k",
  returnUrl: "http://localhost:8000/return",
  webhookBaseUrl: "http://localhost:9000",
}
const groups = [{ type: "HOME_DELIVERY" as const, brand: "POSTEN", options: [{ id: "so_1", name: "Home", amount: { value: 9900, currency: "NOK" } }] }]
const request = (shipping: "fixed" | "dynamic", input: Parameters<typeof withExpress>[2]) => {
  const options = parseVippsOptions({ ...base, express: { enabled: true, shipping } })
  const { body } = createPaymentRequestFor(options, "payses_01ABC", { value: 10000, currency: "NOK" }, () => undefined)
  withExpress(options, body, input)
  return body
}

describe("express create request", () => {
  it("asks for address plus name, email and phone number (what the order is filled from)", () => {
    const body = request("fixed", { provider_id: "pp_vipps_vipps", fixed_options: groups })
    expect(body.profile).toEqual({ scope: EXPRESS_PROFILE_SCOPE })
    expect(EXPRESS_PROFILE_SCOPE.split(" ")).toEqual(expect.arrayContaining(["address", "name", "email", "phoneNumber"]))
  })

  it("sends allowedCountries (upper case, distinct) when the route gives countries, and nothing otherwise", () => {
    const dynamic = request("dynamic", { provider_id: "pp_vipps_vipps", allowed_countries: ["no", "se", "SE"] })
    expect(dynamic.shipping).toMatchObject({ allowedCountries: ["NO", "SE"], dynamicOptions: { callbackUrl: "http://localhost:9000/hooks/vipps/vipps/shipping" } })
    const fixed = request("fixed", { provider_id: "pp_vipps_vipps", fixed_options: groups })
    expect(fixed.shipping).not.toHaveProperty("allowedCountries")
    expect(request("dynamic", { provider_id: "pp_vipps_vipps", allowed_countries: [] }).shipping).not.toHaveProperty("allowedCountries")
  })
})
