/**
 * The age rule of the evidence: Vipps MobilePay takes request examples no more than one month
 * old (UPDATES-2026 "The checklist"). Judged by the oldest example, against the time the
 * evidence is looked at or downloaded, not the time of the run.
 */
export type ExamplesFreshness = {
  status: "none" | "fresh" | "stale"
  count: number
  oldest_at?: string
  newest_at?: string
  /** The moment the oldest example turns one month old. */
  fresh_until?: string
  /** One plain sentence for the evidence and the settings page's tooltip. */
  message: string
}

/** `at` plus one calendar month (the 31st of a shorter month becomes its last day). */
export function oneMonthAfter(at: Date): Date {
  const next = new Date(at.getTime())
  const day = at.getUTCDate()
  next.setUTCDate(1)
  next.setUTCMonth(next.getUTCMonth() + 1)
  const lastDay = new Date(Date.UTC(next.getUTCFullYear(), next.getUTCMonth() + 1, 0)).getUTCDate()
  next.setUTCDate(Math.min(day, lastDay))
  return next
}

export function examplesFreshness(examples: { at: string }[], now: Date): ExamplesFreshness {
  const times = examples.map((e) => Date.parse(e.at)).filter((t) => Number.isFinite(t))
  if (!times.length) return { status: "none", count: 0, message: "No request examples yet: run the go-live check." }
  const oldest = new Date(Math.min(...times))
  const newest = new Date(Math.max(...times))
  const until = oneMonthAfter(oldest)
  const base = { count: times.length, oldest_at: oldest.toISOString(), newest_at: newest.toISOString(), fresh_until: until.toISOString() }
  if (now.getTime() > until.getTime()) {
    return {
      ...base,
      status: "stale",
      message:
        `The request examples were recorded on ${day(oldest)} and are older than one month (Vipps MobilePay takes examples up to one month old): ` +
        "run the check again before you send it.",
    }
  }
  return { ...base, status: "fresh", message: `The request examples were recorded on ${day(oldest)}: send them to Vipps MobilePay before ${minute(until)}.` }
}

const day = (at: Date) => at.toISOString().slice(0, 10)
export const minute = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`
