#!/usr/bin/env bash
# Runs every test suite: unit, sandbox contract (OpenAPI + official Postman collection),
# integration (real Medusa app + PostgreSQL + sandbox over HTTP), crash (real `medusa start`
# processes killed mid-movement and repaired by the reconciliation job), the installed package
# (the packed tarball in fresh stores on the newest patch of every supported Medusa minor), topology (real
# processes: one worker and two servers on Redis) and browser.
# PostgreSQL: DATABASE_URL / DB_HOST if set, otherwise a private embedded cluster.
# Redis (topology only): REDIS_URL if set, else the one on 127.0.0.1:6379, else a private
# redis-server (installed with apt-get when missing) — see scripts/with-redis.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."

export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules"
jest="node_modules/.bin/jest --runInBand --forceExit"

echo "== unit =="
TEST_TYPE=unit $jest

echo "== sandbox contract =="
TEST_TYPE=contract $jest

echo "== integration (Medusa + PostgreSQL + sandbox) =="
# One process with in-memory modules, whatever REDIS_URL the shell has.
env -u REDIS_URL TEST_TYPE=integration:http node scripts/with-db.mjs -- $jest

echo "== crash (real Medusa processes killed mid-movement, repaired by the job) =="
# Single-process setup (in-memory modules), whatever REDIS_URL the shell has.
env -u REDIS_URL TEST_TYPE=crash node scripts/with-db.mjs -- $jest

echo "== installed package (npm pack → fresh Medusa stores, the newest patch of every supported minor) =="
bash scripts/test-package.sh

echo "== topology (one worker + two servers + Redis + sandbox, real processes) =="
TEST_TYPE=integration:topology node scripts/with-redis.mjs -- node scripts/with-db.mjs -- $jest

echo "== browser (demo storefront + admin in headless Chromium) =="
bash scripts/test-browser.sh

echo "== official starter (dtc-starter: pnpm, Medusa 2.18, its Next.js storefront, Chromium) =="
bash scripts/test-starter.sh
