import type { VippsSettingView } from "../../../lib/vipps-types"
import type { VippsT } from "../../../lib/translate"
import { describeValue } from "../labels"
import { changesOf, textsDraftOf, textsValueOf, type TextsDraft } from "../settings-body"

// The body the settings form sends (POST /admin/vipps/settings/:provider) for what was drafted,
// and how the history shows a value given per language.

const LANGUAGES = ["nb", "da", "fi", "sv", "en"]

function description(value: unknown, source: "admin" | "medusa-config" = "admin"): VippsSettingView {
  return { name: "paymentDescription", value, default: "Order from Acme", source, updated_at: null, updated_by: null, type: "texts", languages: LANGUAGES }
}

/** The fields as the admin leaves them: "All languages" and the languages filled in. */
const fields = (all: string, languages: Record<string, string> = {}): TextsDraft => ({ all, languages: { ...textsDraftOf(undefined, LANGUAGES).languages, ...languages } })

const body = (setting: VippsSettingView, draft: TextsDraft) => changesOf([setting], { paymentDescription: draft })

describe("the payment description per language: what the form sends", () => {
  it("only All languages filled: one text (as before)", () => {
    expect(body(description("Order from Acme", "medusa-config"), fields("Kaffe fra Acme"))).toEqual({ paymentDescription: "Kaffe fra Acme" })
    expect(body(description(undefined, "medusa-config"), fields("  Kaffe fra Acme "))).toEqual({ paymentDescription: "Kaffe fra Acme" })
  })

  it("a language filled: one text per language, All languages in every language left empty", () => {
    expect(body(description("Order from Acme"), fields("Order from Acme", { nb: "Ordre fra Acme", da: "Ordre fra Acme DK" }))).toEqual({
      paymentDescription: { nb: "Ordre fra Acme", da: "Ordre fra Acme DK", fi: "Order from Acme", sv: "Order from Acme", en: "Order from Acme" },
    })
  })

  it("languages filled without All languages: only those (the server's fallback for the others: English, else another one)", () => {
    expect(body(description(undefined, "medusa-config"), fields("", { da: "Køb hos Acme", en: "Order from Acme", sv: "   " }))).toEqual({
      paymentDescription: { da: "Køb hos Acme", en: "Order from Acme" },
    })
  })

  it("everything emptied: null, back to the medusa-config value", () => {
    expect(body(description({ nb: "Ordre fra Acme", da: "Køb hos Acme" }), fields(" ", { nb: "", da: "" }))).toEqual({ paymentDescription: null })
    expect(body(description("Kaffe fra Acme"), fields(""))).toEqual({ paymentDescription: null })
    expect(body(description(undefined, "medusa-config"), fields(""))).toEqual({}) // nothing set, nothing to reset
  })

  it("what applies now, whatever the order of the languages: nothing sent", () => {
    const now = description({ da: "Køb hos Acme", nb: "Ordre fra Acme" })
    expect(body(now, textsDraftOf(now.value, LANGUAGES))).toEqual({})
    expect(body(now, fields("", { nb: "Ordre fra Acme", da: "Køb hos Acme" }))).toEqual({})
    expect(body(description("Kaffe fra Acme"), textsDraftOf("Kaffe fra Acme", LANGUAGES))).toEqual({})
    expect(changesOf([description("Kaffe fra Acme")], {})).toEqual({})
  })

  it("the fields for a value: one text in All languages, an object's texts in their languages", () => {
    expect(textsDraftOf("Kaffe fra Acme", LANGUAGES)).toEqual({ all: "Kaffe fra Acme", languages: { nb: "", da: "", fi: "", sv: "", en: "" } })
    expect(textsDraftOf({ nb: "Ordre fra Acme", en: "Order from Acme" }, LANGUAGES)).toEqual({
      all: "",
      languages: { nb: "Ordre fra Acme", da: "", fi: "", sv: "", en: "Order from Acme" },
    })
    // Filled back in unchanged, a value is sent as it was.
    expect(textsValueOf(textsDraftOf({ nb: "Ordre fra Acme", en: "Order from Acme" }, LANGUAGES), LANGUAGES)).toEqual({ nb: "Ordre fra Acme", en: "Order from Acme" })
  })

  it("the other settings as before: an emptied text resets, choices and switches as chosen", () => {
    const text = (value: unknown): VippsSettingView => ({ name: "orderDetailsUrl", value, default: undefined, source: "admin", updated_at: null, updated_by: null, type: "text" })
    const choice: VippsSettingView = { name: "capture", value: "fulfillment", default: "fulfillment", source: "medusa-config", updated_at: null, updated_by: null, type: "choice", choices: ["fulfillment", "manual"] }
    expect(changesOf([text("https://shop.example/o/{order_id}"), choice], { orderDetailsUrl: "", capture: "manual" })).toEqual({ orderDetailsUrl: null, capture: "manual" })
    expect(changesOf([text(undefined), choice], { orderDetailsUrl: "", capture: "fulfillment" })).toEqual({})
  })
})

describe("the history shows a value per language readably", () => {
  const t: VippsT = (key) => key
  it("languages in the page's order: nb, da, fi, sv, en", () => {
    expect(describeValue(t, { en: "Order from Acme", da: "Køb hos Acme", nb: "Ordre fra Acme" })).toBe("nb: Ordre fra Acme; da: Køb hos Acme; en: Order from Acme")
    expect(describeValue(t, "Kaffe fra Acme")).toBe("Kaffe fra Acme")
    expect(describeValue(t, {})).toBe("–")
    expect(describeValue(t, undefined)).toBe("–")
  })
})
