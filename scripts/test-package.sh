#!/usr/bin/env bash
# The installed-package test: builds and packs the plugin, then, for the newest patch of every
# Medusa minor within the range package.json supports (2.18.0 2.19.0 2.20.1 2.21.2 today;
# integration-tests/package/medusa-versions.mjs asks the registry), installs the tarball into a fresh store
# made from integration-tests/package/store-template in a temporary directory and runs
# integration-tests/package (migrate, medusa build, medusa start, checkout → capture → refunds →
# webhook script → portal refund by webhook, cancel → release, strict TypeScript consumer under three
# module resolutions, misconfiguration boot, the boot check of the Medusa release).
#   PACKAGE_TEST_MEDUSA_VERSIONS="2.21.1"  test other versions
#   PACKAGE_TEST_PARALLEL=2                how many stores at once (default 2; PACKAGE_TEST_SERIAL=1 = 1)
#   PACKAGE_TEST_NPM_CACHE=<dir>           npm cache for the stores (default: npm's own, persistent)
#   PACKAGE_TEST_KEEP=1                    keep the stores (and their logs) afterwards
# PostgreSQL: DATABASE_URL / DB_HOST if set, otherwise a private embedded cluster (scripts/with-db.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."

versions="${PACKAGE_TEST_MEDUSA_VERSIONS:-$(node integration-tests/package/medusa-versions.mjs)}"
work="$(mktemp -d "${TMPDIR:-/tmp}/vipps-package-test.XXXXXX")"
pids="$work/pids"
: > "$pids"

cleanup() {
  # Every process the test started has its own group, listed in $pids: kill the groups, also
  # when the test itself was killed or failed.
  while read -r pgid; do
    [ -n "$pgid" ] && kill -KILL -- "-$pgid" 2>/dev/null || true
  done < "$pids"
  if [ -z "${PACKAGE_TEST_KEEP:-}" ]; then rm -rf "$work"; else echo "stores kept in $work"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

started=$SECONDS
npm run build --silent
tarball="$work/$(npm pack --silent --pack-destination "$work" | tail -n 1)"
echo "packed $(basename "$tarball") ($(du -k "$tarball" | cut -f1) kB) in $((SECONDS - started)) s"

run_version() {
  local version="$1" begin=$SECONDS
  PACKAGE_TEST_WORK="$work" PACKAGE_TEST_PIDS="$pids" PACKAGE_TEST_TARBALL="$tarball" MEDUSA_VERSION="$version" \
    TEST_TYPE=package NODE_OPTIONS="${NODE_OPTIONS:-} --experimental-vm-modules" \
    timeout 1200 node scripts/with-db.mjs -- node_modules/.bin/jest --runInBand --forceExit || { echo "Medusa $version: FAILED after $((SECONDS - begin)) s"; return 1; }
  echo "Medusa $version: passed in $((SECONDS - begin)) s"
}

# Two versions run side by side (each store has its own directory, database and ports): one
# spends most of its time installing or migrating while the other compiles. More than two only
# make two cores slower.
parallel="${PACKAGE_TEST_PARALLEL:-2}"
[ -n "${PACKAGE_TEST_SERIAL:-}" ] && parallel=1
for version in $versions; do
  while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
  ( set -o pipefail
    result=FAILED
    run_version "$version" 2>&1 | sed -u "s/^/[medusa $version] /" && result=passed
    echo "$result" > "$work/result-$version" ) &
done
wait
failed=0
for version in $versions; do
  result="$(cat "$work/result-$version" 2>/dev/null || echo FAILED)"
  echo "Medusa $version: $result"
  [ "$result" = passed ] || failed=1
done
echo "installed-package test: $((SECONDS - started)) s for Medusa $versions ($([ $failed = 0 ] && echo passed || echo FAILED))"
exit $failed
