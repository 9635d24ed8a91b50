// What `redirectUrl` is per userFlow (spec CreatePaymentResponse, NOTES §3.2):
//   WEB_REDIRECT     the landing page (https://landing.vipps.no?token=… at Vipps)
//   NATIVE_REDIRECT  an app deep link, in the spec example's form `vipps://token=…`
//                    (MobilePay sales units: `mobilepay://token=…`)
//   QR               a QR image URL (https://qr-image.vipps.no/v1?token=… at Vipps), or for
//                    qrFormat TEXT/TARGETURL the target URL the QR code would encode
//   PUSH_MESSAGE     none
// Every flow keeps the sandbox landing page reachable (Payment.landingUrl, control API).
import type { Payment } from "./payment-types"

export function redirectUrlFor(p: Payment, publicUrl: string): string | undefined {
  switch (p.userFlow) {
    case "PUSH_MESSAGE":
      return undefined
    case "NATIVE_REDIRECT":
      return `${p.market === "NO" ? "vipps" : "mobilepay"}://token=${p.redirectToken}`
    case "QR":
      return p.qrFormat?.format === "TEXT/TARGETURL" ? p.landingUrl : `${publicUrl}/qr/v1?token=${p.redirectToken}`
    default:
      return p.landingUrl
  }
}
