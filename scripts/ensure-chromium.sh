# Sourced by the browser stages (test-browser.sh, test-starter.sh): makes sure Debian's Chromium
# ($chromium, default /usr/bin/chromium) and playwright-core are there, installing Chromium with
# apt-get when it is missing and we may (never `playwright install`). Needs `say` and `die`.
if [ ! -x "$chromium" ]; then
  [ "$chromium" = /usr/bin/chromium ] || die "CHROMIUM_PATH=$chromium is not an executable"
  command -v apt-get >/dev/null 2>&1 || die "/usr/bin/chromium is missing and there is no apt-get: install Chromium and set CHROMIUM_PATH"
  sudo=""
  if [ "$(id -u)" != 0 ]; then
    sudo -n true 2>/dev/null || die "/usr/bin/chromium is missing: run 'sudo apt-get install -y chromium'"
    sudo="sudo -n"
  fi
  say "installing Chromium (apt-get install -y chromium)"
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 $sudo apt-get install -y -qq chromium >/dev/null ||
    { timeout 300 $sudo apt-get update -qq && timeout 600 $sudo apt-get install -y -qq chromium >/dev/null; } ||
    die "apt-get install chromium failed"
fi
node -e 'require.resolve("playwright-core")' 2>/dev/null ||
  die "playwright-core is not installed (it is a devDependency: run npm install)"
