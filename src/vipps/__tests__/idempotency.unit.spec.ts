import { VippsError } from "../errors"
import { assertIdempotencyKey, idempotencyKey } from "../idempotency"

describe("idempotencyKey", () => {
  it("is deterministic for the same stable ids", () => {
    expect(idempotencyKey("capture", "ref-12345678", "capt_01ABC")).toBe(idempotencyKey("capture", "ref-12345678", "capt_01ABC"))
  })

  it("differs for different ids, order and kinds", () => {
    const keys = new Set([
      idempotencyKey("capture", "a", "b"),
      idempotencyKey("capture", "b", "a"),
      idempotencyKey("refund", "a", "b"),
      idempotencyKey("capture", "a", "c"),
      idempotencyKey("capture", 1, 2),
    ])
    expect(keys.size).toBe(5)
  })

  it("is at most 50 chars of the allowed alphabet and starts with the kind", () => {
    const long = "x".repeat(500)
    for (const kind of ["create", "capture", "a", "k".repeat(27)]) {
      const key = idempotencyKey(kind, long, 42)
      expect(key.length).toBeLessThanOrEqual(50)
      expect(key).toMatch(/^[A-Za-z0-9\-_.]+$/)
      expect(key.startsWith(`${kind}-`)).toBe(true)
      expect(() => assertIdempotencyKey(key)).not.toThrow()
    }
  })

  it("refuses kinds that would leave too little hash, and missing parts", () => {
    expect(() => idempotencyKey("k".repeat(28), "x")).toThrow()
    expect(() => idempotencyKey("bad kind", "x")).toThrow()
    expect(() => idempotencyKey("capture")).toThrow()
  })
})

describe("assertIdempotencyKey", () => {
  it("rejects empty, too long and odd characters", () => {
    expect(() => assertIdempotencyKey("")).toThrow(VippsError)
    expect(() => assertIdempotencyKey("a".repeat(51))).toThrow(VippsError)
    expect(() => assertIdempotencyKey("has space")).toThrow(VippsError)
    expect(() => assertIdempotencyKey("a/b")).toThrow(VippsError)
    expect(() => assertIdempotencyKey(undefined)).toThrow(VippsError)
    expect(() => assertIdempotencyKey("capture-abc_DEF.1")).not.toThrow()
  })
})
