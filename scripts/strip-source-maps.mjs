#!/usr/bin/env node
// `medusa plugin:build` always appends an inline source map to each compiled file. Those maps
// point at src/*.ts, which the package does not ship, so they only add weight (about 340 kB)
// and make debuggers look for files that are not there. The compiled JavaScript keeps the
// source's names and layout, so stack traces stay readable without them.
import fs from "node:fs"
import path from "node:path"

const root = path.resolve(process.argv[2] ?? ".medusa/server")
const inlineMap = /\n?\/\/# sourceMappingURL=data:application\/json[^\n]*\n?$/

let stripped = 0
function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) walk(file)
    else if (/\.(c|m)?js$/.test(entry.name)) {
      const code = fs.readFileSync(file, "utf8")
      if (!inlineMap.test(code)) continue
      fs.writeFileSync(file, code.replace(inlineMap, "\n"))
      stripped++
    }
  }
}
walk(root)
console.log(`Stripped inline source maps from ${stripped} files in ${path.relative(process.cwd(), root)}`)
