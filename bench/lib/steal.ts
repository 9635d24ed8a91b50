/**
 * CPU time the hypervisor gave to other guests ("steal" in /proc/stat), as a share of all CPU
 * time over a span: on a shared virtual machine it says how much of a run's noise came from
 * outside it. Linux only; elsewhere the readings are undefined.
 */
import fs from "node:fs"

export type CpuTimes = { steal: number; total: number }

export function cpuTimes(): CpuTimes | undefined {
  try {
    const fields = fs.readFileSync("/proc/stat", "utf8").split("\n")[0].trim().split(/\s+/).slice(1).map(Number)
    // user nice system idle iowait irq softirq steal [guest guest_nice: already inside user/nice]
    const [user, nice, system, idle, iowait, irq, softirq, steal = 0] = fields
    return { steal, total: user + nice + system + idle + iowait + irq + softirq + steal }
  } catch {
    return undefined
  }
}

/** "9 %" of the span's CPU time stolen, or undefined without /proc/stat. */
export function stealSince(from: CpuTimes | undefined): string | undefined {
  const to = cpuTimes()
  if (!from || !to || to.total <= from.total) return undefined
  return `${((100 * (to.steal - from.steal)) / (to.total - from.total)).toFixed(0)} %`
}
