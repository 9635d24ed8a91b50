// Idempotency-Key store, scoped per MSN + operation + reference + key (NOTES §2.1).
// Same key + same body → replay the stored status/body without a new effect.
// Same key + different body → 409 with the operation's conflict code.
import { canonicalJson } from "./json"
import { codeError } from "./errors"
import type { ApiResponse } from "./types"

type Entry = { fingerprint: string; response: ApiResponse }

export type IdempotentOp = "create" | "capture" | "refund" | "cancel"

/** Conflict codes: capture has its own (4010); create/refund use 4150; cancel the generic 4020. */
const CONFLICT_CODE: Record<IdempotentOp, number> = { create: 4150, capture: 4010, refund: 4150, cancel: 4020 }

export class IdempotencyStore {
  private entries = new Map<string, Entry>()

  clear() {
    this.entries.clear()
  }

  /**
   * Runs `fn` at most once per key. Outcomes < 500 are stored (a 4xx keeps its outcome for the key,
   * per the docs); 5xx are not, so a retry with the same key can still succeed.
   */
  run(scope: { msn: string; op: IdempotentOp; reference: string; key: string | undefined; body: unknown }, fn: () => ApiResponse): ApiResponse {
    if (!scope.key) return fn()
    const id = `${scope.msn}\u0000${scope.op}\u0000${scope.reference}\u0000${scope.key}`
    const fingerprint = canonicalJson(scope.body ?? null)
    const prev = this.entries.get(id)
    if (prev) {
      if (prev.fingerprint === fingerprint) return prev.response
      throw codeError(409, CONFLICT_CODE[scope.op], `Idempotency-Key '${scope.key}' was already used for a ${scope.op} with a different request body.`)
    }
    const response = fn()
    if (response.status < 500) this.entries.set(id, { fingerprint, response })
    return response
  }
}
