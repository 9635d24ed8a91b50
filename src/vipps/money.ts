// Exact conversion between major-unit amounts (what Medusa stores) and the integer minor units
// Vipps wants on the wire. Everything goes through decimal strings and BigInt: `19.99 * 100`
// is 1998.9999999999998 in floating point, which is how other plugins lost an øre.
import { VippsAmountError } from "./errors"

export const SUPPORTED_CURRENCIES = ["NOK", "DKK", "EUR"] as const
export type VippsCurrency = (typeof SUPPORTED_CURRENCIES)[number]

const DECIMALS: Record<VippsCurrency, number> = { NOK: 2, DKK: 2, EUR: 2 }

/** Smallest amount Vipps accepts per currency (NOTES §3.2, §11): NOK 1.00, DKK/EUR 0.01. */
export const MINIMUM_MINOR_UNITS: Record<VippsCurrency, number> = { NOK: 100, DKK: 1, EUR: 1 }

/** `amount.value` maximum in the ePayment spec (650 000.00). */
export const MAXIMUM_MINOR_UNITS = 65_000_000

/** Medusa keeps big numbers as `{ value: "12.5", precision: 20 }` (its raw BigNumber shape). */
export type RawAmount = { value: string | number; [key: string]: unknown }
export type AmountInput = string | number | bigint | RawAmount

export function normalizeCurrency(currency: string): VippsCurrency {
  const upper = String(currency ?? "").trim().toUpperCase()
  if ((SUPPORTED_CURRENCIES as readonly string[]).includes(upper)) return upper as VippsCurrency
  throw new VippsAmountError(
    `Vipps MobilePay does not support currency ${JSON.stringify(currency)}: supported currencies are ${SUPPORTED_CURRENCIES.join(", ")}`,
    upper || undefined
  )
}

export function toMinorUnits(amount: AmountInput, currency: string): number {
  const code = normalizeCurrency(currency)
  const text = amountToText(amount, code)
  const { negative, digits, exponent } = parseDecimal(text, code)
  const decimals = DECIMALS[code]
  // value = digits × 10^exponent, so minor = digits × 10^(exponent + decimals).
  const shift = exponent + decimals
  let minor: bigint
  if (shift >= 0) {
    minor = digits * 10n ** BigInt(shift)
  } else {
    const divisor = 10n ** BigInt(-shift)
    if (digits % divisor !== 0n) {
      throw new VippsAmountError(`${code} amounts can have at most ${decimals} decimals, got ${text}`, code)
    }
    minor = digits / divisor
  }
  if (negative && minor !== 0n) {
    throw new VippsAmountError(`${code} amount cannot be negative, got ${text}`, code)
  }
  if (minor > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new VippsAmountError(`${code} amount ${text} is too large`, code)
  }
  return Number(minor)
}

/**
 * A decimal as a person writes an amount: digits, optionally a point and more digits ("40",
 * "40.5", "40.50"; "-40" so the caller can say "negative"). No exponent ("1e3"), leading "+",
 * hex, "Infinity", inner spaces or a bare point. Numbers count when their shortest text is
 * such a decimal (40.5 yes, 1e21 no).
 */
export function isPlainDecimal(amount: string | number): boolean {
  const text = typeof amount === "number" ? String(amount) : amount
  return /^-?\d+(\.\d+)?$/.test(text)
}

/** 15050 (or "15050") NOK → "150.50". */
export function fromMinorUnits(value: number | string | bigint, currency: string): string {
  const code = normalizeCurrency(currency)
  const text = String(value).trim()
  if (!/^-?\d+$/.test(text)) {
    throw new VippsAmountError(`${code} minor-unit amount must be a whole number, got ${text}`, code)
  }
  const negative = text.startsWith("-")
  const decimals = DECIMALS[code]
  const digits = (negative ? text.slice(1) : text).replace(/^0+(?=\d)/, "").padStart(decimals + 1, "0")
  const whole = digits.slice(0, digits.length - decimals)
  const fraction = digits.slice(digits.length - decimals)
  const sign = negative && /[1-9]/.test(digits) ? "-" : ""
  return decimals > 0 ? `${sign}${whole}.${fraction}` : `${sign}${whole}`
}

/** Throws unless Vipps would accept `minor` as a payment amount in `currency`. */
export function assertPayableAmount(minor: number, currency: string): void {
  const code = normalizeCurrency(currency)
  if (!Number.isSafeInteger(minor)) {
    throw new VippsAmountError(`${code} amount must be a whole number of minor units, got ${minor}`, code)
  }
  if (minor <= 0) {
    throw new VippsAmountError(
      `${code} amount must be greater than zero, got ${fromMinorUnits(minor, code)}: free orders cannot be paid with Vipps MobilePay`,
      code
    )
  }
  const minimum = MINIMUM_MINOR_UNITS[code]
  if (minor < minimum) {
    throw new VippsAmountError(
      `The smallest ${code} amount Vipps MobilePay accepts is ${fromMinorUnits(minimum, code)}, got ${fromMinorUnits(minor, code)}`,
      code
    )
  }
  if (minor > MAXIMUM_MINOR_UNITS) {
    throw new VippsAmountError(
      `The largest ${code} amount Vipps MobilePay accepts is ${fromMinorUnits(MAXIMUM_MINOR_UNITS, code)}, got ${fromMinorUnits(minor, code)}`,
      code
    )
  }
}

function amountToText(amount: AmountInput, code: VippsCurrency): string {
  if (typeof amount === "bigint") return amount.toString()
  if (typeof amount === "number") {
    if (!Number.isFinite(amount)) throw new VippsAmountError(`${code} amount must be a finite number, got ${amount}`, code)
    // String(n) is the shortest text that round-trips to n: 19.99 → "19.99", never 19.989999…
    return String(amount)
  }
  if (typeof amount === "string") return amount.trim()
  if (amount && typeof amount === "object" && "value" in amount) {
    const inner = amount.value
    if (typeof inner === "string" || typeof inner === "number") return amountToText(inner, code)
  }
  throw new VippsAmountError(`${code} amount must be a number, a decimal string or { value }, got ${describe(amount)}`, code)
}

// "150.5" → digits 1505n, exponent -1; "1e2" → 1n, 2; "-0.30000000000000004" → …
function parseDecimal(text: string, code: VippsCurrency): { negative: boolean; digits: bigint; exponent: number } {
  const match = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(text)
  if (!match || (match[2] ?? "") + (match[3] ?? "") === "") {
    throw new VippsAmountError(`${code} amount is not a decimal number: ${JSON.stringify(text)}`, code)
  }
  const [, sign, whole = "", fraction = "", exp = "0"] = match
  const exponent = Number(exp) - fraction.length
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > 1000) {
    throw new VippsAmountError(`${code} amount is out of range: ${text}`, code)
  }
  return { negative: sign === "-", digits: BigInt(whole + fraction || "0"), exponent }
}

function describe(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}
