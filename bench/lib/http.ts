/**
 * HTTP for the benchmark: one keep-alive agent to 127.0.0.1, JSON in and out, a timer per
 * request, and a load runner that keeps `concurrency` requests in flight.
 */
import http from "node:http"
import { performance } from "node:perf_hooks"

export const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })

export type Reply = { status: number; body: any; ms: number }

export function request(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer; timeoutMs?: number } = {}
): Promise<Reply> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? "GET", headers: options.headers, agent }, (res) => {
      const chunks: Buffer[] = []
      res.on("data", (c: Buffer) => chunks.push(c))
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8")
        let body: unknown = text
        try {
          body = text ? JSON.parse(text) : undefined
        } catch {
          // not JSON: keep the text
        }
        resolve({ status: res.statusCode ?? 0, body, ms: performance.now() - started })
      })
      res.on("error", reject)
    })
    req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error(`timeout: ${options.method ?? "GET"} ${url}`)))
    req.on("error", reject)
    req.end(options.body)
  })
}

/** A JSON API at `base` with default headers; throws on any status outside 2xx. */
export function jsonApi(base: string, defaultHeaders: () => Record<string, string>) {
  const call = async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
    const reply = await request(`${base}${path}`, {
      method,
      headers: { "content-type": "application/json", ...defaultHeaders(), ...extra },
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    if (reply.status < 200 || reply.status >= 300) {
      throw new Error(`${method} ${path} -> ${reply.status}: ${JSON.stringify(reply.body).slice(0, 400)}`)
    }
    return reply
  }
  return {
    call,
    get: async (path: string) => (await call("GET", path)).body,
    post: async (path: string, body: unknown = {}) => (await call("POST", path, body)).body,
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

export function percentile(values: number[], p: number): number {
  if (!values.length) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]
}

export type LoadResult = { count: number; ok: number; failed: number; seconds: number; perSecond: number; p50: number; p99: number; firstError?: string }

/**
 * Runs `op(i)` for i = 0.. with `concurrency` in flight until `count` are done or `maxMs` has
 * passed (whichever first); an op that returns false or throws counts as failed.
 */
export async function runLoad(count: number, concurrency: number, maxMs: number, op: (i: number) => Promise<boolean>): Promise<LoadResult> {
  const latencies: number[] = []
  let next = 0
  let failed = 0
  let firstError: string | undefined
  const started = performance.now()
  const deadline = started + maxMs
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count && performance.now() < deadline) {
        const i = next++
        const t = performance.now()
        let ok = false
        try {
          ok = await op(i)
        } catch (error) {
          firstError ??= (error as Error).message
        }
        latencies.push(performance.now() - t)
        if (!ok) failed++
      }
    })
  )
  const seconds = (performance.now() - started) / 1000
  return {
    count: latencies.length,
    ok: latencies.length - failed,
    failed,
    seconds,
    perSecond: (latencies.length - failed) / seconds,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    firstError,
  }
}
