// Express as the shopper lives it: the test profiles the landing page offers (what the app would
// share), the merchant's dynamic shipping callback called the way Vipps calls it, and the
// shopper's choice that becomes `shippingDetails` / `userDetails` (spec GetPaymentResponse,
// WebhookEvent; "How Express works"). No plugin code; Node's fetch only.
import type { SandboxContext } from "./context"
import { httpError } from "./errors"
import { shippingGroupErrors, type ShippingGroup, type ShippingOption } from "./express-shipping"
import type { Payment } from "./payment-types"
import type { ApprovalOutcome } from "./test-env"
import type { SandboxMarket } from "./types"

export type ProfileId = SandboxMarket
export const PROFILE_IDS: ProfileId[] = ["NO", "DK", "FI"]

export type ExpressAddress = { addressLine1: string; addressLine2?: string; city: string; postCode: string; country: string }
export type TestProfile = { firstName: string; lastName: string; email: string; mobileNumber: string; address: ExpressAddress }
export type ShippingDetails = { address: ExpressAddress; shippingCost: number; shippingOptionId: string; shippingOptionName: string }
export type UserDetails = { firstName: string; lastName: string; email: string; mobileNumber: string; addresses: ExpressAddress[] }
export type ExpressChoice = { profile: ProfileId; shippingDetails: ShippingDetails; userDetails: UserDetails }
export type CallbackLog = { at: string; profile: ProfileId; status: number | "error" | "timeout"; durationMs: number; problem: string | null }

/** The fixed test users the landing page lets a tester be (one per market). */
export const TEST_PROFILES: Record<ProfileId, TestProfile> = {
  NO: {
    firstName: "Kari",
    lastName: "Nordmann",
    email: "kari.nordmann@example.no",
    mobileNumber: "4791234567",
    address: { addressLine1: "Robert Levins gate 5", addressLine2: "Leilighet H0301", city: "Oslo", postCode: "0154", country: "NO" },
  },
  DK: {
    firstName: "Mette",
    lastName: "Hansen",
    email: "mette.hansen@example.dk",
    mobileNumber: "4520123456",
    address: { addressLine1: "Vesterbrogade 12, 2. th.", city: "København V", postCode: "1620", country: "DK" },
  },
  FI: {
    firstName: "Aino",
    lastName: "Virtanen",
    email: "aino.virtanen@example.fi",
    mobileNumber: "358401234567",
    address: { addressLine1: "Mannerheimintie 12 B 7", city: "Helsinki", postCode: "00100", country: "FI" },
  },
}

const CURRENCY_PROFILE: Record<string, ProfileId> = { NOK: "NO", DKK: "DK", EUR: "FI" }
export const defaultProfile = (p: Payment): ProfileId => CURRENCY_PROFILE[p.amount.currency] ?? "NO"
export const isExpress = (p: Payment) => !!p.shipping
/** Where the shop ships: `shipping.allowedCountries`, or without it the country of the payment's currency (Vipps, May 2026). */
export const allowedCountries = (p: Payment): string[] => p.shipping?.allowedCountries ?? [TEST_PROFILES[defaultProfile(p)].address.country]
/** The test users whose address the app lets the shopper share for this payment. */
export const allowedProfiles = (p: Payment): ProfileId[] => PROFILE_IDS.filter((id) => allowedCountries(p).includes(TEST_PROFILES[id].address.country))
export const shippingCostOf = (p: Payment) => p.shippingDetails?.shippingCost ?? 0

export function parseProfile(v: unknown): ProfileId | undefined {
  if (v === undefined || v === null || v === "") return undefined
  if (!PROFILE_IDS.includes(v as ProfileId)) throw httpError(400, `profile must be one of ${PROFILE_IDS.join(", ")}.`, [{ name: "profile", reason: `Use ${PROFILE_IDS.join(", ")}.` }])
  return v as ProfileId
}

/**
 * Why the shopper cannot approve: the merchant's callback gave nothing to choose (status 502)
 * or the chosen option is not offered (400). The payment stays CREATED.
 */
export class ShippingRefusal extends Error {
  constructor(
    message: string,
    readonly status: 400 | 502
  ) {
    super(message)
  }
}

/**
 * POSTs the shopper's address to the merchant (spec DynamicShippingGroupsRequest) with the
 * `callbackAuthorizationToken` as `Authorization`, and returns the groups it answers
 * (ShippingGroupsResponse), validated like fixedOptions. Anything else — no answer within the
 * timeout, a non-200 status, a body without usable groups — is a ShippingRefusal (502).
 */
export async function fetchShippingGroups(ctx: SandboxContext, p: Payment, profile: ProfileId): Promise<ShippingGroup[]> {
  const dyn = p.shipping?.dynamicOptions
  if (!dyn) throw new Error("not a dynamic-shipping payment")
  const a = TEST_PROFILES[profile].address
  const started = Date.now()
  const record = (status: CallbackLog["status"], problem: string | null) => {
    ;(p.shippingCallbacks ??= []).push({ at: new Date().toISOString(), profile, status, durationMs: Date.now() - started, problem })
    ctx.log(`shipping callback ${p.reference} → ${status}${problem ? ` (${problem})` : ""}`)
  }
  const fail = (status: CallbackLog["status"], problem: string): never => {
    record(status, problem)
    throw new ShippingRefusal(problem, 502)
  }
  let res: Response
  try {
    res = await fetch(dyn.callbackUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json;charset=UTF-8", ...(dyn.callbackAuthorizationToken ? { Authorization: dyn.callbackAuthorizationToken } : {}) },
      body: JSON.stringify({ reference: p.reference, AddressLine1: a.addressLine1, AddressLine2: a.addressLine2 ?? null, City: a.city, PostCode: a.postCode, Country: a.country }),
      signal: AbortSignal.timeout(ctx.shippingCallbackTimeoutMs),
      redirect: "manual",
    })
  } catch (e) {
    const err = e as Error
    if (err?.name === "TimeoutError") return fail("timeout", `the shop did not answer within ${ctx.shippingCallbackTimeoutMs / 1000} s`)
    return fail("error", `the shop could not be reached (${err?.message ?? err})`)
  }
  const raw = await res.text().catch(() => "")
  if (res.status !== 200) return fail(res.status, `the shop answered HTTP ${res.status}`)
  let body: unknown
  try {
    body = JSON.parse(raw)
  } catch {
    return fail(res.status, "the shop's answer is not JSON")
  }
  const groups = (body as { groups?: unknown } | null)?.groups
  const problems = shippingGroupErrors(groups, "groups", p.amount.currency)
  if (problems.length) return fail(res.status, `the shop's answer has no usable shipping options (${problems.map((x) => `${x.name}: ${x.reason}`).join("; ")})`)
  record(res.status, null)
  return groups as ShippingGroup[]
}

export const allOptions = (groups: ShippingGroup[]): ShippingOption[] => groups.flatMap((g) => g.options)

/** The options the shopper sees for a profile: fixed ones, the landing page's last answer, or a fresh callback. */
export async function offeredGroups(ctx: SandboxContext, p: Payment, profile: ProfileId, reuseOffer: boolean): Promise<ShippingGroup[]> {
  if (!allowedProfiles(p).includes(profile)) {
    throw new ShippingRefusal(`the shop does not ship to ${TEST_PROFILES[profile].address.country} (allowed: ${allowedCountries(p).join(", ")})`, 400)
  }
  if (p.shipping?.fixedOptions) return p.shipping.fixedOptions
  if (reuseOffer && p.expressOffer?.profile === profile) return p.expressOffer.groups
  const groups = await fetchShippingGroups(ctx, p, profile)
  p.expressOffer = { profile, groups }
  return groups
}

/** What the shopper picked, as GET payment will report it (default option: the first one offered). */
export function expressChoice(p: Payment, profile: ProfileId, groups: ShippingGroup[], optionId: string | undefined): ExpressChoice {
  const options = allOptions(groups)
  const option = optionId === undefined || optionId === "" ? options[0] : options.find((o) => o.id === optionId)
  if (!option) throw new ShippingRefusal(`shipping option ${optionId} is not among the options offered (${options.map((o) => o.id).join(", ")})`, 400)
  const t = TEST_PROFILES[profile]
  return {
    profile,
    shippingDetails: { address: { ...t.address }, shippingCost: option.amount.value, shippingOptionId: option.id, shippingOptionName: option.name },
    userDetails: { firstName: t.firstName, lastName: t.lastName, email: t.email, mobileNumber: t.mobileNumber, addresses: [{ ...t.address }] },
  }
}

/**
 * The shopper approves (landing page or control API). Express: the chosen profile (default: the
 * market of the payment's currency) and option (default: the first offered) — for dynamic
 * options after asking the merchant's callback — and the shipping cost is authorized on top.
 */
export async function approveAsShopper(ctx: SandboxContext, p: Payment, input: { profile?: ProfileId; shippingOptionId?: string }, reuseOffer: boolean): Promise<ApprovalOutcome> {
  if (!isExpress(p)) {
    if (input.profile || input.shippingOptionId) throw httpError(400, `Payment ${p.reference} is not an Express payment; profile and shippingOptionId apply to Express only.`)
    return ctx.payments.approveAsShopper(p)
  }
  ctx.payments.refresh(p)
  if (p.state !== "CREATED" || p.processingUntil !== undefined) return ctx.payments.approveAsShopper(p) // throws the state error
  const profile = input.profile ?? defaultProfile(p)
  const groups = await offeredGroups(ctx, p, profile, reuseOffer)
  return ctx.payments.approveAsShopper(p, expressChoice(p, profile, groups, input.shippingOptionId))
}

/** `shippingDetails` / `userDetails` of GET payment and the AUTHORIZED webhook (present once authorized). */
export function expressView(p: Payment) {
  if (!p.shippingDetails || !p.userDetails) return {}
  return { shippingDetails: structuredClone(p.shippingDetails), userDetails: structuredClone(p.userDetails) }
}
