import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"
import { vippsErrorOf } from "../workflows/vipps-capture/vipps-errors"
import { INTERACTIVE_RETRY_POLICY, retriesWithSameKey, withVippsRetryPolicy } from "../vipps"
import { AdminActionError } from "./payment-actions"
import type { AdminError } from "./payment-view"

/**
 * Request parsing and error answers shared by the plugin's admin routes. Vipps errors are
 * answered with Vipps's readable merchant message, its code and the trace id support needs;
 * everything else goes to Medusa's error handler (MedusaError INVALID_DATA → 400, NOT_FOUND → 404).
 */

/** An amount in major units: "40", "40.50" or 40.5 (converted exactly, never through floats). */
export const AmountBody = z.object({
  amount: z.union([z.string().trim().min(1, "amount is required"), z.number()], {
    error: 'amount is required: a positive amount in major units, e.g. "40.00"',
  }),
})

export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body ?? {})
  if (parsed.success) return parsed.data
  const problems = parsed.error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`)
  throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid request: ${problems.join("; ")}`)
}

/** "…message (Vipps 6090, trace 00-abc-01)" – one line a toast can show. */
export function describeAdminError(error: AdminError): string {
  const ref = [error.code ? `Vipps ${error.code}` : undefined, error.trace_id ? `trace ${error.trace_id}` : undefined].filter(Boolean)
  return ref.length ? `${error.message} (${ref.join(", ")})` : error.message
}

// A business refusal by Vipps (amount too high, wrong state) is the caller's problem (400);
// credentials, outages and timeouts are a bad gateway (502). A rate limit is 429 with
// Retry-After (see sendAdminError).
function httpStatusFor(status: number | undefined): number {
  return status !== undefined && status >= 400 && status < 500 && ![401, 403, 423, 429].includes(status) ? 400 : 502
}

/**
 * Vipps's per-payment rate limit (the interactive policy does not wait it out): answered 429
 * Too Many Requests with Retry-After. Not 400 (the request was right), not 502/503 (nothing is
 * down; monitoring should not count it as an outage): the same request succeeds after N s.
 */
function retryAfterOf(error: unknown): number | undefined {
  const vipps = vippsErrorOf(error) as { status?: number; retryAfterSeconds?: unknown } | undefined
  return vipps?.status === 429 && typeof vipps.retryAfterSeconds === "number" ? vipps.retryAfterSeconds : undefined
}

/** "Try again in a moment": what an admin waits after a transient refusal (6280, 6160). */
const TRY_AGAIN_SECONDS = 10

function sendAdminError(res: MedusaResponse, error: unknown): boolean {
  let info: AdminError | undefined
  let status = 502
  if (error instanceof AdminActionError) {
    info = error.info
    status = error.httpStatus
  } else {
    const vipps = vippsErrorOf(error)
    if (!vipps) return false
    info = { message: vipps.merchantMessage, code: vipps.code, status: vipps.status, trace_id: vipps.traceId }
    status = httpStatusFor(vipps.status)
    // 6280/6160 (whatever Vipps's status): nothing moved, the same action works in a moment.
    if (retriesWithSameKey(vipps.code)) {
      status = 503
      res.setHeader("Retry-After", String(TRY_AGAIN_SECONDS))
    }
  }
  const retryAfter = retryAfterOf(error)
  if (retryAfter !== undefined) {
    status = 429
    res.setHeader("Retry-After", String(retryAfter))
  }
  res.status(status).json({
    type: "vipps_error",
    message: describeAdminError(info),
    merchant_message: info.message,
    code: info.code ?? null,
    vipps_status: info.status ?? null,
    trace_id: info.trace_id ?? null,
    ...(retryAfter !== undefined ? { retry_after_seconds: retryAfter } : {}),
  })
  return true
}

type Handler = (req: AuthenticatedMedusaRequest, res: MedusaResponse) => Promise<void>

/**
 * Wraps a route handler: Vipps calls inside it follow the interactive retry policy (a person is
 * waiting: no long waits); Vipps errors get the readable answer above, the rest Medusa's handler.
 */
export function vippsAdminRoute(handler: Handler): Handler {
  return async (req, res) => {
    try {
      await withVippsRetryPolicy(INTERACTIVE_RETRY_POLICY, () => handler(req, res))
    } catch (error) {
      if (!sendAdminError(res, error)) throw error
    }
  }
}
