/**
 * Just enough of the Chrome DevTools protocol to force a full GC in another Node process: its
 * inspector is opened with SIGUSR1 (on the --inspect-port it was started with, 127.0.0.1), then
 * HeapProfiler.collectGarbage over a WebSocket. Node 20 has no WebSocket client without a flag,
 * so this speaks the few frames needed itself (RFC 6455: masked text frames out, text frames in).
 */
import { randomBytes } from "node:crypto"
import http from "node:http"
import type { Socket } from "node:net"
import { request, sleep } from "./http"

function frame(text: string): Buffer {
  const payload = Buffer.from(text, "utf8")
  const mask = randomBytes(4)
  const length = payload.length
  const header = length < 126 ? Buffer.from([0x81, 0x80 | length]) : length < 65536 ? Buffer.from([0x81, 0x80 | 126, length >> 8, length & 255]) : null
  if (!header) throw new Error("message too long")
  const masked = Buffer.alloc(length)
  for (let i = 0; i < length; i++) masked[i] = payload[i] ^ mask[i % 4]
  return Buffer.concat([header, mask, masked])
}

/** Splits complete frames off `buffer`; returns their texts and the rest. */
function readFrames(buffer: Buffer): { texts: string[]; rest: Buffer } {
  const texts: string[] = []
  let offset = 0
  while (buffer.length - offset >= 2) {
    let length = buffer[offset + 1] & 0x7f
    let start = offset + 2
    if (length === 126) {
      if (buffer.length < start + 2) break
      length = buffer.readUInt16BE(start)
      start += 2
    } else if (length === 127) {
      if (buffer.length < start + 8) break
      length = Number(buffer.readBigUInt64BE(start))
      start += 8
    }
    if (buffer.length < start + length) break
    if ((buffer[offset] & 0x0f) === 1) texts.push(buffer.subarray(start, start + length).toString("utf8"))
    offset = start + length
  }
  return { texts, rest: buffer.subarray(offset) }
}

export type Inspector = {
  call(method: string, params?: Record<string, unknown>): Promise<any>
  /** Listens to a protocol event (e.g. HeapProfiler.addHeapSnapshotChunk); returns the unsubscribe. */
  on(event: string, listener: (params: any) => void): () => void
  close(): void
}

export async function openInspector(pid: number, port: number): Promise<Inspector> {
  process.kill(pid, "SIGUSR1")
  let targets: { webSocketDebuggerUrl: string }[] | undefined
  for (let i = 0; i < 50 && !targets; i++) {
    const reply = await request(`http://127.0.0.1:${port}/json/list`).catch(() => undefined)
    if (reply?.status === 200 && Array.isArray(reply.body) && reply.body.length) targets = reply.body
    else await sleep(200)
  }
  if (!targets) throw new Error(`the inspector of pid ${pid} did not open on 127.0.0.1:${port}`)
  const url = new URL(targets[0].webSocketDebuggerUrl)
  const socket: Socket = await new Promise((resolve, reject) => {
    const req = http.request({
      host: "127.0.0.1",
      port: url.port,
      path: url.pathname,
      headers: { Connection: "Upgrade", Upgrade: "websocket", "Sec-WebSocket-Version": "13", "Sec-WebSocket-Key": randomBytes(16).toString("base64") },
    })
    req.on("upgrade", (_res, sock) => resolve(sock))
    req.on("response", (res) => reject(new Error(`inspector refused the WebSocket: ${res.statusCode}`)))
    req.on("error", reject)
    req.end()
  })
  let buffer: Buffer = Buffer.alloc(0)
  let nextId = 1
  const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>()
  const listeners = new Map<string, Set<(params: any) => void>>()
  socket.on("data", (chunk: Buffer) => {
    const { texts, rest } = readFrames(Buffer.concat([buffer, chunk]))
    buffer = rest
    for (const text of texts) {
      const message = JSON.parse(text)
      if (message.method) for (const listener of listeners.get(message.method) ?? []) listener(message.params)
      const waiter = message.id !== undefined && pending.get(message.id)
      if (!waiter) continue
      pending.delete(message.id)
      if (message.error) waiter.reject(new Error(message.error.message))
      else waiter.resolve(message.result)
    }
  })
  return {
    call(method, params = {}) {
      const id = nextId++
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          pending.delete(id)
          reject(new Error(`inspector: ${method} timed out`))
        }, 60_000)
        pending.set(id, { resolve: (v) => (clearTimeout(timer), resolve(v)), reject: (e) => (clearTimeout(timer), reject(e)) })
        socket.write(frame(JSON.stringify({ id, method, params })))
      })
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set())
      listeners.get(event)!.add(listener)
      return () => listeners.get(event)?.delete(listener)
    },
    close() {
      socket.end(Buffer.from([0x88, 0x80, 0, 0, 0, 0]))
      socket.destroy()
    },
  }
}
