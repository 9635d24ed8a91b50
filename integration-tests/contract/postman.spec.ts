// Runs the official ePayment Postman collection (../shared/vipps) with newman against the
// sandbox. The files are read, never copied or edited: the environment is derived in memory
// from the global environment file, and only the Userinfo request (not ePayment) is filtered out.
import fs from "node:fs"
import path from "node:path"
import { DEFAULT_MERCHANTS, startSandbox, type Sandbox } from "../../src/sandbox"
import { SPEC_DIR } from "./openapi-validator"

// newman has no bundled types; the subset used here is typed locally.
// eslint-disable-next-line @typescript-eslint/no-var-requires
const newman = require("newman") as { run: (opts: Record<string, unknown>, cb: (err: Error | null, summary: any) => void) => void } // eslint-disable-line @typescript-eslint/no-explicit-any

jest.setTimeout(60_000)

const NOK = DEFAULT_MERCHANTS[0]
const readJson = (f: string) => JSON.parse(fs.readFileSync(path.join(SPEC_DIR, f), "utf8"))

type Item = { name: string; [k: string]: unknown }

function environmentFor(url: string) {
  const env = readJson("vipps-api-global-postman-environment.json")
  const overrides: Record<string, string> = {
    base_url: url,
    client_id: NOK.clientId,
    client_secret: NOK.clientSecret,
    "Ocp-Apim-Subscription-Key": NOK.subscriptionKey,
    merchantSerialNumber: NOK.msn,
    internationalMobileNumber: "4791234567",
    mobileNumber: "91234567",
    access_token: "",
    idempotency_key: "",
    payment_token: "",
    sub: "",
  }
  for (const v of env.values) if (v.key in overrides) v.value = overrides[v.key]
  return env
}

function runNewman(collection: unknown, environment: unknown): Promise<any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return new Promise((resolve, reject) => {
    newman.run(
      // delayRequest: the collection derives `reference` from Date.now(), keep creates apart
      { collection, environment, reporters: [], delayRequest: 3, timeoutRequest: 10_000 },
      (err, summary) => (err ? reject(err) : resolve(summary))
    )
  })
}

/** name → [status, parsed body] of each executed request */
function results(summary: any) { // eslint-disable-line @typescript-eslint/no-explicit-any
  return summary.run.executions.map((e: any) => { // eslint-disable-line @typescript-eslint/no-explicit-any
    const raw = e.response?.stream ? Buffer.from(e.response.stream).toString("utf8") : ""
    let body: any // eslint-disable-line @typescript-eslint/no-explicit-any
    try {
      body = raw ? JSON.parse(raw) : undefined
    } catch {
      body = raw
    }
    return { name: e.item.name as string, status: e.response?.code as number, body }
  })
}

const code = (body: any) => body?.extraDetails?.find((d: any) => d.name === "ErrorCode")?.reason // eslint-disable-line @typescript-eslint/no-explicit-any

describe("official Postman collection via newman", () => {
  let sandbox: Sandbox
  const original = readJson("vipps-epayment-api-postman-collection.json")
  const byName = (n: string) => {
    const it = (original.item as Item[]).find((i) => i.name === n)
    if (!it) throw new Error(`collection has no item ${n}`)
    return it
  }

  beforeAll(async () => {
    sandbox = await startSandbox()
  })
  afterAll(async () => {
    await sandbox?.close()
  })

  it("runs the collection in its own order (Userinfo skipped) with zero failures", async () => {
    const collection = { ...original, item: (original.item as Item[]).filter((i) => i.name !== "Get Userinfo") }
    expect(collection.item).toHaveLength((original.item as Item[]).length - 1)
    const summary = await runNewman(collection, environmentFor(sandbox.url))
    expect(summary.run.failures).toEqual([])
    const r = results(summary)
    const status = Object.fromEntries(r.map((x: any) => [x.name, x.status])) // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(status).toEqual({
      "Get Access Token": 200,
      "Create payment - Web redirect": 201,
      "Create payment - QR": 201,
      "Create payment - Push request": 201,
      "Create payment - Native redirect": 201,
      "Create payment - User info": 201,
      "Create payment - Card": 201,
      // The collection cancels the last (not yet approved) payment first → TERMINATED,
      // so the following capture/refund/approve are correctly refused by the state machine.
      "Cancel payment": 200,
      "Capture payment": 400,
      "Refund payment": 400,
      "Force approve payment": 400,
      "Get payment event log": 200,
      "Get payment": 200,
    })
    const get = (n: string) => r.find((x: any) => x.name === n) // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(get("Cancel payment").body.state).toBe("TERMINATED")
    expect(code(get("Capture payment").body)).toBe("6200")
    expect(code(get("Refund payment").body)).toBe("6210")
    // the refused capture and refund are in the log with success: false, as Vipps logs them
    expect(get("Get payment event log").body.map((e: any) => `${e.name}:${e.success}`)).toEqual(["CREATED:true", "TERMINATED:true", "CAPTURED:false", "REFUNDED:false"]) // eslint-disable-line @typescript-eslint/no-explicit-any

    // The unquoted 19-digit `reference` from the collection must survive without precision loss.
    const creates = (await (await fetch(`${sandbox.url}/_sandbox/requests?method=POST&pathContains=/v1/payments`)).json()).requests.filter((q: any) => q.path === "/epayment/v1/payments") // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(creates).toHaveLength(6)
    const refs = r.filter((x: any) => x.name.startsWith("Create payment")).map((x: any) => x.body.reference) // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(new Set(refs).size).toBe(6)
    for (const ref of refs) expect(ref).toMatch(/^100001\d{13}$/)
    expect(get("Get payment").body.reference).toBe(refs[5])
  })

  it("runs the collection's own requests in a happy-path order with zero failures", async () => {
    // Same requests, re-ordered in memory: create → approve → capture → refund → read → cancel.
    const order = ["Get Access Token", "Create payment - Web redirect", "Force approve payment", "Capture payment", "Refund payment", "Get payment event log", "Get payment", "Cancel payment"]
    const collection = { ...original, item: order.map(byName) }
    const summary = await runNewman(collection, environmentFor(sandbox.url))
    expect(summary.run.failures).toEqual([])
    const r = results(summary)
    expect(r.map((x: any) => `${x.name}:${x.status}`)).toEqual([ // eslint-disable-line @typescript-eslint/no-explicit-any
      "Get Access Token:200",
      "Create payment - Web redirect:201",
      "Force approve payment:200",
      "Capture payment:200",
      "Refund payment:200",
      "Get payment event log:200",
      "Get payment:200",
      "Cancel payment:200",
    ])
    const last = r[r.length - 1].body
    expect(last.aggregate).toEqual({
      authorizedAmount: { currency: "NOK", value: 49900 },
      capturedAmount: { currency: "NOK", value: 1000 },
      refundedAmount: { currency: "NOK", value: 1000 },
      cancelledAmount: { currency: "NOK", value: 48900 },
    })
    expect(r[5].body.map((e: any) => e.name)).toEqual(["CREATED", "AUTHORIZED", "CAPTURED", "REFUNDED"]) // eslint-disable-line @typescript-eslint/no-explicit-any
  })
})
