import { z } from "zod"
import { SHOPPER_LANGUAGES, VIPPS_BRAND_SETTINGS } from "../../shopper-texts"
import { OptionProblem, urlProblems } from "./url-rules"

/** How the shopper meets Vipps MobilePay (ePayment `userFlow`). */
export const USER_FLOWS = ["WEB_REDIRECT", "NATIVE_REDIRECT", "PUSH_MESSAGE", "QR"] as const

/**
 * What the shopper pays with: the Vipps MobilePay app ("wallet", default) or Vipps MobilePay's
 * card form without the app ("card": ePayment `paymentMethod.type: "CARD"`, web redirect only).
 * A store offers Card as its own choice by registering a second entry (e.g. id "vipps-card")
 * with the same sales unit and `paymentMethod: "card"` (docs/card-payments.md).
 */
export const PAYMENT_METHODS = ["wallet", "card"] as const

/** Express checkout's shipping: options fixed when the payment starts, or asked per address (callback). */
export const EXPRESS_SHIPPING = ["fixed", "dynamic"] as const

/** When the plugin captures: on fulfilment (default), shipment, delivery, never (manual), or at authorization. */
export const CAPTURE_TRIGGERS = ["fulfillment", "shipment", "delivery", "manual", "authorization"] as const

const environmentSchema = z
  .string({ error: 'set "test", "production" or the base URL of a Vipps-compatible API such as the local sandbox (http://127.0.0.1:4545)' })
  .refine((value) => value === "test" || value === "production" || /^https?:\/\/[^\s/]+(\/[^\s]*)?$/.test(value), {
    message: 'must be "test", "production" or a base URL such as http://127.0.0.1:4545 (the local sandbox)',
  })

const required = (what: string, where: string) =>
  z.string({ error: `missing: ${what} (${where})` }).trim().min(1, `missing: ${what} (${where})`)

const portal = "portal.vippsmobilepay.com → For developers → API keys"

const description = z
  .string()
  .min(3, "must be 3–100 characters (it is shown in the Vipps MobilePay app)")
  .max(100, "must be 3–100 characters (it is shown in the Vipps MobilePay app)")

export const vippsOptionsSchema = z.object({
  environment: environmentSchema,
  merchantSerialNumber: z
    .string({ error: `missing: the merchant serial number (MSN) of the sales unit (${portal})` })
    .regex(/^[0-9]{4,10}$/, "must be the 4–10 digit merchant serial number (MSN) of the sales unit"),
  clientId: required("client id", portal),
  clientSecret: required("client secret", portal),
  subscriptionKey: required("Ocp-Apim-Subscription-Key (primary or secondary)", portal),
  returnUrl: z
    .string({ error: "missing: the URL of your storefront's return page, e.g. https://shop.example/vipps/return?reference={reference}" })
    .refine((value) => /^(https?:\/\/|[a-z][a-z0-9+.-]*:\/\/)/i.test(value), {
      message: "must be an absolute URL (https://, or your app's own scheme for NATIVE_REDIRECT) of your storefront's return page, e.g. https://shop.example/vipps/return?reference={reference}",
    }),
  referencePrefix: z
    .string()
    .regex(/^[a-zA-Z0-9-]{1,20}$/, "must be 1–20 letters, digits or dashes (it starts every Vipps reference)")
    .default("medusa"),
  paymentMethod: z.enum(PAYMENT_METHODS, { error: `must be one of ${PAYMENT_METHODS.join(", ")}` }).default("wallet"),
  userFlow: z.enum(USER_FLOWS, { error: `must be one of ${USER_FLOWS.join(", ")}` }).default("WEB_REDIRECT"),
  // One text, or one per shopper language ({ nb: "…", da: "…", en: "…" }); see paymentDescriptionFor.
  paymentDescription: z
    .union([description, z.partialRecord(z.enum(SHOPPER_LANGUAGES), description)], {
      error: `must be 3–100 characters, or one such text per language, e.g. { nb: "Ordre fra Butikken", en: "Order from the Shop" } (${SHOPPER_LANGUAGES.join(", ")})`,
    })
    .optional(),
  // The app's name in shopper texts and buttons: by market and date (Denmark and Finland change
  // from MobilePay to Vipps on 12 January 2027), or forced.
  brand: z.enum(VIPPS_BRAND_SETTINGS as ["auto", "vipps", "mobilepay"], { error: `must be one of ${VIPPS_BRAND_SETTINGS.join(", ")}` }).default("auto"),
  capture: z
    .enum(CAPTURE_TRIGGERS, { error: `must be one of ${CAPTURE_TRIGGERS.join(", ")}` })
    .default("fulfillment"),
  webhookBaseUrl: z
    .string()
    .regex(/^https?:\/\/[^\s/]+(\/[^\s]*)?$/, "must be the public base URL of this Medusa server, e.g. https://api.shop.example (webhooks are registered at <webhookBaseUrl>/hooks/vipps/<provider id>)")
    .optional(),
  orderDetailsUrl: z
    .string()
    .regex(/^https?:\/\/\S+$/, "must be an absolute URL of the order page in your storefront, e.g. https://shop.example/account/orders/{order_id}")
    .optional(),
  express: z
    .object({
      enabled: z.boolean({ error: "must be true or false" }).default(false),
      shipping: z.enum(EXPRESS_SHIPPING, { error: `must be one of ${EXPRESS_SHIPPING.join(", ")}` }).default("fixed"),
    }, { error: 'must be an object such as { enabled: true, shipping: "fixed" }' })
    .default({ enabled: false, shipping: "fixed" }),
  // Warn (card, log) when money is still uncaptured this many days before the capture deadline.
  captureDeadlineWarningDays: z.number({ error: "must be a whole number of days (0–30)" }).int("must be a whole number of days (0–30)").min(0).max(30).default(3),
  timeoutMs: z.number().int().min(100).max(120_000).optional(),
  maxRetries: z.number().int().min(0).max(10).optional(),
  retryBaseMs: z.number().int().min(1).max(60_000).optional(),
})

export type VippsOptionsInput = z.input<typeof vippsOptionsSchema>
export type VippsOptions = z.output<typeof vippsOptionsSchema>

/** Invalid provider options: one message listing every problem, naming the registration when known. */
export class VippsOptionsError extends Error {
  constructor(readonly problems: OptionProblem[], readonly providerId?: string) {
    super(describeProblems(problems, providerId))
    this.name = "VippsOptionsError"
  }
}

function describeProblems(problems: OptionProblem[], providerId?: string): string {
  const lines = problems.map((p) => `  - ${p.path}: ${p.message}`)
  if (!providerId) return `Vipps MobilePay provider options are invalid:\n${lines.join("\n")}`
  const id = providerId.replace(/^pp_vipps_/, "")
  return (
    `Vipps MobilePay provider ${providerId} has invalid options ` +
    `(medusa-config: Payment Module → providers → the entry with id "${id}"):\n${lines.join("\n")}\n` +
    `Fix these options of that entry and start Medusa again.`
  )
}

/**
 * Validates provider options and returns them with defaults applied. Throws one
 * VippsOptionsError that lists every problem (schema and what Vipps refuses in URLs), so a
 * misconfigured store stops at boot saying what to fix.
 */
export function parseVippsOptions(options: unknown, providerId?: string): VippsOptions {
  const { options: parsed, problems } = checkVippsOptions(options)
  if (!parsed) throw new VippsOptionsError(problems, providerId)
  return parsed
}

/**
 * Every problem of these (raw) options, schema and what Vipps refuses, and the options with
 * defaults when there is none. The same rules for medusa-config at boot and for the settings a
 * shop admin saves (providers/vipps/effective-options.ts).
 */
export function checkVippsOptions(options: unknown): { options?: VippsOptions; problems: OptionProblem[] } {
  const raw = (options ?? {}) as Record<string, unknown>
  const result = vippsOptionsSchema.safeParse(raw)
  const problems: OptionProblem[] = result.success
    ? []
    : result.error.issues.map((issue) => ({ path: issue.path.join(".") || "options", message: issue.message }))
  for (const problem of [...urlProblems(raw), ...expressProblems(raw), ...cardProblems(raw)]) {
    if (!problems.some((p) => p.path === problem.path)) problems.push(problem)
  }
  return result.success && !problems.length ? { options: result.data, problems } : { problems }
}

/**
 * What Vipps refuses for card payments (`paymentMethod.type: "CARD"`): only the web redirect to
 * its card form (`userFlow` WEB_REDIRECT; other flows answer 4160), and never Express (which
 * happens in the app). The same rule applies to what a shop admin saves on the settings page.
 */
function cardProblems(options: Record<string, unknown>): OptionProblem[] {
  if (options.paymentMethod !== "card") return []
  const problems: OptionProblem[] = []
  if (options.userFlow !== undefined && options.userFlow !== "WEB_REDIRECT") {
    problems.push({
      path: "userFlow",
      message: `must be "WEB_REDIRECT" with paymentMethod "card": Vipps MobilePay takes card payments on its web card form only (remove userFlow or set "WEB_REDIRECT")`,
    })
  }
  const express = options.express as { enabled?: unknown } | undefined
  if (express && express.enabled === true) {
    problems.push({
      path: "express.enabled",
      message: `must be false with paymentMethod "card": Express checkout happens in the Vipps MobilePay app (enable it on the wallet registration instead)`,
    })
  }
  return problems
}

/**
 * What Vipps would refuse in the express settings: the dynamic shipping callback is
 * `<webhookBaseUrl>/hooks/vipps/<id>/shipping`, so it needs a webhookBaseUrl (whose https and
 * port rules, checked by urlProblems, are the callback's too).
 */
function expressProblems(options: Record<string, unknown>): OptionProblem[] {
  const express = options.express as { enabled?: unknown; shipping?: unknown } | undefined
  if (!express || express.enabled !== true || express.shipping !== "dynamic") return []
  if (typeof options.webhookBaseUrl === "string" && options.webhookBaseUrl.trim()) return []
  return [{
    path: "express.shipping",
    message: '"dynamic" needs webhookBaseUrl: Vipps MobilePay asks for shipping options at <webhookBaseUrl>/hooks/vipps/<id>/shipping (or use "fixed")',
  }]
}
