// What the settings form sends (POST /admin/vipps/settings/:provider) for the values drafted on
// the page. Pure functions, so the body is unit-tested without rendering the page.
import type { VippsSettingView } from "../../lib/vipps-types"

/** The drafted values by setting name; a "texts" setting's draft is a TextsDraft. */
export type Draft = Record<string, unknown>

/** A "texts" setting as the form holds it: the text for all languages and one per language ("" = empty). */
export type TextsDraft = { all: string; languages: Record<string, string> }

/** A "texts" setting's value: one text, or one per language (`{ nb: "…", da: "…" }`). */
export type TextsValue = string | Record<string, string>

/** The form's fields for a value: one text fills "All languages", an object the languages it has. */
export function textsDraftOf(value: unknown, languages: readonly string[]): TextsDraft {
  const own = value && typeof value === "object" ? (value as Record<string, unknown>) : {}
  return {
    all: typeof value === "string" ? value : "",
    languages: Object.fromEntries(languages.map((language) => [language, typeof own[language] === "string" ? (own[language] as string) : ""])),
  }
}

/**
 * What the fields mean (texts trimmed, blank = empty): only "All languages" filled → that one
 * text; any language filled → one text per language, where every language left empty gets the
 * "All languages" text (without it, the empty languages are left out and the server's fallback
 * applies: English, else another one given); nothing filled → null (back to medusa-config's).
 */
export function textsValueOf(draft: TextsDraft, languages: readonly string[]): TextsValue | null {
  const all = draft.all.trim()
  const own = languages.map((language) => [language, (draft.languages[language] ?? "").trim()] as const)
  if (!own.some(([, text]) => text)) return all || null
  return Object.fromEntries(own.map(([language, text]) => [language, text || all]).filter(([, text]) => text))
}

/** The same texts value, whatever the order of the languages. */
function sameTexts(a: unknown, b: unknown): boolean {
  if (typeof a === "string" || typeof b === "string" || !a || !b) return a === b
  const [x, y] = [a as Record<string, unknown>, b as Record<string, unknown>]
  const keys = new Set([...Object.keys(x), ...Object.keys(y)])
  return [...keys].every((key) => x[key] === y[key])
}

/**
 * The request body for the drafted values: only what differs from what applies now; `null`
 * (back to the medusa-config value) for an emptied text, or a "texts" setting with every field empty.
 */
export function changesOf(settings: VippsSettingView[], draft: Draft): Record<string, unknown> {
  const body: Record<string, unknown> = {}
  for (const s of settings) {
    if (!(s.name in draft)) continue
    if (s.type === "texts") {
      const next = textsValueOf(draft[s.name] as TextsDraft, s.languages ?? [])
      if (next === null ? s.value === undefined : sameTexts(next, s.value)) continue
      body[s.name] = next
      continue
    }
    const value = draft[s.name]
    if (value === s.value || (value === "" && s.value === undefined)) continue
    body[s.name] = s.type === "text" && value === "" ? null : value
  }
  return body
}
