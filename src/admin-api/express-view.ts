import type { GetPaymentResponse } from "../vipps"
import { fromMinorUnits } from "../vipps"
import type { VippsSessionData } from "../providers/vipps/session-data"
import { maskEmail, maskPhone } from "../express"

/** What the card shows of an express payment: the shipping chosen and the profile the shopper shared (masked). */
export type ExpressView = {
  shipping: "fixed" | "dynamic"
  shipping_option_id: string | null
  shipping_option_name: string | null
  /** Major units incl. tax, as Vipps reported it. */
  shipping_amount: string | null
  name: string | null
  email: string | null
  phone: string | null
  address: string | null
}

export function expressViewOf(data: VippsSessionData, live: GetPaymentResponse | undefined): ExpressView | null {
  const express = data.express
  if (!express) return null
  const user = live?.userDetails
  const shipping = live?.shippingDetails
  const address = shipping?.address
  const amount = shipping?.shippingCost ?? express.shipping_amount
  return {
    shipping: express.shipping,
    shipping_option_id: shipping?.shippingOptionId ?? express.shipping_option_id ?? null,
    shipping_option_name: shipping?.shippingOptionName ?? express.shipping_option_name ?? null,
    shipping_amount: amount === undefined ? null : fromMinorUnits(amount, data.currency),
    name: user ? [user.firstName, user.lastName].filter(Boolean).join(" ") || null : null,
    email: maskEmail(user?.email) ?? null,
    phone: maskPhone(user?.mobileNumber) ?? null,
    address: address ? [address.addressLine1, address.addressLine2, `${address.postCode ?? ""} ${address.city ?? ""}`.trim(), address.country].filter(Boolean).join(", ") : null,
  }
}
