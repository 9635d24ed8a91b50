import { PaymentSessionStatus } from "@medusajs/framework/utils"
import { parseVippsOptions } from "../options"
import { buildReference, buildReturnUrl } from "../reference"
import { sessionStatusFor } from "../status"
import { normalizePhoneNumber } from "../phone"
import { PLUGIN_NAME, PLUGIN_VERSION } from "../../../version"

const valid = {
  environment: "test",
  merchantSerialNumber: "123456",
  clientId: "client",
  clientSecret: "secret",
  subscriptionKey: "key",
  returnUrl: "https://shop.example/vipps/return?reference={reference}",
}

describe("provider options", () => {
  it("applies defaults to valid options", () => {
    const options = parseVippsOptions(valid)
    expect(options.userFlow).toBe("WEB_REDIRECT")
    expect(options.referencePrefix).toBe("medusa")
  })

  it("accepts a sandbox base URL as environment", () => {
    expect(parseVippsOptions({ ...valid, environment: "http://127.0.0.1:4545" }).environment).toBe("http://127.0.0.1:4545")
  })

  it("lists every problem with a hint on what to fix", () => {
    expect(() => parseVippsOptions({ environment: "staging", merchantSerialNumber: "12", userFlow: "EMAIL" })).toThrow(
      /environment: must be "test", "production" or a base URL[\s\S]*merchantSerialNumber: must be the 4–10 digit[\s\S]*clientId: missing: client id[\s\S]*clientSecret[\s\S]*subscriptionKey[\s\S]*returnUrl: missing[\s\S]*userFlow: must be one of WEB_REDIRECT/
    )
  })

  it("requires https return URLs in production", () => {
    expect(() => parseVippsOptions({ ...valid, environment: "production", returnUrl: "http://shop.example/r" })).toThrow(/https/)
  })

  it("rejects a reference prefix Vipps would refuse", () => {
    expect(() => parseVippsOptions({ ...valid, referencePrefix: "my_shop" })).toThrow(/referencePrefix/)
  })
})

describe("reference and return URL", () => {
  it("builds a valid reference of at most 50 characters from the session id", () => {
    const reference = buildReference("acme", "payses_01JDH3Z8F4M6V2X9K7Q1W5R3TB")
    expect(reference).toBe("acme-01JDH3Z8F4M6V2X9K7Q1W5R3TB")
    expect(reference).toMatch(/^[a-zA-Z0-9-]{8,50}$/)
    expect(buildReference("a".repeat(20), `payses_${"X".repeat(40)}`)).toHaveLength(50)
  })

  it("fills {reference} or appends it as a query parameter", () => {
    expect(buildReturnUrl("https://s.example/r?reference={reference}", "acme-1")).toBe("https://s.example/r?reference=acme-1")
    expect(buildReturnUrl("https://s.example/r", "acme-1")).toBe("https://s.example/r?reference=acme-1")
    expect(buildReturnUrl("https://s.example/r?x=1", "acme-1")).toBe("https://s.example/r?x=1&reference=acme-1")
    expect(buildReturnUrl("https://s.example/r/{reference}?t={token}", "acme-1", "tok")).toBe("https://s.example/r/acme-1?t=tok")
    expect(buildReturnUrl("https://s.example/r?reference={reference}", "acme-1", "a/b")).toBe("https://s.example/r?reference=acme-1&token=a%2Fb")
  })
})

describe("state mapping", () => {
  const agg = (authorized: number, captured = 0, refunded = 0, cancelled = 0) => ({ authorized, captured, refunded, cancelled })

  it("maps all five states", () => {
    expect(sessionStatusFor("CREATED")).toBe(PaymentSessionStatus.PENDING)
    expect(sessionStatusFor("AUTHORIZED", agg(100))).toBe(PaymentSessionStatus.AUTHORIZED)
    expect(sessionStatusFor("AUTHORIZED", agg(100, 40))).toBe(PaymentSessionStatus.AUTHORIZED)
    expect(sessionStatusFor("AUTHORIZED", agg(100, 100))).toBe(PaymentSessionStatus.CAPTURED)
    expect(sessionStatusFor("AUTHORIZED", agg(100, 0, 0, 100))).toBe(PaymentSessionStatus.CANCELED)
    // requires_more, not error/canceled: Medusa's cart completion still asks the provider then.
    expect(sessionStatusFor("ABORTED")).toBe(PaymentSessionStatus.REQUIRES_MORE)
    expect(sessionStatusFor("EXPIRED")).toBe(PaymentSessionStatus.REQUIRES_MORE)
    expect(sessionStatusFor("TERMINATED")).toBe(PaymentSessionStatus.REQUIRES_MORE)
  })
})

describe("phone numbers", () => {
  it("normalizes to country code + number, digits only", () => {
    expect(normalizePhoneNumber("+47 912 34 567", "NOK")).toBe("4791234567")
    expect(normalizePhoneNumber("0045 12345678", "DKK")).toBe("4512345678")
    expect(normalizePhoneNumber("91234567", "NOK")).toBe("4791234567")
    expect(normalizePhoneNumber("12345678", "DKK")).toBe("4512345678")
    expect(normalizePhoneNumber("abc", "NOK")).toBeUndefined()
    expect(normalizePhoneNumber(undefined, "NOK")).toBeUndefined()
  })
})

describe("version", () => {
  it("matches package.json (it is sent in Vipps-System-Plugin-Version)", () => {
    const pkg = require("../../../../package.json")
    expect(PLUGIN_NAME).toBe(pkg.name)
    expect(PLUGIN_VERSION).toBe(pkg.version)
  })
})
