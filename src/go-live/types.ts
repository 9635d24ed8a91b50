import { vippsErrorOf } from "../providers/vipps/medusa-error"
import type { VippsProviderService } from "../providers/vipps/service"

/**
 * The go-live report: every item of the Vipps MobilePay go-live checklist with pass/fail and,
 * when it failed, a plain sentence plus what Vipps said (error code, trace id). Stored as JSON
 * (the admin shows it) and written as Markdown (for people) by the command.
 */
export type GoLiveMode = "test" | "production"

export type GoLiveStatus = "pass" | "fail" | "skipped"

export type GoLiveFailure = { message: string; code?: string; status?: number; trace_id?: string }

export type GoLiveItem = {
  id: string
  /** What the item checks, e.g. "Credentials (access token)". */
  title: string
  status: GoLiveStatus
  /** What was found, in plain words (also on success). */
  detail: string
  /** Why it failed, with Vipps's code and trace id when the reason came from Vipps. */
  error?: GoLiveFailure
  /** Vipps references this item is about. */
  references?: string[]
}

/** A payment (test: made by the check; production: found among the store's orders). */
export type GoLiveReference = {
  ends: "AUTHORIZED" | "CAPTURED" | "REFUNDED" | "CANCELLED"
  reference: string
  /** Vipps's aggregate, minor units, as read back from Vipps by the check. */
  amounts?: { authorized: number; captured: number; refunded: number; cancelled: number }
  currency?: string
  /** Event names of Vipps's event log, oldest first (`CAPTURED`, or `CAPTURED (failed)`). */
  events?: string[]
  /** While something is left to capture: the earlier of the market's period and Vipps's captureGuaranteedUntil. */
  capture_deadline?: string
  order_id?: string
  order_display_id?: number
}

export type GoLiveReport = {
  provider_id: string
  mode: GoLiveMode
  environment: string
  base_url: string
  merchant_serial_number: string
  started_at: string
  finished_at: string
  passed: boolean
  items: GoLiveItem[]
  references: GoLiveReference[]
  /** Production: the endings no order shows yet (e.g. ["REFUNDED"]). */
  missing: string[]
  /** What to send Vipps MobilePay, in one paragraph. */
  send_to_vipps: string
}

export const pass = (id: string, title: string, detail: string, references?: string[]): GoLiveItem => ({
  id,
  title,
  status: "pass",
  detail,
  ...(references ? { references } : {}),
})

export const fail = (id: string, title: string, detail: string, error?: unknown, references?: string[]): GoLiveItem => ({
  id,
  title,
  status: "fail",
  detail,
  error: failureOf(error ?? detail),
  ...(references ? { references } : {}),
})

export const skipped = (id: string, title: string, why: string): GoLiveItem => ({ id, title, status: "skipped", detail: why })

/** A thrown error (Vipps or not) or a sentence → the failure shown in the report. */
export function failureOf(error: unknown): GoLiveFailure {
  if (typeof error === "string") return { message: error }
  const vipps = vippsErrorOf(error)
  if (vipps) {
    return {
      message: vipps.merchantMessage,
      ...(vipps.code ? { code: vipps.code } : {}),
      ...(vipps.status !== undefined ? { status: vipps.status } : {}),
      ...(vipps.traceId ? { trace_id: vipps.traceId } : {}),
    }
  }
  return { message: (error as Error)?.message ?? String(error) }
}

/** "…message (Vipps 400 6090, trace 00-abc-01)". */
export function describeFailure(error: GoLiveFailure): string {
  const parts = [error.status !== undefined || error.code ? ["Vipps", error.status, error.code].filter((p) => p !== undefined).join(" ") : undefined, error.trace_id ? `trace ${error.trace_id}` : undefined].filter(Boolean)
  return parts.length ? `${error.message} (${parts.join(", ")})` : error.message
}

/**
 * One request example for Vipps MobilePay's checklist form: a call the go-live run made (or a
 * webhook delivery it received), redacted (no token, secret, subscription key or full phone
 * number), with when it happened.
 */
export type GoLiveExample = {
  /** "Create payment", "Capture", "Webhook delivery received", … */
  title: string
  /** The client's operation name (createPayment, capture, listWebhooks, …) or "webhookDelivery". */
  operation: string
  reference?: string
  /** When the request was sent (or the delivery received), ISO 8601. */
  at: string
  request: { method: string; path: string; headers: Record<string, string>; body?: unknown }
  response: { status?: number; headers?: Record<string, string>; body?: unknown; error?: string }
  /** What the example shows that its headers and body do not (e.g. how a delivery was verified). */
  note?: string
}

/** What the go-live run recorded beside its report (stored in the report's row, `evidence`). */
export type GoLiveEvidence = { recorded_at: string; examples: GoLiveExample[] }

/** What the checks use of a provider registration: its options and (a recording twin of) its client. */
export type GoLiveProvider = Pick<VippsProviderService, "options" | "client">
