import { EffectiveOptions, effectiveOptionsFrom, overlaySettings, validateSettings } from "../effective-options"
import type { SettingsStore, StoredSetting } from "../../../modules/vipps/settings-store"
import { parseVippsOptions } from "../options"

const defaults = parseVippsOptions({
  environment: "test",
  merchantSerialNumber: "123456",
  clientId: "id",
  clientSecret: "secret",
  subscriptionKey: "key",
  returnUrl: "https://shop.example/return",
  paymentDescription: "Order from Acme",
})
const stored = (values: Record<string, unknown>) =>
  Object.entries(values).map(([name, value]) => ({ name, value, updated_at: new Date(), updated_by: "admin@shop.example" }))

describe("effective options: medusa-config overlaid by the admin's settings", () => {
  it("without stored settings the medusa-config options apply as they are", () => {
    expect(effectiveOptionsFrom(defaults, [])).toBe(defaults)
    expect(defaults.express).toEqual({ enabled: false, shipping: "fixed" })
  })

  it("stored values win, nested ones (express.enabled) by path, the rest of the object kept", () => {
    const options = effectiveOptionsFrom(defaults, stored({ capture: "shipment", "express.enabled": true, paymentDescription: "Kaffe" }))
    expect(options).toMatchObject({ capture: "shipment", paymentDescription: "Kaffe", express: { enabled: true, shipping: "fixed" }, clientSecret: "secret" })
    expect(defaults.express.enabled).toBe(false) // the defaults are never modified
    expect(overlaySettings(defaults, { "express.shipping": "dynamic" }).express).toEqual({ enabled: false, shipping: "dynamic" })
  })

  it("values are checked with the options' rules and messages", () => {
    expect(validateSettings(defaults, { paymentDescription: "ab", capture: "never" }).problems).toEqual([
      { path: "paymentDescription", message: "must be 3–100 characters (it is shown in the Vipps MobilePay app)" },
      { path: "capture", message: "must be one of fulfillment, shipment, delivery, manual, authorization" },
    ])
    expect(validateSettings(defaults, { "express.enabled": "yes" }).problems).toEqual([{ path: "express.enabled", message: "must be true or false" }])
  })

  it("a stored value the rules refuse is left out with a warning; the other stored values still apply", () => {
    const warn = jest.fn()
    const options = effectiveOptionsFrom(defaults, stored({ capture: "sometimes", userFlow: "QR" }), { warn }, "pp_vipps_vipps")
    expect(options).toMatchObject({ capture: "fulfillment", userFlow: "QR" })
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/pp_vipps_vipps: the admin setting\(s\) capture are not valid any more/))
  })

  describe("one registration's options, read on every use", () => {
    const storeWith = (rows: () => StoredSetting[]) => {
      const store = { overrides: jest.fn(async () => rows()) }
      return { store, effective: (warn = jest.fn()) => new EffectiveOptions(defaults, { id: "vipps" }, store as unknown as SettingsStore, { warn }) }
    }

    it("reads the stored values at every use, so an admin's save applies at the next checkout", async () => {
      let rows = stored({ userFlow: "QR" })
      const { store, effective } = storeWith(() => rows)
      const options = effective()
      options.bind("pp_vipps_vipps")
      expect((await options.read()).userFlow).toBe("QR")
      rows = stored({ userFlow: "NATIVE_REDIRECT" })
      expect((await options.read()).userFlow).toBe("NATIVE_REDIRECT")
      rows = []
      expect(await options.read()).toBe(defaults)
      expect(store.overrides).toHaveBeenCalledTimes(3)
      expect(store.overrides).toHaveBeenCalledWith("pp_vipps_vipps")
    })

    it("the same stored content is validated once: the same options come back, whatever the row order", async () => {
      let rows = stored({ userFlow: "QR", capture: "shipment" })
      const { effective } = storeWith(() => rows)
      const options = effective()
      options.bind("pp_vipps_vipps")
      const first = await options.read()
      rows = [...rows].reverse()
      expect(await options.read()).toBe(first)
      rows = stored({ userFlow: "QR", capture: "delivery" })
      expect(await options.read()).toMatchObject({ userFlow: "QR", capture: "delivery" })
    })

    it("a refused stored value is warned about at every use, not only the first", async () => {
      const warn = jest.fn()
      const { effective } = storeWith(() => stored({ capture: "sometimes", userFlow: "QR" }))
      const options = effective(warn)
      options.bind("pp_vipps_vipps")
      expect(await options.read()).toMatchObject({ capture: "fulfillment", userFlow: "QR" })
      expect(await options.read()).toMatchObject({ capture: "fulfillment", userFlow: "QR" })
      expect(warn).toHaveBeenCalledTimes(2)
      expect(warn).toHaveBeenLastCalledWith(expect.stringMatching(/pp_vipps_vipps: the admin setting\(s\) capture are not valid any more/))
    })
  })
})
