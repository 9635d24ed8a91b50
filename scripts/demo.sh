#!/usr/bin/env bash
# npm run demo: a Medusa store with the Vipps MobilePay plugin, against the local Vipps sandbox,
# with a small demo storefront, on a fresh machine (Node.js only: PostgreSQL comes from npm unless
# DATABASE_URL/DB_HOST is set).
#
#   bash scripts/demo.sh [--port 9000] [--storefront-port 8000] [--sandbox-port 4545]
#                        [--data-dir .demo] [--built-admin] [--no-serve]
#
#   1. npm install, if node_modules is missing
#   2. the Vipps sandbox on 127.0.0.1:4545, in the background (log: .demo/sandbox.log), unless
#      VIPPS_ENVIRONMENT points somewhere else or a sandbox already answers there
#   3. under scripts/with-db.mjs (PostgreSQL data kept in .demo/db): create the database, run the
#      migrations, seed (demo/seed.ts), create the admin user admin@vipps.test / supersecret
#   4. medusa develop on http://localhost:9000 (admin at /app); once it answers, the webhooks of
#      every provider are registered at the sandbox (register-vipps-webhooks; log .demo/webhooks.log)
#   5. the demo storefront (demo/storefront) on http://localhost:8000: products, checkout with
#      "Betal med Vipps", the sandbox landing page, back to the receipt at /vipps/return
#   Ctrl-C stops everything.
#
# Environment (flags win):
#   DEMO_NO_SERVE=1          do steps 1-3 only, then stop (CI smoke check); --no-serve
#   DEMO_PORT=9000           Medusa port; --port
#   DEMO_STOREFRONT_PORT=8000  storefront port; --storefront-port
#   DEMO_SANDBOX_PORT=4545   sandbox port; --sandbox-port
#   DEMO_DATA_DIR=.demo      database, logs, publishable key; --data-dir (the browser tests use a
#                            temporary one)
#   DEMO_BUILT_ADMIN=1       build the admin once and run `medusa start` (no file watching, no
#                            on-the-fly Vite) instead of `medusa develop`; --built-admin. The build
#                            is cached in DEMO_ADMIN_DIR (default <data dir>/admin) and reused while
#                            src/admin, package-lock.json and medusa-config.ts are unchanged.
#   VIPPS_ENVIRONMENT        Vipps API base URL (default: the local sandbox)
#   VIPPS_WEBHOOK_BASE_URL   where the sandbox delivers webhooks (default with the local sandbox:
#                            this Medusa, http://localhost:9000; unset otherwise: no registration)
#   VIPPS_RETURN_URL         default: the storefront's http://localhost:8000/vipps/return?reference={reference}
#   STORE_CORS / ADMIN_CORS / AUTH_CORS   default: the storefront and Medusa origins
#   DATABASE_URL or DB_HOST/DB_PORT/DB_USERNAME/DB_PASSWORD (+ DB_NAME): use that PostgreSQL
#   Delete .demo/ to start from scratch.
#
# <data dir>/ready is written (with the URLs) once Medusa and the storefront answer and the
# webhooks are registered.
set -uo pipefail
cd "$(dirname "$0")/.."

port=${DEMO_PORT:-9000}
storefront_port=${DEMO_STOREFRONT_PORT:-8000}
sandbox_port=${DEMO_SANDBOX_PORT:-4545}
state_dir=${DEMO_DATA_DIR:-.demo}
built_admin=${DEMO_BUILT_ADMIN:-}
no_serve=${DEMO_NO_SERVE:-}
value() { [ -n "${2:-}" ] || { echo "[demo] $1 needs a value" >&2; exit 2; }; }
while [ $# -gt 0 ]; do
  case "$1" in
    --port) value "$1" "${2:-}"; port=$2; shift 2 ;;
    --port=*) port=${1#--port=}; shift ;;
    --storefront-port) value "$1" "${2:-}"; storefront_port=$2; shift 2 ;;
    --storefront-port=*) storefront_port=${1#--storefront-port=}; shift ;;
    --sandbox-port) value "$1" "${2:-}"; sandbox_port=$2; shift 2 ;;
    --sandbox-port=*) sandbox_port=${1#--sandbox-port=}; shift ;;
    --data-dir) value "$1" "${2:-}"; state_dir=$2; shift 2 ;;
    --data-dir=*) state_dir=${1#--data-dir=}; shift ;;
    --built-admin) built_admin=1; shift ;;
    --no-serve) no_serve=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "[demo] unknown argument: $1 (try --help)" >&2; exit 2 ;;
  esac
done
for p in "$port" "$storefront_port" "$sandbox_port"; do
  [[ "$p" =~ ^[0-9]+$ ]] && [ "$p" -gt 0 ] && [ "$p" -lt 65536 ] || { echo "[demo] invalid port: $p" >&2; exit 2; }
done

sandbox_url="http://127.0.0.1:$sandbox_port"
medusa_url="http://localhost:$port"
storefront_url="http://localhost:$storefront_port"
sandbox_pid=""
sandbox_note=""
serve_pid=""
storefront_pid=""

say() { printf '\033[1m[demo] %s\033[0m\n' "$*"; }
die() { printf '\033[31m[demo] %s\033[0m\n' "$*" >&2; exit 1; }

http_ok() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsS -o /dev/null --max-time 2 "$1" 2>/dev/null
  else
    node -e 'fetch(process.argv[1], { signal: AbortSignal.timeout(2000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"
  fi
}

# Sends a signal to a process group (or the process if it is not a group leader), waits up to
# $3 tenths of a second for it to go away, then kills it.
stop_group() {
  local pid=$1 signal=$2 tenths=$3
  kill "-$signal" -- "-$pid" 2>/dev/null || kill "-$signal" "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 "$tenths"); do
    kill -0 -- "-$pid" 2>/dev/null || kill -0 "$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
}

cleaned=""
cleanup() {
  [ -z "$cleaned" ] || return 0
  cleaned=1
  trap '' INT TERM HUP
  rm -f "$state_dir/ready" "$state_dir/webhooks.done"
  if [ -n "$storefront_pid" ]; then
    say "stopping the storefront..."
    stop_group "$storefront_pid" TERM 30
  fi
  if [ -n "$serve_pid" ] && kill -0 "$serve_pid" 2>/dev/null; then
    say "stopping Medusa and PostgreSQL..."
    # with-db.mjs forwards SIGTERM to demo/setup-and-serve.sh, which stops the medusa process
    # group; with-db.mjs then stops PostgreSQL cleanly. Wait for that (up to 60 s).
    kill -TERM "$serve_pid" 2>/dev/null || true
    for _ in $(seq 1 600); do kill -0 "$serve_pid" 2>/dev/null || break; sleep 0.1; done
  fi
  # Whatever is left in that process group (e.g. interrupted while PostgreSQL was starting).
  [ -z "$serve_pid" ] || stop_group "$serve_pid" TERM 100
  if [ -n "$sandbox_pid" ]; then
    say "stopping the Vipps sandbox..."
    stop_group "$sandbox_pid" TERM 50
  fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# --- Node.js and dependencies ----------------------------------------------------------------
command -v node >/dev/null 2>&1 || die "Node.js is required (^20.19.0 or >=22.12.0): https://nodejs.org"
node -e '
  const [maj, min] = process.versions.node.split(".").map(Number)
  process.exit((maj === 20 && min >= 19) || (maj === 22 && min >= 12) || maj > 22 ? 0 : 1)
' || die "Node.js $(node -v) is too old: this project needs ^20.19.0 or >=22.12.0"

if [ ! -x node_modules/.bin/medusa ] || [ ! -x node_modules/.bin/ts-node ]; then
  say "installing dependencies (npm install)..."
  npm install || die "npm install failed"
fi

mkdir -p "$state_dir/db"
rm -f "$state_dir/ready"

# --- Vipps sandbox ---------------------------------------------------------------------------
if [ -z "${VIPPS_ENVIRONMENT:-}" ] || [ "${VIPPS_ENVIRONMENT%/}" = "$sandbox_url" ]; then
  export VIPPS_ENVIRONMENT=$sandbox_url
  # The sandbox delivers webhooks to any URL: register them at this Medusa (demo/setup-and-serve.sh).
  export VIPPS_WEBHOOK_BASE_URL=${VIPPS_WEBHOOK_BASE_URL:-$medusa_url}
  if http_ok "$sandbox_url/_sandbox/health"; then
    say "a Vipps sandbox is already running on $sandbox_url: using it"
    sandbox_note="$VIPPS_ENVIRONMENT (local sandbox, already running before the demo started)"
  else
    say "starting the Vipps sandbox on $sandbox_url (log: $state_dir/sandbox.log)"
    set -m
    node_modules/.bin/ts-node --transpile-only src/sandbox/bin.ts --port "$sandbox_port" --host 127.0.0.1 \
      </dev/null >"$state_dir/sandbox.log" 2>&1 &
    sandbox_pid=$!
    set +m
    for _ in $(seq 1 300); do
      http_ok "$sandbox_url/_sandbox/health" && break
      kill -0 "$sandbox_pid" 2>/dev/null || { cat "$state_dir/sandbox.log" >&2; sandbox_pid=""; die "the sandbox did not start (is port $sandbox_port in use?)"; }
      sleep 0.2
    done
    http_ok "$sandbox_url/_sandbox/health" || { cat "$state_dir/sandbox.log" >&2; die "the sandbox did not answer on $sandbox_url/_sandbox/health"; }
  fi
  sandbox_note=${sandbox_note:-"$VIPPS_ENVIRONMENT (local sandbox, log: $state_dir/sandbox.log)"}
else
  say "VIPPS_ENVIRONMENT=$VIPPS_ENVIRONMENT: not starting the local sandbox"
  sandbox_note="$VIPPS_ENVIRONMENT"
fi

# --- Medusa ------------------------------------------------------------------------------------
# No anonymous usage analytics from a local demo (set MEDUSA_DISABLE_TELEMETRY=false to allow).
export MEDUSA_DISABLE_TELEMETRY=${MEDUSA_DISABLE_TELEMETRY:-true}
export DEMO_PORT=$port DEMO_STATE_DIR=$state_dir
# The shopper comes back to the storefront's receipt page (the provider appends &token=…).
export STORE_URL=${STORE_URL:-$storefront_url}
export VIPPS_RETURN_URL=${VIPPS_RETURN_URL:-"$storefront_url/vipps/return?reference={reference}"}
export STORE_CORS=${STORE_CORS:-"$storefront_url,http://127.0.0.1:$storefront_port,$medusa_url"}
export ADMIN_CORS=${ADMIN_CORS:-"$medusa_url,http://localhost:5173"}
export AUTH_CORS=${AUTH_CORS:-"$storefront_url,$medusa_url,http://localhost:5173"}
[ "$no_serve" = 1 ] && export DEMO_NO_SERVE=1 || unset DEMO_NO_SERVE
if [ "$built_admin" = 1 ]; then
  export DEMO_BUILT_ADMIN=1
  export DEMO_APP_DIR=${DEMO_APP_DIR:-$state_dir/app} DEMO_ADMIN_DIR=${DEMO_ADMIN_DIR:-$state_dir/admin}
else
  unset DEMO_BUILT_ADMIN
fi

banner() {
  local key
  key=$(cat "$state_dir/publishable-key" 2>/dev/null || echo "(see the seed output above)")
  printf '\n\033[1;36m'
  cat <<EOF
==================================================================================
 Vipps MobilePay demo store$1
   Storefront:       $storefront_url   (buy, "Betal med Vipps", approve, receipt)
   Admin:            $medusa_url/app
   Login:            admin@vipps.test / supersecret
   Store API:        $medusa_url/store
   Publishable key:  $key
                     (header x-publishable-api-key)
   Vipps API:        $sandbox_note
   Merchants:        Vipps NOK      MSN 100001  region Norge    pp_vipps_vipps
                     MobilePay DKK  MSN 200001  region Danmark  pp_vipps_mobilepay
                     MobilePay EUR  MSN 300001  region Suomi    pp_vipps_mobilepay_fi
   Return URL:       $VIPPS_RETURN_URL&token=…
   Without browser:  node demo/checkout.mjs --url $medusa_url   (prints the landing page URL)
   Data:             $state_dir/ (delete it to start over)
   Stop:             $2
==================================================================================
EOF
  printf '\033[0m\n'
}

say "PostgreSQL, migrations, seed and admin user..."
set -m
node scripts/with-db.mjs --persist "$state_dir/db" -- bash demo/setup-and-serve.sh &
serve_pid=$!
set +m

if [ "$no_serve" = 1 ]; then
  rc=0
  wait "$serve_pid" || rc=$?
  serve_pid=""
  [ "$rc" = 0 ] || die "setup failed (exit code $rc)"
  banner " is set up (DEMO_NO_SERVE=1: Medusa not started)" "nothing is running but the sandbox, which stops now; run without DEMO_NO_SERVE to serve"
  exit 0
fi

start_storefront() {
  say "starting the storefront on $storefront_url (log: $state_dir/storefront.log)"
  set -m
  node demo/storefront/server.mjs --port "$storefront_port" --medusa-url "$medusa_url" \
    --key-file "$state_dir/publishable-key" </dev/null >"$state_dir/storefront.log" 2>&1 &
  storefront_pid=$!
  set +m
  for _ in $(seq 1 100); do
    http_ok "$storefront_url/health" && return 0
    kill -0 "$storefront_pid" 2>/dev/null || break
    sleep 0.1
  done
  cat "$state_dir/storefront.log" >&2
  storefront_pid=""
  die "the storefront did not start (is port $storefront_port in use?)"
}

ready=""
storefront_started=""
# Ready once Medusa answers, the storefront runs and (with the sandbox) the webhooks are registered.
webhooks_done() {
  [ -z "${VIPPS_WEBHOOK_BASE_URL:-}" ] && return 0
  [ -f "$state_dir/webhooks.done" ] || return 1
  grep -h "Vipps MobilePay webhooks for" "$state_dir/webhooks.log" 2>/dev/null | sed 's/^.*\(Vipps MobilePay webhooks for\)/[demo] \1/'
  [ "$(cat "$state_dir/webhooks.done")" = 0 ] ||
    say "registering the webhooks failed (log: $state_dir/webhooks.log); the reconciliation job still moves payments along"
  return 0
}
while kill -0 "$serve_pid" 2>/dev/null; do
  if [ -z "$storefront_started" ] && http_ok "$medusa_url/health"; then
    storefront_started=1
    start_storefront
  fi
  if [ -n "$storefront_started" ] && [ -z "$ready" ] && webhooks_done; then
    ready=1
    printf 'storefront=%s\nmedusa=%s\nsandbox=%s\n' "$storefront_url" "$medusa_url" "$VIPPS_ENVIRONMENT" >"$state_dir/ready"
    banner " is running" "Ctrl-C (stops the storefront, Medusa, PostgreSQL and the sandbox)"
  fi
  if [ -n "$storefront_pid" ] && ! kill -0 "$storefront_pid" 2>/dev/null; then
    cat "$state_dir/storefront.log" >&2
    storefront_pid=""
    die "the storefront stopped"
  fi
  sleep 1
done
rc=0
wait "$serve_pid" || rc=$?
serve_pid=""
exit "$rc"
