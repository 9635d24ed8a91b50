// Plain words for the admin-editable settings and their choices (the option names stay visible as detail).
import type { VippsSettingView } from "../../lib/vipps-types"

export const SETTING_LABELS: Record<VippsSettingView["name"], { label: string; hint: string }> = {
  capture: { label: "When to capture", hint: "When the money is taken from the reservation." },
  paymentDescription: { label: "Payment description", hint: "3–100 characters, shown in the app and in settlement reports." },
  userFlow: { label: "User flow", hint: "How the shopper meets Vipps MobilePay." },
  orderDetailsUrl: { label: "Order details link", hint: "Shown in the app next to the payment; {order_id} and {display_id} are filled in." },
  "express.enabled": { label: "Express checkout", hint: "The shopper chooses address and shipping in the app." },
  "express.shipping": { label: "Express shipping", hint: "Fixed prices, or options asked from the store while the shopper chooses." },
}

export const CHOICE_LABELS: Record<string, string> = {
  fulfillment: "When a fulfilment is created",
  shipment: "When a fulfilment ships",
  delivery: "When a fulfilment is delivered",
  manual: "Only when an admin captures",
  authorization: "Right after the order is placed (digital goods)",
  WEB_REDIRECT: "Web redirect (app on mobile, landing page on desktop)",
  NATIVE_REDIRECT: "Native redirect (your own app)",
  PUSH_MESSAGE: "Push message to the customer's app",
  QR: "QR code",
  fixed: "Fixed",
  dynamic: "Dynamic",
}

/** A setting's value in words: "Only when an admin captures", "On", "–". */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null || value === "") return "–"
  if (value === true) return "On"
  if (value === false) return "Off"
  return CHOICE_LABELS[String(value)] ?? String(value)
}
