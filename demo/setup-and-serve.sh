#!/usr/bin/env bash
# Second half of scripts/demo.sh, run under `node scripts/with-db.mjs` (so DB_HOST/DB_PORT/
# DB_USERNAME/DB_PASSWORD or DATABASE_URL are set): database, migrations, seed, admin user, then
# `medusa develop` unless DEMO_NO_SERVE=1. The seed also creates the admin user (one Medusa boot
# less than `medusa user`, and no "already exists" error on later runs).
#
# DEMO_BUILT_ADMIN=1 (scripts/demo.sh --built-admin): instead of `medusa develop` (admin compiled
# by Vite on the fly, server restarted on every file change in the repository), build the admin
# once (demo/build-admin.sh, in parallel with the database steps, into DEMO_ADMIN_DIR) and run
# `medusa start` in the throwaway project root DEMO_APP_DIR with NODE_ENV=test: Medusa serves a
# prebuilt admin whenever NODE_ENV is not "development", and "production" would make the
# session cookie Secure, which the admin cannot use over http://localhost.
#
# Every command runs in its own process group, so a stop request (SIGTERM/SIGINT/SIGHUP to this
# script) can end the whole group: `medusa develop` forks the actual server, which outlives
# its parent if only the parent is signalled. Commands get stdin from /dev/null: they never
# prompt (a prompt from a background process group would stop it).
set -uo pipefail
cd "$(dirname "$0")/.."

medusa=node_modules/.bin/medusa
state_dir=${DEMO_STATE_DIR:-.demo}
port=${DEMO_PORT:-9000}
built_admin=${DEMO_BUILT_ADMIN:-}
app_dir=${DEMO_APP_DIR:-$state_dir/app}
admin_dir=${DEMO_ADMIN_DIR:-$state_dir/admin}
child=""
builder=""
registrar=""

stop_group() {
  local pid=$1
  [ -n "$pid" ] || return 0
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 -- "-$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
stop_child() {
  stop_group "$builder"
  stop_group "$registrar"
  stop_group "$child"
}
trap 'stop_child; exit 130' INT
trap 'stop_child; exit 143' TERM HUP

# Runs "$@" in its own process group and waits for it; returns its exit code.
run() {
  set -m
  "$@" </dev/null &
  child=$!
  set +m
  local rc=0
  wait "$child" || rc=$?
  child=""
  return "$rc"
}

step() { printf '\n\033[1m[demo] %s\033[0m\n' "$*"; }
fail() { printf '\n\033[31m[demo] %s\033[0m\n' "$*" >&2; exit 1; }

if [ "$built_admin" = 1 ] && [ "${DEMO_NO_SERVE:-}" != 1 ]; then
  step "Admin build (demo/build-admin.sh, in the background; log: $state_dir/admin-build.log)"
  set -m
  bash demo/build-admin.sh "$app_dir" "$admin_dir" </dev/null >"$state_dir/admin-build.log" 2>&1 &
  builder=$!
  set +m
fi

step "Database"
run node demo/create-db.mjs || fail "could not create the database"

step "Migrations (medusa db:migrate)"
run "$medusa" db:migrate --execute-safe-links --execute-safe-search || fail "migrations failed"

step "Seed and admin user (medusa exec ./demo/seed.ts)"
rm -f "$state_dir/publishable-key"
DEMO_KEY_FILE="$state_dir/publishable-key" run "$medusa" exec ./demo/seed.ts || fail "seed failed"

if [ "${DEMO_NO_SERVE:-}" = "1" ]; then
  step "DEMO_NO_SERVE=1: not starting medusa develop"
  exit 0
fi

# Webhooks: once Medusa answers, register them (src/scripts/register-vipps-webhooks.ts; changes
# nothing when they are in place), so the sandbox's events reach this Medusa and the settings
# page shows "registered". Only with VIPPS_WEBHOOK_BASE_URL (scripts/demo.sh sets it to this
# Medusa when it runs the local sandbox: the real Vipps cannot call localhost). In the background,
# started here (repository root, before the `cd` of --built-admin); log: $state_dir/webhooks.log.
register_webhooks_when_up() {
  for _ in $(seq 1 900); do
    node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' \
      "http://localhost:$port/health" && break
    sleep 1
  done
  local rc=0
  "$medusa" exec ./src/scripts/register-vipps-webhooks.ts || rc=$?
  echo "$rc" >"$state_dir/webhooks.done" # scripts/demo.sh reports ready after this
}
rm -f "$state_dir/webhooks.done"
if [ -n "${VIPPS_WEBHOOK_BASE_URL:-}" ]; then
  step "Webhooks: registered at $VIPPS_WEBHOOK_BASE_URL/hooks/vipps/<id> once Medusa is up (log: $state_dir/webhooks.log)"
  set -m
  register_webhooks_when_up </dev/null >"$state_dir/webhooks.log" 2>&1 &
  registrar=$!
  set +m
fi

if [ "$built_admin" = 1 ]; then
  step "Waiting for the admin build"
  rc=0
  wait "$builder" || rc=$?
  builder=""
  cat "$state_dir/admin-build.log"
  [ "$rc" = 0 ] || fail "the admin build failed (log above)"
  step "Starting Medusa (medusa start --port $port in $app_dir, NODE_ENV=test, prebuilt admin)"
  medusa_abs=$(pwd)/$medusa
  cd "$app_dir" || fail "no $app_dir"
  NODE_ENV=test run "$medusa_abs" start --port "$port"
else
  step "Starting Medusa (medusa develop --port $port)"
  run "$medusa" develop --port "$port"
fi
