// Validates HTTP exchanges against the official Vipps OpenAPI 3.0 documents (read from
// ../shared/vipps, never copied). OpenAPI 3.0 quirks are converted to JSON Schema for ajv:
// `nullable`, `#/components/schemas/...` refs, examples/x-* vendor keys.
import fs from "node:fs"
import path from "node:path"
import Ajv, { type ValidateFunction } from "ajv"
import addFormats from "ajv-formats"
import YAML from "yaml"

export const SPEC_DIR = path.resolve(process.cwd(), "../shared/vipps")

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

type ApiDoc = { id: string; prefix: string; doc: Json; templates: { template: string; regex: RegExp; params: string[]; literalCount: number }[] }

const API_FILES = [
  { id: "accesstoken", file: "access-token-openapi.yaml", prefix: "" },
  { id: "epayment", file: "epayment-openapi.yaml", prefix: "/epayment" },
  { id: "webhooks", file: "webhooks-openapi.yaml", prefix: "/webhooks" },
  { id: "ordermanagement", file: "order-management-openapi.yaml", prefix: "/order-management" },
]

/** Statuses the specs do not declare everywhere; allowed as problem+json (documented gaps). */
const GAP_STATUSES = [401, 423, 429, 500]

const DROP_KEYS = new Set(["example", "examples", "deprecated", "xml", "externalDocs", "discriminator"])

/** OpenAPI 3.0 schema → JSON Schema (draft-07 flavour understood by ajv). */
export function convertSchema(node: Json, apiId: string): Json {
  if (Array.isArray(node)) return node.map((n) => convertSchema(n, apiId))
  if (!node || typeof node !== "object") return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node)) {
    if (DROP_KEYS.has(k) || k.startsWith("x-")) continue
    // some specs put prose in `format` ("IATA 2-letter airline code"): annotation only
    if (k === "format" && typeof v === "string" && /\s/.test(v)) continue
    if (k === "$ref" && typeof v === "string") {
      const m = /^#\/components\/schemas\/(.+)$/.exec(v)
      if (!m) throw new Error(`Unsupported $ref ${v} in ${apiId}`)
      out.$ref = `${apiId}#/definitions/${m[1]}`
      continue
    }
    if (k === "properties" && v && typeof v === "object") {
      out.properties = Object.fromEntries(Object.entries(v).map(([pk, pv]) => [pk, convertSchema(pv, apiId)]))
      continue
    }
    out[k] = convertSchema(v, apiId)
  }
  if (out.nullable === true) {
    delete out.nullable
    if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: "null" }] }
    if (typeof out.type === "string") {
      out.type = [out.type, "null"]
      if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null]
      return out
    }
    return { anyOf: [out, { type: "null" }] }
  }
  delete out.nullable
  return out
}

/**
 * OpenAPI quirk: `Customer` is a oneOf of single-property objects without `required`, so under
 * JSON Schema `{phoneNumber}` matches every branch and "exactly one" fails even for the spec's
 * own examples. The intent is "exactly one of these properties": make each such branch require
 * its single property (applied to our in-memory copy only).
 */
function tightenOneOf(doc: Json) {
  const schemas = doc.components?.schemas ?? {}
  const visit = (n: Json) => {
    if (!n || typeof n !== "object") return
    if (Array.isArray(n.oneOf)) {
      for (const b of n.oneOf) {
        const target = typeof b?.$ref === "string" ? schemas[b.$ref.split("/").pop()] : b
        const props = Object.keys(target?.properties ?? {})
        if (target && !target.required && props.length === 1) target.required = props
      }
    }
    for (const v of Object.values(n)) visit(v)
  }
  visit(doc.components)
  visit(doc.paths)
}

const mediaBase = (ct: string | null | undefined) => (ct ?? "").split(";")[0].trim().toLowerCase()

export class OpenApiValidator {
  private ajv: Ajv
  private apis: ApiDoc[] = []
  private cache = new WeakMap<object, ValidateFunction>()
  /** "METHOD template" of every operation an exchange was validated against */
  readonly covered = new Set<string>()

  constructor(specDir = SPEC_DIR) {
    this.ajv = new Ajv({ strict: false, allErrors: true })
    addFormats(this.ajv)
    // .NET-generated specs use "guid" for UUIDs
    this.ajv.addFormat("guid", /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i)
    for (const a of API_FILES) {
      const doc = YAML.parse(fs.readFileSync(path.join(specDir, a.file), "utf8"))
      tightenOneOf(doc)
      const defs = Object.fromEntries(Object.entries(doc.components?.schemas ?? {}).map(([k, v]) => [k, convertSchema(v, a.id)]))
      this.ajv.addSchema({ $id: a.id, definitions: defs })
      const templates = Object.keys(doc.paths).map((template) => {
        const params: string[] = []
        const re = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\{([^}]+)\}/g, (_m, p) => {
          params.push(p)
          return "([^/]+)"
        })
        return { template, regex: new RegExp(`^${re}$`, a.id === "accesstoken" ? "i" : ""), params, literalCount: template.split("/").filter((s) => s && !s.startsWith("{")).length }
      })
      this.apis.push({ id: a.id, prefix: a.prefix, doc, templates })
    }
  }

  private validator(schema: Json, apiId: string): ValidateFunction {
    let fn = this.cache.get(schema)
    if (!fn) {
      fn = this.ajv.compile(convertSchema(schema, apiId))
      this.cache.set(schema, fn)
    }
    return fn
  }

  /** Validates data against a named component schema, e.g. ("epayment", "GetPaymentResponse"). */
  validateComponent(apiId: string, name: string, data: unknown): string[] {
    const fn = this.ajv.getSchema(`${apiId}#/definitions/${name}`)
    if (!fn) throw new Error(`No schema ${apiId}/${name}`)
    return fn(data) ? [] : (fn.errors ?? []).map((e) => `${name}${e.instancePath} ${e.message}`)
  }

  private check(schema: Json, apiId: string, data: unknown, label: string): string[] {
    const fn = this.validator(schema, apiId)
    return fn(data) ? [] : (fn.errors ?? []).map((e) => `${label}${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`)
  }

  private resolve(doc: Json, obj: Json): Json {
    let o = obj
    while (o && typeof o.$ref === "string") {
      const parts = o.$ref.replace(/^#\//, "").split("/")
      o = parts.reduce((acc: Json, p: string) => acc?.[p.replace(/~1/g, "/").replace(/~0/g, "~")], doc)
    }
    return o
  }

  /** Finds the operation by method + path template (most literal segments wins). */
  findOperation(method: string, fullPath: string) {
    for (const api of this.apis) {
      if (api.prefix && !fullPath.startsWith(`${api.prefix}/`)) continue
      const sub = fullPath.slice(api.prefix.length)
      const candidates = api.templates
        .map((t) => ({ t, m: t.regex.exec(sub) }))
        .filter((c) => c.m && api.doc.paths[c.t.template][method.toLowerCase()])
        .sort((a, b) => b.t.literalCount - a.t.literalCount)
      if (!candidates.length) continue
      const { t, m } = candidates[0]
      const pathItem = api.doc.paths[t.template]
      const op = pathItem[method.toLowerCase()]
      const params = [...(pathItem.parameters ?? []), ...(op.parameters ?? [])].map((p: Json) => this.resolve(api.doc, p))
      const pathValues = Object.fromEntries(t.params.map((p, i) => [p, decodeURIComponent(m![i + 1])]))
      return { api, template: t.template, op, params, pathValues }
    }
    return undefined
  }

  validateRequest(method: string, fullPath: string, headers: Record<string, string>, body: unknown): string[] {
    const found = this.findOperation(method, fullPath)
    if (!found) return [`No operation in the specs for ${method} ${fullPath}`]
    const { api, op, params, pathValues } = found
    const errors: string[] = []
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]))
    for (const p of params) {
      if (p.in === "header") {
        const v = lower[String(p.name).toLowerCase()]
        if (v === undefined) {
          if (p.required) errors.push(`missing required header ${p.name}`)
        } else if (p.schema) {
          // Documented deviation: the access-token spec formats client_id as a GUID; the sandbox's
          // fixed public credentials ("sandbox-nok-client", ...) are deliberately readable instead.
          const schema = String(p.name).toLowerCase() === "client_id" ? { ...p.schema, format: undefined } : p.schema
          errors.push(...this.check(schema, api.id, v, `header ${p.name}`))
        }
      } else if (p.in === "path" && p.schema) {
        const v = pathValues[p.name]
        if (v !== undefined) errors.push(...this.check(p.schema, api.id, v, `path ${p.name}`))
      }
    }
    const rb = op.requestBody ? this.resolve(api.doc, op.requestBody) : undefined
    if (body === undefined) {
      if (rb?.required) errors.push("request body is required")
    } else if (!rb) {
      errors.push(`${method} ${found.template} declares no request body`)
    } else {
      const media = Object.entries(rb.content ?? {}).find(([k]) => mediaBase(k) === "application/json")
      if (!media) errors.push("no application/json request body in spec")
      else errors.push(...this.check((media[1] as Json).schema, api.id, body, "request"))
    }
    return errors
  }

  validateResponse(method: string, fullPath: string, status: number, contentType: string | null, body: unknown, rawBody: string): string[] {
    const found = this.findOperation(method, fullPath)
    if (!found) return [`No operation in the specs for ${method} ${fullPath}`]
    const { api, op, template } = found
    this.covered.add(`${method.toUpperCase()} ${api.prefix}${template} ${status}`)
    const declared = op.responses[String(status)] ?? op.responses.default
    if (!declared) {
      const isGap = GAP_STATUSES.includes(status) || (status === 404 && method.toUpperCase() === "GET")
      if (!isGap) return [`status ${status} is not declared for ${method} ${template}`]
      if (mediaBase(contentType) !== "application/problem+json") return [`undeclared status ${status} must be application/problem+json, got ${contentType}`]
      return this.validateComponent("epayment", "Problem", body)
    }
    const resp = this.resolve(api.doc, declared)
    if (!resp.content) return []
    const media = Object.entries(resp.content).find(([k]) => mediaBase(k) === mediaBase(contentType))
    if (!media) return [`content-type ${contentType} not declared for ${status} (declared: ${Object.keys(resp.content).join(", ")})`]
    const schema = (media[1] as Json).schema
    if (!schema) return []
    if (body === undefined) return [`empty body for ${status}, expected ${Object.keys(resp.content)[0]}: ${rawBody.slice(0, 80)}`]
    return this.check(schema, api.id, body, `response ${status}`)
  }

  /** All "METHOD prefix+template" operations of the documents (for coverage assertions). */
  operations(): string[] {
    const out: string[] = []
    for (const api of this.apis) {
      for (const [t, item] of Object.entries(api.doc.paths as Json)) {
        for (const m of Object.keys(item as Json)) if (["get", "post", "put", "delete", "patch"].includes(m)) out.push(`${m.toUpperCase()} ${api.prefix}${t}`)
      }
    }
    return out
  }
}
