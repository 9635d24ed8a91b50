import type { MedusaContainer } from "@medusajs/framework/types"
import { SUBSCRIBED_WEBHOOK_EVENTS, SUPPORTED_CURRENCIES, missingSubscribedEvents, webhookEventType } from "../vipps"
import { providerCurrencies } from "../sales-units"
import { WebhookStatus, webhookStatus, webhookUrlFor } from "../webhooks"
import { GoLiveItem, GoLiveProvider, GoLiveMode, fail, pass } from "./types"

/**
 * The checks that move no money, the same in both modes: credentials, merchant serial number,
 * currency, system headers and the webhook registration.
 */
const SYSTEM_HEADERS = ["Vipps-System-Name", "Vipps-System-Version", "Vipps-System-Plugin-Name", "Vipps-System-Plugin-Version"]
const MARKET_OF: Record<string, string> = { NOK: "Norway (Vipps)", DKK: "Denmark (MobilePay)", EUR: "Finland (MobilePay)" }

/** A fresh token from the keys (the cached one counts: it was fetched with the same keys). */
export async function checkCredentials(provider: GoLiveProvider): Promise<GoLiveItem> {
  const title = "Credentials (access token)"
  try {
    await provider.client.getAccessToken()
    return pass("credentials", title, `Vipps MobilePay issued an access token for client id ${provider.options.clientId}.`)
  } catch (error) {
    return fail("credentials", title, "Vipps MobilePay did not issue an access token for these keys.", error)
  }
}

/** An authenticated read carrying the MSN: Vipps refuses it (403) when keys and MSN do not belong together. */
export async function checkMerchantSerialNumber(provider: GoLiveProvider): Promise<GoLiveItem> {
  const title = "Merchant serial number (MSN)"
  const msn = provider.options.merchantSerialNumber
  try {
    await provider.client.webhooks.listWebhooks()
    return pass("msn", title, `Vipps MobilePay accepted MSN ${msn} with these keys.`)
  } catch (error) {
    return fail("msn", title, `Vipps MobilePay refused a request for MSN ${msn} with these keys.`, error)
  }
}

/** The one currency of the regions that use the provider; a sales unit takes exactly one. */
export async function checkCurrency(container: MedusaContainer, providerId: string): Promise<{ item: GoLiveItem; currency?: string }> {
  const title = "Currency of the sales unit and the regions using it"
  const currencies = [...new Set(((await providerCurrencies(container))[providerId] ?? []).map((c) => c.toUpperCase()))]
  if (!currencies.length) {
    return { item: fail("currency", title, `${providerId} is not enabled in any region (Settings → Regions → Payment providers), so no shopper can pay with it.`) }
  }
  if (currencies.length > 1) {
    return { item: fail("currency", title, `${providerId} is enabled in regions with ${currencies.join(" and ")}; one sales unit takes one currency. Register one provider per sales unit.`) }
  }
  const [currency] = currencies
  if (!(SUPPORTED_CURRENCIES as readonly string[]).includes(currency)) {
    return { item: fail("currency", title, `${providerId} is enabled in a ${currency} region; Vipps MobilePay takes NOK, DKK or EUR only.`) }
  }
  return { item: pass("currency", title, `The regions using ${providerId} take ${currency}: a sales unit in ${MARKET_OF[currency]}.`), currency }
}

/** The headers the client puts on every request (NOTES §2: mandatory for plugins). */
export function checkSystemHeaders(provider: GoLiveProvider): GoLiveItem {
  const title = "System headers (Vipps-System-*, Merchant-Serial-Number)"
  const headers = provider.client.defaultHeaders()
  const problems: string[] = []
  for (const name of SYSTEM_HEADERS) {
    const value = headers[name]
    if (!value || value.length > 30) problems.push(`${name} is ${value ? `longer than 30 characters` : "missing"}`)
  }
  if (headers["Merchant-Serial-Number"] !== provider.options.merchantSerialNumber) problems.push("Merchant-Serial-Number is not the provider's MSN")
  if (!headers["Ocp-Apim-Subscription-Key"]) problems.push("Ocp-Apim-Subscription-Key is missing")
  if (problems.length) return fail("system_headers", title, `Every request must carry the system headers: ${problems.join("; ")}.`)
  const shown = [...SYSTEM_HEADERS, "Merchant-Serial-Number"].map((name) => `${name}: ${headers[name]}`).join(", ")
  return pass("system_headers", title, `Every request carries ${shown} and the subscription key.`)
}

/**
 * Registered at Vipps, for this store's URL, for the seven events the plugin subscribes to
 * (CREATED too, in a registration an earlier version made, is fine: it changes nothing).
 */
export async function checkWebhookRegistration(container: MedusaContainer, provider: GoLiveProvider, providerId: string, mode: GoLiveMode): Promise<GoLiveItem> {
  const base = provider.options.webhookBaseUrl
  const sandbox = provider.options.environment !== "test" && provider.options.environment !== "production"
  if (!base && !sandbox) {
    return fail("webhook_registration", REGISTRATION_TITLE, `Set the provider option webhookBaseUrl (the public https URL of this Medusa server) for ${providerId}, then register the webhooks.`)
  }
  try {
    return webhookRegistrationItem(await webhookStatus(container, providerId), { providerId, mode, webhookBaseUrl: base })
  } catch (error) {
    return fail("webhook_registration", REGISTRATION_TITLE, "The webhook registration could not be read from Vipps MobilePay.", error)
  }
}

const REGISTRATION_TITLE = "Webhook registration"

/** The webhook_registration item for a registration's status (webhooks/registration.ts). */
export function webhookRegistrationItem(status: WebhookStatus, options: { providerId: string; mode: GoLiveMode; webhookBaseUrl?: string }): GoLiveItem {
  const { providerId, mode, webhookBaseUrl: base } = options
  const title = REGISTRATION_TITLE
  const register = "Run the register-vipps-webhooks command or press Register on Settings → Vipps MobilePay."
  if (status.status === "not_registered") return fail("webhook_registration", title, `No webhook is registered at Vipps MobilePay for ${providerId}. ${register}`)
  if (status.status === "missing_at_vipps") {
    return fail("webhook_registration", title, `The registration stored for ${providerId} no longer exists at Vipps MobilePay (Vipps deletes one after two weeks of failed deliveries). ${register}`)
  }
  if (status.status === "url_changed") {
    return fail("webhook_registration", title, `The webhook is registered for ${status.url}, but this store's URL is ${base ? webhookUrlFor(base, providerId) : "another one"}. Register again (register-vipps-webhooks force, or Re-register).`)
  }
  const missing = missingSubscribedEvents(status.events)
  if (missing.length) return fail("webhook_registration", title, `The registration lacks the events ${missing.join(", ")}. Register again (register-vipps-webhooks force, or Re-register).`)
  const note = base ? "" : " (no webhookBaseUrl set: fine for the sandbox only)"
  const created = (status.events ?? []).includes(webhookEventType("CREATED"))
    ? " It is also subscribed to CREATED (registered by an earlier version): harmless, those deliveries are stored and change nothing; register again with force to drop it."
    : ""
  return pass(
    "webhook_registration",
    title,
    `Registered at ${status.url} for all ${SUBSCRIBED_WEBHOOK_EVENTS.length} ePayment events the plugin uses${note}${mode === "production" ? " in production" : ""}.${created}`
  )
}
