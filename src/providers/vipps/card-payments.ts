// Freestanding card payments (`paymentMethod: "card"`): what the provider says when Vipps will
// not create a CARD payment because the sales unit has no card permission
// (`creditCardPaymentAllowed`, UPDATES-2026). Vipps documents no code of its own for this; the
// sandbox answers 5070 "payment cannot be created" (403), the merchant-configuration error that
// fits, and only a CARD create is read this way (docs/card-payments.md).
import { MedusaError } from "@medusajs/framework/utils"
import { VippsError } from "../../vipps"
import { shopperText, type ShopperCode, type ShopperVoice } from "../../shopper-texts"
import { vippsErrorOf } from "./medusa-error"

export const CARD_NOT_ENABLED_CODES: readonly string[] = ["5070"]

/** Vipps refused a CARD payment because card payments are not enabled for the sales unit. */
export class VippsCardPaymentsNotEnabledError extends VippsError {
  override readonly shopperCode: ShopperCode = "vipps_card_unavailable"

  constructor(cause: VippsError, where: { providerId?: string; msn: string }) {
    super({
      kind: cause.kind,
      status: cause.status,
      code: cause.code,
      title: cause.title,
      detail: cause.detail,
      traceId: cause.traceId,
      operation: cause.operation,
      reference: cause.reference,
      extraDetails: cause.extraDetails,
      retryable: false,
      cause,
      merchantMessage: cardNotEnabledSentence(where),
      shopperMessage: shopperText("vipps_card_unavailable", { language: "en", brand: "vipps" }),
    })
    this.name = "VippsCardPaymentsNotEnabledError"
  }
}

/** The merchant's sentence: what is missing and how to get it. */
export function cardNotEnabledSentence({ providerId, msn }: { providerId?: string; msn: string }): string {
  const provider = providerId ? ` (provider ${providerId})` : ""
  return (
    `Card payments are not enabled for the Vipps MobilePay sales unit ${msn}${provider}. ` +
    `Ask Vipps MobilePay to enable card payments (freestanding card payments) for the sales unit with MSN ${msn} ` +
    `(portal.vippsmobilepay.com or your Vipps MobilePay contact); until then, remove the card provider from the region's payment providers.`
  )
}

/** The typed error when `error` is Vipps refusing a CARD create for lack of permission, else undefined. */
export function cardPermissionError(error: unknown, where: { providerId?: string; msn: string }): VippsCardPaymentsNotEnabledError | undefined {
  const vipps = vippsErrorOf(error)
  if (!vipps || vipps.kind !== "http" || !vipps.code || !CARD_NOT_ENABLED_CODES.includes(vipps.code)) return undefined
  return new VippsCardPaymentsNotEnabledError(vipps, where)
}

/** What Medusa passes on to the storefront: the shopper's catalogue sentence (its language), with the typed error on `.vipps`. */
export function cardPermissionMedusaError(error: VippsCardPaymentsNotEnabledError, voice: ShopperVoice): MedusaError {
  const wrapped = new MedusaError(MedusaError.Types.NOT_ALLOWED, shopperText("vipps_card_unavailable", voice))
  ;(wrapped as unknown as { vipps: VippsError }).vipps = error
  return wrapped
}
