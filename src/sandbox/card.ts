// Freestanding card payments (`paymentMethod.type: "CARD"`, UPDATES-2026 "Freestanding card
// payments"): the sales unit's card permission, the sandbox's test cards and what the card form
// checks. Vipps's own test environment cannot do CARD at all; these cards exist only here.
import { codeError } from "./errors"
import type { SandboxMerchant } from "./types"

/** What a test card does when the shopper pays with it on the card form. */
export type CardBehaviour = "approve" | "decline" | "challenge"

/** The sandbox's test cards (Luhn-valid numbers); any expiry in the future, any 3-digit CVC. */
export const TEST_CARDS: Readonly<Record<string, { behaviour: CardBehaviour; label: string }>> = Object.freeze({
  "4925000000000004": { behaviour: "approve", label: "Visa, approved" },
  "4000000000000002": { behaviour: "decline", label: "Visa, declined by the issuer" },
  "5200828282828210": { behaviour: "challenge", label: "Mastercard, asks for 3-D Secure" },
})

export const APPROVING_TEST_CARD = "4925000000000004"

/**
 * Whether each sales unit may take freestanding card payments (`creditCardPaymentAllowed` in
 * Vipps's Management API): the merchant's `cardPayments` (default true), changed per sandbox
 * through the control API. Without the permission, create with CARD answers 403 and code 5070.
 * Vipps documents no code for this case; 5070 "payment cannot be created" is the merchant
 * configuration error that fits (docs/card-payments.md).
 */
export class CardPermissions {
  private overrides = new Map<string, boolean>()

  constructor(private readonly merchants: SandboxMerchant[]) {}

  allowed(msn: string): boolean {
    return this.overrides.get(msn) ?? this.merchants.find((m) => m.msn === msn)?.cardPayments !== false
  }

  set(msn: string, allowed: boolean) {
    this.overrides.set(msn, allowed)
  }

  assertAllowed(msn: string) {
    if (!this.allowed(msn)) {
      throw codeError(403, 5070, "Card payments (paymentMethod.type CARD) are not enabled for this sales unit. Ask Vipps MobilePay to enable them.")
    }
  }

  clear() {
    this.overrides.clear()
  }
}

export const digitsOf = (value: string) => value.replace(/[\s-]/g, "")

/** The Luhn checksum every card number carries. */
export function luhnValid(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) return false
  let sum = 0
  let double = false
  for (let i = number.length - 1; i >= 0; i--) {
    let d = Number(number[i])
    if (double) {
      d *= 2
      if (d > 9) d -= 9
    }
    sum += d
    double = !double
  }
  return sum % 10 === 0
}

export type CardEntry = { number: string; expiry: string; cvc: string }
export type CardCheck = { ok: true; number: string; bin: string; behaviour: CardBehaviour } | { ok: false; field: "number" | "expiry" | "cvc"; message: string }

/** What the card form accepts: a known test card, an expiry (MM/YY) not in the past at `now`, a 3–4 digit CVC. */
export function checkCardEntry(entry: CardEntry, now: number): CardCheck {
  const number = digitsOf(entry.number)
  if (!luhnValid(number)) return { ok: false, field: "number", message: "The card number is not valid" }
  const card = TEST_CARDS[number]
  if (!card) return { ok: false, field: "number", message: "The sandbox takes only its test cards (see below)" }
  const expiry = /^\s*(\d{1,2})\s*\/\s*(\d{2})\s*$/.exec(entry.expiry)
  const month = expiry ? Number(expiry[1]) : 0
  if (!expiry || month < 1 || month > 12) return { ok: false, field: "expiry", message: "Write the expiry date as MM/YY" }
  const today = new Date(now)
  const year = 2000 + Number(expiry[2])
  if (year < today.getUTCFullYear() || (year === today.getUTCFullYear() && month < today.getUTCMonth() + 1)) {
    return { ok: false, field: "expiry", message: "The card has expired" }
  }
  if (!/^\d{3,4}$/.test(entry.cvc.trim())) return { ok: false, field: "cvc", message: "The CVC is the 3 digits on the back of the card" }
  return { ok: true, number, bin: number.slice(0, 6), behaviour: card.behaviour }
}
