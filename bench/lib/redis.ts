/**
 * A private redis-server for the bench (Debian package redis-server) on a free 127.0.0.1 port,
 * no persistence, in its own process group: the demo stack and P3's server share Medusa's Redis
 * modules through it (the production topology). Stopped with the stack.
 */
import { spawn, spawnSync } from "node:child_process"
import net from "node:net"
import { freePort } from "../../integration-tests/helpers/free-port"
import { sleep } from "./http"

export type Redis = { url: string; stop(): Promise<void> }

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: "127.0.0.1" })
    const done = (ok: boolean) => {
      socket.destroy()
      resolve(ok)
    }
    socket.setTimeout(1000, () => done(false))
    socket.once("error", () => done(false))
    socket.once("connect", () => socket.write("PING\r\n"))
    socket.once("data", (data) => done(data.toString().startsWith("+PONG")))
  })
}

export async function startRedis(): Promise<Redis> {
  if (spawnSync("redis-server", ["--version"]).status !== 0) {
    throw new Error("redis-server is not installed (Debian: apt-get install redis-server); P3 measures intake with Medusa's Redis modules")
  }
  const port = await freePort()
  const child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], { detached: true, stdio: "ignore" })
  const stop = async () => {
    try {
      process.kill(-(child.pid as number), "SIGTERM")
    } catch {
      return // already gone
    }
    for (let i = 0; i < 50 && child.exitCode === null; i++) await sleep(100)
    if (child.exitCode === null) process.kill(-(child.pid as number), "SIGKILL")
  }
  for (let i = 0; i < 100; i++) {
    if (await answers(port)) return { url: `redis://127.0.0.1:${port}`, stop }
    await sleep(100)
  }
  await stop()
  throw new Error(`redis-server did not answer on 127.0.0.1:${port}`)
}
