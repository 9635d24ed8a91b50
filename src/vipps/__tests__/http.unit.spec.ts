import { parseRetryAfter, redactPhoneNumbers } from "../http"

describe("parseRetryAfter", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("3")).toBe(3000)
    expect(parseRetryAfter(2)).toBe(2000)
    expect(parseRetryAfter("0.5")).toBe(500)
    const inFiveSeconds = new Date(Date.now() + 5000).toUTCString()
    expect(parseRetryAfter(inFiveSeconds)).toBeGreaterThan(3000)
    expect(parseRetryAfter(new Date(0).toUTCString())).toBe(0)
  })

  it("ignores missing or garbage values", () => {
    expect(parseRetryAfter(undefined)).toBeUndefined()
    expect(parseRetryAfter("soon")).toBeUndefined()
  })
})

describe("redactPhoneNumbers", () => {
  it("masks phone-number-like digit runs but keeps short numbers", () => {
    expect(redactPhoneNumbers("Invalid phone number 4712345678")).toBe("Invalid phone number 47***78")
    expect(redactPhoneNumbers("+4791234567 and 4591234567")).toBe("+4***67 and 45***67")
    expect(redactPhoneNumbers("error 6090 at 2024")).toBe("error 6090 at 2024")
  })
})
