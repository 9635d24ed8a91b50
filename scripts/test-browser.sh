#!/usr/bin/env bash
# Browser tests (part of `npm test`): the whole demo stack in headless Chromium.
#
#   bash scripts/test-browser.sh
#
#   1. Chromium: Debian's /usr/bin/chromium (installed with apt-get when missing and possible);
#      playwright-core from node_modules drives it (never `playwright install`)
#   2. scripts/demo.sh --built-admin on free ports in a throwaway data directory (the
#      developer's .demo/ and ports 9000/8000/4545 are left alone): the Vipps sandbox, an embedded
#      PostgreSQL, migrations + seed, the admin built once (cached in .cache/browser-admin while
#      src/admin is unchanged), `medusa start`, the demo storefront
#   3. integration-tests/browser/checkout-and-admin.mjs: buy on the storefront, approve on the
#      sandbox landing page, receipt in a fresh browser context, Express from the product page
#      (profile + shipping on the landing page) to the receipt, a Danish checkout (rejected, then
#      approved) before and after MobilePay becomes Vipps (browser clock), the return page in
#      en, nb, da, fi and sv, admin login, the order's Vipps
#      MobilePay card and event log, capture part, refund part, the sandbox's amounts
#   4. everything stopped (process groups), the data directory removed
#
# Screenshots: test-results/browser/*.png; logs of the run: test-results/browser/logs/.
# Environment: CHROMIUM_PATH (default /usr/bin/chromium), BROWSER_TEST_PARTS=storefront (skip
# the admin), BROWSER_TEST_KEEP=1 (keep the data directory), BROWSER_TEST_STARTUP_TIMEOUT (s, 420),
# VIPPS_EXPRESS_SHIPPING=dynamic (the Express steps through the plugin's dynamic shipping callback).
set -euo pipefail
cd "$(dirname "$0")/.."

results=test-results/browser
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
startup_timeout=${BROWSER_TEST_STARTUP_TIMEOUT:-420}
started=$SECONDS

say() { printf '\033[1m[test-browser %3ds] %s\033[0m\n' "$((SECONDS - started))" "$*"; }
die() { printf '\033[31m[test-browser] %s\033[0m\n' "$*" >&2; exit 1; }

# --- Chromium and playwright-core ----------------------------------------------------------
. scripts/ensure-chromium.sh # (the working directory is the repository)

# --- The demo stack on free ports in a throwaway directory ------------------------------------
read -r medusa_port storefront_port sandbox_port < <(node -e '
  const net = require("node:net")
  const free = () => new Promise((resolve) => { const s = net.createServer().listen(0, "127.0.0.1", () => { const { port } = s.address(); s.close(() => resolve(port)) }) })
  Promise.all([free(), free(), free()]).then((ports) => console.log(ports.join(" ")))
')
data_dir=$(mktemp -d "${TMPDIR:-/tmp}/vipps-browser-XXXXXX")
chmod 755 "$data_dir" # the embedded PostgreSQL runs as the "postgres" user when we are root
mkdir -p "$results"
rm -rf "$results/logs"
demo_pid=""

stop_port() {
  # Backstop for a stack that did not stop: whatever still listens on one of our ports.
  local port=$1 pid
  for pid in $(ss -ltnpH "sport = :$port" 2>/dev/null | grep -o 'pid=[0-9]*' | cut -d= -f2 | sort -u); do
    say "left over on port $port: pid $pid ($(ps -o args= -p "$pid" | cut -c1-80)); killing its process group"
    kill -KILL -- "-$(ps -o pgid= -p "$pid" | tr -d ' ')" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
  done
}

teardown() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [ -n "$demo_pid" ] && kill -0 "$demo_pid" 2>/dev/null; then
    say "stopping the demo stack"
    kill -TERM "$demo_pid" 2>/dev/null || true
    for _ in $(seq 1 900); do kill -0 "$demo_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$demo_pid" 2>/dev/null || true
  fi
  local pg_port
  pg_port=$(cat "$data_dir/db/port" 2>/dev/null || true)
  for port in $medusa_port $storefront_port $sandbox_port $pg_port; do stop_port "$port"; done
  mkdir -p "$results/logs"
  cp "$data_dir"/*.log "$results/logs/" 2>/dev/null || true
  if [ "${BROWSER_TEST_KEEP:-}" = 1 ]; then
    say "kept $data_dir (BROWSER_TEST_KEEP=1)"
  else
    rm -rf "$data_dir"
  fi
  say "done in $((SECONDS - started)) s, exit code $rc"
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# Only this throwaway stack: no external database, no other Vipps API, no developer settings.
unset DATABASE_URL DB_HOST DB_PORT DB_USERNAME DB_PASSWORD DB_NAME VIPPS_ENVIRONMENT VIPPS_RETURN_URL \
  VIPPS_WEBHOOK_BASE_URL STORE_URL STORE_CORS ADMIN_CORS AUTH_CORS DEMO_NO_SERVE DEMO_APP_DIR
say "starting the demo stack: Medusa :$medusa_port, storefront :$storefront_port, sandbox :$sandbox_port, data $data_dir"
set -m
# VIPPS_CARD=on: the demo also registers pp_vipps_vipps-card (Norge offers "Betal med kort"; card-checkout.mjs).
VIPPS_CARD=on DEMO_ADMIN_DIR=$(pwd)/.cache/browser-admin bash scripts/demo.sh --built-admin --data-dir "$data_dir" \
  --port "$medusa_port" --storefront-port "$storefront_port" --sandbox-port "$sandbox_port" \
  </dev/null >"$data_dir/demo.log" 2>&1 &
demo_pid=$!
set +m

deadline=$((SECONDS + startup_timeout))
until [ -f "$data_dir/ready" ]; do
  if ! kill -0 "$demo_pid" 2>/dev/null; then
    tail -n 60 "$data_dir/demo.log" >&2
    die "the demo stack stopped before it was ready (log above; all logs in $results/logs/)"
  fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    tail -n 60 "$data_dir/demo.log" >&2
    die "the demo stack was not ready after ${startup_timeout} s"
  fi
  sleep 1
done
say "demo stack ready"

# --- The browser test --------------------------------------------------------------------------
rc=0
STOREFRONT_URL="http://localhost:$storefront_port" MEDUSA_URL="http://localhost:$medusa_port" \
  SANDBOX_URL="http://127.0.0.1:$sandbox_port" RESULTS_DIR="$results" CHROMIUM_PATH="$chromium" \
  node integration-tests/browser/checkout-and-admin.mjs || rc=$?
if [ "$rc" != 0 ]; then
  say "Medusa log (last 40 lines):"
  grep -v '"level":"http"' "$data_dir/demo.log" | tail -n 40 >&2 || true
fi
exit "$rc"
