import type { GetPaymentResponse } from "../vipps"
import type { ShopperNotice } from "../shopper-texts"

/** A Medusa cart address from what the shopper shared in the app. */
export type ExpressAddress = {
  first_name: string
  last_name: string
  phone: string
  address_1: string
  address_2?: string
  city: string
  postal_code: string
  country_code: string
}

export type ExpressDetails =
  | {
      ok: true
      email: string
      address: ExpressAddress
      shippingOptionId: string
      shippingOptionName: string
      /** Minor units, as Vipps reports it. */
      shippingCost: number
    }
  | { ok: false; notice: ShopperNotice }

const MISSING: ShopperNotice = { code: "vipps_express_details_missing" }

/**
 * GET payment's `userDetails` (names, email, mobile number) and `shippingDetails` (address,
 * chosen option and its cost) as what Medusa's cart takes. Billing = shipping: the app shares
 * one address. The phone gets its `+` (Vipps sends digits with the country code: 4712345678).
 */
export function expressDetailsOf(payment: Pick<GetPaymentResponse, "userDetails" | "shippingDetails">): ExpressDetails {
  const user = payment.userDetails
  const shipping = payment.shippingDetails
  const address = shipping?.address
  const present = (value: unknown): value is string => typeof value === "string" && value.trim() !== ""
  if (
    !user || !shipping || !address ||
    !present(user.email) || !present(user.firstName) || !present(user.lastName) || !present(user.mobileNumber) ||
    !present(address.addressLine1) || !present(address.city) || !present(address.postCode) || !present(address.country) ||
    !present(shipping.shippingOptionId) || typeof shipping.shippingCost !== "number"
  ) {
    return { ok: false, notice: MISSING }
  }
  return {
    ok: true,
    email: user.email.trim().toLowerCase(),
    address: {
      first_name: user.firstName.trim(),
      last_name: user.lastName.trim(),
      phone: `+${user.mobileNumber.replace(/^\+/, "").trim()}`,
      address_1: address.addressLine1.trim(),
      ...(present(address.addressLine2) ? { address_2: address.addressLine2.trim() } : {}),
      city: address.city.trim(),
      postal_code: address.postCode.trim(),
      country_code: address.country.trim().toLowerCase(),
    },
    shippingOptionId: shipping.shippingOptionId,
    shippingOptionName: shipping.shippingOptionName ?? shipping.shippingOptionId,
    shippingCost: shipping.shippingCost,
  }
}

/** For the admin card: `kari@example.no` → `k***@example.no`, `+4712345678` → `+47 ****5678`. */
export function maskEmail(email: string | undefined | null): string | undefined {
  if (!email) return undefined
  const [local, domain] = email.split("@")
  if (!domain) return `${email.slice(0, 1)}***`
  return `${local.slice(0, 1)}***@${domain}`
}

export function maskPhone(phone: string | undefined | null): string | undefined {
  if (!phone) return undefined
  const digits = phone.replace(/[^0-9]/g, "")
  if (digits.length < 6) return "****"
  const country = digits.startsWith("358") ? "358" : digits.slice(0, 2)
  return `+${country} ****${digits.slice(-4)}`
}
