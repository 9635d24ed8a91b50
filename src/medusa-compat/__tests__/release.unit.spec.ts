import { NEWEST_TESTED_MEDUSA, OLDEST_SUPPORTED_MEDUSA, UNSUPPORTED_MEDUSA_STOPPED, assertSupportedMedusa, compareReleases, judgeMedusaRelease } from "../release"
import { orderItemQuantity } from "../order-items"

const peer = require("../../../package.json").peerDependencies

function recordingLogger() {
  const lines: { level: "error" | "warn"; message: string }[] = []
  return { lines, error: (message: string) => lines.push({ level: "error", message }), warn: (message: string) => lines.push({ level: "warn", message }) }
}

describe("the Medusa releases the plugin supports", () => {
  it("declares the same floor in package.json's peer ranges as the boot check enforces", () => {
    for (const name of ["@medusajs/framework", "@medusajs/medusa", "@medusajs/admin-sdk", "@medusajs/js-sdk"]) {
      expect({ name, range: peer[name] }).toEqual({ name, range: `^${OLDEST_SUPPORTED_MEDUSA}` })
    }
  })

  it("orders releases as semver does, pre-releases before their release", () => {
    expect(compareReleases("2.18.0", "2.21.2")).toBeLessThan(0)
    expect(compareReleases("2.21.10", "2.21.2")).toBeGreaterThan(0)
    expect(compareReleases("2.18.0-rc.1", "2.18.0")).toBeLessThan(0)
    expect(compareReleases("2.20.1", "2.20.1")).toBe(0)
  })

  it("refuses a release below 2.18.0, naming it, the range and what to do", () => {
    for (const version of ["2.17.2", "2.15.0", "2.18.0-rc.1", "1.20.0"]) {
      const judged = judgeMedusaRelease(version)
      expect(judged.verdict).toBe("unsupported")
      if (judged.verdict !== "unsupported") continue
      expect(judged.message).toContain(`Medusa ${version}`)
      expect(judged.message).toContain(`${OLDEST_SUPPORTED_MEDUSA} or newer (tested up to ${NEWEST_TESTED_MEDUSA})`)
      expect(judged.message).toContain("npx medusa db:migrate")
    }
  })

  it("accepts every release from 2.18.0 to the newest tested one", () => {
    for (const version of ["2.18.0", "2.19.0", "2.20.1", NEWEST_TESTED_MEDUSA]) expect(judgeMedusaRelease(version).verdict).toBe("supported")
  })

  it("calls a newer release untested", () => {
    expect(judgeMedusaRelease("2.22.0").verdict).toBe("untested")
    expect(judgeMedusaRelease("3.0.0").verdict).toBe("untested")
  })

  it("stops the boot below the range after logging the full message once", () => {
    const logger = recordingLogger()
    expect(() => assertSupportedMedusa(logger, "2.17.2")).toThrow(UNSUPPORTED_MEDUSA_STOPPED)
    expect(logger.lines).toEqual([{ level: "error", message: expect.stringContaining("does not run on Medusa 2.17.2") }])
  })

  it("warns once per process on an untested release and says nothing on a tested one", () => {
    const logger = recordingLogger()
    assertSupportedMedusa(logger, "2.21.0")
    expect(logger.lines).toEqual([])
    for (let i = 0; i < 3; i++) expect(assertSupportedMedusa(logger, "2.23.1")?.verdict).toBe("untested")
    expect(logger.lines).toEqual([{ level: "warn", message: expect.stringContaining("not on 2.23.1") }])
  })

  it("checks nothing outside a Medusa app (no @medusajs/medusa to read)", () => {
    expect(assertSupportedMedusa(recordingLogger(), undefined)).toBeUndefined()
  })
})

describe("an order item's quantity, whichever field the release fills", () => {
  it("reads items.quantity and falls back to the order item (detail)", () => {
    expect(orderItemQuantity({ quantity: 2, detail: { quantity: 2 } })).toBe(2)
    expect(orderItemQuantity({ detail: { quantity: 3 } })).toBe(3)
    expect(orderItemQuantity({ raw_quantity: { value: "2" }, quantity: 2 })).toEqual({ value: "2" })
    expect(orderItemQuantity({ detail: { raw_quantity: { value: "4" }, quantity: 4 } })).toEqual({ value: "4" })
  })
})
