// redirectUrl per userFlow (spec CreatePaymentResponse, NOTES §3.2): a real QR image that encodes
// the landing page (qrFormat IMAGE/SVG+XML default, IMAGE/PNG at `size`, TEXT/TARGETURL), an app
// deep link for NATIVE_REDIRECT (spec example `vipps://token=…`), none for PUSH_MESSAGE; the
// landing page stays reachable for every flow.
import jsQR from "jsqr"
import { PNG } from "pngjs"
import { startSandbox, DEFAULT_MERCHANTS, type Sandbox } from "../index"
import { apiClient, controlClient, createBody, tokenFor } from "./helpers"

jest.setTimeout(20_000)

/** Decodes a QR code from RGBA pixels; throws when there is none. */
function decode(data: Uint8ClampedArray, width: number, height: number): string {
  const code = jsQR(data, width, height)
  if (!code) throw new Error("no QR code found in the image")
  return code.data
}

/** Rasterises the `h` runs of a qrcode-style SVG path (one unit per module) and decodes it. */
function decodeSvg(svg: string): string {
  const size = Number(/viewBox="0 0 (\d+) \d+"/.exec(svg)?.[1])
  const d = /<path stroke="#000000" d="([^"]+)"/.exec(svg)?.[1] ?? ""
  const scale = 8
  const px = size * scale
  const rgba = new Uint8ClampedArray(px * px * 4).fill(255)
  let x = 0
  let y = 0
  for (const [, cmd, a, b] of d.matchAll(/([MmHhVv])(-?[\d.]+)(?: (-?[\d.]+))?/g)) {
    if (cmd === "M") [x, y] = [Number(a), Number(b)]
    else if (cmd === "m") [x, y] = [x + Number(a), y + Number(b)]
    else if (cmd === "h") {
      const row = Math.floor(y)
      for (let c = x; c < x + Number(a); c++) {
        for (let dy = 0; dy < scale; dy++) for (let dx = 0; dx < scale; dx++) rgba.fill(0, ((row * scale + dy) * px + c * scale + dx) * 4, ((row * scale + dy) * px + c * scale + dx) * 4 + 3)
      }
      x += Number(a)
    }
  }
  return decode(rgba, px, px)
}

describe("redirectUrl per userFlow", () => {
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

  const create = async (reference: string, extra: Record<string, unknown>, a = api) => {
    const r = await a("POST", "/epayment/v1/payments", { ...createBody(reference), ...extra }, { "Idempotency-Key": `create-${reference}` })
    expect(r.status).toBe(201)
    return r.body.redirectUrl as string | undefined
  }
  const landingUrl = async (reference: string, msn = "100001") => (await control("GET", `/payments/${reference}?msn=${msn}`)).body.landingUrl as string

  it("QR (default IMAGE/SVG+XML): the URL serves an SVG whose QR code opens the landing page", async () => {
    const url = await create("qr-svg-00001", { userFlow: "QR" })
    expect(url).toMatch(new RegExp(`^${sandbox.url}/qr/v1\\?token=`))
    const r = await fetch(url!)
    expect(r.headers.get("content-type")).toBe("image/svg+xml")
    const target = decodeSvg(await r.text())
    expect(target).toBe(await landingUrl("qr-svg-00001"))
    const page = await fetch(target)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('id="approve"')
  })

  it("QR IMAGE/PNG: a PNG of `size` pixels whose QR code opens the landing page, where the shopper approves", async () => {
    const url = await create("qr-png-00001", { userFlow: "QR", qrFormat: { format: "IMAGE/PNG", size: 300 } })
    const r = await fetch(url!)
    expect(r.headers.get("content-type")).toBe("image/png")
    const png = PNG.sync.read(Buffer.from(await r.arrayBuffer()))
    expect([png.width, png.height]).toEqual([300, 300])
    const target = decode(new Uint8ClampedArray(png.data), png.width, png.height)
    expect(target).toBe(await landingUrl("qr-png-00001"))
    const token = new URL(target).searchParams.get("token")!
    const approve = await fetch(`${sandbox.url}/landing/approve`, { method: "POST", body: new URLSearchParams({ token }), redirect: "manual" })
    expect(approve.status).toBe(303)
    expect((await api("GET", "/epayment/v1/payments/qr-png-00001")).body.state).toBe("AUTHORIZED")
  })

  it("QR TEXT/TARGETURL: redirectUrl is the target URL itself (the landing page)", async () => {
    const url = await create("qr-text-0001", { userFlow: "QR", qrFormat: { format: "TEXT/TARGETURL" } })
    expect(url).toBe(await landingUrl("qr-text-0001"))
  })

  it("unknown QR tokens and other flows' tokens serve no image", async () => {
    expect((await fetch(`${sandbox.url}/qr/v1?token=nope`)).status).toBe(404)
    await create("qr-none-0001", {})
    const token = new URL(await landingUrl("qr-none-0001")).searchParams.get("token")
    expect((await fetch(`${sandbox.url}/qr/v1?token=${token}`)).status).toBe(404)
  })

  it("NATIVE_REDIRECT: an app deep link (vipps:// for Vipps, mobilepay:// for MobilePay); the landing page stays reachable", async () => {
    const url = await create("native-nok-01", { userFlow: "NATIVE_REDIRECT", returnUrl: "myshopapp://vipps/return" })
    const landing = await landingUrl("native-nok-01")
    expect(url).toBe(`vipps://token=${new URL(landing).searchParams.get("token")}`)
    expect((await api("GET", "/epayment/v1/payments/native-nok-01")).body.redirectUrl).toBe(url)
    expect((await fetch(landing)).status).toBe(200)
    const approve = await fetch(`${sandbox.url}/landing/approve`, { method: "POST", body: new URLSearchParams({ token: new URL(landing).searchParams.get("token")! }), redirect: "manual" })
    expect(approve.headers.get("location")).toBe("myshopapp://vipps/return")

    const dkk = DEFAULT_MERCHANTS[1]
    const dk = apiClient(sandbox, await tokenFor(sandbox, dkk), dkk)
    const dkUrl = await create("native-dkk-01", { userFlow: "NATIVE_REDIRECT", amount: { value: 1000, currency: "DKK" } }, dk)
    expect(dkUrl).toMatch(/^mobilepay:\/\/token=/)
  })

  it("PUSH_MESSAGE: no redirectUrl, but the control API still knows the landing page", async () => {
    const url = await create("push-msg-0001", { userFlow: "PUSH_MESSAGE", customer: { phoneNumber: "4791234567" } })
    expect(url).toBeUndefined()
    expect((await fetch(await landingUrl("push-msg-0001"))).status).toBe(200)
  })
})
