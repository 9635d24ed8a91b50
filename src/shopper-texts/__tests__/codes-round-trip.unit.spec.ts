import { SHOPPER_TEXTS, shopperCodeOf, shopperText } from "../texts"
import type { ShopperTextKey } from "../texts"
import type { ShopperLanguage } from "../languages"

/**
 * Cart completion gets its `error.code` by reading the message back into the catalogue
 * (Medusa passes only a provider's message on). That is only right while no text of one code
 * could be read as another: every code, in every language and brand, with its parameters
 * filled in, must come back as itself.
 */
describe("shopper codes read back from their messages", () => {
  const languages = Object.keys(SHOPPER_TEXTS) as ShopperLanguage[]
  const codes = (Object.keys(SHOPPER_TEXTS.en) as ShopperTextKey[]).filter((key) => key.startsWith("vipps_"))

  it("has codes to check", () => {
    expect(codes.length).toBeGreaterThan(5)
  })

  for (const language of languages) {
    it(`every ${language} message, for both brands, reads back as its own code and no other`, () => {
      const wrong: string[] = []
      for (const code of codes) {
        const template = SHOPPER_TEXTS[language][code] ?? SHOPPER_TEXTS.en[code]
        // Each parameter gets a value no template contains, so it cannot complete another text.
        const params = Object.fromEntries([...template.matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, `«${name} 42»`]))
        for (const brand of ["vipps", "mobilepay"] as const) {
          const message = shopperText(code, { language, brand }, params)
          const found = shopperCodeOf(message)
          if (found !== code) wrong.push(`${code} (${brand}) → ${found ?? "nothing"}: ${message}`)
        }
      }
      expect(wrong).toEqual([])
    })
  }
})
