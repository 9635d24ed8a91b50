#!/usr/bin/env node
// Creates the demo database if it does not exist yet, using the same settings as medusa-config.ts
// (DATABASE_URL, or DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD + DB_NAME, default "medusa-vipps-demo").
// Used instead of `medusa db:create`, which only reads DATABASE_URL from a .env file and rewrites
// .env / .env.template.
import pg from "pg"

function settings() {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL)
    const database = decodeURIComponent(url.pathname.replace(/^\//, ""))
    url.pathname = "/postgres"
    return { connectionString: url.toString(), database }
  }
  return {
    host: process.env.DB_HOST || "localhost",
    port: Number(process.env.DB_PORT || 5432),
    user: process.env.DB_USERNAME || "postgres",
    password: process.env.DB_PASSWORD || undefined,
    database: "postgres",
    name: process.env.DB_NAME || "medusa-vipps-demo",
  }
}

const config = settings()
const name = config.name ?? config.database
const client = new pg.Client(
  config.connectionString ? { connectionString: config.connectionString } : { ...config, name: undefined }
)
try {
  await client.connect()
  const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name])
  if (rowCount) {
    console.log(`[demo] database "${name}" exists`)
  } else {
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`)
    console.log(`[demo] created database "${name}"`)
  }
} catch (error) {
  console.error(`[demo] could not create database "${name}": ${error.message}`)
  process.exitCode = 1
} finally {
  await client.end().catch(() => {})
}
