// The sandbox refuses what Vipps refuses: idempotency keys per sales unit (NOTES §2.1),
// returnUrl / webhook URL rules (NOTES §3.2, §6.1, §7; spec CreatePaymentRequest.returnUrl) with
// the one documented exception (loopback http://), documented event names only (NOTES §6.2),
// and refused operations logged with success: false (NOTES §3.4, §6.3).
import http from "node:http"
import type { AddressInfo } from "node:net"
import { ApiError } from "../errors"
import { IdempotencyStore } from "../idempotency"
import { startSandbox, DEFAULT_MERCHANTS, type Sandbox } from "../index"
import { apiClient, controlClient, createBody, errorCode, tokenFor, waitFor } from "./helpers"

jest.setTimeout(20_000)

describe("sandbox refuses what Vipps refuses", () => {
  let sandbox: Sandbox
  let api: ReturnType<typeof apiClient>
  let control: ReturnType<typeof controlClient>

  beforeAll(async () => {
    sandbox = await startSandbox({ rateLimits: false })
    api = apiClient(sandbox, await tokenFor(sandbox))
    control = controlClient(sandbox)
  })
  afterAll(async () => {
    await sandbox?.close()
  })

  const create = (reference: string, key = `create-${reference}`, extra: Record<string, unknown> = {}) =>
    api("POST", "/epayment/v1/payments", { ...createBody(reference), ...extra }, { "Idempotency-Key": key })
  const authorized = async (reference: string) => {
    expect((await create(reference)).status).toBe(201)
    await control("POST", `/payments/${reference}/approve`)
  }
  const capture = (reference: string, value: number, key: string) =>
    api("POST", `/epayment/v1/payments/${reference}/capture`, { modificationAmount: { value, currency: "NOK" } }, { "Idempotency-Key": key })

  describe("idempotency keys are scoped per sales unit (NOTES §2.1)", () => {
    it("the same key on another payment is refused with 409 4020, for the same or another operation", async () => {
      await authorized("idem-pay-a1")
      await authorized("idem-pay-b1")
      expect((await capture("idem-pay-a1", 1000, "capture-key-1")).status).toBe(200)
      const otherPayment = await capture("idem-pay-b1", 1000, "capture-key-1")
      expect([otherPayment.status, errorCode(otherPayment.body)]).toEqual([409, "4020"])
      const otherOp = await create("idem-pay-c1", "capture-key-1")
      expect([otherOp.status, errorCode(otherOp.body)]).toEqual([409, "4020"])
      // nothing happened to b1, and c1 was never created
      expect((await control("GET", "/payments/idem-pay-b1")).body.aggregate.capturedAmount.value).toBe(0)
      expect((await control("GET", "/payments/idem-pay-c1")).status).toBe(404)
    })

    it("same key + same request replays the first answer without a second effect", async () => {
      await authorized("idem-replay-1")
      const first = await capture("idem-replay-1", 700, "capture-replay-1")
      const again = await capture("idem-replay-1", 700, "capture-replay-1")
      expect(again.status).toBe(200)
      expect(again.raw).toBe(first.raw)
      expect((await control("GET", "/payments/idem-replay-1")).body.aggregate.capturedAmount.value).toBe(700)
      const changed = await capture("idem-replay-1", 800, "capture-replay-1")
      expect([changed.status, errorCode(changed.body)]).toEqual([409, "4010"])
    })

    it("another sales unit has its own keys", async () => {
      const dkk = DEFAULT_MERCHANTS[1]
      const dk = apiClient(sandbox, await tokenFor(sandbox, dkk), dkk)
      expect((await create("idem-msn-nok1", "shared-across-msn")).status).toBe(201)
      const r = await dk("POST", "/epayment/v1/payments", { ...createBody("idem-msn-dkk1"), amount: { value: 1000, currency: "DKK" } }, { "Idempotency-Key": "shared-across-msn" })
      expect(r.status).toBe(201)
    })
  })

  describe("returnUrl: https or a custom app scheme; loopback http only as the sandbox exception", () => {
    it.each([
      ["http://shop.example/return", 400],
      ["http://192.168.1.20:8000/return", 400],
      ["javascript:alert(1)", 400],
      ["ftp://shop.example/r", 400],
      ["https://shop.example/return?ref=1", 201],
      ["myshopapp://vipps/return", 201],
      ["http://localhost:8000/vipps/return", 201],
      ["http://127.0.0.1:9000/return", 201],
      ["http://[::1]:8000/return", 201],
    ])("%s → %i", async (returnUrl, status) => {
      const reference = `ret-${Math.abs(hash(returnUrl))}`
      const r = await create(reference, `create-${reference}`, { returnUrl })
      expect(r.status).toBe(status)
      if (status === 400) expect(errorCode(r.body)).toBe("4090")
    })

    it("receiptUrl follows the same rule", async () => {
      const r = await create("ret-receipt-1", "create-ret-receipt-1", { receiptUrl: "http://shop.example/receipt/1" })
      expect([r.status, errorCode(r.body)]).toEqual([400, "4090"])
    })
  })

  describe("webhook registrations: public https on 80/443/8080, documented events only (NOTES §6.1, §6.2)", () => {
    const register = (url: string, events = ["epayments.payment.authorized.v1"]) => api("POST", "/webhooks/v1/webhooks", { url, events })

    it.each([
      ["http://shop.example/hooks/vipps", 400],
      ["https://shop.example:9000/hooks/vipps", 400],
      ["https://10.0.0.5/hooks/vipps", 400],
      ["https://192.168.1.10/hooks/vipps", 400],
      ["https://medusa/hooks/vipps", 400],
      ["https://shop.local/hooks/vipps", 400],
      ["https://shop.example/hooks/vipps", 201],
      ["https://shop.example:8080/hooks/vipps", 201],
      ["https://shop.example:443/hooks/vipps?x=1", 201],
      ["http://localhost:9000/hooks/vipps", 201],
      ["http://127.0.0.1:9000/hooks/vipps", 201],
    ])("%s → %i", async (url, status) => {
      const r = await register(url)
      expect(r.status).toBe(status)
      if (status === 400) expect(r.body.extraDetails.map((d: { name: string }) => d.name)).toContain("url")
    })

    it("refuses event names that are not documented", async () => {
      const r = await register("https://shop.example/hooks/vipps", ["epayments.payment.authorized.v1", "epayments.payment.settled.v1"])
      expect(r.status).toBe(400)
      expect(JSON.stringify(r.body.extraDetails)).toContain("epayments.payment.settled.v1")
      const wrongCase = await register("https://shop.example/hooks/vipps", ["EPAYMENTS.PAYMENT.AUTHORIZED.V1"])
      expect(wrongCase.status).toBe(400)
    })
  })

  describe("refused operations are in the event log with success: false (NOTES §3.4)", () => {
    it("a rejected capture, refund and cancel are logged, and sent as webhooks with success false", async () => {
      const received: { name: string; success: boolean; amount: { value: number } }[] = []
      const receiver = http.createServer((req, res) => {
        let raw = ""
        req.on("data", (c) => (raw += c))
        req.on("end", () => {
          received.push(JSON.parse(raw))
          res.writeHead(200).end()
        })
      })
      await new Promise<void>((r) => receiver.listen(0, "127.0.0.1", r))
      try {
        const port = (receiver.address() as AddressInfo).port
        const events = ["captured", "refunded", "cancelled"].map((n) => `epayments.payment.${n}.v1`)
        expect((await api("POST", "/webhooks/v1/webhooks", { url: `http://127.0.0.1:${port}/hooks`, events })).status).toBe(201)
        await authorized("failed-ops-01")
        const tooMuch = await capture("failed-ops-01", 20000, "failed-cap-1")
        expect(errorCode(tooMuch.body)).toBe("6090")
        const refund = await api("POST", "/epayment/v1/payments/failed-ops-01/refund", { modificationAmount: { value: 500, currency: "NOK" } }, { "Idempotency-Key": "failed-ref-1" })
        expect(errorCode(refund.body)).toBe("6150")
        expect((await capture("failed-ops-01", 10000, "ok-cap-1")).status).toBe(200)
        const cancel = await api("POST", "/epayment/v1/payments/failed-ops-01/cancel", {}, { "Idempotency-Key": "failed-can-1" })
        expect(errorCode(cancel.body)).toBe("6040")
        // a replay of a refused request is answered from the key, not logged twice
        expect(errorCode((await capture("failed-ops-01", 20000, "failed-cap-1")).body)).toBe("6090")

        const log = (await api("GET", "/epayment/v1/payments/failed-ops-01/events")).body
        expect(log.map((e: { name: string; success: boolean; idempotencyKey: string | null }) => [e.name, e.success, e.idempotencyKey])).toEqual([
          ["CREATED", true, "create-failed-ops-01"],
          ["AUTHORIZED", true, null],
          ["CAPTURED", false, "failed-cap-1"],
          ["REFUNDED", false, "failed-ref-1"],
          ["CAPTURED", true, "ok-cap-1"],
          ["CANCELLED", false, "failed-can-1"],
        ])
        await waitFor(() => received.length === 4)
        expect(received.map((e) => `${e.name}:${e.success}`)).toEqual(["CAPTURED:false", "REFUNDED:false", "CAPTURED:true", "CANCELLED:false"])
        // the aggregate only counts what succeeded
        expect((await api("GET", "/epayment/v1/payments/failed-ops-01")).body.aggregate.capturedAmount.value).toBe(10000)
      } finally {
        await new Promise((r) => receiver.close(r))
      }
    })
  })
})

describe("IdempotencyStore per sales unit (NOTES §2.1)", () => {
  const codeOf = (fn: () => unknown) => {
    try {
      fn()
      return "none"
    } catch (e) {
      if (!(e instanceof ApiError)) throw e
      return e.extraDetails?.find((d) => d.name === "ErrorCode")?.reason ?? `http-${e.status}`
    }
  }

  it("the same key on another payment → 409 4020, on another MSN → independent; a refused request binds its key too", () => {
    const idem = new IdempotencyStore()
    const run = (msn: string, op: "create" | "capture", reference: string) => idem.run({ msn, op, reference, key: "shared-key", body: { v: 1 } }, () => ({ status: 200 }))
    expect(codeOf(() => run("1", "capture", "ref-a"))).toBe("none")
    expect(codeOf(() => run("1", "capture", "ref-b"))).toBe("4020") // same operation, other payment
    expect(codeOf(() => run("1", "create", "ref-b"))).toBe("4020") // other operation, other payment
    expect(codeOf(() => run("2", "capture", "ref-b"))).toBe("none") // another sales unit has its own keys
    idem.run({ msn: "1", op: "create", reference: "ref-c", key: "bad", body: {} }, () => ({ status: 400 }))
    expect(codeOf(() => idem.run({ msn: "1", op: "create", reference: "ref-d", key: "bad", body: {} }, () => ({ status: 201 })))).toBe("4020")
  })
})

function hash(s: string) {
  let h = 0
  for (const c of s) h = (h * 31 + c.charCodeAt(0)) | 0
  return h
}
