import { providerName } from "../provider-name"

describe("provider names in the admin", () => {
  it("a registration is named by its currency; a card registration (id ending in card) says Card", () => {
    expect(providerName("pp_vipps_vipps", ["nok"])).toBe("Vipps MobilePay (NOK)")
    expect(providerName("pp_vipps_vipps-card", ["nok"])).toBe("Vipps MobilePay Card (NOK)")
    expect(providerName("pp_vipps_mobilepay_card", ["dkk", "DKK"])).toBe("Vipps MobilePay Card (DKK)")
    expect(providerName("pp_vipps_cardiff", [])).toBe("Vipps MobilePay (cardiff)")
    expect(providerName("pp_vipps_vipps-card", [])).toBe("Vipps MobilePay Card (vipps-card)")
  })
})
