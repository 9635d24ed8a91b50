// English: the reference catalogue. Every key here must exist in nb, da, fi and sv (unit-tested).
// `{app}` is the app in the shopper's hand ("Vipps" or "MobilePay"); other `{…}` are parameters.
export const en = {
  // --- Why a payment did not go through (cart completion, the return page) --------------------
  vipps_payment_aborted: "The payment was cancelled in {app}. Nothing was charged. Choose {app} again to start a new payment.",
  vipps_payment_expired: "The payment was not approved in time and has expired. Nothing was charged. Choose {app} again to start a new payment.",
  vipps_payment_terminated: "The payment was cancelled by the store. Nothing was charged. Choose {app} again to start a new payment.",
  vipps_payment_not_approved: "The payment has not been approved in {app} yet. Approve it in the app, then try again.",
  vipps_payment_released: "The {app} reservation was released, so this payment can no longer be used. Nothing was charged. Choose {app} again to start a new payment.",
  vipps_payment_amount_mismatch: "The amount approved in {app} ({approved}) is not the order total ({total}), so the payment was not accepted. Choose {app} again to pay the current total.",
  vipps_payment_failed: "The payment could not be completed with {app}. Please try again or choose another payment method.",
  vipps_payment_not_possible: "{app} could not start the payment for this customer. Please choose another payment method.",
  // Paid (reserved), but the order is not there yet: never "nothing was charged".
  vipps_payment_authorized: "The payment is approved in {app} and the amount is reserved. The store is completing your order and will confirm it shortly.",
  vipps_payment_link_unknown: "No {app} payment matches this link.",
  vipps_payment_not_confirmed: "{app} has not confirmed the payment yet. If you approved it in the app, the order is placed automatically; reload this page in a minute to see it. If you did not, nothing was charged.",
  vipps_payment_no_page: "{app} did not return a payment page. Please try again.",
  vipps_payment_start_failed: "{app} could not start the payment. Please try again or choose another payment method.",
  vipps_payment_unavailable: "{app} is not available for this order. Please choose another payment method.",
  // --- Card payments (a provider registered with paymentMethod "card"; docs/card-payments.md) ----
  vipps_card_unavailable: "Card payment is not available in this store right now. Please choose another payment method.",
  vipps_card_aborted: "The card payment was not completed: the card was declined or the payment was cancelled. Nothing was charged. Try again or choose another payment method.",
  // --- Paid, but no order: the reservation was released ---------------------------------------
  vipps_order_not_placed: "The order could not be placed ({reason}). The {app} reservation was released; nothing was charged.",
  vipps_order_paid_otherwise: "This order was already paid with another payment. The {app} reservation was released; nothing was charged.",
  vipps_express_details_missing: "{app} did not share the delivery address and contact details this order needs. The reservation was released; nothing was charged. Please start again.",
  vipps_express_shipping_unavailable: "The shipping option chosen in {app} can no longer deliver this order. The reservation was released; nothing was charged. Please start again.",
  vipps_express_price_changed: "The price changed while you were paying: the order now costs {now}, but {app} reserved {reserved}. The reservation was released; nothing was charged. Please start again.",
  // --- Express checkout could not start -------------------------------------------------------
  vipps_express_unavailable: "Express checkout with {app} is not available in this store yet. Use the normal checkout.",
  vipps_express_cart_missing: "This cart does not exist.",
  vipps_express_cart_completed: "This cart has already been paid for and became an order.",
  vipps_express_cart_empty: "The cart is empty: add something to it first.",
  vipps_express_outside_market: "Express checkout with {app} ships within {country} only, and this store does not deliver there.",
  vipps_express_no_shipping: "No shipping option can deliver this cart to {country}, so it cannot be bought with express checkout.",
  vipps_express_start_failed: "Express checkout with {app} could not start. Please try again or use the normal checkout.",
  // --- The return page while it waits ---------------------------------------------------------
  status_checking: "Checking your payment…",
  status_waiting: "Waiting for approval in {app}…",
  status_busy: "{app} is busy, trying again…",
  // --- Sent to Vipps: shown in the app and on the receipt -------------------------------------
  payment_description: "Online purchase",
  receipt_shipping: "Shipping",
  // --- Buttons (../shared/vipps/UPDATES-2026.md, "Button captions today") -----------------------
  button_pay_vipps: "Pay with Vipps",
  button_pay_mobilepay: "Pay with MobilePay",
  button_express_vipps: "Buy now with Vipps",
  button_express_mobilepay: "Buy now with MobilePay",
  // Card payments: a neutral button (no app brand, no brand colour).
  button_pay_card: "Pay by card",
} as const

export type ShopperTextKey = keyof typeof en
export type ShopperCatalogue = Record<ShopperTextKey, string>
