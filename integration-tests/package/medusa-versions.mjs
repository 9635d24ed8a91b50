#!/usr/bin/env node
// Prints the oldest and the newest @medusajs/medusa release the registry serves within the
// range package.json declares for it (peerDependencies), e.g. "2.21.0 2.21.2".
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import { createRequire } from "node:module"

const require = createRequire(import.meta.url)
const semver = require("semver")
const range = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")).peerDependencies["@medusajs/medusa"]
const published = JSON.parse(execFileSync("npm", ["view", "@medusajs/medusa", "versions", "--json"], { encoding: "utf8" }))
const inRange = published.filter((v) => semver.satisfies(v, range)).sort(semver.compare)
if (!inRange.length) throw new Error(`no published @medusajs/medusa satisfies ${range}`)
console.log([...new Set([inRange[0], inRange.at(-1)])].join(" "))
