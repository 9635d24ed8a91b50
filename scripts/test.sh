#!/usr/bin/env bash
# Runs every test suite: unit, sandbox contract (OpenAPI + official Postman collection),
# integration (real Medusa app + PostgreSQL + sandbox over HTTP), crash (real `medusa start`
# processes killed mid-movement and repaired by the reconciliation job), the installed package
# (the packed tarball in fresh stores on the oldest and newest supported Medusa) and browser.
# PostgreSQL: DATABASE_URL / DB_HOST if set, otherwise a private embedded cluster.
set -euo pipefail
cd "$(dirname "$0")/.."

export NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules"
jest="node_modules/.bin/jest --runInBand --forceExit"

echo "== unit =="
TEST_TYPE=unit $jest

echo "== sandbox contract =="
TEST_TYPE=contract $jest

echo "== integration (Medusa + PostgreSQL + sandbox) =="
TEST_TYPE=integration:http node scripts/with-db.mjs -- $jest

echo "== crash (real Medusa processes killed mid-movement, repaired by the job) =="
TEST_TYPE=crash node scripts/with-db.mjs -- $jest

echo "== installed package (npm pack → fresh Medusa stores, oldest and newest supported version) =="
bash scripts/test-package.sh

echo "== browser (demo storefront + admin in headless Chromium) =="
bash scripts/test-browser.sh
