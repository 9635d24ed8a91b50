import {
  brandFor,
  buttonCaption,
  chooseShopperLanguage,
  languageOfTag,
  MOBILEPAY_BECOMES_VIPPS,
  SHOPPER_LANGUAGES,
  SHOPPER_TEXTS,
  shopperCodeOf,
  shopperText,
  shopperVoice,
} from ".."

const keys = Object.keys(SHOPPER_TEXTS.en).sort()
const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort()

describe("the shopper catalogue", () => {
  it.each(SHOPPER_LANGUAGES.filter((l) => l !== "en"))("%s has every key, and no English left", (language) => {
    const catalogue = SHOPPER_TEXTS[language] as Record<string, string>
    expect(Object.keys(catalogue).sort()).toEqual(keys)
    for (const key of keys) {
      const text = catalogue[key]
      expect([key, typeof text === "string" && text.trim().length > 0]).toEqual([key, true])
      const english = (SHOPPER_TEXTS.en as Record<string, string>)[key]
      // Identical to English is allowed only when nothing but brand names (and placeholders) is in it.
      if (text === english) expect([key, text.replace(/\{\w+\}|Vipps|MobilePay|Express/g, "").replace(/[\s.…,:;!?()–-]/g, "")]).toEqual([key, ""])
      // English words that would give away an untranslated text.
      expect([key, text]).not.toEqual([key, expect.stringMatching(/\b(the|payment|please|was|order|nothing|charged|with|cart|and)\b/i)])
    }
  })

  it("uses the same placeholders in every language ({app} may be left out only where English names no app either)", () => {
    for (const language of SHOPPER_LANGUAGES) {
      for (const key of keys) {
        const own = placeholders((SHOPPER_TEXTS[language] as Record<string, string>)[key]).filter((p) => p !== "app" && p !== "country")
        const english = placeholders((SHOPPER_TEXTS.en as Record<string, string>)[key]).filter((p) => p !== "app" && p !== "country")
        expect([language, key, [...new Set(own)]]).toEqual([language, key, [...new Set(english)]])
      }
    }
  })

  it("never tells a shopper whose payment is approved that nothing was charged", () => {
    for (const language of SHOPPER_LANGUAGES) {
      const text = SHOPPER_TEXTS[language].vipps_payment_authorized
      expect(text).not.toMatch(/nothing was charged|ikke blitt belastet|ikke trukket|ei veloitettu|inga pengar/i)
    }
  })

  it("names the app in the shopper's hand, never the company", () => {
    const voice = { language: "nb", brand: "mobilepay" } as const
    expect(shopperText("vipps_payment_aborted", voice)).toBe(
      "Betalingen ble avbrutt i MobilePay. Du har ikke blitt belastet. Velg MobilePay på nytt for å starte en ny betaling."
    )
    for (const language of SHOPPER_LANGUAGES) {
      for (const key of keys) expect(shopperText(key as never, { language, brand: "vipps" })).not.toMatch(/Vipps MobilePay/)
    }
  })

  it("fills in parameters and finds the code of any message it made, in any language and brand", () => {
    const message = shopperText("vipps_order_not_placed", { language: "da", brand: "vipps" }, { reason: "Udsolgt (1 stk.)" })
    expect(message).toBe("Ordren kunne ikke gennemføres (Udsolgt (1 stk.)). Reservationen i Vipps er frigivet, og der er ikke trukket penge.")
    expect(shopperCodeOf(message)).toBe("vipps_order_not_placed")
    expect(shopperCodeOf(shopperText("vipps_payment_expired", { language: "fi", brand: "mobilepay" }))).toBe("vipps_payment_expired")
    expect(shopperCodeOf("Not enough stock available")).toBeUndefined()
    expect(shopperCodeOf(undefined)).toBeUndefined()
  })

  it("splits button captions around the brand name, Finnish inflection included", () => {
    expect(buttonCaption("pay", { language: "fi", brand: "vipps" })).toEqual({ text: "Maksa Vippsillä", parts: ["Maksa ", "Vipps", "illä"] })
    expect(buttonCaption("pay", { language: "fi", brand: "mobilepay" })).toEqual({ text: "Maksa MobilePaylla", parts: ["Maksa ", "MobilePay", "lla"] })
    expect(buttonCaption("express", { language: "da", brand: "vipps" }).text).toBe("Køb nu med Vipps")
    expect(buttonCaption("pay", { language: "sv", brand: "vipps" }).text).toBe("Betala med Vipps")
  })
})

describe("the shopper's language", () => {
  it.each([
    ["nb-NO", "nb"], ["no", "nb"], ["nn-NO", "nb"], ["NB_no", "nb"], ["da-DK", "da"], ["da", "da"],
    ["fi-FI", "fi"], ["sv-FI", "sv"], ["sv", "sv"], ["en-GB", "en"], ["de-DE", undefined], ["", undefined], [null, undefined],
  ])("tag %s → %s", (tag, language) => {
    expect(languageOfTag(tag)).toBe(language)
  })

  it("takes the storefront's choice, else the cart's locale, else the market's language, else English", () => {
    expect(chooseShopperLanguage({ requested: "fi", locale: "sv-FI", currency: "nok" })).toBe("fi")
    expect(chooseShopperLanguage({ requested: "de", locale: "sv-FI", currency: "nok" })).toBe("sv")
    expect(chooseShopperLanguage({ locale: null, currency: "NOK" })).toBe("nb")
    expect(chooseShopperLanguage({ currency: "dkk" })).toBe("da")
    expect(chooseShopperLanguage({ currency: "eur" })).toBe("fi")
    expect(chooseShopperLanguage({ locale: "de-DE", currency: "sek" })).toBe("en")
    expect(chooseShopperLanguage({})).toBe("en")
  })
})

describe("the brand by market and date", () => {
  const at = (iso: string) => new Date(iso)
  it("is Vipps in Norway on any date", () => {
    expect(brandFor("NO", { now: at("2020-01-01T00:00:00Z") })).toBe("vipps")
    expect(brandFor(undefined, { now: at("2026-12-06T00:00:00Z") })).toBe("vipps")
  })

  it.each([
    // Denmark: 12 January 2027 00:00 Europe/Copenhagen (UTC+1) = 2027-01-11T23:00Z.
    ["DK", "2027-01-11T22:59:59.999Z", "mobilepay"],
    ["DK", "2027-01-11T23:00:00Z", "vipps"],
    // Finland: 12 January 2027 00:00 Europe/Helsinki (UTC+2) = 2027-01-11T22:00Z.
    ["FI", "2027-01-11T21:59:59.999Z", "mobilepay"],
    ["FI", "2027-01-11T22:00:00Z", "vipps"],
    ["FI", "2027-01-11T22:30:00Z", "vipps"], // still 11 January in Copenhagen, already 12 in Helsinki
    ["DK", "2027-01-11T22:30:00Z", "mobilepay"],
  ] as const)("%s at %s: %s", (market, iso, brand) => {
    expect(brandFor(market, { now: at(iso) })).toBe(brand)
  })

  it("names the moments in local time", () => {
    const local = (date: Date, timeZone: string) =>
      new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(date)
    expect(local(MOBILEPAY_BECOMES_VIPPS.DK, "Europe/Copenhagen")).toBe("2027-01-12, 00:00")
    expect(local(MOBILEPAY_BECOMES_VIPPS.FI, "Europe/Helsinki")).toBe("2027-01-12, 00:00")
  })

  it("can be forced either way by the option", () => {
    expect(brandFor("DK", { setting: "vipps", now: at("2026-01-01T00:00:00Z") })).toBe("vipps")
    expect(brandFor("FI", { setting: "mobilepay", now: at("2028-01-01T00:00:00Z") })).toBe("mobilepay")
    expect(brandFor("NO", { setting: "mobilepay" })).toBe("mobilepay")
    expect(brandFor("DK", { setting: "auto", now: at("2026-01-01T00:00:00Z") })).toBe("mobilepay")
  })

  it("comes with the language in one voice", () => {
    expect(shopperVoice({ currency: "dkk", now: at("2027-01-11T23:00:00Z") })).toEqual({ language: "da", brand: "vipps" })
    expect(shopperVoice({ currency: "eur", locale: "sv-FI", now: at("2026-12-06T00:00:00Z") })).toEqual({ language: "sv", brand: "mobilepay" })
  })
})
