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

# Each stage's time, printed at the end (also when a stage fails): CI must stay well under its limit.
timings=()
stage_name=""
stage_started=$SECONDS
stage() {
  [ -n "$stage_name" ] && timings+=("$(printf '%5d s  %s' $((SECONDS - stage_started)) "$stage_name")")
  stage_name="$1"
  stage_started=$SECONDS
  echo "== $1 =="
}
report_timings() {
  local code=$?
  [ -n "$stage_name" ] && timings+=("$(printf '%5d s  %s%s' $((SECONDS - stage_started)) "$stage_name" "$([ $code = 0 ] || echo "  (failed)")")")
  echo "== stage times =="
  printf '%s\n' "${timings[@]}"
  printf '%5d s  in all\n' "$SECONDS"
}
trap report_timings EXIT

stage "unit"
TEST_TYPE=unit $jest

stage "sandbox contract"
TEST_TYPE=contract $jest

stage "integration (Medusa + PostgreSQL + sandbox)"
# In-memory modules, whatever REDIS_URL the shell has. Each Medusa test file loads a whole app
# and jest keeps part of every one: in one process the heap passed 4 GB on CI and V8 stopped it.
# So the files run in shards, each a fresh jest process (one PostgreSQL for all); every shard
# runs even when one fails, and the stage fails if any did.
INTEGRATION_SHARDS="${INTEGRATION_SHARDS:-3}"
env -u REDIS_URL TEST_TYPE=integration:http SHARDS="$INTEGRATION_SHARDS" JEST="$jest" \
  node scripts/with-db.mjs -- bash -c 'failed=0
    for i in $(seq 1 "$SHARDS"); do
      echo "-- integration shard $i/$SHARDS --"
      $JEST --shard="$i/$SHARDS" || failed=1
    done
    exit $failed'

stage "crash (real Medusa processes killed mid-movement, repaired by the job)"
# Single-process setup (in-memory modules), whatever REDIS_URL the shell has.
env -u REDIS_URL TEST_TYPE=crash node scripts/with-db.mjs -- $jest

stage "installed package (npm pack → fresh Medusa stores, the newest patch of every supported minor)"
bash scripts/test-package.sh

stage "topology (one worker + two servers + Redis + sandbox, real processes)"
TEST_TYPE=integration:topology node scripts/with-redis.mjs -- node scripts/with-db.mjs -- $jest

stage "browser (demo storefront + admin in headless Chromium)"
bash scripts/test-browser.sh

stage "official starter (dtc-starter: pnpm, Medusa 2.18, its Next.js storefront, Chromium)"
bash scripts/test-starter.sh
