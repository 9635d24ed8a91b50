import { localDay, localMidnight, paymentListQuery } from "../payment-list-types"

// The payments page's filters as the list route's query (the contract's names), and the CSV
// export's query: the same filters, every row (no page), format=csv.

describe("the payments page's query", () => {
  it("sends only what is set, the states as one comma list, the search trimmed", () => {
    expect(paymentListQuery({ q: "  #1042 ", states: ["AUTHORIZED", "CREATED"], msn: "100001", created_from: "2026-12-01", created_to: "2026-12-06", attention: "any", limit: 20, offset: 40 })).toEqual({
      q: "#1042",
      state: "AUTHORIZED,CREATED",
      msn: "100001",
      created_from: localMidnight("2026-12-01"),
      created_to: localMidnight("2026-12-06"),
      attention: "any",
      limit: "20",
      offset: "40",
    })
    expect(paymentListQuery({ q: "   ", states: [], limit: 20, offset: 0 })).toEqual({ limit: "20", offset: "0" })
  })

  it("the CSV export: the same filters, no page, format=csv", () => {
    expect(paymentListQuery({ q: "kari@example.no", attention: "capture_refused", limit: 20, offset: 40 }, "csv")).toEqual({ q: "kari@example.no", attention: "capture_refused", format: "csv" })
  })

  it("a picked day is sent as the browser's midnight with its offset, so the server counts the admin's day", () => {
    for (const day of ["2026-12-06", "2026-07-01"]) {
      const sent = localMidnight(day)
      expect(sent).toMatch(/^\d{4}-\d{2}-\d{2}T00:00:00[+-]\d{2}:\d{2}$/)
      const [y, m, d] = day.split("-").map(Number)
      expect(new Date(sent).getTime()).toBe(new Date(y, m - 1, d).getTime())
    }
    expect(localMidnight("2026-12-06T00:00:00+01:00")).toBe("2026-12-06T00:00:00+01:00")
  })

  it("a date filter's bound is the day it falls on in the browser's time zone", () => {
    // Local midnight of 6 December, whatever the zone the test runs in.
    expect(localDay(new Date(2026, 11, 6, 0, 0, 0).toISOString())).toBe("2026-12-06")
    expect(localDay(new Date(2026, 11, 6, 23, 59, 59).toISOString())).toBe("2026-12-06")
    expect(localDay(undefined)).toBeUndefined()
    expect(localDay("not a date")).toBeUndefined()
  })
})
