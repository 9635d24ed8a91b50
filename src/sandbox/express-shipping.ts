// Express (Vipps Hurtigkasse / MobilePay Express) request rules: the `shipping` object of a
// CreatePaymentRequest and the shipping groups a merchant's dynamic callback answers
// (spec schemas Shipping, DynamicOptions, ShippingGroup, ShippingOption; NOTES §3.2, §3.7).
import { codeError, validationError, type ExtraDetail } from "./errors"
import type { SandboxMerchant } from "./types"
import { webhookUrlProblem } from "./urls"

/**
 * Express's profile scope must include `address` (Vipps, Aug–Oct 2026: "address plus what you
 * need"; before, exactly these four). The words themselves are checked by create's validation.
 */
export const EXPRESS_REQUIRED_SCOPE = "address"
/** ISO 3166-1 alpha-2, as `shipping.allowedCountries` lists them (Vipps, May 2026). */
const COUNTRY_RE = /^[A-Z]{2}$/
export const SHIPPING_TYPES = ["HOME_DELIVERY", "PICKUP_POINT", "MAILBOX", "IN_STORE", "OTHER"]
export const SHIPPING_BRANDS = ["POSTEN", "BRING", "POSTNORD", "HELTHJEM", "PORTERBUDDY", "DHL", "INSTABOX", "FEDEX", "MATKAHUOLTO", "GLS", "POSTI", "GORDON", "OTHER"]
/** spec parameter AuthorizationHeader: the token Vipps sends back as `Authorization`. */
export const CALLBACK_TOKEN_RE = /^[a-zA-Z0-9-]{1,50}$/

export type ShippingOption = {
  id: string
  name: string
  amount: { currency: string; value: number }
  isDefault?: boolean
  priority?: number
  meta?: string
  estimatedDelivery?: string
}
export type ShippingGroup = { type: string; brand: string; options: ShippingOption[]; isDefault?: boolean; priority?: number }
export type DynamicOptions = { callbackUrl: string; callbackAuthorizationToken?: string }
export type ShippingInput = { fixedOptions?: ShippingGroup[]; dynamicOptions?: DynamicOptions; allowedCountries?: string[] }

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)
const isInt = (v: unknown): v is number => typeof v === "number" && Number.isInteger(v)
const present = (v: unknown) => v !== undefined && v !== null

/**
 * Problems with a list of shipping groups (fixedOptions, or a callback's `groups`), each
 * `{name, reason}`. Option amounts must be integers ≥ 0 in the payment's currency; option ids
 * unique across all groups (the shopper's choice is reported by id).
 */
export function shippingGroupErrors(groups: unknown, field: string, currency: string | undefined): ExtraDetail[] {
  if (!Array.isArray(groups) || groups.length === 0) return [{ name: field, reason: "At least one shipping group is required." }]
  const errors: ExtraDetail[] = []
  const ids = new Set<string>()
  groups.forEach((g, i) => {
    const f = `${field}[${i}]`
    if (!isObj(g)) return errors.push({ name: f, reason: "A shipping group must be an object." })
    if (!SHIPPING_TYPES.includes(g.type as string)) errors.push({ name: `${f}.type`, reason: `type is required: ${SHIPPING_TYPES.join(", ")}.` })
    if (!SHIPPING_BRANDS.includes(g.brand as string)) errors.push({ name: `${f}.brand`, reason: `brand is required: ${SHIPPING_BRANDS.join(", ")}.` })
    if (present(g.isDefault) && typeof g.isDefault !== "boolean") errors.push({ name: `${f}.isDefault`, reason: "isDefault must be a boolean." })
    if (present(g.priority) && !isInt(g.priority)) errors.push({ name: `${f}.priority`, reason: "priority must be an integer." })
    if (!Array.isArray(g.options) || g.options.length === 0) return errors.push({ name: `${f}.options`, reason: "At least one option is required." })
    g.options.forEach((o, j) => {
      const of = `${f}.options[${j}]`
      if (!isObj(o)) return errors.push({ name: of, reason: "An option must be an object." })
      if (typeof o.id !== "string" || !o.id) errors.push({ name: `${of}.id`, reason: "id is required." })
      else if (ids.has(o.id)) errors.push({ name: `${of}.id`, reason: `Option id ${o.id} is used more than once.` })
      else ids.add(o.id)
      if (typeof o.name !== "string" || !o.name) errors.push({ name: `${of}.name`, reason: "name is required." })
      const a = o.amount
      if (!isObj(a) || !isInt(a.value) || a.value < 0 || typeof a.currency !== "string") {
        errors.push({ name: `${of}.amount`, reason: "amount {value: integer minor units ≥ 0, currency} is required." })
      } else if (currency && a.currency !== currency) {
        errors.push({ name: `${of}.amount.currency`, reason: `The option's currency must be ${currency}, the currency of the payment.` })
      }
      for (const k of ["meta", "estimatedDelivery"]) if (present(o[k]) && typeof o[k] !== "string") errors.push({ name: `${of}.${k}`, reason: `${k} must be a string.` })
      if (present(o.isDefault) && typeof o.isDefault !== "boolean") errors.push({ name: `${of}.isDefault`, reason: "isDefault must be a boolean." })
      if (present(o.priority) && !isInt(o.priority)) errors.push({ name: `${of}.priority`, reason: "priority must be an integer." })
    })
  })
  return errors
}

/** Schema problems of `shipping` (reported with the other field errors of create). */
export function shippingSchemaErrors(shipping: unknown, currency: string | undefined): ExtraDetail[] {
  if (!present(shipping)) return []
  if (!isObj(shipping)) return [{ name: "shipping", reason: "shipping must be an object." }]
  const hasFixed = present(shipping.fixedOptions)
  const hasDynamic = present(shipping.dynamicOptions)
  if (hasFixed && hasDynamic) return [{ name: "shipping", reason: "Use either shipping.fixedOptions or shipping.dynamicOptions, not both." }]
  if (!hasFixed && !hasDynamic) return [{ name: "shipping", reason: "shipping needs fixedOptions or dynamicOptions." }]
  const countries = allowedCountriesErrors(shipping.allowedCountries)
  if (hasFixed) return [...countries, ...shippingGroupErrors(shipping.fixedOptions, "shipping.fixedOptions", currency)]
  const d = shipping.dynamicOptions
  if (!isObj(d)) return [{ name: "shipping.dynamicOptions", reason: "dynamicOptions must be an object." }]
  const errors: ExtraDetail[] = [...countries]
  if (typeof d.callbackUrl !== "string" || !d.callbackUrl) errors.push({ name: "shipping.dynamicOptions.callbackUrl", reason: "callbackUrl is required." })
  if (present(d.callbackAuthorizationToken) && (typeof d.callbackAuthorizationToken !== "string" || !CALLBACK_TOKEN_RE.test(d.callbackAuthorizationToken))) {
    errors.push({ name: "shipping.dynamicOptions.callbackAuthorizationToken", reason: "callbackAuthorizationToken must match ^[a-zA-Z0-9-]{1,50}$." })
  }
  return errors
}

/** `shipping.allowedCountries` (Vipps, May 2026; not in spec 1.8.1): a non-empty list of distinct ISO 3166-1 alpha-2 codes. */
function allowedCountriesErrors(v: unknown): ExtraDetail[] {
  if (!present(v)) return []
  const ok = Array.isArray(v) && v.length > 0 && v.every((c) => typeof c === "string" && COUNTRY_RE.test(c)) && new Set(v).size === v.length
  return ok ? [] : [{ name: "shipping.allowedCountries", reason: "allowedCountries must be a non-empty list of distinct ISO 3166-1 alpha-2 country codes, e.g. [\"NO\", \"SE\"]." }]
}

/**
 * Business rules of an Express payment, after the schema passed: the sales unit must have
 * Express (5020), `paymentMethod.type` WALLET (4160), `profile.scope` including `address`
 * (4080), and a callback URL Vipps can call: https on 443/80/8080, public (4090; loopback
 * http is the sandbox's exception, as for webhooks).
 */
export function assertExpressRules(input: { shipping?: ShippingInput; profile?: { scope?: string }; paymentMethod: { type: string } }, merchant: SandboxMerchant) {
  if (!input.shipping) return
  if (merchant.express === false) throw codeError(403, 5020, "Express is not enabled for this sales unit. Ask Vipps MobilePay to enable Express for it.")
  if (input.paymentMethod.type !== "WALLET") throw codeError(400, 4160, "Express payments require paymentMethod.type WALLET.")
  const words = (input.profile?.scope ?? "").split(" ").filter(Boolean)
  if (!words.includes(EXPRESS_REQUIRED_SCOPE)) throw codeError(400, 4080, `Express requires profile.scope to include "${EXPRESS_REQUIRED_SCOPE}" (got "${input.profile?.scope ?? ""}").`)
  const url = input.shipping.dynamicOptions?.callbackUrl
  if (url !== undefined) {
    const problem = webhookUrlProblem(url)
    if (problem) throw codeError(400, 4090, `shipping.dynamicOptions.callbackUrl: ${problem.replace(/^url /, "the callback URL ")}`)
  }
}

/** Throws the schema errors of a shipping object (used where create's own list is not at hand). */
export function assertShippingSchema(shipping: unknown, currency: string) {
  const errors = shippingSchemaErrors(shipping, currency)
  if (errors.length) throw validationError(errors)
}
