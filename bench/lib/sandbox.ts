/**
 * The sandbox as the benchmark's meter: its request log (every Vipps API call the plugin made)
 * counted by kind, and its control API (the shopper approving, webhook deliveries).
 */
import { jsonApi, request, sleep } from "./http"

export const CALL_KINDS = ["token", "create", "get", "events", "capture", "refund", "cancel", "receipt", "webhooks-api", "other"] as const
export type CallKind = (typeof CALL_KINDS)[number]
export type CallCounts = Record<CallKind, number> & { total: number }

type LoggedRequest = { seq: number; method: string; path: string; reference?: string; durationMs: number }

export function kindOf(method: string, path: string): CallKind {
  if (path === "/accesstoken/get") return "token"
  if (path.startsWith("/order-management/")) return "receipt"
  if (path.startsWith("/webhooks/")) return "webhooks-api"
  const payment = /^\/epayment\/v1\/payments(?:\/[^/]+(?:\/([a-z]+))?)?$/.exec(path)
  if (!payment) return "other"
  const action = payment[1]
  if (!action) return method === "POST" ? "create" : "get"
  if (action === "events") return "events"
  if (action === "capture" || action === "refund" || action === "cancel") return action
  return "other"
}

export function emptyCounts(): CallCounts {
  return Object.assign(Object.fromEntries(CALL_KINDS.map((k) => [k, 0])) as Record<CallKind, number>, { total: 0 })
}

export function sandboxControl(url: string) {
  const api = jsonApi(url, () => ({}))
  let marks = 0

  /** Requests logged after `sinceSeq`, optionally only those whose path contains `pathContains`. */
  async function requests(sinceSeq: number, pathContains?: string, method?: string): Promise<LoggedRequest[]> {
    const query = new URLSearchParams()
    if (pathContains) query.set("pathContains", pathContains)
    if (method) query.set("method", method)
    const { requests } = (await api.get(`/_sandbox/requests?${query}`)) as { requests: (LoggedRequest & { body?: any })[] }
    return requests.filter((r) => r.seq > sinceSeq).map(({ seq, method, path, body, durationMs }) => ({ seq, method, path, reference: body?.reference, durationMs }))
  }

  return {
    url,
    requests,
    /**
     * The sequence number of the newest logged request, to count "from here on". The log has no
     * such endpoint and can be megabytes long, so this logs a marker request (path /bench-mark/…,
     * never counted) and reads its number.
     */
    async mark(): Promise<number> {
      const path = `/bench-mark/${process.pid}-${++marks}`
      await request(`${url}${path}`)
      const [entry] = await requests(0, path)
      if (!entry) throw new Error("the sandbox did not log the marker request")
      return entry.seq
    },
    /** Vipps calls after `sinceSeq` by kind: those naming `reference`, plus every token fetch. */
    async countCalls(sinceSeq: number, reference?: string): Promise<CallCounts> {
      const counts = emptyCounts()
      const rows = reference
        ? [
            ...(await requests(sinceSeq, reference)),
            // create names the reference in its body, not in its path
            ...(await requests(sinceSeq, "/epayment/v1/payments", "POST")).filter((r) => r.path === "/epayment/v1/payments" && r.reference === reference),
            ...(await requests(sinceSeq, "/accesstoken/get")),
          ]
        : await requests(sinceSeq)
      for (const r of rows) {
        if (r.path.startsWith("/bench-mark/")) continue
        counts[kindOf(r.method, r.path)]++
        counts.total++
      }
      return counts
    },
    /** Waits until no new request has been logged for `quietMs` (bounded by `maxMs`). */
    async quiescent(quietMs = 3000, maxMs = 60_000): Promise<boolean> {
      const deadline = Date.now() + maxMs
      let last = await this.mark()
      let since = Date.now()
      while (Date.now() < deadline) {
        await sleep(500)
        const now = await this.mark()
        // Only our own marker was logged since the previous one: nothing else happened.
        if (now !== last + 1) {
          last = now
          since = Date.now()
        } else if (Date.now() - since >= quietMs) return true
        else last = now
      }
      return false
    },
    payment: (reference: string) => api.get(`/_sandbox/payments/${encodeURIComponent(reference)}`) as Promise<{ msn: string; reference: string; state: string; amount: { value: number; currency: string }; aggregate: Record<string, { value: number }> }>,
    act: (reference: string, action: "approve" | "reject", msn?: string) => api.post(`/_sandbox/payments/${encodeURIComponent(reference)}/${action}`, msn ? { msn } : {}),
    deliveries: async () => ((await api.get("/_sandbox/webhooks/deliveries")) as { deliveries: { reference: string; event: string; status: number | "error" }[] }).deliveries,
  }
}

export type SandboxControl = ReturnType<typeof sandboxControl>
