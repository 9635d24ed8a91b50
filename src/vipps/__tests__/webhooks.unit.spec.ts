import { computeWebhookSignature, verifyWebhookSignature } from "../webhooks"

// Official test vector, NOTES §6.4 (Webhooks API request-authentication.md).
const secret = "A0+AeKBRG2KRGvnNwJpQlb6IJFk48CKXCIcrLoHncVJKDILsQSxS6NWCccwWm6r6FhGKhiHTBsG2wo/xU6FY/A=="
const url = "https://webhook.site/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63"
const rawBody = '{"some-unique-content":"ee6e441b-cc4a-46f8-895d-a5af79bcc233/hello-world"}'
const date = "Thu, 30 Mar 2023 08:38:32 GMT"
const contentHash = "lNlsp1XA03N34HrQsVzPgJKtC+r7l/RBF4V3JQUWMj4="
const signature = "agAiSyogQbDHpeucoNwYz+yAr5nJ+v+zasdkSbqzv+U="
const authorization = `HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&Signature=${signature}`

const headers = {
  "x-ms-date": date,
  "x-ms-content-sha256": contentHash,
  authorization,
  host: "webhook.site",
}

describe("computeWebhookSignature", () => {
  it("reproduces the official test vector", () => {
    expect(computeWebhookSignature({ secret, url, date, rawBody })).toEqual({ contentHash, signature, authorization })
  })

  it("gives the same result for a Buffer body", () => {
    expect(computeWebhookSignature({ secret, url, date, rawBody: Buffer.from(rawBody) }).signature).toBe(signature)
  })
})

describe("verifyWebhookSignature", () => {
  it("accepts the official test vector (string and Buffer body)", () => {
    expect(verifyWebhookSignature({ secret, url, headers, rawBody })).toEqual({ ok: true })
    expect(verifyWebhookSignature({ secret, url, headers, rawBody: Buffer.from(rawBody, "utf8") })).toEqual({ ok: true })
  })

  it("treats header names case-insensitively and accepts array values", () => {
    const mixed = { "X-MS-Date": [date], "X-Ms-Content-Sha256": contentHash, Authorization: authorization }
    expect(verifyWebhookSignature({ secret, url, headers: mixed, rawBody })).toEqual({ ok: true })
  })

  it("rejects an altered body", () => {
    const result = verifyWebhookSignature({ secret, url, headers, rawBody: rawBody.replace("hello", "HELLO") })
    expect(result).toEqual({ ok: false, reason: "content hash does not match the body" })
  })

  it("rejects an altered body whose content hash header was recomputed", () => {
    const forged = rawBody.replace("hello", "HELLO")
    const forgedHash = computeWebhookSignature({ secret: "x", url, date, rawBody: forged }).contentHash
    const result = verifyWebhookSignature({ secret, url, headers: { ...headers, "x-ms-content-sha256": forgedHash }, rawBody: forged })
    expect(result).toEqual({ ok: false, reason: "signature mismatch" })
  })

  it("rejects a wrong secret, including the base64-decoded secret", () => {
    expect(verifyWebhookSignature({ secret: secret + "x", url, headers, rawBody }).ok).toBe(false)
    const decoded = Buffer.from(secret, "base64").toString("latin1")
    expect(verifyWebhookSignature({ secret: decoded, url, headers, rawBody }).ok).toBe(false)
  })

  it("rejects a different host or path than the registered url", () => {
    expect(verifyWebhookSignature({ secret, url: url.replace("webhook.site", "evil.example"), headers, rawBody }).ok).toBe(false)
    expect(verifyWebhookSignature({ secret, url: url + "?x=1", headers, rawBody }).ok).toBe(false)
    expect(verifyWebhookSignature({ secret, url: "https://webhook.site:8443/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63", headers, rawBody }).ok).toBe(false)
  })

  it("keeps the default port out of the signed host", () => {
    expect(verifyWebhookSignature({ secret, url: "https://webhook.site:443/e2cee29b-012e-4f1d-8ef4-e95fd74a7a63", headers, rawBody }).ok).toBe(true)
  })

  it("rejects a changed date and a tampered signature", () => {
    expect(verifyWebhookSignature({ secret, url, headers: { ...headers, "x-ms-date": "Thu, 30 Mar 2023 08:38:33 GMT" }, rawBody }).ok).toBe(false)
    const tampered = authorization.slice(0, -2) + "A="
    expect(verifyWebhookSignature({ secret, url, headers: { ...headers, authorization: tampered }, rawBody })).toEqual({
      ok: false,
      reason: "signature mismatch",
    })
    expect(verifyWebhookSignature({ secret, url, headers: { ...headers, authorization: "short" }, rawBody }).ok).toBe(false)
  })

  it.each(["x-ms-date", "x-ms-content-sha256", "authorization"])("rejects a missing %s header", (name) => {
    const partial: Record<string, string> = { ...headers }
    delete partial[name]
    expect(verifyWebhookSignature({ secret, url, headers: partial, rawBody })).toEqual({ ok: false, reason: `missing ${name} header` })
  })

  it("rejects when no secret is configured", () => {
    expect(verifyWebhookSignature({ secret: "", url, headers, rawBody }).ok).toBe(false)
  })
})
