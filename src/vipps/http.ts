// The one place that talks HTTP to Vipps: fixed headers, timeouts, the access token, retries with
// the same Idempotency-Key, and mapping of every failure to a VippsError.
import axios, { AxiosError, AxiosInstance, AxiosResponse } from "axios"
import { VippsError, VippsExtraDetail, isFinalCode, retriesWithSameKey } from "./errors"
import { VippsRetryPolicy, asRateLimited, currentVippsRetryPolicy, defaultRetryPolicy, nextWait, parseRetryAfter } from "./retry-policy"
import { TokenResponseSchema, parseResponse } from "./schemas"
import { getCachedToken, invalidateToken, tokenCacheKey } from "./token"

export interface VippsLogger {
  debug?(message: string): void
  info(message: string): void
  warn(message: string): void
  error(message: string): void
}

export interface VippsHttpConfig {
  baseUrl: string
  clientId: string
  clientSecret: string
  subscriptionKey: string
  merchantSerialNumber: string
  systemName: string
  systemVersion: string
  pluginName: string
  pluginVersion: string
  /** Per-request timeout (default 10 000 ms). */
  timeoutMs?: number
  /** Retries after the first attempt (default 4). */
  maxRetries?: number
  /** Base of the exponential backoff (default 300 ms). */
  retryBaseMs?: number
  /**
   * Upper bound for one wait, including a server's Retry-After (default 60 000 ms, Vipps's
   * rate-limit window), for calls without a retry policy of their own (see retry-policy.ts).
   */
  maxRetryDelayMs?: number
  logger?: VippsLogger
  /**
   * Sees every attempt as it went over the wire (headers and bodies unredacted: the recorder
   * redacts). Only the go-live check passes one (its request examples); normal traffic has none.
   */
  recorder?: VippsExchangeRecorder
}

/** One attempt of a request: what was sent and what came back (or the network error). */
export interface VippsExchange {
  operation: string
  reference?: string
  /** When the request was sent (ISO 8601). */
  at: string
  method: HttpMethod
  path: string
  requestHeaders: Record<string, string>
  requestBody?: unknown
  status?: number
  responseHeaders?: Record<string, string>
  responseBody?: unknown
  /** The network error, when no response came back. */
  error?: string
}

export type VippsExchangeRecorder = (exchange: VippsExchange) => void

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE"

export interface VippsRequest {
  /** Short name for logs and errors, e.g. "capture". */
  operation: string
  method: HttpMethod
  /** Path below the base URL, already URL-encoded, e.g. "/epayment/v1/payments/abc". */
  path: string
  body?: unknown
  idempotencyKey?: string
  reference?: string
  /** Only used to word errors (5040 names the currency). */
  currency?: string
  /** Send a Bearer token (default true; false for the token call itself). */
  auth?: boolean
  /** Extra headers for this call only (the token call's credentials). */
  headers?: Record<string, string>
  /** Final refusals with these Vipps codes are logged by the caller, with what to do (debug here). */
  callerReportsCodes?: readonly string[]
  /**
   * Safe to resend after an ambiguous failure (timeout, 5xx). Defaults to true for GET/PUT/DELETE
   * and for calls with an Idempotency-Key. Others are only retried when Vipps surely did nothing.
   */
  idempotent?: boolean
  /** Non-2xx statuses the caller handles itself (e.g. 409 "receipt already added"). */
  acceptStatus?: number[]
  /** How long this call may wait; default: the surrounding withVippsRetryPolicy, else the client's default. */
  retryPolicy?: VippsRetryPolicy
}

export interface VippsResponse<T = unknown> {
  status: number
  data: T
}

export interface VippsHttp {
  readonly baseUrl: string
  readonly axios: AxiosInstance
  request(req: VippsRequest): Promise<VippsResponse>
  getAccessToken(): Promise<string>
}

const DEFAULT_TIMEOUT_MS = 10_000
const DEFAULT_MAX_RETRIES = 4
const DEFAULT_RETRY_BASE_MS = 300
/** Captures and refunds: their final refusals are logged by the caller, with its context (cancels stay here: their callers treat many refusals as races). */
const MOVEMENTS = new Set(["capture", "refund"])
// Errors where the request provably never reached Vipps, so even a non-idempotent call may be resent.
const NOT_SENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"])
const SILENT_LOGGER: VippsLogger = { info() {}, warn() {}, error() {} }

type Outcome = { response: AxiosResponse } | { error: AxiosError | Error }

export { parseRetryAfter }

export function createVippsHttp(config: VippsHttpConfig): VippsHttp {
  const logger = config.logger ?? SILENT_LOGGER
  const maxRetries = config.maxRetries ?? DEFAULT_MAX_RETRIES
  const retryBaseMs = config.retryBaseMs ?? DEFAULT_RETRY_BASE_MS
  const fallbackPolicy = defaultRetryPolicy(config.maxRetryDelayMs)
  const cacheKey = tokenCacheKey(config.baseUrl, config.clientId, config.merchantSerialNumber)

  const instance = axios.create({
    baseURL: config.baseUrl,
    timeout: config.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    // Vipps never redirects; following one could carry client_secret to another host.
    maxRedirects: 0,
    // Every status comes back as a response; we classify it ourselves below.
    validateStatus: () => true,
    // Spelled out in full: axios replaces (not merges) this object. Forced JSON parsing matters
    // because Vipps answers some 200s with `application/problem+json`.
    transitional: { silentJSONParsing: true, forcedJSONParsing: true, clarifyTimeoutError: true },
    headers: {
      Accept: "application/json",
      "Merchant-Serial-Number": config.merchantSerialNumber,
      "Ocp-Apim-Subscription-Key": config.subscriptionKey,
      "Vipps-System-Name": config.systemName,
      "Vipps-System-Version": config.systemVersion,
      "Vipps-System-Plugin-Name": config.pluginName,
      "Vipps-System-Plugin-Version": config.pluginVersion,
    },
  })

  async function fetchToken() {
    const { status, data } = await request({
      operation: "token",
      method: "POST",
      path: "/accesstoken/get",
      auth: false,
      idempotent: true, // several valid tokens may coexist, so a resend is harmless
      headers: { client_id: config.clientId, client_secret: config.clientSecret },
    })
    return parseResponse(TokenResponseSchema, data, { operation: "token", status })
  }

  function getAccessToken(): Promise<string> {
    return getCachedToken(cacheKey, fetchToken)
  }

  async function send(req: VippsRequest): Promise<{ outcome: Outcome; token?: string }> {
    const headers: Record<string, string> = { ...req.headers }
    let token: string | undefined
    if (req.auth !== false) {
      token = await getAccessToken()
      headers.Authorization = `Bearer ${token}`
    }
    if (req.idempotencyKey) headers["Idempotency-Key"] = req.idempotencyKey
    if (req.body !== undefined) headers["Content-Type"] = "application/json"
    const at = new Date().toISOString()
    let outcome: Outcome
    try {
      outcome = { response: await instance.request({ method: req.method, url: req.path, data: req.body, headers }) }
    } catch (error) {
      outcome = { error: error as Error }
    }
    if (config.recorder) record(config.recorder, req, at, { ...stringHeaders(instance.defaults.headers), ...headers }, outcome)
    return { outcome, token }
  }

  async function request(req: VippsRequest): Promise<VippsResponse> {
    const policy = req.retryPolicy ?? currentVippsRetryPolicy() ?? fallbackPolicy
    let retries = 0
    let waitedMs = 0
    let reauthorized = false
    for (let attempt = 1; ; attempt++) {
      const { outcome, token } = await send(req)
      if ("response" in outcome && isAccepted(outcome.response.status, req)) {
        return { status: outcome.response.status, data: outcome.response.data }
      }
      const error = toVippsError(req, outcome)
      // A 401 on a normal call usually means our cached token was revoked or rotated: fetch a fresh one once.
      if (error.status === 401 && req.auth !== false && !reauthorized) {
        reauthorized = true
        invalidateToken(cacheKey, token)
        logger.warn(describeFailure(error, req, attempt, "retrying once with a new access token"))
        continue
      }
      const retryAfterMs = "response" in outcome ? parseRetryAfter(outcome.response.headers?.["retry-after"]) : undefined
      if (retries < maxRetries && shouldRetry(req, outcome, error)) {
        const decision = nextWait(policy, { retries, baseMs: retryBaseMs, retryAfterMs, waitedMs })
        if ("wait" in decision) {
          retries++
          waitedMs += decision.wait
          logger.warn(describeFailure(error, req, attempt, `retrying in ${decision.wait} ms`))
          await sleep(decision.wait)
          continue
        }
        const why = decision.fail === "retry-after-too-long" ? `Vipps asks to wait ${retryAfterMs} ms` : `waited ${waitedMs} ms already`
        // A rate limit handed back to the caller is expected (it reschedules or tells the user); anything else is a failure.
        const log = error.status === 429 ? logger.warn : logger.error
        log.call(logger, describeFailure(error, req, attempt, `not retrying (${why}; ${policy.name} calls wait at most ${policy.maxWaitMs} ms at a time, ${policy.maxTotalWaitMs} ms in all)`))
        throw asRateLimited(error, retryAfterMs)
      }
      // A money movement Vipps refused for good (a 4xx/6260 with its code) is reported once, with
      // the order's context, by whoever moved the money (capture workflow, provider, job): here
      // only at debug level. Everything else is this layer's to log.
      const reportedByCaller =
        error.kind === "http" && !!error.code && !error.retryable && (MOVEMENTS.has(req.operation) || !!req.callerReportsCodes?.includes(error.code))
      if (reportedByCaller) logger.debug?.(describeFailure(error, req, attempt, "handed to the caller"))
      else logger.error(describeFailure(error, req, attempt, "giving up"))
      throw asRateLimited(error, retryAfterMs)
    }
  }

  return { baseUrl: config.baseUrl, axios: instance, request, getAccessToken }
}

function record(recorder: VippsExchangeRecorder, req: VippsRequest, at: string, requestHeaders: Record<string, string>, outcome: Outcome) {
  const exchange: VippsExchange = { operation: req.operation, at, method: req.method, path: req.path, requestHeaders, ...(req.reference ? { reference: req.reference } : {}) }
  if (req.body !== undefined) exchange.requestBody = req.body
  if ("response" in outcome) {
    exchange.status = outcome.response.status
    exchange.responseHeaders = stringHeaders(outcome.response.headers)
    exchange.responseBody = outcome.response.data
  } else exchange.error = errorCode(outcome.error) ?? outcome.error.message
  try {
    recorder(exchange)
  } catch {
    // A recorder never changes the outcome of a request.
  }
}

function stringHeaders(headers: unknown): Record<string, string> {
  const plain = (headers && typeof (headers as { toJSON?: unknown }).toJSON === "function" ? (headers as { toJSON(): unknown }).toJSON() : headers) as Record<string, unknown> | undefined
  return Object.fromEntries(Object.entries(plain ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"))
}

function isAccepted(status: number, req: VippsRequest): boolean {
  return (status >= 200 && status < 300) || (req.acceptStatus ?? []).includes(status)
}

function shouldRetry(req: VippsRequest, outcome: Outcome, error: VippsError): boolean {
  const idempotent = req.idempotent ?? (req.method !== "POST" || Boolean(req.idempotencyKey))
  if ("response" in outcome) {
    const status = outcome.response.status
    // The numeric code decides before the status: 6260 is final even on a 5xx, 6280/6160 are
    // retried with the same key even on a 4xx (Vipps does not document their status).
    if (isFinalCode(error.code)) return false
    // 423/429: Vipps did not process the request, so resending is always safe.
    if (status === 423 || status === 429) return true
    return (status >= 500 || retriesWithSameKey(error.code)) && idempotent
  }
  return idempotent || NOT_SENT_CODES.has(errorCode(outcome.error) ?? "")
}

function toVippsError(req: VippsRequest, outcome: Outcome): VippsError {
  const base = { operation: req.operation, reference: req.reference, currency: req.currency }
  if ("error" in outcome) {
    const code = errorCode(outcome.error)
    const timedOut = code === "ETIMEDOUT" || code === "ECONNABORTED"
    return new VippsError({
      ...base,
      kind: timedOut ? "timeout" : "network",
      detail: code ?? outcome.error.message,
      cause: outcome.error,
    })
  }
  const { status, data } = outcome.response
  const body = asObject(data)
  const extraDetails = Array.isArray(body?.extraDetails) ? (body.extraDetails as VippsExtraDetail[]) : undefined
  return new VippsError({
    ...base,
    kind: "http",
    status,
    code: errorCodeOf(extraDetails),
    title: stringOf(body?.title) ?? stringOf(body?.error),
    // Problem+json uses `detail`; Azure APIM uses `message`; the token endpoint uses `error_description`.
    detail: redactOptional(stringOf(body?.detail) ?? stringOf(body?.message) ?? stringOf(body?.error_description)),
    traceId: stringOf(body?.traceId) ?? stringOf(body?.instance) ?? headerOf(outcome.response, "request-id"),
    extraDetails,
  })
}

function errorCodeOf(extraDetails: VippsExtraDetail[] | undefined): string | undefined {
  const entry = extraDetails?.find((d) => d && d.name === "ErrorCode")
  return entry?.reason === undefined || entry.reason === null ? undefined : String(entry.reason)
}

// One log line per failed attempt; no headers or bodies (they hold secrets, tokens, phone numbers).
function describeFailure(error: VippsError, req: VippsRequest, attempt: number, next: string): string {
  const context = [
    `operation=${req.operation}`,
    `method=${req.method}`,
    `path=${req.path}`,
    req.reference && `reference=${req.reference}`,
    `status=${error.status ?? error.kind}`,
    error.code && `code=${error.code}`,
    error.traceId && `traceId=${error.traceId}`,
    error.detail && `detail=${JSON.stringify(redactPhoneNumbers(error.detail.slice(0, 200)))}`,
    `attempt=${attempt}`,
  ].filter(Boolean)
  return `Vipps MobilePay ${req.operation} failed, ${next}: ${error.merchantMessage} [${context.join(" ")}]`
}

// Vipps validation messages may echo the request; never let a full phone number reach the logs.
export function redactPhoneNumbers(text: string): string {
  return text.replace(/\+?\d{8,15}/g, (digits) => `${digits.slice(0, 2)}***${digits.slice(-2)}`)
}

function redactOptional(text: string | undefined): string | undefined {
  return text === undefined ? undefined : redactPhoneNumbers(text)
}

function errorCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown })?.code
  return typeof code === "string" ? code : undefined
}

function asObject(data: unknown): Record<string, unknown> | undefined {
  if (data && typeof data === "object" && !Array.isArray(data)) return data as Record<string, unknown>
  if (typeof data === "string") {
    try {
      return asObject(JSON.parse(data))
    } catch {
      return undefined
    }
  }
  return undefined
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === "string" && value.length > 0) return value
  if (typeof value === "number") return String(value)
  return undefined
}

function headerOf(response: AxiosResponse, name: string): string | undefined {
  return stringOf(response.headers?.[name])
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
