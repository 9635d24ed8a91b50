import { settingsViewOf, sameValue } from "../editable-settings"
import { parseVippsOptions } from "../../providers/vipps/options"
import { SHOPPER_LANGUAGES } from "../../shopper-texts"

// The settings page's data: the payment description is a "texts" setting with the shopper
// languages, and a value per language saved in the admin shows as the admin's (the database
// keeps its own key order).

const defaults = parseVippsOptions({
  environment: "test",
  merchantSerialNumber: "100001",
  clientId: "a",
  clientSecret: "b",
  subscriptionKey: "c",
  returnUrl: "https://shop.example/r",
  paymentDescription: "Order from Acme",
})
const stored = (name: string, value: unknown) => [{ name, value, updated_at: new Date("2026-05-01T10:00:00Z"), updated_by: "admin@shop.example" }]
const description = (view: ReturnType<typeof settingsViewOf>) => view.find((s) => s.name === "paymentDescription")!

describe("the payment description on the settings page", () => {
  it('is a "texts" setting with every shopper language, in the page\'s order (nb, da, fi, sv, en)', () => {
    const view = description(settingsViewOf(defaults, []))
    expect(view).toMatchObject({ type: "texts", languages: ["nb", "da", "fi", "sv", "en"], value: "Order from Acme", source: "medusa-config" })
    expect([...view.languages!].sort()).toEqual([...SHOPPER_LANGUAGES].sort())
    expect(settingsViewOf(defaults, []).filter((s) => s.type === "texts").map((s) => s.name)).toEqual(["paymentDescription"])
  })

  it("a value per language saved in the admin applies and shows as the admin's, whatever the key order", () => {
    // jsonb returns keys shorter-first then bytewise; the options' parse keeps the request's order.
    const view = description(settingsViewOf(defaults, stored("paymentDescription", { da: "Køb hos Acme", nb: "Ordre fra Acme" })))
    expect(view).toMatchObject({ value: { da: "Køb hos Acme", nb: "Ordre fra Acme" }, default: "Order from Acme", source: "admin", updated_by: "admin@shop.example" })
  })

  it("sameValue: equal whatever the order of an object's keys", () => {
    expect(sameValue({ nb: "a", da: "b" }, { da: "b", nb: "a" })).toBe(true)
    expect(sameValue({ nb: "a" }, { nb: "a", da: "b" })).toBe(false)
    expect(sameValue("a", "a")).toBe(true)
    expect(sameValue(undefined, "a")).toBe(false)
  })
})
