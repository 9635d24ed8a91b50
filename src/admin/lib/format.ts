// Display formatting shared by the order card and the settings page: statuses, money, times, empty values.

/** Provider ids of this plugin start with this (`pp_vipps_<id>`). */
export const VIPPS_PREFIX = "pp_vipps_"

/** "pp_vipps_vipps" → "vipps" (the id in the webhook URL). */
export const shortProviderId = (id: string) => (id.startsWith(VIPPS_PREFIX) ? id.slice(VIPPS_PREFIX.length) : id)

export type StatusColor = "green" | "red" | "blue" | "orange" | "grey" | "purple"

/** Badge colour of each payment status of the card. */
export const STATUS_COLOR: Record<string, StatusColor> = {
  authorized: "blue",
  partially_captured: "orange",
  captured: "green",
  partially_refunded: "purple",
  refunded: "purple",
  released: "grey",
  pending: "grey",
  aborted: "red",
  expired: "red",
  terminated: "red",
  capture_in_progress: "orange",
  refund_in_progress: "orange",
  release_in_progress: "orange",
}

/** Shown where a value is missing. */
export const NO_VALUE = "–"

/** "not_registered" → "not registered" */
export const spaced = (status: string) => status.replace(/_/g, " ")
/** "partially_captured" → "Partially captured" */
export const humanize = (status: string) => status.charAt(0).toUpperCase() + spaced(status.slice(1))
export const formatMoney = (currency: string, value: string) => `${currency} ${value}`
export const formatTime = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : NO_VALUE)
/** "0.00" (and "0") → true */
export const isZero = (value: string) => !/[1-9]/.test(value)
