// RFC 7807 problem details shaped like the real API (NOTES §5):
// {type, title, status, detail, instance, traceId, extraDetails}.
// Domain errors carry {name:"ErrorCode", reason:"<code>"}; validation errors list field names.
import { randomBytes } from "node:crypto"
import type { ApiResponse } from "./types"

export type ExtraDetail = { name: string; reason: string }

/** Titles per error code, taken from the documented error table. */
export const ERROR_TITLES: Record<number, string> = {
  3010: "Internal error",
  4010: "Capture idempotency conflict",
  4020: "Idempotency-Key already exists",
  4040: "Invalid amount",
  4070: "Invalid phone number",
  4080: "Invalid scope",
  4090: "Invalid URL",
  4100: "Metadata capacity exceeded",
  4110: "Metadata duplicate keys",
  4120: "Metadata key too long",
  4130: "Metadata value too long",
  4140: "Missing required parameter",
  4150: "Reference already exists or refund idempotency conflict",
  4160: "Invalid payment method type",
  5010: "Blocked sources not applicable",
  5030: "Illegal scope",
  5040: "Invalid currency for merchant",
  5070: "Payment cannot be created",
  5100: "Refund not possible",
  6010: "Amount too small",
  6020: "Refund before reservation",
  6030: "Cancel period expired",
  6040: "Cannot cancel captured payment",
  6050: "Cannot cancel non-reserved payment",
  6060: "Cannot cancel authorized payment",
  6070: "Cannot capture cancelled payment",
  6080: "Capture before reservation",
  6090: "Capture amount too high",
  6100: "Capture period expired",
  6110: "ExpiresAt too late",
  6120: "ExpiresAt too soon",
  6130: "Long-living payment requires receipt",
  6150: "Not enough refundable amount",
  6170: "Payment already captured",
  6180: "Payment already refunded",
  6190: "Cannot cancel payment in this state",
  6200: "Cannot capture payment in this state",
  6210: "Cannot refund payment in this state",
  6220: "Refund period expired",
  6230: "Payment already reserved",
  6250: "Cannot cancel processing payment",
  6260: "Funds unavailable",
  6280: "Capture failed, please try again later",
  10010: "Approve failed",
  10020: "Approve not allowed",
  10030: "Identification required",
  10060: "Operation not supported",
}

const STATUS_TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  423: "Locked",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
}

export class ApiError extends Error {
  constructor(
    public status: number,
    public title: string,
    public detail: string,
    public extraDetails: ExtraDetail[] | null = null,
    public headers: Record<string, string> = {}
  ) {
    super(detail)
  }
}

/** A business-rule error with a numeric Vipps error code. */
export function codeError(status: number, code: number, detail: string): ApiError {
  return new ApiError(status, ERROR_TITLES[code] ?? STATUS_TITLES[status] ?? "Error", detail, [
    { name: "ErrorCode", reason: String(code) },
  ])
}

/** A schema validation error listing the offending fields. */
export function validationError(fields: ExtraDetail[]): ApiError {
  return new ApiError(400, "Bad Request", "One or more validation errors occurred.", fields)
}

export function httpError(status: number, detail: string, extraDetails: ExtraDetail[] | null = null): ApiError {
  return new ApiError(status, STATUS_TITLES[status] ?? "Error", detail, extraDetails)
}

/** W3C traceparent-looking id, like the real API's traceId. */
export function newTraceId(): string {
  return `00-${randomBytes(16).toString("hex")}-${randomBytes(8).toString("hex")}-01`
}

export function problemBody(err: ApiError, instance: string) {
  const code = err.extraDetails?.find((d) => d.name === "ErrorCode")?.reason
  return {
    type: `https://developer.vippsmobilepay.com/docs/knowledge-base/errors/#${code ?? `http-${err.status}`}`,
    title: err.title,
    status: err.status,
    detail: err.detail,
    instance,
    traceId: newTraceId(),
    extraDetails: err.extraDetails,
  }
}

export function problemResponse(err: ApiError, instance: string, contentType = "application/problem+json"): ApiResponse {
  return { status: err.status, body: problemBody(err, instance), contentType, headers: err.headers }
}

/** Run a handler and turn thrown ApiErrors into problem responses. */
export function toResponse(instance: string, fn: () => ApiResponse): ApiResponse {
  try {
    return fn()
  } catch (e) {
    if (e instanceof ApiError) return problemResponse(e, instance)
    throw e
  }
}

/** toResponse for handlers that wait on something (the Express shipping callback). */
export async function toResponseAsync(instance: string, fn: () => Promise<ApiResponse>): Promise<ApiResponse> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof ApiError) return problemResponse(e, instance)
    throw e
  }
}
