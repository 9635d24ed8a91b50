// Display formatting shared by the order card and the settings page: statuses, money, times, empty values.
// In English, money and dates look exactly as Medusa's own order page shows them (its payment
// section); in the card's other languages they follow that language (lib/translate.ts intlLocale).

/** Provider ids of this plugin start with this (`pp_vipps_<id>`). */
export const VIPPS_PREFIX = "pp_vipps_"

/** "pp_vipps_vipps" → "vipps" (the id in the webhook URL). */
export const shortProviderId = (id: string) => (id.startsWith(VIPPS_PREFIX) ? id.slice(VIPPS_PREFIX.length) : id)

export type StatusColor = "green" | "red" | "orange" | "grey"

/**
 * The colour of the card's badge for each payment status (admin-api `statusOf`): the colour
 * Medusa's order page gives the same payment status (dashboard `getOrderPaymentStatus`:
 * authorized/partially captured/partially refunded orange, captured green, refunded and
 * canceled red; a payment still pending orange). The words are the texts `status.<status>`.
 */
export const STATUS_COLORS: Record<string, StatusColor> = {
  authorized: "orange",
  partially_captured: "orange",
  captured: "green",
  partially_refunded: "orange",
  refunded: "red",
  released: "red",
  pending: "orange",
  aborted: "red",
  expired: "red",
  terminated: "red",
  capture_in_progress: "orange",
  refund_in_progress: "orange",
  release_in_progress: "orange",
}

/** The badge's colour; grey for a status this version does not know. */
export const statusColor = (status: string): StatusColor => STATUS_COLORS[status] ?? "grey"

/** Shown where a value is missing. */
export const NO_VALUE = "–"

/** "not_registered" → "not registered" (a status this version has no words for). */
export const spaced = (status: string) => status.replace(/_/g, " ")

/**
 * Money with the currency's narrow symbol, as Medusa's dashboard shows it (`getLocaleAmount`):
 * in English the browser's locale, exactly like the order page around the card ("kr 348.00" in
 * en-US, "348,00 kr" in nb-NO); in another language of the card that language's locale
 * (`intlLocale`: "348,00 kr" in Swedish, "1.234,00 kr." in Danish). `value` is an exact decimal
 * string ("348.00"), passed to Intl as a string so no float rounding is involved.
 */
export function formatMoney(currency: string, value: string, locales: string | string[] = []): string {
  if (!currency || value === "") return value
  const formatter = new Intl.NumberFormat(locales, { style: "currency", currencyDisplay: "narrowSymbol", currency })
  return formatter.format(value as unknown as number)
}

const ENGLISH_DATE_PARTS: Intl.DateTimeFormatOptions = {
  day: "2-digit",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
}

// The same parts in the card's language, with the day as that language writes it ("1. des.").
const LOCAL_DATE_PARTS: Intl.DateTimeFormatOptions = { ...ENGLISH_DATE_PARTS, day: "numeric" }

/**
 * A time, in the browser's time zone. In English (no `locale`) exactly as Medusa's order page
 * shows payments and refunds: date-fns `"dd MMM, yyyy, HH:mm:ss"`, e.g. "01 Dec, 2026, 06:54:38".
 * In another language of the card the same parts (short month, 24-hour clock with seconds) in
 * that locale's own order: "1.12.2026 klo 06.54.38" (fi-FI), "1 dec. 2026 06:54:38" (sv-SE),
 * "1. des. 2026, 06:54:38" (nb-NO), "1. dec. 2026, 06.54.38" (da-DK).
 */
export function formatTime(iso: string | null, locale?: string, timeZone?: string): string {
  if (!iso) return NO_VALUE
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return NO_VALUE
  if (locale) return new Intl.DateTimeFormat(locale, { ...LOCAL_DATE_PARTS, timeZone }).format(date)
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-US", { ...ENGLISH_DATE_PARTS, timeZone }).formatToParts(date).map((p) => [p.type, p.value])
  )
  return `${parts.day} ${parts.month}, ${parts.year}, ${parts.hour}:${parts.minute}:${parts.second}`
}

/** "Try again." → "Try again": for a message quoted inside a sentence of ours. */
export const withoutFinalStop = (text: string) => text.trim().replace(/[.!\s]+$/, "")

/** "0.00" (and "0") → true */
export const isZero = (value: string) => !/[1-9]/.test(value)
