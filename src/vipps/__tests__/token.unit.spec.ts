import { clearTokenCache, getCachedToken, invalidateToken } from "../token"

describe("token cache", () => {
  beforeEach(() => clearTokenCache())

  it("shares one in-flight fetch between concurrent callers", async () => {
    let calls = 0
    const fetch = async () => {
      calls++
      await new Promise((r) => setTimeout(r, 20))
      return { access_token: `t${calls}`, expires_in: "3600" }
    }
    const tokens = await Promise.all([1, 2, 3, 4, 5].map(() => getCachedToken("k", fetch)))
    expect(tokens).toEqual(["t1", "t1", "t1", "t1", "t1"])
    expect(calls).toBe(1)
    expect(await getCachedToken("k", fetch)).toBe("t1")
    expect(calls).toBe(1)
  })

  it("renews shortly before expiry (5 min for long tokens, 10 % for short ones)", async () => {
    let now = 1_000_000
    let calls = 0
    const fetch = async () => ({ access_token: `t${++calls}`, expires_in: "3600" })
    await getCachedToken("k", fetch, () => now)
    now += (3600 - 301) * 1000
    expect(await getCachedToken("k", fetch, () => now)).toBe("t1")
    now += 2000
    expect(await getCachedToken("k", fetch, () => now)).toBe("t2")

    const short = async () => ({ access_token: `s${++calls}`, expires_in: "60" })
    now = 0
    await getCachedToken("short", short, () => now)
    now = 53_000
    expect(await getCachedToken("short", short, () => now)).toBe("s3")
    now = 55_000
    expect(await getCachedToken("short", short, () => now)).toBe("s4")
  })

  it("falls back to expires_on (epoch seconds as a string)", async () => {
    let now = 1_700_000_000_000
    let calls = 0
    const fetch = async () => ({ access_token: `t${++calls}`, expires_on: String(1_700_000_000 + 3600) })
    await getCachedToken("k", fetch, () => now)
    now += 3000 * 1000
    expect(await getCachedToken("k", fetch, () => now)).toBe("t1")
    now += 400 * 1000
    expect(await getCachedToken("k", fetch, () => now)).toBe("t2")
  })

  it("keys by cache key and forgets a rejected token only if it is still current", async () => {
    let calls = 0
    const fetch = async () => ({ access_token: `t${++calls}`, expires_in: "3600" })
    expect(await getCachedToken("a", fetch)).toBe("t1")
    expect(await getCachedToken("b", fetch)).toBe("t2")
    invalidateToken("a", "stale")
    expect(await getCachedToken("a", fetch)).toBe("t1")
    invalidateToken("a", "t1")
    expect(await getCachedToken("a", fetch)).toBe("t3")
  })

  it("does not cache a failed fetch", async () => {
    let calls = 0
    const fetch = async () => {
      if (++calls === 1) throw new Error("boom")
      return { access_token: "ok", expires_in: "3600" }
    }
    await expect(getCachedToken("k", fetch)).rejects.toThrow("boom")
    expect(await getCachedToken("k", fetch)).toBe("ok")
  })
})
