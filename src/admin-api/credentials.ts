import type { VippsOptions } from "../providers/vipps/options"

/**
 * The credentials of a provider registration as the settings page shows them: masked, where
 * they come from (the medusa-config option, and the environment variable holding the same
 * value when there is one) and how to rotate them. They are never stored in the database and
 * never editable in the admin.
 */
export type CredentialView = {
  name: "merchantSerialNumber" | "clientId" | "clientSecret" | "subscriptionKey"
  label: string
  /** Masked, except the merchant serial number (no secret: it is on every receipt). */
  value: string
  /** The medusa-config option of the registration's entry, e.g. `clientSecret` of the entry with id "vipps". */
  option: string
  entry_id: string
  /** Environment variables whose value is this credential (what medusa-config reads), if any. */
  env: string[]
  rotate: string
}

/** "sandbox-nok-secret" → "sand…cret"; short values show nothing of themselves. */
export function maskSecret(value: unknown): string {
  const text = String(value ?? "")
  if (!text) return ""
  return text.length >= 12 ? `${text.slice(0, 4)}…${text.slice(-4)}` : "••••"
}

const PORTAL = "portal.vippsmobilepay.com → For developers → API keys"

const CREDENTIALS: { name: CredentialView["name"]; label: string; secret: boolean; rotate: string }[] = [
  { name: "merchantSerialNumber", label: "Merchant serial number", secret: false, rotate: "A different sales unit is a different MSN: change it together with its API keys." },
  { name: "clientId", label: "Client id", secret: true, rotate: `Generate new API keys in ${PORTAL}, then set the new client id and client secret together.` },
  { name: "clientSecret", label: "Client secret", secret: true, rotate: `Generate new API keys in ${PORTAL}, then set the new client id and client secret together.` },
  { name: "subscriptionKey", label: "Subscription key", secret: true, rotate: `Switch to the other key (primary or secondary) in ${PORTAL}, then regenerate the one you left.` },
]

/** Names of the environment variables that hold exactly `value` (never their values). */
function envNamesFor(value: string, env: NodeJS.ProcessEnv): string[] {
  if (value.length < 4) return []
  return Object.entries(env).filter(([, v]) => v === value).map(([name]) => name).sort()
}

export function credentialsOf(options: VippsOptions, providerId: string, env: NodeJS.ProcessEnv = process.env): CredentialView[] {
  const entryId = providerId.replace(/^pp_vipps_/, "")
  return CREDENTIALS.map(({ name, label, secret, rotate }) => {
    const value = String(options[name] ?? "")
    const names = envNamesFor(value, env)
    const where = names.length ? `the environment variable ${names.join(" / ")}` : `the option ${name} of the entry with id "${entryId}" in medusa-config.ts`
    return {
      name,
      label,
      value: secret ? maskSecret(value) : value,
      option: name,
      entry_id: entryId,
      env: names,
      rotate: `${rotate} Change ${where} on every server and worker and restart them (credentials are never stored in the database).`,
    }
  })
}
