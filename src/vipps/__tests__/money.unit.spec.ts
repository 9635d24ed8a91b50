import { VippsAmountError } from "../errors"
import { assertPayableAmount, fromMinorUnits, isPlainDecimal, toMinorUnits } from "../money"

describe("toMinorUnits", () => {
  it.each([
    ["150.5", "NOK", 15050],
    [150.5, "NOK", 15050],
    [19.99, "NOK", 1999],
    [0.29, "EUR", 29],
    [1.005e3, "NOK", 100500],
    ["1e2", "NOK", 10000],
    ["1.5E1", "DKK", 1500],
    ["10.000", "NOK", 1000],
    ["0.01", "DKK", 1],
    [478, "NOK", 47800],
    [12n, "EUR", 1200],
    ["  42.10 ", "nok", 4210],
    [{ value: "12.5", precision: 20 }, "NOK", 1250],
    [{ value: 33.33 }, "EUR", 3333],
    ["650000", "NOK", 65000000],
  ] as const)("%p %s → %p", (input, currency, expected) => {
    expect(toMinorUnits(input as any, currency)).toBe(expected)
  })

  it("is exact where float multiplication is not", () => {
    // The classic bug: 19.99 * 100 === 1998.9999999999998, truncated to 1998 øre.
    expect(19.99 * 100).not.toBe(1999)
    for (let cents = 0; cents < 100000; cents += 7) {
      const major = cents / 100
      expect(toMinorUnits(major, "NOK")).toBe(cents)
    }
  })

  it("rejects float noise such as 0.1 + 0.2 instead of rounding it silently", () => {
    expect(() => toMinorUnits(0.1 + 0.2, "NOK")).toThrow(VippsAmountError)
    expect(() => toMinorUnits(0.1 + 0.2, "NOK")).toThrow(/NOK amounts can have at most 2 decimals, got 0.30000000000000004/)
  })

  it("rejects more decimals than the currency has", () => {
    expect(() => toMinorUnits("10.005", "NOK")).toThrow("NOK amounts can have at most 2 decimals, got 10.005")
    expect(() => toMinorUnits({ value: "1.001" }, "EUR")).toThrow(/EUR amounts can have at most 2 decimals/)
    expect(() => toMinorUnits("1e-3", "DKK")).toThrow(VippsAmountError)
  })

  it("rejects negative, malformed and non-finite amounts", () => {
    expect(() => toMinorUnits("-1.00", "NOK")).toThrow(/cannot be negative/)
    expect(() => toMinorUnits(-5, "NOK")).toThrow(VippsAmountError)
    expect(() => toMinorUnits("abc", "NOK")).toThrow(/not a decimal number/)
    expect(() => toMinorUnits("", "NOK")).toThrow(VippsAmountError)
    expect(() => toMinorUnits(".", "NOK")).toThrow(VippsAmountError)
    expect(() => toMinorUnits(NaN, "NOK")).toThrow(VippsAmountError)
    expect(() => toMinorUnits(Infinity, "NOK")).toThrow(VippsAmountError)
    expect(() => toMinorUnits({} as any, "NOK")).toThrow(VippsAmountError)
    expect(() => toMinorUnits("1e400", "NOK")).toThrow(VippsAmountError)
  })

  it("rejects unsupported currencies and names the supported ones", () => {
    expect(() => toMinorUnits("10", "SEK")).toThrow("supported currencies are NOK, DKK, EUR")
  })
})

describe("fromMinorUnits", () => {
  it.each([
    [15050, "NOK", "150.50"],
    ["15050", "NOK", "150.50"],
    [1, "DKK", "0.01"],
    [0, "EUR", "0.00"],
    [100, "NOK", "1.00"],
    [65000000n, "NOK", "650000.00"],
  ] as const)("%p %s → %s", (value, currency, expected) => {
    expect(fromMinorUnits(value, currency)).toBe(expected)
  })

  it("round-trips with toMinorUnits", () => {
    for (const minor of [1, 99, 100, 1999, 123456789]) {
      expect(toMinorUnits(fromMinorUnits(minor, "NOK"), "NOK")).toBe(minor)
    }
  })

  it("rejects fractional minor units", () => {
    expect(() => fromMinorUnits(1.5, "NOK")).toThrow(VippsAmountError)
  })
})

describe("assertPayableAmount", () => {
  it("accepts amounts within the limits", () => {
    expect(() => assertPayableAmount(100, "NOK")).not.toThrow()
    expect(() => assertPayableAmount(1, "DKK")).not.toThrow()
    expect(() => assertPayableAmount(1, "EUR")).not.toThrow()
    expect(() => assertPayableAmount(65_000_000, "NOK")).not.toThrow()
  })

  it("rejects zero, below the minimum and above the maximum", () => {
    expect(() => assertPayableAmount(0, "NOK")).toThrow(/greater than zero/)
    expect(() => assertPayableAmount(99, "NOK")).toThrow("The smallest NOK amount Vipps MobilePay accepts is 1.00, got 0.99")
    expect(() => assertPayableAmount(65_000_001, "EUR")).toThrow(/largest EUR amount/)
    expect(() => assertPayableAmount(10.5, "DKK")).toThrow(/whole number/)
    expect(() => assertPayableAmount(100, "USD")).toThrow(VippsAmountError)
  })
})

describe("isPlainDecimal (amounts typed by a person)", () => {
  it.each(["40", "40.5", "40.50", "0", "-5", 40.5, 40, 0.25])("accepts %p", (amount) => {
    expect(isPlainDecimal(amount)).toBe(true)
  })

  it.each(["1e3", "1E2", "0x10", "Infinity", "NaN", "+5", "4 0", " 40", "40.", ".5", "4,50", "", 1e21, Infinity, NaN])("refuses %p", (amount) => {
    expect(isPlainDecimal(amount)).toBe(false)
  })
})
