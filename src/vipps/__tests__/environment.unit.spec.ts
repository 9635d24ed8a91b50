import { PRODUCTION_BASE_URL, TEST_BASE_URL, isProductionBaseUrl, resolveBaseUrl } from "../environment"

describe("resolveBaseUrl", () => {
  it("maps the named environments", () => {
    expect(resolveBaseUrl("test")).toBe("https://apitest.vipps.no")
    expect(resolveBaseUrl("production")).toBe("https://api.vipps.no")
  })

  it("accepts http(s) URLs without the trailing slash", () => {
    expect(resolveBaseUrl("http://127.0.0.1:4545")).toBe("http://127.0.0.1:4545")
    expect(resolveBaseUrl("http://127.0.0.1:4545/")).toBe("http://127.0.0.1:4545")
    expect(resolveBaseUrl("https://proxy.example/vipps/")).toBe("https://proxy.example/vipps")
  })

  it.each(["prod", "", "ftp://x.example", "127.0.0.1:4545", "TEST"])("rejects %p", (value) => {
    expect(() => resolveBaseUrl(value)).toThrow(/Invalid Vipps MobilePay environment/)
  })

  it("recognises the production host", () => {
    expect(isProductionBaseUrl(PRODUCTION_BASE_URL)).toBe(true)
    expect(isProductionBaseUrl(TEST_BASE_URL)).toBe(false)
  })
})
