// Fault injection for tests: the next `count` matching Vipps API requests fail with an error
// status, or hang (optionally after applying the operation, to simulate ambiguous timeouts).
import { validationError, type ExtraDetail } from "./errors"

export type Fault = {
  id: number
  method?: string
  pathContains?: string
  remaining: number
  kind: "error" | "timeout"
  status: number
  delayMs: number
  apply: boolean
  /** Vipps error code for "error" faults (e.g. "6260"), sent as extraDetails ErrorCode. */
  code?: string
}

export class FaultInjector {
  private faults: Fault[] = []
  private seq = 0

  add(body: unknown): Fault {
    const b = (body ?? {}) as Record<string, unknown>
    const errors: ExtraDetail[] = []
    if (b.kind !== "error" && b.kind !== "timeout") errors.push({ name: "kind", reason: "kind must be 'error' or 'timeout'." })
    if (!Number.isInteger(b.count) || (b.count as number) < 1) errors.push({ name: "count", reason: "count must be a positive integer." })
    if (b.status !== undefined && (!Number.isInteger(b.status) || (b.status as number) < 400 || (b.status as number) > 599)) errors.push({ name: "status", reason: "status must be 400..599." })
    if (b.delayMs !== undefined && (!Number.isInteger(b.delayMs) || (b.delayMs as number) < 0)) errors.push({ name: "delayMs", reason: "delayMs must be a non-negative integer." })
    if (b.code !== undefined && !(typeof b.code === "string" && /^\d{4,5}$/.test(b.code))) errors.push({ name: "code", reason: "code must be a Vipps error code such as '6260'." })
    if (errors.length) throw validationError(errors)
    const f: Fault = {
      id: ++this.seq,
      method: typeof b.method === "string" ? b.method.toUpperCase() : undefined,
      pathContains: typeof b.pathContains === "string" ? b.pathContains : undefined,
      remaining: b.count as number,
      kind: b.kind as Fault["kind"],
      status: (b.status as number) ?? 500,
      delayMs: (b.delayMs as number) ?? 30_000,
      apply: b.apply === true,
      code: typeof b.code === "string" ? b.code : undefined,
    }
    this.faults.push(f)
    return f
  }

  list() {
    return this.faults.map((f) => ({ ...f }))
  }

  clear() {
    this.faults = []
  }

  /** Consumes one use of the first fault matching this request, if any. */
  take(method: string, path: string): Fault | undefined {
    const f = this.faults.find((x) => (!x.method || x.method === method.toUpperCase()) && (!x.pathContains || path.includes(x.pathContains)))
    if (!f) return undefined
    f.remaining -= 1
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f)
    return { ...f }
  }
}
