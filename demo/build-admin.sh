#!/usr/bin/env bash
# Prepares a prebuilt-admin Medusa app for `scripts/demo.sh --built-admin` (used by the browser
# tests), without touching the repository's own build output:
#
#   bash demo/build-admin.sh APP_DIR ADMIN_CACHE
#
# APP_DIR      a throwaway Medusa project root: symlinks to this repository's medusa-config.ts,
#              package.json, tsconfig.json, node_modules and src, plus public/admin -> the build.
#              `medusa start` run there serves the store API, the plugin and the prebuilt admin.
# ADMIN_CACHE  admin bundles (`medusa build --admin-only`: the dashboard with this plugin's widgets
#              and routes from src/admin), one directory per hash of src/admin, package-lock.json
#              and medusa-config.ts: built only when that hash has no bundle yet, never replaced
#              while a server may be using it. The three newest are kept.
#
# Why a separate root: `medusa build` writes .medusa/server, which is where `npm run build`
# (medusa plugin:build) puts the published plugin, and Medusa serves a prebuilt admin only from
# <root>/public/admin.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
app_dir=$(realpath -m "${1:?usage: build-admin.sh APP_DIR ADMIN_DIR}")
cache_dir=$(realpath -m "${2:?usage: build-admin.sh APP_DIR ADMIN_CACHE}")

mkdir -p "$app_dir/public" "$cache_dir"
for f in medusa-config.ts package.json tsconfig.json node_modules src; do
  ln -sfn "$repo/$f" "$app_dir/$f"
done
[ ! -f .env ] || ln -sfn "$repo/.env" "$app_dir/.env"

stamp=$(
  {
    find src/admin -type f -print0 2>/dev/null | sort -z | xargs -0 -r sha256sum
    sha256sum package-lock.json medusa-config.ts
  } | sha256sum | cut -d' ' -f1
)

admin_dir=$cache_dir/$stamp
if [ -f "$admin_dir/index.html" ]; then
  echo "[demo] admin build $admin_dir is up to date (src/admin unchanged)"
  touch "$admin_dir"
else
  echo "[demo] building the admin (medusa build --admin-only, ~1-2 min) into $admin_dir"
  started=$SECONDS
  rm -rf "$app_dir/.medusa/admin"
  (cd "$app_dir" && "$repo/node_modules/.bin/medusa" build --admin-only </dev/null)
  [ -f "$app_dir/.medusa/admin/index.html" ] || { echo "[demo] the admin build produced no index.html" >&2; exit 1; }
  # Another run may have built the same hash meanwhile: keep the first one.
  mv -T "$app_dir/.medusa/admin" "$admin_dir" 2>/dev/null || rm -rf "$app_dir/.medusa/admin"
  echo "[demo] admin built in $((SECONDS - started)) s"
fi
ln -sfn "$admin_dir" "$app_dir/public/admin"
# Keep the three newest bundles.
ls -1dt "$cache_dir"/*/ 2>/dev/null | tail -n +4 | while read -r old; do rm -rf "$old"; done
