// Summary of a V8 .cpuprofile (Profiler.stop's result): self and inclusive time per function,
// for finding where a server spends its CPU during a bench part. Inclusive time counts a sample
// once per function even when the function recurses.
export type CpuProfile = {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] }[]
  samples: number[]
  timeDeltas: number[]
  startTime: number
  endTime: number
}

/** `package` for node_modules files, `src/…` for the plugin's, the file name otherwise. */
export function moduleOf(url: string): string {
  if (!url) return "(native)"
  const nm = url.lastIndexOf("node_modules/")
  if (nm >= 0) {
    const rest = url.slice(nm + "node_modules/".length).split("/")
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0]
  }
  const src = url.indexOf("/src/")
  if (src >= 0) return url.slice(src + 1)
  if (url.startsWith("node:")) return url
  return url.split("/").slice(-2).join("/")
}

export function summarize(profile: CpuProfile, top = 40) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id)
  const label = (id: number) => {
    const f = byId.get(id)!.callFrame
    return `${f.functionName || "(anonymous)"} ${moduleOf(f.url)}:${f.lineNumber + 1}`
  }
  const self = new Map<string, number>()
  const selfModule = new Map<string, number>()
  const inclusive = new Map<string, number>()
  const inclusiveModule = new Map<string, number>()
  let total = 0
  let idle = 0
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000
    const id = profile.samples[i]
    const node = byId.get(id)!
    const name = node.callFrame.functionName
    if (name === "(idle)" || name === "(program)" || name === "(garbage collector)") {
      if (name === "(idle)") idle += dt
      else self.set(name, (self.get(name) ?? 0) + dt)
      if (name !== "(idle)") total += dt
      continue
    }
    total += dt
    self.set(label(id), (self.get(label(id)) ?? 0) + dt)
    const m = moduleOf(node.callFrame.url)
    selfModule.set(m, (selfModule.get(m) ?? 0) + dt)
    const seen = new Set<string>()
    const seenModules = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const l = label(at)
      if (!seen.has(l)) (seen.add(l), inclusive.set(l, (inclusive.get(l) ?? 0) + dt))
      const mod = moduleOf(byId.get(at)!.callFrame.url)
      if (!seenModules.has(mod)) (seenModules.add(mod), inclusiveModule.set(mod, (inclusiveModule.get(mod) ?? 0) + dt))
    }
  }
  const sorted = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
  return { totalMs: total, idleMs: idle, self: sorted(self), selfModule: sorted(selfModule), inclusive: sorted(inclusive), inclusiveModule: sorted(inclusiveModule) }
}
