// Shapes of the plugin's admin routes (src/admin-api/payment-view.ts, src/admin-api/settings.ts).
// Amounts are major units as decimal strings ("40.00").

// The server's own types (type-only imports are erased from the admin bundle), so the card and
// the routes cannot drift apart.
export type { AdminError as VippsAdminError, VippsPaymentView } from "../../admin-api/payment-view"
export type { EventLogRow as VippsEventRow } from "../../admin-api/event-log"
export type { SettingView as VippsSettingView, SettingChangeView as VippsSettingChange } from "../../admin-api/editable-settings"
export type { CredentialView as VippsCredential } from "../../admin-api/credentials"
import type { AdminError as VippsAdminError } from "../../admin-api/payment-view"
import type { SettingChangeView, SettingView } from "../../admin-api/editable-settings"
import type { CredentialView } from "../../admin-api/credentials"
import { withoutFinalStop } from "./format"

export type VippsProviderSettings = {
  id: string
  /** "Vipps MobilePay (NOK)" */
  name: string
  environment: string
  base_url: string
  merchant_serial_number: string
  connection: { ok: boolean; latency_ms: number; checked_at: string } & Partial<VippsAdminError>
  webhook: {
    provider_id: string
    status: string
    url?: string
    vipps_webhook_id?: string
    registered_at?: string
    error?: VippsAdminError
    /** The hourly check at Vipps: the server's sentence is shown as sent. */
    health?: { checked_at: string; status: "ok" | "repaired" | "failed"; message: string; repaired_at?: string | null } | null
  }
  webhook_url: string | null
  options: Record<string, unknown>
  settings: SettingView[]
  history: SettingChangeView[]
  credentials: CredentialView[]
}

/**
 * "The capture amount is higher than what is left (trace 00-abc)": the reason without its final
 * full stop, so it reads as part of the sentence around it (the caller ends that sentence).
 * The message is the server's or Vipps's (English); `trace` words the trace id in the admin's
 * language (useVippsTranslation's `trace`).
 */
export function describeError(error: VippsAdminError, trace: (id: string) => string = (id) => `trace ${id}`): string {
  const message = withoutFinalStop(error.message)
  return error.trace_id ? `${message} (${trace(error.trace_id)})` : message
}

/** Exact decimal → minor units for comparisons in the form (undefined if not a valid positive amount). */
export function toMinor(text: string): number | undefined {
  const match = /^\s*(\d+)(?:\.(\d{1,2}))?\s*$/.exec(text)
  if (!match) return undefined
  const minor = Number(match[1]) * 100 + Number((match[2] ?? "").padEnd(2, "0"))
  return Number.isSafeInteger(minor) && minor > 0 ? minor : undefined
}
