#!/usr/bin/env bash
# Installs what the tests need (pnpm packages; redis-server, pytest, tmux and chromium through apt-get when root),
# builds, checks every package, and runs every test. Ends with the runner's summary line.
set -uo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh
need_node

# The one Python the pytest tests run: BATON_TEST_PYTHON if set, else python3 on PATH, else Debian's
# /usr/bin/python3 (the one python3-pytest installs pytest for); prints its real executable.
test_python() {
  local py
  for py in ${BATON_TEST_PYTHON:-python3 /usr/bin/python3}; do
    "$py" -c 'import sys, pytest; print(sys.executable)' 2>/dev/null && return 0
  done
  return 1
}
missing=()
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
command -v redis-cli >/dev/null 2>&1 || missing+=(redis-tools)
test_python >/dev/null || missing+=(python3-pytest)
command -v tmux >/dev/null 2>&1 || missing+=(tmux)
# the dashboard's browser tests drive Debian's chromium through playwright-core, which never downloads one
[ -x /usr/bin/chromium ] || missing+=(chromium)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} with apt-get"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}") >/dev/null || {
      echo "apt-get could not install ${missing[*]}; install them and run again" >&2; exit 1; }
  else
    echo "baton's tests need ${missing[*]}: run 'sudo apt-get install ${missing[*]}' (or your system's equivalent) and try again" >&2
    exit 1
  fi
fi

python=$(test_python) || {
  echo "no python3 with pytest${BATON_TEST_PYTHON:+ (BATON_TEST_PYTHON=$BATON_TEST_PYTHON)}; install python3-pytest and run again" >&2
  exit 1
}
export BATON_TEST_PYTHON=$python
echo "pytest tests use $python"

install_workspace || exit 1
pnpm exec turbo run build typecheck lint publint --output-logs=errors-only || { echo "build, typecheck, lint or publint failed" >&2; exit 1; }

# One vitest run, its files in parallel (vitest.config.ts): every test, and the portable-probe pass, its
# projects named "portable:…": the portable platform probes (ps, lsof: what macOS runs) forced on this
# Linux machine over the driver conformance suite, the CLI end-to-end tests (on the file backend: the
# probes judge processes alike on both), identity and the probe choice. One JSON report per pass.
reports=$(mktemp -d -t baton-vitest-XXXXXX)
BATON_TEST_REPORTS=$reports pnpm exec vitest run --reporter=default --reporter=./scripts/pass-reports.mjs
status=$?

node scripts/summary.mjs "every test=$reports/every.json" "portable probes=$reports/portable.json" || status=1
rm -rf "$reports"
exit $status
