/**
 * The figures of one run as table rows, each against its goal from issue 14.
 */
import type { P1Result } from "./p1-calls"
import type { P2Result } from "./p2-checkout"
import type { P3Result } from "./p3-webhooks"
import type { P4Result } from "./p4-reconciliation"
import type { P5Result } from "./p5-memory"
import { fmt, ratioOf, type Row } from "./lib/table"

const PROTOCOL_MINIMUM = 3 // create + capture + refund

export function p1Rows(r: P1Result): Row[] {
  const c = r.calls
  const counted = c.total - c.receipt - c.token
  const byKind = `create ${c.create}, GET ${c.get}, events ${c.events}, capture ${c.capture}, refund ${c.refund}` + (c.cancel ? `, cancel ${c.cancel}` : "") + (c.other ? `, other ${c.other}` : "")
  return [
    {
      goal: "P1",
      figure: "Vipps calls per lifecycle, webhooks on (session → approve → complete → capture on fulfilment → partial refund)",
      value: `${counted} (${byKind}; + receipt ${c.receipt}, token ${c.token})${r.quiet ? "" : " [log not quiet]"}`,
      baseline: `${PROTOCOL_MINIMUM} (protocol minimum: create, capture, refund)`,
      ratio: ratioOf(counted, PROTOCOL_MINIMUM),
      target: "≤ 5 calls (receipt, token aside)",
      met: counted <= 5,
    },
    {
      goal: "P1",
      figure: `Vipps reads caused by ${r.polls} return-page polls after the order exists`,
      value: `${r.pollReads}${r.pollsOk === r.polls ? "" : ` (${r.pollsOk}/${r.polls} polls answered with the order)`}`,
      baseline: "0 (the order is in Medusa)",
      target: "0",
      met: r.pollReads === 0,
    },
  ]
}

export function p2Rows(r: P2Result): Row[] {
  const row = (figure: string, vipps: number, system: number, pairDiff: number): Row => {
    const ratio = ratioOf(vipps, system)
    const diff = Number.isFinite(pairDiff) ? `; within a pair Vipps − baseline p50 ${pairDiff >= 0 ? "+" : ""}${fmt(pairDiff)} ms over ${r.paired.pairs} pairs` : ""
    return {
      goal: "P2",
      figure: `${figure} p50 (${r.vipps.count} + ${r.system.count} carts, alternating${diff})`,
      value: `${fmt(vipps)} ms (pp_vipps_vipps)`,
      baseline: `${fmt(system)} ms (pp_system_default)`,
      ratio,
      target: "ratio ≤ 1.10",
      met: Number.isFinite(ratio) ? ratio <= 1.1 : undefined,
      line: 1.1,
      rough: Math.min(r.vipps.count, r.system.count) < 20,
    }
  }
  const signed = (ms: number) => `${ms >= 0 ? "+" : ""}${fmt(ms, 1)} ms`
  const f = r.floor
  const floorRows: Row[] = f
    ? [
        {
          goal: "P2",
          figure: `floor, not the plugin's: payment-session creation p50 with a provider that only makes the create call (plain node:http, bench/floor-provider) and returns its answer, which Medusa then writes to the session (pp_system_default returns nothing to write); ${f.count} carts, within a group floor − baseline p50 ${signed(f.systemDiffP50)}`,
          value: `${fmt(f.sessionP50)} ms (floor)`,
          baseline: `${fmt(r.system.sessionP50)} ms (pp_system_default)`,
          ratio: ratioOf(f.sessionP50, r.system.sessionP50),
          target: "– (context for the row above)",
          met: undefined,
        },
        {
          goal: "P2",
          figure: `the plugin's own share of a session: Vipps − floor within each group, p50 over ${f.groups} groups (the admin's settings read, the request, the Vipps client)`,
          value: `${signed(f.vippsDiffP50)} (${fmt(r.vipps.sessionP50)} ms p50)`,
          baseline: `${fmt(f.sessionP50)} ms (floor)`,
          ratio: ratioOf(r.vipps.sessionP50, f.sessionP50),
          target: "– (context)",
          met: undefined,
        },
      ]
    : []
  return [
    row("payment-session creation", r.vipps.sessionP50, r.system.sessionP50, r.paired.sessionDiffP50),
    ...floorRows,
    row("cart complete", r.vipps.completeP50, r.system.completeP50, r.paired.completeDiffP50),
  ]
}

export function p3Rows(r: P3Result): Row[] {
  const w = r.webhooks
  const ratio = ratioOf(w.perSecond, r.health.perSecond)
  return [
    {
      goal: "P3",
      figure: `valid, unique, signed webhook deliveries accepted per second, concurrency ${r.concurrency} (${w.ok} in ${fmt(w.seconds, 1)} s${w.failed ? `, ${w.failed} failed` : ""})`,
      value: `${fmt(w.perSecond, 1)} /s`,
      baseline: `${fmt(r.health.perSecond, 1)} /s (GET /health, same server, c=${r.concurrency})`,
      ratio,
      target: "ratio ≥ 0.5",
      met: Number.isFinite(ratio) ? ratio >= 0.5 : undefined,
      line: 0.5,
    },
    {
      goal: "P3",
      figure: "webhook ack p99 (time to the 200)",
      value: `${fmt(w.p99, 1)} ms`,
      baseline: `${fmt(r.health.p99, 1)} ms (GET /health p99)`,
      ratio: ratioOf(w.p99, r.health.p99),
      target: "< 50 ms",
      met: Number.isFinite(w.p99) ? w.p99 < 50 : undefined,
    },
    ...(r.floor
      ? [
          {
            goal: "P3",
            figure: `floor, not the plugin's: Medusa's own webhook route POST /hooks/payment/pp_system_default (routing, middleware, raw-body JSON, one event-bus emit; no signature, no insert), same bodies, c=${r.concurrency}, worker idle`,
            value: `${fmt(r.floor.perSecond, 1)} /s, p99 ${fmt(r.floor.p99, 1)} ms`,
            baseline: `${fmt(r.health.perSecond, 1)} /s (GET /health)`,
            ratio: ratioOf(r.floor.perSecond, r.health.perSecond),
            target: "– (context for the two rows above)",
          } as Row,
        ]
      : []),
    ...(r.drain
      ? [
          {
            goal: "P3",
            figure: `processed after the 200 (intake: ${r.topology})`,
            value: `${r.drain.processed} of ${r.drain.stored} stored deliveries processed, ${fmt(r.drain.seconds, 1)} s after the load ended`,
            baseline: `${w.ok} accepted`,
            target: "all stored, all processed after the 200",
            met: r.drain.stored >= w.ok && r.drain.processed === r.drain.stored,
          },
        ]
      : []),
  ]
}

export function p4Rows(r: P4Result): Row[] {
  const [small, large] = r.runs
  if (!small || !large) return []
  const inFlight = 0 // the bench leaves no capture/refund/cancel unanswered
  const expected = small.pending + inFlight
  const runRatio = ratioOf(large.ms, small.ms)
  const sqlRatio = ratioOf(large.executionMs, small.executionMs)
  return [
    {
      goal: "P4",
      figure: `Vipps reads in one reconciliation run (${small.pending} pending among ${small.sessions} sessions)`,
      value: `${small.reads} (at ${large.sessions}: ${large.reads})`,
      baseline: `${expected} (pending ${small.pending} + movements in flight ${inFlight})`,
      ratio: ratioOf(small.reads, expected),
      target: "= pending + in flight",
      met: small.reads === expected && large.reads === expected,
    },
    {
      goal: "P4",
      figure: "one reconciliation run (median of 3), 100 000 vs 1 000 completed sessions",
      value: `${fmt(large.ms)} ms at ${large.sessions}`,
      baseline: `${fmt(small.ms)} ms at ${small.sessions}`,
      ratio: runRatio,
      target: "ratio ≈ 1 (≤ 1.25)",
      met: Number.isFinite(runRatio) ? runRatio <= 1.25 : undefined,
      line: 1.25,
    },
    {
      goal: "P4",
      figure: "its session query, EXPLAIN ANALYZE execution time",
      value: `${fmt(large.executionMs, 2)} ms at ${large.sessions}, Seq Scan: ${large.seqScan ? "yes" : "no"}`,
      baseline: `${fmt(small.executionMs, 2)} ms at ${small.sessions}, Seq Scan: ${small.seqScan ? "yes" : "no"}`,
      ratio: sqlRatio,
      target: "index-backed (no Seq Scan), ratio ≈ 1",
      met: large.seqScan === null ? undefined : !large.seqScan && sqlRatio <= 2,
    },
  ]
}

export function p5Rows(r: P5Result): Row[] {
  const { vipps: v, system: b } = r
  const gc = r.forcedGc ? "after forced GC" : "no forced GC"
  const curve = (side: P5Result["vipps"]) => side.curve.slice(1).map((p) => `${p.checkouts}: ${p.rssMb >= 0 ? "+" : ""}${fmt(p.rssMb, 1)}/${fmt(p.heapMb, 1)}`).join(", ")
  const failures = v.failed + b.failed ? ` [${v.failed} + ${b.failed} failed: ${v.firstError ?? b.firstError}]` : ""
  const added = v.rssPerThousand - b.rssPerThousand
  return [
    {
      goal: "P5",
      figure: `server RSS growth per 1 000 checkouts, ${gc}, ${v.warmUpExcluded ? "slope after each provider's first (warm-up) block" : "over one block, warm-up included"} (${v.ok} + ${b.ok} checkouts, alternating blocks of up to ${r.block}, c=${r.concurrency}, ${fmt(r.seconds)} s)`,
      value: `${fmt(v.rssPerThousand, 1)} MB (pp_vipps_vipps; heap ${fmt(v.heapPerThousand, 1)} MB; all blocks ${fmt(v.rssPerThousandAll, 1)} MB)${r.note ? ` [${r.note}]` : ""}${failures}`,
      baseline: `${fmt(b.rssPerThousand, 1)} MB (pp_system_default; heap ${fmt(b.heapPerThousand, 1)} MB; all blocks ${fmt(b.rssPerThousandAll, 1)} MB)`,
      ratio: ratioOf(v.rssPerThousand, b.rssPerThousand),
      target: "< 10 MB per 1 000",
      met: Number.isFinite(v.rssPerThousand) ? v.rssPerThousand < 10 : undefined,
      // the slope needs a later part: with fewer than ~250 checkouts after the warm-up block, a
      // megabyte of allocator noise is 4 MB per 1 000 or more
      rough: !v.warmUpExcluded || v.ok - v.curve[1].checkouts < 250,
    },
    {
      goal: "P5",
      figure: `the plugin's own share (Vipps slope − baseline slope); cumulative RSS/heap growth in MB after each block, window RSS ${fmt(r.start.rssMb)} → ${fmt(r.end.rssMb)} MB`,
      value: `${fmt(added, 1)} MB per 1 000; Vipps ${curve(v)}`,
      baseline: `pp_system_default ${curve(b)}`,
      target: "< 10 MB per 1 000",
      met: Number.isFinite(added) ? added < 10 : undefined,
      rough: !v.warmUpExcluded || v.ok - v.curve[1].checkouts < 250,
    },
  ]
}

/** P6 (issue 23): the payments page's list, searches, filters and attention counts at 1 000 000 attempts. */
export function p6Rows(r: import("./p6-attempts").P6Result): Row[] {
  return r.queries.map((q) => ({
    goal: "P6",
    figure: `${q.name} (${q.estimated ? "≈" : ""}${q.count ?? q.rows} match${q.seqScan ? "; SEQ SCAN" : ""})`,
    value: `p50 ${fmt(q.p50Ms, 1)} ms, p95 ${fmt(q.p95Ms, 1)} ms`,
    baseline: `${r.rows.toLocaleString("en")} rows`,
    target: "< 100 ms (p95), no Seq Scan",
    met: q.p95Ms < 100 && !q.seqScan,
  }))
}
