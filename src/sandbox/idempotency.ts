// Idempotency-Key store, scoped per sales unit (MSN) + key (NOTES §2.1).
// - A key belongs to the first payment (reference) it was used for: reusing it for another
//   payment of the sales unit → 409, error 4020 "Idempotency-Key already exists".
// - Same key + same operation + same body → replay the stored status/body without a new effect.
// - Same key + same operation + different body → 409 with the operation's conflict code.
// - Same key for another operation on the same payment is accepted: Vipps's own Postman
//   collection sends the create's key on that payment's cancel, capture and refund.
import { canonicalJson } from "./json"
import { codeError } from "./errors"
import type { ApiResponse } from "./types"

type Outcome = { fingerprint: string; response: ApiResponse }
type Entry = { reference: string; outcomes: Map<IdempotentOp, Outcome> }

export type IdempotentOp = "create" | "capture" | "refund" | "cancel"

/** Conflict codes: capture has its own (4010); create/refund use 4150; cancel the generic 4020. */
const CONFLICT_CODE: Record<IdempotentOp, number> = { create: 4150, capture: 4010, refund: 4150, cancel: 4020 }

const RETRY_SAME_KEY_CODES = new Set(["6160", "6280"])

function asksForRetry(response: ApiResponse): boolean {
  const details = (response.body as { extraDetails?: { name?: string; reason?: string }[] | null } | undefined)?.extraDetails
  return !!details?.some((d) => d.name === "ErrorCode" && RETRY_SAME_KEY_CODES.has(String(d.reason)))
}

export class IdempotencyStore {
  private entries = new Map<string, Entry>()

  clear() {
    this.entries.clear()
  }

  /**
   * Runs `fn` at most once per key. Outcomes < 500 are stored (a 4xx keeps its outcome for the key,
   * per the docs); 5xx and 6160/6280 are not, so a retry with the same key can still succeed.
   */
  run(scope: { msn: string; op: IdempotentOp; reference: string; key: string | undefined; body: unknown }, fn: () => ApiResponse): ApiResponse {
    if (!scope.key) return fn()
    const id = `${scope.msn}\u0000${scope.key}`
    const fingerprint = canonicalJson(scope.body ?? null)
    const entry = this.entries.get(id)
    if (entry && entry.reference !== scope.reference) {
      throw codeError(409, 4020, `Idempotency-Key '${scope.key}' was already used for another payment of this sales unit; use a new key for each operation.`)
    }
    const prev = entry?.outcomes.get(scope.op)
    if (prev) {
      if (prev.fingerprint === fingerprint) return prev.response
      throw codeError(409, CONFLICT_CODE[scope.op], `Idempotency-Key '${scope.key}' was already used for a ${scope.op} with a different request body.`)
    }
    const response = fn()
    // A 5xx, or a code that asks for the same request again (6160, 6280, whatever its status), is not the key's outcome.
    if (response.status < 500 && !asksForRetry(response)) {
      const e = entry ?? { reference: scope.reference, outcomes: new Map<IdempotentOp, Outcome>() }
      e.outcomes.set(scope.op, { fingerprint, response })
      this.entries.set(id, e)
    }
    return response
  }
}
