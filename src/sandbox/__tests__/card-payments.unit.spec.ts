// Freestanding card payments in the sandbox (UPDATES-2026 "Freestanding card payments"; spec
// PaymentMethodType, PaymentMethodResponse.cardBin): CARD only with WEB_REDIRECT (4160), the
// sales unit's card permission (5070 when off), the card form with its test cards (approve,
// decline → ABORTED, 3-D Secure), GET's cardBin, and no force approve for CARD (test environment).
import { startSandbox, type Sandbox } from "../index"
import { checkCardEntry, luhnValid } from "../card"
import { apiClient, controlClient, createBody, errorCode, tokenFor } from "./helpers"

jest.setTimeout(20_000)

const CARD = { APPROVE: "4925 0000 0000 0004", DECLINE: "4000 0000 0000 0002", THREE_DS: "5200 8282 8282 8210" }

describe("sandbox: freestanding card payments", () => {
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
  afterEach(async () => {
    await control("POST", "/merchants/100001/card-payments", { allowed: true })
  })

  const createCard = (reference: string, extra: Record<string, unknown> = {}) =>
    api("POST", "/epayment/v1/payments", { ...createBody(reference), paymentMethod: { type: "CARD" }, ...extra }, { "Idempotency-Key": `create-${reference}` })

  /** Posts a landing-page form like a browser; returns the status, Location and page. */
  async function post(path: string, fields: Record<string, string>) {
    const r = await fetch(`${sandbox.url}${path}`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString(),
    })
    return { status: r.status, location: r.headers.get("location"), html: await r.text() }
  }
  const tokenOf = (redirectUrl: string) => new URL(redirectUrl).searchParams.get("token")!
  const payWith = (token: string, number: string, expiry = "12/39", cvc = "123") => post("/landing/card", { token, number, expiry, cvc })
  const getPayment = async (reference: string) => (await api("GET", `/epayment/v1/payments/${reference}`)).body

  it.each(["NATIVE_REDIRECT", "PUSH_MESSAGE", "QR"])("CARD with userFlow %s is refused with 400 and code 4160", async (userFlow) => {
    const res = await createCard(`card-flow-${userFlow.toLowerCase().replace("_", "")}`, { userFlow, customer: { phoneNumber: "4791234567" } })
    expect(res.status).toBe(400)
    expect(res.headers.get("content-type")).toContain("application/problem+json")
    expect(errorCode(res.body)).toBe("4160")
  })

  it("a sales unit whose card permission is off answers create with CARD 403 and code 5070; WALLET still works", async () => {
    expect((await control("POST", "/merchants/100001/card-payments", { allowed: false })).body).toEqual({ msn: "100001", cardPayments: false })
    const refused = await createCard("card-perm-off-1")
    expect([refused.status, errorCode(refused.body)]).toEqual([403, "5070"])
    expect(refused.body.traceId).toBeTruthy()
    expect((await control("GET", "/payments/card-perm-off-1")).status).toBe(404)
    const wallet = await api("POST", "/epayment/v1/payments", createBody("card-perm-off-2"), { "Idempotency-Key": "create-card-perm-off-2" })
    expect(wallet.status).toBe(201)
    await control("POST", "/merchants/100001/card-payments", { allowed: true })
    expect((await createCard("card-perm-on-3")).status).toBe(201)
  })

  it("the landing page shows a card form (number, expiry, CVC) for CARD and the app screen for WALLET", async () => {
    const card = await createCard("card-page-1")
    const page = await (await fetch(card.body.redirectUrl)).text()
    expect(page).toContain('id="card-form"')
    expect(page).toContain('name="number"')
    expect(page).toContain('name="expiry"')
    expect(page).toContain('name="cvc"')
    expect(page).not.toContain('id="approve"')
    const wallet = await api("POST", "/epayment/v1/payments", createBody("card-page-2"), { "Idempotency-Key": "create-card-page-2" })
    const walletPage = await (await fetch(wallet.body.redirectUrl)).text()
    expect(walletPage).toContain('id="approve"')
    expect(walletPage).not.toContain('id="card-form"')
  })

  it("the approving test card authorizes and sends the shopper back; GET answers paymentMethod CARD with the card's BIN", async () => {
    const created = await createCard("card-approve-1")
    const before = await getPayment("card-approve-1")
    expect(before.paymentMethod).toEqual({ type: "CARD" })
    const res = await payWith(tokenOf(created.body.redirectUrl), CARD.APPROVE)
    expect(res.status).toBe(303)
    expect(res.location).toBe("https://shop.example/return?ref=card-approve-1")
    const paid = await getPayment("card-approve-1")
    expect(paid.state).toBe("AUTHORIZED")
    expect(paid.paymentMethod).toEqual({ type: "CARD", cardBin: "492500" })
    expect(paid.aggregate.authorizedAmount.value).toBe(10000)
  })

  it("the declining test card ends the payment ABORTED with a failed AUTHORIZED event", async () => {
    const created = await createCard("card-decline-1")
    const res = await payWith(tokenOf(created.body.redirectUrl), CARD.DECLINE)
    expect(res.status).toBe(303)
    const payment = await getPayment("card-decline-1")
    expect(payment.state).toBe("ABORTED")
    expect(payment.paymentMethod).toEqual({ type: "CARD", cardBin: "400000" })
    const events = (await api("GET", "/epayment/v1/payments/card-decline-1/events")).body
    expect(events.map((e: { name: string; success: boolean }) => [e.name, e.success])).toEqual([
      ["CREATED", true],
      ["AUTHORIZED", false],
      ["ABORTED", true],
    ])
  })

  it("the 3-D Secure test card asks for a second step: confirming authorizes, a cancel meanwhile answers 6250", async () => {
    const created = await createCard("card-3ds-ok-1")
    const token = tokenOf(created.body.redirectUrl)
    const step = await payWith(token, CARD.THREE_DS)
    expect(step.status).toBe(200)
    expect(step.html).toContain('id="three-d-secure"')
    expect((await getPayment("card-3ds-ok-1")).state).toBe("CREATED")
    // The page opened again shows the step, not the form.
    expect(await (await fetch(created.body.redirectUrl)).text()).toContain('id="approve-3ds"')
    const cancel = await api("POST", "/epayment/v1/payments/card-3ds-ok-1/cancel", { cancelTransactionOnly: true }, { "Idempotency-Key": "cancel-3ds-1" })
    expect([cancel.status, errorCode(cancel.body)]).toEqual([400, "6250"])
    const done = await post("/landing/card/3ds", { token, result: "approve" })
    expect(done.status).toBe(303)
    const paid = await getPayment("card-3ds-ok-1")
    expect([paid.state, paid.paymentMethod.cardBin]).toEqual(["AUTHORIZED", "520082"])
  })

  it("failing the 3-D Secure step ends the payment ABORTED", async () => {
    const created = await createCard("card-3ds-fail-1")
    const token = tokenOf(created.body.redirectUrl)
    await payWith(token, CARD.THREE_DS)
    expect((await post("/landing/card/3ds", { token, result: "fail" })).status).toBe(303)
    expect((await getPayment("card-3ds-fail-1")).state).toBe("ABORTED")
  })

  it("the form refuses a wrong number, an expired card and a missing CVC without changing the payment", async () => {
    const created = await createCard("card-form-errors-1")
    const token = tokenOf(created.body.redirectUrl)
    const wrong = await payWith(token, "4925 0000 0000 0005")
    expect([wrong.status, wrong.html.includes('id="card-error"')]).toEqual([400, true])
    expect((await payWith(token, CARD.APPROVE, "01/20")).html).toContain("The card has expired")
    expect((await payWith(token, CARD.APPROVE, "12/39", "")).status).toBe(400)
    expect((await post("/landing/approve", { token })).status).toBe(400)
    expect((await getPayment("card-form-errors-1")).state).toBe("CREATED")
  })

  it("force approve (test environment only) refuses CARD payments with 10060: Vipps's test environment cannot do card payments", async () => {
    const created = await createCard("card-force-1")
    const res = await api("POST", "/epayment/v1/test/payments/card-force-1/approve", { token: tokenOf(created.body.redirectUrl) })
    expect([res.status, errorCode(res.body)]).toEqual([400, "10060"])
  })

  it("the control API pays a CARD payment with a test card, and answers the 3-D Secure step", async () => {
    await createCard("card-control-1")
    await createCard("card-control-2")
    expect((await control("POST", "/payments/card-control-1/approve", {})).body).toMatchObject({ state: "AUTHORIZED", cardBin: "492500" })
    expect((await control("POST", "/payments/card-control-2/approve", { card: CARD.THREE_DS, threeDSecure: "fail" })).body.state).toBe("ABORTED")
  })

  it("test cards: Luhn-valid numbers, expiry on the sandbox clock", () => {
    expect(Object.values(CARD).every((n) => luhnValid(n.replace(/ /g, "")))).toBe(true)
    const dec2026 = Date.parse("2026-12-06T00:00:00Z")
    expect(checkCardEntry({ number: CARD.APPROVE, expiry: "12/26", cvc: "123" }, dec2026)).toMatchObject({ ok: true, bin: "492500", behaviour: "approve" })
    expect(checkCardEntry({ number: CARD.APPROVE, expiry: "11/26", cvc: "123" }, dec2026)).toMatchObject({ ok: false, field: "expiry" })
    expect(checkCardEntry({ number: CARD.APPROVE, expiry: "13/30", cvc: "123" }, dec2026)).toMatchObject({ ok: false, field: "expiry" })
  })
})
