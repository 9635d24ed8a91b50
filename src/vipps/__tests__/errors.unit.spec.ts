import { VippsAmountError, VippsError, isVippsError, shopperMessageForState } from "../errors"

describe("VippsError", () => {
  it("maps a capture-too-high problem to a merchant sentence and a traceable message", () => {
    const error = new VippsError({
      kind: "http",
      status: 400,
      code: "6090",
      title: "Capture amount too high",
      traceId: "00-abc-01",
      operation: "capture",
      reference: "order-12345678",
    })
    expect(error.merchantMessage).toBe("The capture amount is higher than what is left to capture on this payment.")
    expect(error.message).toBe(
      "The capture amount is higher than what is left to capture on this payment. (Vipps 400 6090, trace 00-abc-01)"
    )
    expect(error.retryable).toBe(false)
    expect(isVippsError(error)).toBe(true)
    expect(error).toBeInstanceOf(Error)
  })

  it.each([
    ["6260", /^The customer's bank released the reserved amount; nothing was captured\. Do not ship the order: contact the customer/],
    ["6280", /^Vipps MobilePay could not capture right now; nothing was captured\. Try again in a moment\.$/],
    ["6100", /capture period for this payment has expired/],
    ["6040", /fully captured and cannot be cancelled; refund it instead/],
    ["6150", /higher than what is left to refund/],
  ])("code %s has a merchant message", (code, pattern) => {
    expect(new VippsError({ kind: "http", status: 400, code }).merchantMessage).toMatch(pattern)
  })

  it("names the currency for 5040", () => {
    const error = new VippsError({ kind: "http", status: 400, code: "5040", currency: "DKK" })
    expect(error.merchantMessage).toMatch(/^This Vipps MobilePay sales unit cannot take payments in DKK/)
  })

  it("branches on status when there is no code, never on the title", () => {
    const unauthorized = new VippsError({ kind: "http", status: 401, title: "Capture amount too high" })
    expect(unauthorized.merchantMessage).toBe(
      "Vipps MobilePay rejected the API credentials: check client id, client secret, subscription key and merchant serial number (test keys only work with environment 'test')"
    )
    expect(new VippsError({ kind: "http", status: 403 }).merchantMessage).toMatch(/not allowed/)
    expect(new VippsError({ kind: "http", status: 404 }).merchantMessage).toMatch(/does not know this payment/)
    expect(new VippsError({ kind: "http", status: 429 }).merchantMessage).toMatch(/Too many requests/)
  })

  it("marks transport failures, 5xx, 423, 429 and 6160/6280 as retryable", () => {
    expect(new VippsError({ kind: "timeout" }).retryable).toBe(true)
    expect(new VippsError({ kind: "network" }).retryable).toBe(true)
    expect(new VippsError({ kind: "http", status: 502 }).retryable).toBe(true)
    expect(new VippsError({ kind: "http", status: 423 }).retryable).toBe(true)
    expect(new VippsError({ kind: "http", status: 429 }).retryable).toBe(true)
    expect(new VippsError({ kind: "http", status: 400, code: "6280" }).retryable).toBe(true)
    expect(new VippsError({ kind: "http", status: 400, code: "6090" }).retryable).toBe(false)
  })

  it.each([400, 409, 500, 503])("decides 6260 and 6280 on the code, whatever the HTTP status (%i)", (status) => {
    // 6260 funds unavailable: final even on a 5xx; 6280: retried with the same key even on a 4xx.
    expect(new VippsError({ kind: "http", status, code: "6260" }).retryable).toBe(false)
    expect(new VippsError({ kind: "http", status, code: "6280" }).retryable).toBe(true)
    // The title never decides: a 6260 titled like a transient error stays final.
    expect(new VippsError({ kind: "http", status, code: "6260", title: "Capture failed, please try again later" }).retryable).toBe(false)
  })

  it("words timeouts so nobody assumes the operation failed", () => {
    const error = new VippsError({ kind: "timeout", operation: "capture" })
    expect(error.merchantMessage).toMatch(/may still have happened/)
    expect(error.message).toMatch(/\(Vipps timeout\)$/)
    expect(error.status).toBeUndefined()
  })

  it("keeps shopper messages vague and offers state messages", () => {
    expect(new VippsError({ kind: "http", status: 400, code: "7010" }).shopperMessage).not.toMatch(/number/i)
    expect(shopperMessageForState("ABORTED")).toMatch(/cancelled/)
    expect(shopperMessageForState("EXPIRED")).toMatch(/not approved in time/)
    expect(shopperMessageForState("CREATED")).toMatch(/not been approved/)
    expect(shopperMessageForState("AUTHORIZED")).toBeUndefined()
  })

  it("VippsAmountError is not a VippsError", () => {
    const error = new VippsAmountError("bad", "NOK")
    expect(isVippsError(error)).toBe(false)
    expect(error.currency).toBe("NOK")
  })
})
