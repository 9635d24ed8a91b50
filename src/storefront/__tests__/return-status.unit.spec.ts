import {
  checkVippsPayment,
  GAVE_UP_MESSAGE,
  pollVippsPayment,
  VIPPS_POLLING,
  vippsReturnParams,
  type MedusaStoreClient,
  type VippsPaymentCheck,
  type VippsPaymentStatus,
} from ".."

const payment = (status: VippsPaymentStatus["status"], extra: Partial<VippsPaymentStatus> = {}): VippsPaymentCheck => ({
  kind: "answer",
  payment: { reference: "demo-1", state: "CREATED", status, order_id: null, cart_id: "cart_1", message: null, ...extra },
})

/** A check that answers from `script` in turn (the last one repeats) and records when it was asked. */
function scripted(script: VippsPaymentCheck[]) {
  const started = Date.now()
  const calls: number[] = []
  const check = jest.fn(async () => {
    calls.push(Date.now() - started)
    return script[Math.min(calls.length - 1, script.length - 1)]
  })
  return { check, calls }
}

async function run<T>(promise: Promise<T>, ms: number): Promise<T> {
  await jest.advanceTimersByTimeAsync(ms)
  return promise
}

describe("polling the return status the way Vipps asks", () => {
  beforeEach(() => jest.useFakeTimers({ now: new Date("2026-12-01T10:00:00Z") }))
  afterEach(() => jest.useRealTimers())

  it("asks first after 5 s, then every 2 s until the order exists", async () => {
    const { check, calls } = scripted([payment("pending"), payment("pending"), payment("completed", { state: "AUTHORIZED", order_id: "order_1" })])
    const result = await run(pollVippsPayment(check), 20_000)
    expect(calls).toEqual([5_000, 7_000, 9_000])
    expect(result).toMatchObject({ outcome: "completed", order_id: "order_1" })
  })

  it("backs off on 429 (4 s, 8 s, 16 s, then at most 30 s) and returns to 2 s after the next answer", async () => {
    const throttled: VippsPaymentCheck = { kind: "throttled" }
    const { check, calls } = scripted([throttled, throttled, throttled, throttled, throttled, payment("pending"), payment("failed", { message: "Cancelled." })])
    const result = await run(pollVippsPayment(check), 120_000)
    const gaps = calls.map((t, i) => t - (calls[i - 1] ?? 0))
    expect(gaps).toEqual([5_000, 4_000, 8_000, 16_000, 30_000, 30_000, 2_000])
    expect(result).toMatchObject({ outcome: "failed", message: "Cancelled." })
  })

  it("waits at least as long as the server's Retry-After", async () => {
    const { check, calls } = scripted([{ kind: "throttled", retryAfterMs: 20_000 }, payment("completed", { order_id: "o" })])
    await run(pollVippsPayment(check), 40_000)
    expect(calls).toEqual([5_000, 25_000])
  })

  it("keeps asking every 2 s while the store does not answer (network errors, 5xx)", async () => {
    const { check, calls } = scripted([
      { kind: "unavailable", message: "Failed to fetch" },
      { kind: "unavailable", message: "Bad gateway" },
      payment("completion_failed", { message: "Sold out; released." }),
    ])
    const result = await run(pollVippsPayment(check), 20_000)
    expect(calls).toEqual([5_000, 7_000, 9_000])
    expect(result).toMatchObject({ outcome: "completion_failed", message: "Sold out; released." })
  })

  it("gives up after the 10-minute window with a message for the shopper, having asked every 2 s", async () => {
    const { check, calls } = scripted([payment("pending")])
    const result = await run(pollVippsPayment(check), VIPPS_POLLING.timeoutMs + 10_000)
    expect(result).toMatchObject({ outcome: "gave_up", message: GAVE_UP_MESSAGE })
    expect(result.payment?.status).toBe("pending")
    expect(calls[0]).toBe(5_000)
    expect(calls.at(-1)).toBeLessThanOrEqual(VIPPS_POLLING.timeoutMs)
    expect(calls).toHaveLength(Math.floor((VIPPS_POLLING.timeoutMs - 5_000) / 2_000) + 1)
    expect(GAVE_UP_MESSAGE).toMatch(/has not confirmed the payment yet.*nothing was charged/)
  })

  it("stops at once on a link that matches no payment (404)", async () => {
    const { check, calls } = scripted([{ kind: "invalid", httpStatus: 404, message: "No Vipps MobilePay payment matches this link." }])
    const result = await run(pollVippsPayment(check), 60_000)
    expect(calls).toEqual([5_000])
    expect(result).toEqual({ outcome: "invalid", message: "No Vipps MobilePay payment matches this link." })
  })

  it("stops when aborted (the page went away) without asking again", async () => {
    const controller = new AbortController()
    const { check, calls } = scripted([payment("pending")])
    const polling = pollVippsPayment(check, { signal: controller.signal, onCheck: () => controller.abort() })
    const result = await run(polling, 30_000)
    expect(calls).toEqual([5_000])
    expect(result.outcome).toBe("aborted")
  })

  it("takes shorter timings when the storefront asks for them", async () => {
    const { check, calls } = scripted([payment("pending"), payment("authorized")])
    const result = await run(pollVippsPayment(check, { firstPollMs: 1_000, intervalMs: 500 }), 5_000)
    expect(calls).toEqual([1_000, 1_500])
    expect(result.outcome).toBe("authorized")
  })
})

describe("the return page's messages: the store's code said in the shopper's language and brand", () => {
  afterEach(() => jest.useRealTimers())
  const aborted = payment("failed", {
    state: "ABORTED",
    code: "vipps_payment_aborted",
    message: "Betalingen blev annulleret i MobilePay. Der er ikke trukket penge. Vælg MobilePay igen for at starte en ny betaling.",
    currency: "DKK",
    language: "da",
    params: null,
  })

  // The text is made when the answer arrives: 5 s after these (the first poll).
  it.each([
    ["2027-01-11T22:59:54Z", "MobilePay"], // answer at 23:59:59 in Copenhagen
    ["2027-01-11T22:59:55Z", "Vipps"], // answer at 12 January 2027 00:00 in Copenhagen
  ])("Denmark, polling from %s: the app is %s", async (iso, app) => {
    jest.useFakeTimers({ now: new Date(iso) })
    const result = await run(pollVippsPayment(scripted([aborted]).check), 6_000)
    expect(result).toMatchObject({
      outcome: "failed",
      code: "vipps_payment_aborted",
      message: `Betalingen blev annulleret i ${app}. Der er ikke trukket penge. Vælg ${app} igen for at starte en ny betaling.`,
    })
  })

  it("takes the kit's language and a forced brand over the store's", async () => {
    jest.useFakeTimers({ now: new Date("2026-12-06T12:00:00Z") })
    const result = await run(pollVippsPayment(scripted([aborted]).check, { language: "fi", brand: "vipps" }), 6_000)
    expect(result.message).toBe("Maksu peruttiin Vipps-sovelluksessa. Sinulta ei veloitettu mitään. Valitse Vipps uudelleen, niin voit aloittaa uuden maksun.")
  })

  it("says 'authorized' truthfully: paid and reserved, the order on its way (never 'nothing was charged')", async () => {
    jest.useFakeTimers({ now: new Date("2026-12-06T12:00:00Z") })
    const authorized = payment("authorized", { state: "AUTHORIZED", code: "vipps_payment_authorized", message: "…", currency: "NOK", language: "nb" })
    const result = await run(pollVippsPayment(scripted([authorized]).check), 6_000)
    expect(result).toMatchObject({ outcome: "authorized", code: "vipps_payment_authorized" })
    expect(result.message).toBe("Betalingen er godkjent i Vipps, og beløpet er reservert. Butikken fullfører bestillingen din og bekrefter den straks.")
    expect(result.message).not.toMatch(/ikke blitt belastet/)
  })

  it("shows a message without a known code as the store said it", async () => {
    jest.useFakeTimers({ now: new Date("2026-12-06T12:00:00Z") })
    const result = await run(pollVippsPayment(scripted([payment("failed", { message: "Old store's sentence." })]).check), 6_000)
    expect(result.message).toBe("Old store's sentence.")
  })

  it("gives up in the shopper's language and the market's brand", async () => {
    jest.useFakeTimers({ now: new Date("2026-12-06T12:00:00Z") })
    const pending = payment("pending", { currency: "EUR" })
    const result = await run(pollVippsPayment(scripted([pending]).check, { language: "sv" }), VIPPS_POLLING.timeoutMs + 10_000)
    expect(result).toMatchObject({ outcome: "gave_up", code: "vipps_payment_not_confirmed" })
    expect(result.message).toMatch(/^MobilePay har inte bekräftat betalningen än\./)
  })
})

describe("reading the return status through the js-sdk client", () => {
  const sdkAnswering = (fetch: jest.Mock): MedusaStoreClient => ({ client: { fetch } })
  const httpError = (status: number, message: string) => Object.assign(new Error(message), { status })

  it("asks for the store's messages in the kit's language (lang)", async () => {
    const fetch = jest.fn().mockResolvedValue((payment("pending") as any).payment)
    await checkVippsPayment(sdkAnswering(fetch), { reference: "r", token: "t" }, { language: "da-DK" })
    expect(fetch).toHaveBeenCalledWith("/store/vipps/payments/r", { query: { token: "t", lang: "da" }, headers: undefined })
  })

  it("calls the return route with the reference and token", async () => {
    const fetch = jest.fn().mockResolvedValue((payment("pending") as any).payment)
    const check = await checkVippsPayment(sdkAnswering(fetch), { reference: "demo-01/x", token: "t k" })
    expect(fetch).toHaveBeenCalledWith("/store/vipps/payments/demo-01%2Fx", { query: { token: "t k" }, headers: undefined })
    expect(check).toMatchObject({ kind: "answer", payment: { status: "pending" } })
  })

  it("sorts HTTP failures: 429 throttled, 404 invalid, 5xx and network errors unavailable", async () => {
    const answer = (error: Error) => checkVippsPayment(sdkAnswering(jest.fn().mockRejectedValue(error)), { reference: "r", token: "t" })
    expect(await answer(httpError(429, "Too Many Requests"))).toEqual({ kind: "throttled" })
    expect(await answer(httpError(404, "No Vipps MobilePay payment matches this link."))).toEqual({
      kind: "invalid",
      httpStatus: 404,
      message: "No Vipps MobilePay payment matches this link.",
    })
    expect(await answer(httpError(503, "Service Unavailable"))).toEqual({ kind: "unavailable", message: "Service Unavailable" })
    expect(await answer(new TypeError("Failed to fetch"))).toEqual({ kind: "unavailable", message: "Failed to fetch" })
  })

  it("reads reference and token from the return URL", () => {
    expect(vippsReturnParams("?reference=demo-1&token=abc")).toEqual({ reference: "demo-1", token: "abc" })
    expect(vippsReturnParams("?reference=demo-1")).toBeNull()
  })
})
