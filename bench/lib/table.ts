/**
 * The one table `npm run bench` prints: per row the figure, its baseline measured in the same
 * run, the ratio, and the goal (P1..P5 of issue 14) it is compared with, met or not. Markdown,
 * so it reads in a terminal and pastes into the README as is.
 */
export type Row = {
  goal: string
  figure: string
  value: string
  baseline: string
  ratio?: number
  target: string
  /** undefined: could not be measured in this run */
  met?: boolean
  /** too few samples fitted in the time bound for the verdict to be more than a hint */
  rough?: boolean
  /** the ratio's goal line (e.g. 0.5): a ratio that would round onto it gets a third digit */
  line?: number
}

function ratioText(ratio: number, line?: number): string {
  const two = ratio.toFixed(2)
  return `${line !== undefined && ratio !== line && Number(two) === line ? ratio.toFixed(3) : two}×`
}

export const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : "n/a")
export const ratioOf = (value: number, baseline: number) => (baseline > 0 && Number.isFinite(value) ? value / baseline : NaN)

export function renderTable(rows: Row[], header: string[]): string {
  const cells = rows.map((r) => [
    r.goal,
    r.figure,
    r.value,
    r.baseline,
    r.ratio === undefined || !Number.isFinite(r.ratio) ? "–" : ratioText(r.ratio, r.line),
    r.target,
    (r.met === undefined ? "n/a" : r.met ? "met" : "NOT met") + (r.rough && r.met !== undefined ? " (rough)" : ""),
  ])
  const titles = ["Goal", "Figure", "Value", "Baseline (same run)", "Ratio", "Goal is", "Result"]
  const widths = titles.map((t, i) => Math.max(t.length, ...cells.map((c) => c[i].length)))
  const line = (c: string[]) => `| ${c.map((v, i) => v.padEnd(widths[i])).join(" | ")} |`
  return [...header, "", line(titles), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n")
}
