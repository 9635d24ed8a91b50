import { configManager } from "@medusajs/framework/config"
import { VippsOptionsError, parseVippsOptions } from "../options"
import { providerIdForOptions } from "../registration-id"
import { BOOT_STOPPED_MESSAGE, validateOptionsAtBoot } from "../validate-at-boot"

const valid = {
  environment: "test",
  merchantSerialNumber: "123456",
  clientId: "client",
  clientSecret: "secret",
  subscriptionKey: "key",
  returnUrl: "https://shop.example/vipps/return?reference={reference}",
  webhookBaseUrl: "https://api.shop.example",
}
const SANDBOX = "http://127.0.0.1:4545"

function problemsOf(options: Record<string, unknown>): string[] {
  try {
    parseVippsOptions(options)
  } catch (error) {
    if (error instanceof VippsOptionsError) return error.problems.map((p) => `${p.path}: ${p.message}`)
    throw error
  }
  return []
}

describe("URLs Vipps MobilePay refuses are refused at boot", () => {
  it.each(["test", "production", "https://apitest.vipps.no", "https://api.vipps.no/"])(
    "environment %s: http:// returnUrl and webhookBaseUrl are refused, loopback included",
    (environment) => {
      const env = environment.includes("apitest") ? "test" : environment.includes("api.vipps") ? "production" : environment
      expect(problemsOf({ ...valid, environment, returnUrl: "http://shop.example/r", webhookBaseUrl: "http://api.shop.example" })).toEqual([
        `returnUrl: must use https:// when environment is "${env}": Vipps MobilePay returns shoppers only to https:// pages or to your app's own scheme such as myapp:// (NATIVE_REDIRECT)`,
        `webhookBaseUrl: must use https:// when environment is "${env}": Vipps MobilePay delivers webhooks only to public https:// URLs, e.g. https://api.shop.example`,
      ])
      expect(problemsOf({ ...valid, environment, returnUrl: "http://localhost:8000/r", webhookBaseUrl: "http://127.0.0.1:9000" })).toEqual([
        expect.stringMatching(/^returnUrl: must use https:\/\/ .*; http:\/\/localhost works only while environment is the local sandbox's URL$/),
        expect.stringMatching(/^webhookBaseUrl: must use https:\/\/ .*; http:\/\/127\.0\.0\.1 works only while environment is the local sandbox's URL$/),
      ])
    }
  )

  it("environment test: webhooks need a public host on port 443, 80 or 8080", () => {
    expect(problemsOf({ ...valid, webhookBaseUrl: "https://localhost" })).toEqual([
      'webhookBaseUrl: must be this server\'s public https:// address when environment is "test": Vipps MobilePay cannot deliver webhooks to localhost',
    ])
    expect(problemsOf({ ...valid, webhookBaseUrl: "https://api.shop.example:9000" })).toEqual([
      'webhookBaseUrl: must use port 443, 80 or 8080 when environment is "test": Vipps MobilePay delivers webhooks only to these, got port 9000',
    ])
    for (const ok of ["https://api.shop.example", "https://api.shop.example:443/medusa", "https://api.shop.example:8080"]) {
      expect(problemsOf({ ...valid, webhookBaseUrl: ok })).toEqual([])
    }
  })

  it("accepts https:// and an app's own scheme as returnUrl in test and production", () => {
    for (const environment of ["test", "production"]) {
      expect(problemsOf({ ...valid, environment })).toEqual([])
      expect(problemsOf({ ...valid, environment, userFlow: "NATIVE_REDIRECT", returnUrl: "myapp://vipps/return?reference={reference}" })).toEqual([])
    }
  })

  it("sandbox environment: loopback http:// (localhost, 127.0.0.1, ::1) is accepted, any other http:// host is not", () => {
    for (const host of ["localhost:8000", "127.0.0.1:9000", "127.0.0.2:9000", "[::1]:9000"]) {
      expect(problemsOf({ ...valid, environment: SANDBOX, returnUrl: `http://${host}/r`, webhookBaseUrl: `http://${host}` })).toEqual([])
    }
    expect(problemsOf({ ...valid, environment: SANDBOX, returnUrl: "http://192.168.1.20:8000/r", webhookBaseUrl: "http://shop.local:9000" })).toEqual([
      "returnUrl: must use https://: Vipps MobilePay returns shoppers only to https:// pages or to your app's own scheme such as myapp:// (NATIVE_REDIRECT); with the sandbox, http:// is accepted only for localhost, 127.0.0.1 or ::1",
      "webhookBaseUrl: must use https://: Vipps MobilePay delivers webhooks only to public https:// URLs, e.g. https://api.shop.example; with the sandbox, http:// is accepted only for localhost, 127.0.0.1 or ::1",
    ])
    // The sandbox may run on any port and host name over https.
    expect(problemsOf({ ...valid, environment: SANDBOX, webhookBaseUrl: "https://localhost:9443" })).toEqual([])
  })

  it("refuses return URL schemes that are neither https nor an app's own", () => {
    expect(problemsOf({ ...valid, returnUrl: "ftp://shop.example/r" })).toEqual(["returnUrl: must use https:// or your app's own scheme such as myapp://, not ftp://"])
  })

  it("reports URL problems together with the other problems, one line each", () => {
    expect(problemsOf({ ...valid, environment: "production", merchantSerialNumber: "12", returnUrl: "http://shop.example/r" }).map((p) => p.split(":")[0])).toEqual([
      "merchantSerialNumber",
      "returnUrl",
    ])
  })
})

describe("option errors name the registration", () => {
  const bad = { ...valid, merchantSerialNumber: "12" }

  it("the message names the provider id and the medusa-config entry to fix", () => {
    expect(() => parseVippsOptions(bad, "pp_vipps_mobilepay")).toThrow(
      'Vipps MobilePay provider pp_vipps_mobilepay has invalid options (medusa-config: Payment Module → providers → the entry with id "mobilepay"):\n' +
        "  - merchantSerialNumber: must be the 4–10 digit merchant serial number (MSN) of the sales unit\n" +
        "Fix these options of that entry and start Medusa again."
    )
  })

  it("finds the registration id of an options object in the loaded medusa-config", () => {
    const first = { ...valid }
    const second = { ...bad }
    const config = { modules: { payment: { options: { providers: [{ id: "vipps", options: first }, { id: "mobilepay", options: second }] } } } }
    const spy = jest.spyOn(configManager, "config", "get").mockReturnValue(config as any)
    const dir = jest.spyOn(configManager, "baseDir", "get").mockReturnValue("/store")
    try {
      expect(providerIdForOptions(second)).toBe("pp_vipps_mobilepay")
      expect(providerIdForOptions(first)).toBe("pp_vipps_vipps")
      // A Medusa version that copies the options still finds it (by value).
      expect(providerIdForOptions({ ...bad })).toBe("pp_vipps_mobilepay")
      expect(providerIdForOptions({ ...valid, clientId: "other" })).toBeUndefined()
    } finally {
      spy.mockRestore()
      dir.mockRestore()
    }
  })

  it("validateOptions logs the full message once and throws only a short pointer for Medusa to repeat", () => {
    const logged: string[] = []
    expect(() => validateOptionsAtBoot(bad, { error: (m) => logged.push(m) })).toThrow(BOOT_STOPPED_MESSAGE)
    expect(logged).toHaveLength(1)
    expect(logged[0]).toMatch(/merchantSerialNumber: must be the 4–10 digit/)
    expect(BOOT_STOPPED_MESSAGE).not.toMatch(/merchantSerialNumber|pp_vipps/)
    expect(() => validateOptionsAtBoot(valid, { error: (m) => logged.push(m) })).not.toThrow()
    expect(logged).toHaveLength(1)
  })
})
