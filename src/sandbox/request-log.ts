// Log of every Vipps API request (token, ePayment, webhooks API, order management),
// faulted ones included, so tests can assert on exactly what a client sent.
import type { IncomingHttpHeaders } from "node:http"

export type RequestLogEntry = {
  seq: number
  at: string
  method: string
  path: string
  query: Record<string, string>
  headers: IncomingHttpHeaders
  body: unknown
  /** 0 while the response is still pending (e.g. a simulated timeout) */
  status: number
  durationMs: number
}

export class RequestLog {
  private entries: RequestLogEntry[] = []
  private seq = 0

  add(e: Omit<RequestLogEntry, "seq" | "at" | "status" | "durationMs">): RequestLogEntry {
    const entry: RequestLogEntry = { seq: ++this.seq, at: new Date().toISOString(), status: 0, durationMs: 0, ...e }
    this.entries.push(entry)
    return entry
  }

  filter(method?: string | null, pathContains?: string | null) {
    return this.entries.filter((e) => (!method || e.method === method.toUpperCase()) && (!pathContains || e.path.includes(pathContains)))
  }

  clear() {
    this.entries = []
  }
}
