#!/usr/bin/env node
// Runs a command with a Redis server available through REDIS_URL (used by the topology tests:
// one worker and two servers sharing Medusa's Redis modules).
//   1. REDIS_URL already set: used as is.
//   2. A Redis answering on 127.0.0.1:6379: used, with a random logical database (1-15) so a
//      run neither reads nor writes the keys of database 0 or of another run.
//   3. Otherwise a private `redis-server` (Debian package redis-server, installed with apt-get
//      when missing and possible) on a free 127.0.0.1 port, no persistence, stopped at the end.
//
// Usage: node scripts/with-redis.mjs -- <command> [args...]
//        WITH_REDIS=private node scripts/with-redis.mjs -- ...   (always step 3)
import { spawn, spawnSync } from "node:child_process"
import fs from "node:fs"
import net from "node:net"

const args = process.argv.slice(2)
if (args[0] === "--") args.shift()
if (!args.length) {
  console.error("usage: with-redis.mjs -- <command> [args...]")
  process.exit(2)
}
const say = (line) => console.log(`[with-redis] ${line}`)

/** True when a Redis on host:port answers PING within a second. */
function answersPing(port, host = "127.0.0.1") {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host })
    const done = (ok) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.on("error", () => done(false))
    socket.on("connect", () => socket.write("PING\r\n"))
    socket.on("data", (data) => done(data.toString().startsWith("+PONG")))
  })
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

function redisServerBinary() {
  for (const candidate of ["/usr/bin/redis-server", "/usr/local/bin/redis-server"]) {
    if (fs.existsSync(candidate)) return candidate
  }
  const which = spawnSync("sh", ["-c", "command -v redis-server"], { encoding: "utf8" })
  return which.status === 0 ? which.stdout.trim() : undefined
}

/** Installs Debian's redis-server the way scripts/test-browser.sh installs chromium. */
function installRedisServer() {
  const fail = (why) => {
    console.error(`[with-redis] no Redis: ${why}. Install it ('apt-get install -y redis-server') or set REDIS_URL.`)
    process.exit(1)
  }
  if (spawnSync("sh", ["-c", "command -v apt-get"]).status !== 0) fail("redis-server is missing and there is no apt-get")
  let prefix = []
  if (process.getuid?.() !== 0) {
    if (spawnSync("sudo", ["-n", "true"]).status !== 0) fail("redis-server is missing and apt-get needs root (sudo -n failed)")
    prefix = ["sudo", "-n"]
  }
  say("installing redis-server (apt-get install -y redis-server)")
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" }
  const apt = (...a) => spawnSync(prefix[0] ?? a[0], prefix.length ? [...prefix.slice(1), ...a] : a.slice(1), { stdio: "inherit", env }).status === 0
  const ok = apt("apt-get", "install", "-y", "-qq", "redis-server") || (apt("apt-get", "update", "-qq") && apt("apt-get", "install", "-y", "-qq", "redis-server"))
  if (!ok) fail("apt-get install redis-server failed")
  return redisServerBinary() ?? fail("redis-server is still missing after apt-get")
}

async function startPrivateRedis() {
  const binary = redisServerBinary() ?? installRedisServer()
  const port = await freePort()
  // No persistence, no config file (the system's /etc/redis is not used), loopback only.
  const server = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--loglevel", "warning"], {
    stdio: "ignore", // its startup notices (memory overcommit…) are noise here; a failure shows as no PONG
    detached: true,
  })
  const deadline = Date.now() + 10_000
  while (!(await answersPing(port))) {
    if (server.exitCode !== null || Date.now() > deadline) throw new Error(`redis-server on port ${port} did not start`)
    await new Promise((r) => setTimeout(r, 100))
  }
  say(`private redis-server on 127.0.0.1:${port}`)
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        if (server.exitCode !== null) return resolve()
        server.once("exit", () => resolve())
        try {
          process.kill(-server.pid, "SIGTERM")
        } catch {
          resolve()
        }
        setTimeout(() => {
          try {
            process.kill(-server.pid, "SIGKILL")
          } catch {}
          resolve()
        }, 3000).unref()
      }),
  }
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
  const privateOnly = process.env.WITH_REDIS === "private"
  if (process.env.REDIS_URL && !privateOnly) {
    say(`using REDIS_URL`)
    process.exit(await run(process.env))
  }
  if (!privateOnly && (await answersPing(6379))) {
    const db = 1 + Math.floor(Math.random() * 15)
    say(`using the Redis on 127.0.0.1:6379, database ${db}`)
    process.exit(await run({ ...process.env, REDIS_URL: `redis://127.0.0.1:6379/${db}` }))
  }
  const redis = await startPrivateRedis()
  let code = 1
  try {
    code = await run({ ...process.env, REDIS_URL: redis.url })
  } finally {
    await redis.stop()
  }
  process.exit(code)
}

main().catch((error) => {
  console.error("[with-redis] could not provide Redis:", error)
  process.exit(1)
})
