// Boots the repository's real Medusa store (`medusa start`, three Vipps registrations from
// medusa-config.ts) with a bad option and reads what the merchant sees in the console.
import { spawn } from "node:child_process"
import path from "node:path"
import { Client } from "pg"

jest.setTimeout(240_000)

const root = path.resolve(__dirname, "../..")
const medusaBin = path.join(root, "node_modules/.bin/medusa")
const dbName = `vipps_boot_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
const dbConfig = { host: process.env.DB_HOST || "localhost", user: process.env.DB_USERNAME || "postgres", password: process.env.DB_PASSWORD, port: Number(process.env.DB_PORT || 5432) }

type Run = { code: number | null; output: string }

/** Runs a medusa command in its own process group; killed (the whole group) if it outlives `timeoutMs`. */
function medusa(args: string[], env: Record<string, string>, timeoutMs: number): Promise<Run> {
  return new Promise((resolve) => {
    const childEnv: NodeJS.ProcessEnv = { ...process.env, DB_NAME: dbName, MEDUSA_ADMIN_DISABLED: "true", PORT: "0", ...env }
    delete childEnv.DATABASE_URL
    const child = spawn(medusaBin, args, { cwd: root, env: childEnv, detached: true, stdio: ["ignore", "pipe", "pipe"] })
    let output = ""
    child.stdout.on("data", (chunk) => (output += chunk))
    child.stderr.on("data", (chunk) => (output += chunk))
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid!, "SIGKILL")
      } catch {}
    }, timeoutMs)
    child.on("exit", (code) => {
      clearTimeout(timer)
      // `medusa start` may leave a child behind: end the group.
      try {
        process.kill(-child.pid!, "SIGKILL")
      } catch {}
      // Strip colours so assertions read the text the merchant reads.
      resolve({ code, output: output.replace(/\u001b\[[0-9;]*m/g, "") })
    })
  })
}

async function admin(sql: string) {
  const client = new Client({ ...dbConfig, database: "postgres" })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

const count = (text: string, pattern: RegExp) => (text.match(pattern) ?? []).length

/** The messages as a person reads them: Medusa logs JSON lines outside development. */
function messages(output: string): string {
  return output
    .split("\n")
    .map((line) => {
      try {
        const entry = JSON.parse(line)
        return typeof entry?.message === "string" ? `${entry.level}: ${entry.message}` : line
      } catch {
        return line
      }
    })
    .join("\n")
}
// pp_vipps_mobilepay, not pp_vipps_mobilepay_fi.
const MOBILEPAY = /pp_vipps_mobilepay(?!\w)/g

beforeAll(async () => {
  await admin(`CREATE DATABASE "${dbName}"`)
  const migrated = await medusa(["db:migrate"], {}, 180_000)
  if (migrated.code !== 0) throw new Error(`db:migrate failed:\n${migrated.output.slice(-2000)}`)
})

afterAll(async () => {
  await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`)
})

describe("provider options are checked when Medusa starts", () => {
  it("a bad merchant serial number on the second sales unit stops the boot with one readable message naming pp_vipps_mobilepay", async () => {
    const { code, output } = await medusa(["start"], { VIPPS_MOBILEPAY_MSN: "20000A" }, 90_000)

    expect(code).not.toBe(0)
    expect(count(output, MOBILEPAY)).toBe(1)
    expect(messages(output)).toContain(
      'Vipps MobilePay provider pp_vipps_mobilepay has invalid options (medusa-config: Payment Module → providers → the entry with id "mobilepay"):\n' +
        "  - merchantSerialNumber: must be the 4–10 digit merchant serial number (MSN) of the sales unit\n" +
        "Fix these options of that entry and start Medusa again."
    )
    // The detail is said once; what Medusa repeats (with its stack) is the short pointer only.
    expect(count(output, /merchant serial number \(MSN\)/g)).toBe(1)
    expect(messages(output)).toMatch(/Error starting server: Loaders for module Payment failed: Vipps MobilePay provider options are invalid: the error logged just before this names the provider/)
    // The valid registrations are not blamed.
    expect(output).not.toMatch(/pp_vipps_vipps|pp_vipps_mobilepay_fi/)
  })

  it('environment "test" with the local http://localhost return page stops the boot for every registration, each named once', async () => {
    const { code, output } = await medusa(["start"], { VIPPS_ENVIRONMENT: "test", STORE_URL: "http://localhost:9000" }, 90_000)

    expect(code).not.toBe(0)
    for (const id of ["vipps", "mobilepay", "mobilepay_fi"]) {
      expect(count(output, new RegExp(`pp_vipps_${id}(?!\\w)`, "g"))).toBe(1)
    }
    expect(count(messages(output), /returnUrl: must use https:\/\/ when environment is "test"/g)).toBe(3)
  })
})
