#!/usr/bin/env node
// Prints the newest patch of every minor @medusajs/medusa release the registry serves within the
// range package.json declares for it (peerDependencies), oldest first, e.g. "2.18.0 2.19.0 2.20.1 2.21.2".
// The oldest supported release itself (the range's floor) is the newest patch of its minor unless
// patches followed it; PACKAGE_TEST_MEDUSA_VERSIONS overrides the whole list.
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import { createRequire } from "node:module"

const require = createRequire(import.meta.url)
const semver = require("semver")
const range = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8")).peerDependencies["@medusajs/medusa"]
const published = JSON.parse(execFileSync("npm", ["view", "@medusajs/medusa", "versions", "--json"], { encoding: "utf8" }))
const inRange = published.filter((v) => semver.satisfies(v, range)).sort(semver.compare)
if (!inRange.length) throw new Error(`no published @medusajs/medusa satisfies ${range}`)
const newestPerMinor = new Map()
for (const version of inRange) newestPerMinor.set(`${semver.major(version)}.${semver.minor(version)}`, version)
console.log([...newestPerMinor.values()].join(" "))
