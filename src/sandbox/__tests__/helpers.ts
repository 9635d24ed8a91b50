// Shared helpers for the sandbox unit tests (plain fetch against a running sandbox).
import { DEFAULT_MERCHANTS, type Sandbox } from "../index"

export const NOK = DEFAULT_MERCHANTS[0]

export async function tokenFor(sandbox: Sandbox, m = NOK): Promise<string> {
  const r = await fetch(`${sandbox.url}/accesstoken/get`, {
    method: "POST",
    headers: { client_id: m.clientId, client_secret: m.clientSecret, "Ocp-Apim-Subscription-Key": m.subscriptionKey, "Merchant-Serial-Number": m.msn },
  })
  if (r.status !== 200) throw new Error(`token ${r.status}`)
  return (await r.json()).access_token
}

export function apiClient(sandbox: Sandbox, token: string, m = NOK) {
  return async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}, signal?: AbortSignal) => {
    const r = await fetch(`${sandbox.url}${path}`, {
      method,
      signal,
      headers: {
        Authorization: `Bearer ${token}`,
        "Ocp-Apim-Subscription-Key": m.subscriptionKey,
        "Merchant-Serial-Number": m.msn,
        ...(body === undefined ? {} : { "Content-Type": "application/json" }),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const raw = await r.text()
    return { status: r.status, headers: r.headers, raw, body: raw ? JSON.parse(raw) : undefined }
  }
}

export function controlClient(sandbox: Sandbox) {
  return async (method: string, path: string, body?: unknown) => {
    const r = await fetch(`${sandbox.url}/_sandbox${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    return { status: r.status, body: await r.json() }
  }
}

export const createBody = (reference: string, value = 10000) => ({
  amount: { value, currency: "NOK" },
  paymentMethod: { type: "WALLET" },
  reference,
  userFlow: "WEB_REDIRECT",
  returnUrl: `https://shop.example/return?ref=${reference}`,
  paymentDescription: "Unit test",
})

export const errorCode = (body: any) => body?.extraDetails?.find((d: any) => d.name === "ErrorCode")?.reason // eslint-disable-line @typescript-eslint/no-explicit-any

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 5000, stepMs = 20): Promise<T> {
  const end = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const v = await fn()
      if (v) return v
    } catch (e) {
      last = e
    }
    if (Date.now() > end) throw new Error(`waitFor timed out${last ? `: ${last}` : ""}`)
    await sleep(stepMs)
  }
}
