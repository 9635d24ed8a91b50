// The QR image behind a QR-flow redirectUrl (Vipps: https://qr-image.vipps.no/v1?token=…).
// The code encodes the payment's landing page, so scanning it (or a test decoding it) opens the
// page where the shopper approves. Format per the create request's qrFormat (spec):
// IMAGE/SVG+XML (default) or IMAGE/PNG at `size` pixels (default 1024).
import QRCode from "qrcode"
import type { SandboxContext } from "./context"
import type { ApiResponse } from "./types"

export async function handleQr(ctx: SandboxContext, method: string, query: URLSearchParams): Promise<ApiResponse> {
  const token = query.get("token") ?? ""
  const p = token ? ctx.payments.findByToken(token) : undefined
  if (method !== "GET" || !p || p.userFlow !== "QR") return { status: 404, contentType: "text/plain; charset=utf-8", body: "Unknown QR code." }
  const format = p.qrFormat?.format ?? "IMAGE/SVG+XML"
  if (format === "IMAGE/PNG") {
    const png = await QRCode.toBuffer(p.landingUrl, { type: "png", width: p.qrFormat?.size ?? 1024, margin: 4, errorCorrectionLevel: "M" })
    return { status: 200, contentType: "image/png", body: png }
  }
  const svg = await QRCode.toString(p.landingUrl, { type: "svg", margin: 4, errorCorrectionLevel: "M" })
  return { status: 200, contentType: "image/svg+xml", body: svg }
}
