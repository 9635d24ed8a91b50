import fs from "node:fs"
import path from "node:path"

/**
 * docs/storefront-nextjs.md as steps a test can perform. Every fenced block of the page must
 * follow a line that says what to do with it:
 *
 *   **Run** …                                         the block's `pnpm …` lines, in order
 *   **New file** `<path>` …                           the block is the whole file (it must not exist yet)
 *   **Whole file** `<path>` …                         the block replaces the file (it must exist)
 *   **Append to** `<path>` …                          the block is appended to the file
 *   **Edit** `<path>` — after|before the line `<anchor>`, add:
 *                                                     the block goes right after / before the one
 *                                                     line of the file that reads <anchor> (trimmed)
 *
 * so the page cannot show code that the test does not use.
 */
export type RecipeStep =
  | { kind: "run"; commands: string[]; line: number }
  | { kind: "new" | "whole" | "append"; file: string; content: string; line: number }
  | { kind: "insert"; file: string; where: "after" | "before"; anchor: string; content: string; line: number }

const MARKERS: { pattern: RegExp; make: (m: RegExpMatchArray, content: string, line: number) => RecipeStep }[] = [
  {
    pattern: /^\*\*Run\*\*/,
    make: (_m, content, line) => ({
      kind: "run",
      commands: content.split("\n").map((l) => l.trim()).filter((l) => l && !l.startsWith("#")),
      line,
    }),
  },
  { pattern: /^\*\*New file\*\* `([^`]+)`/, make: (m, content, line) => ({ kind: "new", file: m[1], content, line }) },
  { pattern: /^\*\*Whole file\*\* `([^`]+)`/, make: (m, content, line) => ({ kind: "whole", file: m[1], content, line }) },
  { pattern: /^\*\*Append to\*\* `([^`]+)`/, make: (m, content, line) => ({ kind: "append", file: m[1], content, line }) },
  {
    pattern: /^\*\*Edit\*\* `([^`]+)` — (after|before) the line `([^`]+)`, add:$/,
    make: (m, content, line) => ({ kind: "insert", file: m[1], where: m[2] as "after" | "before", anchor: m[3], content, line }),
  },
]

export function parseRecipe(markdown: string): RecipeStep[] {
  const lines = markdown.split("\n")
  const steps: RecipeStep[] = []
  let pending: { match: RegExpMatchArray; make: (typeof MARKERS)[number]["make"]; line: number } | undefined
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    const marker = MARKERS.map((m) => ({ match: line.match(m.pattern), make: m.make })).find((m) => m.match)
    if (marker) {
      if (pending) throw new Error(`line ${pending.line}: "${lines[pending.line - 1]}" is followed by another instruction before its code block`)
      pending = { match: marker.match!, make: marker.make, line: i + 1 }
      continue
    }
    if (/^\*\*(New file|Whole file|Append to|Edit|Run)\*\*/.test(line)) {
      throw new Error(`line ${i + 1}: an instruction the test does not understand: "${line}"`)
    }
    if (line.startsWith("```")) {
      if (!pending) throw new Error(`line ${i + 1}: a code block with no instruction line before it (what should the test do with it?)`)
      const body: string[] = []
      let j = i + 1
      for (; j < lines.length && !lines[j].startsWith("```"); j++) body.push(lines[j])
      if (j === lines.length) throw new Error(`line ${i + 1}: code block never closed`)
      steps.push(pending.make(pending.match, body.join("\n") + "\n", pending.line))
      pending = undefined
      i = j
      continue
    }
    if (pending && /^#/.test(line)) throw new Error(`line ${pending.line}: instruction without a code block before the next heading`)
  }
  if (pending) throw new Error(`line ${pending.line}: instruction without a code block`)
  return steps
}

/** Files the steps touch, in order of first mention. */
export const stepFile = (step: RecipeStep) => (step.kind === "run" ? undefined : step.file)

/**
 * Performs the file steps under `root`. `mapPath` turns the page's path into one under root
 * (or undefined to leave the step out, e.g. the backend's files for a storefront-only project).
 * Returns a line per step performed.
 */
export function applyFileSteps(steps: RecipeStep[], root: string, mapPath: (file: string) => string | undefined = (f) => f): string[] {
  const done: string[] = []
  for (const step of steps) {
    if (step.kind === "run") continue
    const relative = mapPath(step.file)
    if (relative === undefined) continue
    const target = path.join(root, relative)
    const where = `docs/storefront-nextjs.md:${step.line} (${relative})`
    switch (step.kind) {
      case "new":
        if (fs.existsSync(target)) throw new Error(`${where}: "New file", but the starter already has this file`)
        fs.mkdirSync(path.dirname(target), { recursive: true })
        fs.writeFileSync(target, step.content)
        done.push(`new file ${relative}`)
        break
      case "whole":
        if (!fs.existsSync(target)) throw new Error(`${where}: "Whole file", but the starter has no such file`)
        fs.writeFileSync(target, step.content)
        done.push(`whole file ${relative}`)
        break
      case "append": {
        const before = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : ""
        fs.writeFileSync(target, before + (before && !before.endsWith("\n") ? "\n" : "") + step.content)
        done.push(`appended to ${relative}`)
        break
      }
      case "insert": {
        if (!fs.existsSync(target)) throw new Error(`${where}: no such file to edit`)
        const text = fs.readFileSync(target, "utf8")
        const fileLines = text.split("\n")
        const hits = fileLines.flatMap((l, n) => (l.trim() === step.anchor ? [n] : []))
        if (hits.length !== 1) {
          throw new Error(`${where}: the line \`${step.anchor}\` occurs ${hits.length} times in the file (the edit needs exactly one)`)
        }
        const at = step.where === "after" ? hits[0] + 1 : hits[0]
        const inserted = step.content.replace(/\n$/, "").split("\n")
        fileLines.splice(at, 0, ...inserted)
        fs.writeFileSync(target, fileLines.join("\n"))
        done.push(`${relative}: ${inserted.length} lines ${step.where} \`${step.anchor}\``)
        break
      }
    }
  }
  return done
}
