// Display formatting shared by the order card and the settings page: statuses, money, times, empty values.
// Money and dates look exactly as Medusa's own order page shows them (its payment section).

/** Provider ids of this plugin start with this (`pp_vipps_<id>`). */
export const VIPPS_PREFIX = "pp_vipps_"

/** "pp_vipps_vipps" → "vipps" (the id in the webhook URL). */
export const shortProviderId = (id: string) => (id.startsWith(VIPPS_PREFIX) ? id.slice(VIPPS_PREFIX.length) : id)

export type StatusColor = "green" | "red" | "orange" | "grey"

/**
 * The card's badge for each payment status (admin-api `statusOf`): plain words, and the colour
 * Medusa's order page gives the same payment status (dashboard `getOrderPaymentStatus`:
 * authorized/partially captured/partially refunded orange, captured green, refunded and
 * canceled red; a payment still pending orange).
 */
export const STATUS_BADGE: Record<string, { label: string; color: StatusColor }> = {
  authorized: { label: "Reserved", color: "orange" },
  partially_captured: { label: "Partially captured", color: "orange" },
  captured: { label: "Captured", color: "green" },
  partially_refunded: { label: "Partially refunded", color: "orange" },
  refunded: { label: "Refunded", color: "red" },
  released: { label: "Released", color: "red" },
  pending: { label: "Waiting for the customer", color: "orange" },
  aborted: { label: "Cancelled by the customer", color: "red" },
  expired: { label: "Expired", color: "red" },
  terminated: { label: "Cancelled", color: "red" },
  capture_in_progress: { label: "Capture in progress", color: "orange" },
  refund_in_progress: { label: "Refund in progress", color: "orange" },
  release_in_progress: { label: "Release in progress", color: "orange" },
}

export const statusBadge = (status: string) => STATUS_BADGE[status] ?? { label: humanize(status), color: "grey" as const }

/** Shown where a value is missing. */
export const NO_VALUE = "–"

/** "not_registered" → "not registered" */
export const spaced = (status: string) => status.replace(/_/g, " ")
/** "partially_captured" → "Partially captured" */
export const humanize = (status: string) => status.charAt(0).toUpperCase() + spaced(status.slice(1))

/**
 * Money as Medusa's dashboard shows it (`getLocaleAmount`): the browser's locale, the currency's
 * narrow symbol ("kr 348.00" in en-US, "348,00 kr" in nb-NO). `value` is an exact decimal string
 * ("348.00"), passed to Intl as a string so no float rounding is involved.
 */
export function formatMoney(currency: string, value: string, locales: string[] = []): string {
  if (!currency || value === "") return value
  const formatter = new Intl.NumberFormat(locales, { style: "currency", currencyDisplay: "narrowSymbol", currency })
  return formatter.format(value as unknown as number)
}

const DATE_PARTS: Intl.DateTimeFormatOptions = {
  day: "2-digit",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
}

/**
 * A time as Medusa's order page shows payments and refunds: date-fns `"dd MMM, yyyy, HH:mm:ss"`
 * (English month, 24-hour clock, the browser's time zone), e.g. "01 Dec, 2026, 06:54:38".
 */
export function formatTime(iso: string | null, timeZone?: string): string {
  if (!iso) return NO_VALUE
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return NO_VALUE
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { ...DATE_PARTS, timeZone }).formatToParts(date).map((p) => [p.type, p.value])
  )
  return `${parts.day} ${parts.month}, ${parts.year}, ${parts.hour}:${parts.minute}:${parts.second}`
}

/** "Try again." → "Try again": for a message quoted inside a sentence of ours. */
export const withoutFinalStop = (text: string) => text.trim().replace(/[.!\s]+$/, "")

/** "0.00" (and "0") → true */
export const isZero = (value: string) => !/[1-9]/.test(value)
