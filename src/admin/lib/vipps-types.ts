// Shapes of the plugin's admin routes (src/lib/admin-payment-view.ts, src/lib/admin-settings.ts).
// Amounts are major units as decimal strings ("40.00").

export type VippsAdminError = { message: string; code?: string; status?: number; trace_id?: string }

export type VippsEventRow = {
  time: string
  event: string
  amount: string
  currency: string
  success: boolean
  idempotency_key: string | null
  psp_reference: string
  source: "vipps" | "webhook" | "both"
  received_at: string | null
  webhook_status: string | null
  webhook_error: string | null
}

export type VippsPaymentView = {
  payment_id: string
  provider_id: string
  reference: string
  psp_reference: string | null
  state: string
  status: string
  currency: string
  amounts: { authorized: string; captured: string; refunded: string; cancelled: string }
  available: { capture: string; refund: string; release: string }
  medusa: { captured: string; refunded: string; canceled: boolean }
  authorized_at: string | null
  capture_deadline: string | null
  deadline_warning: "passed" | "soon" | null
  amounts_source: "vipps" | "stored"
  events: VippsEventRow[]
  capture_failures: { source: string; amount: number; message: string; code?: string; trace_id?: string; at: string; resolved_at?: string }[]
  remainder_released: { amount: number; currency: string; reason: string; at: string }[]
  release_failures: { reason: string; message: string; code?: string; trace_id?: string; at: string }[]
  completion_error: string | null
  failure_message: string | null
  error?: VippsAdminError
}

export type VippsProviderSettings = {
  id: string
  environment: string
  base_url: string
  merchant_serial_number: string
  connection: { ok: boolean; latency_ms: number; checked_at: string } & Partial<VippsAdminError>
  webhook: { provider_id: string; status: string; url?: string; vipps_webhook_id?: string; registered_at?: string; error?: VippsAdminError }
  webhook_url: string | null
  options: Record<string, unknown>
}

/** "The capture amount is higher … (trace 00-abc)" */
export function describeError(error: VippsAdminError): string {
  return error.trace_id ? `${error.message} (trace ${error.trace_id})` : error.message
}

/** Exact decimal → minor units for comparisons in the form (undefined if not a valid positive amount). */
export function toMinor(text: string): number | undefined {
  const match = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text)
  if (!match) return undefined
  const minor = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"))
  return Number.isSafeInteger(minor) && minor > 0 ? minor : undefined
}
