#!/usr/bin/env bash
# The official-starter test (part of `npm test`): Medusa's current starter, medusajs/dtc-starter
# (pnpm workspace, Medusa 2.18.0, Next.js 15 storefront), with the packed plugin installed and the
# storefront changed exactly as docs/storefront-nextjs.md says, bought from in headless Chromium.
#
#   bash scripts/test-starter.sh
#
#   1. the starter: ../shared/starters/dtc-starter copied to a temporary directory (or, without
#      ../shared, cloned from GitHub at the pinned commit), and nextjs-starter-medusa beside it
#   2. pnpm 10.11.1 (the starter's packageManager, installed into the temporary directory unless
#      it is on PATH) runs the starter's own `pnpm install` while `npm run build && npm pack`
#      (as scripts/test-package.sh) packs the plugin
#   3. integration-tests/starter (jest): the doc's pnpm command with the tarball, the doc's
#      medusa-config.ts, .env and storefront changes, db:migrate (the starter's seed), `pnpm dev`
#      against the installed package's vipps-sandbox, a Norway region through the admin API, the
#      storefront's tsc --noEmit and next build, next start, Chromium: the starter's checkout →
#      landing page → reject → return page → pay again → approve → order confirmation; fulfilment
#      through the admin API → captured in full at Vipps and in Medusa
#   4. every process group the test started is killed, the temporary directory removed
#
# Screenshots: test-results/starter/*.png; logs: test-results/starter/logs/.
# Environment:
#   STARTER_TEST_TARBALL=<.tgz>      use this packed plugin instead of building and packing one
#   STARTER_TEST_PNPM_STORE=<dir>    pnpm's store (default .cache/pnpm-store: reused between runs)
#   STARTER_TEST_KEEP=1              keep the temporary directory
#   CHROMIUM_PATH                    default /usr/bin/chromium (installed with apt-get when missing)
# PostgreSQL: DATABASE_URL / DB_HOST if set, otherwise a private embedded cluster (scripts/with-db.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

DTC_REPO=https://github.com/medusajs/dtc-starter
DTC_COMMIT=9233262ff1f04185646f88362918c027e1431cd6
OLD_REPO=https://github.com/medusajs/nextjs-starter-medusa
OLD_COMMIT=9818886f06e493cb2249733d114d339aa216ef00
PNPM_VERSION=10.11.1
results=test-results/starter
chromium=${CHROMIUM_PATH:-/usr/bin/chromium}
started=$SECONDS

say() { printf '\033[1m[test-starter %3ds] %s\033[0m\n' "$((SECONDS - started))" "$*"; }
die() { printf '\033[31m[test-starter] %s\033[0m\n' "$*" >&2; exit 1; }

work="$(mktemp -d "${TMPDIR:-/tmp}/vipps-starter-test.XXXXXX")"
chmod 755 "$work" # the embedded PostgreSQL runs as the "postgres" user when we are root
pids="$work/pids"
: > "$pids"

test_pid=""
cleanup() {
  local rc=$?
  trap - EXIT INT TERM HUP
  if [ -n "$test_pid" ] && kill -0 "$test_pid" 2>/dev/null; then
    # TERM first: scripts/with-db.mjs stops its PostgreSQL on the way out.
    kill -TERM -- "-$test_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$test_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL -- "-$test_pid" 2>/dev/null || true
  fi
  # Every process the test started has its own group, listed in $pids: kill the groups, also
  # when the test itself was killed or failed.
  while read -r pgid; do
    [ -n "$pgid" ] && kill -KILL -- "-$pgid" 2>/dev/null || true
  done < "$pids"
  mkdir -p "$results"
  rm -rf "$results/logs"
  [ -d "$work/logs" ] && cp -r "$work/logs" "$results/logs"
  if [ "${STARTER_TEST_KEEP:-}" = 1 ]; then say "kept $work (STARTER_TEST_KEEP=1)"; else rm -rf "$work"; fi
  say "official-starter stage: $((SECONDS - started)) s, $([ "$rc" = 0 ] && echo passed || echo "FAILED (exit code $rc)")"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# --- Chromium and playwright-core ----------------------------------------------------------
. scripts/ensure-chromium.sh # (the working directory is the repository)

# --- The starters -----------------------------------------------------------------------------
shared="$repo/../shared/starters"
if [ -d "$shared/dtc-starter" ] && [ -d "$shared/nextjs-starter-medusa" ]; then
  cp -r "$shared/dtc-starter" "$work/dtc-starter"
  old="$shared/nextjs-starter-medusa"
else
  say "no ../shared/starters: cloning the starters at their pinned commits"
  for spec in "dtc-starter $DTC_REPO $DTC_COMMIT" "nextjs-starter-medusa $OLD_REPO $OLD_COMMIT"; do
    set -- $spec
    timeout 300 git clone --quiet "$2" "$work/$1"
    git -C "$work/$1" checkout --quiet "$3"
    rm -rf "$work/$1/.git"
  done
  old="$work/nextjs-starter-medusa"
fi
chmod -R u+w "$work/dtc-starter" # the shared snapshot is read-only

# --- pnpm (the starter's version), the starter's own install beside the plugin's build --------
pnpm_bin=$(command -v pnpm || true)
if [ -z "$pnpm_bin" ] || [ "$("$pnpm_bin" --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
  # Into the temporary directory: the machine's global packages stay as they are.
  timeout 300 npm install --silent --no-audit --no-fund --prefix "$work/pnpm" "pnpm@$PNPM_VERSION"
  pnpm_bin="$work/pnpm/node_modules/.bin/pnpm"
fi
say "pnpm $("$pnpm_bin" --version) ($pnpm_bin)"
store="${STARTER_TEST_PNPM_STORE:-$repo/.cache/pnpm-store}"
mkdir -p "$store" "$work/logs"
# The starter's README, step 1 (`pnpm install`), as the merchant did before adding the plugin.
# Its own process group (killed by cleanup), beside `npm run build`: one waits on the network
# while the other compiles.
set -m
(cd "$work/dtc-starter" && exec env npm_config_store_dir="$store" timeout 600 "$pnpm_bin" install --frozen-lockfile) \
  > "$work/logs/starter-pnpm-install.log" 2>&1 &
install_pid=$!
set +m
echo "$install_pid" >> "$pids"

# --- The packed plugin ------------------------------------------------------------------------
if [ -n "${STARTER_TEST_TARBALL:-}" ]; then
  tarball=$(realpath "$STARTER_TEST_TARBALL")
else
  timeout 600 npm run build --silent
  tarball="$work/$(timeout 120 npm pack --silent --pack-destination "$work" | tail -n 1)"
fi
say "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) kB)"
wait "$install_pid" || { tail -n 30 "$work/logs/starter-pnpm-install.log" >&2; die "the starter's pnpm install failed (log above)"; }
say "the starter's pnpm install: done"

# --- The test ---------------------------------------------------------------------------------
STARTER_DIR="$work/dtc-starter" STARTER_OLD_DIR="$old" STARTER_TARBALL="$tarball" STARTER_PNPM="$pnpm_bin" \
  STARTER_PNPM_STORE="$store" STARTER_RESULTS_DIR="$results" CHROMIUM_PATH="$chromium" PACKAGE_TEST_PIDS="$pids" \
  NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules" \
  timeout 1200 node scripts/with-db.mjs -- node_modules/.bin/jest -c integration-tests/starter/jest.config.js --runInBand --forceExit &
# `timeout` puts itself (and jest, PostgreSQL) in a process group of its own: cleanup stops that
# group too, also when this script is interrupted.
test_pid=$!
rc=0
wait "$test_pid" || rc=$?
test_pid=""
exit "$rc"
