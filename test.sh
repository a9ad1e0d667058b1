#!/usr/bin/env bash
# Runs every test of the solution.
#
#   ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Cases]
#
# Uses ConnectionStrings__PivotCase if set; otherwise sets up a local PostgreSQL database
# "pivotcase_test" with scripts/postgres.sh. Installs Debian's Chromium when missing (as root), for the
# dashboard page's browser tests. Exits with the exit code of `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

if [[ -z "${ConnectionStrings__PivotCase:-}" ]]; then
  # Assign first so a failure of postgres.sh stops this script (set -e), then eval its export line.
  env_line="$(bash scripts/postgres.sh --print-env pivotcase_test)"
  eval "$env_line"
else
  echo "Using the database given in ConnectionStrings__PivotCase."
fi
export ConnectionStrings__PivotCase

# The dashboard page is tested in a real headless Chromium: Debian's package, driven by Playwright, which must never
# download a browser of its own. Installed here when missing (idempotent); without it those tests fail and say why.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
chromium="${PIVOTCASE_CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium" ]]; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null; then
    echo "Installing Chromium (Debian package 'chromium') for the dashboard page's browser tests..."
    export DEBIAN_FRONTEND=noninteractive
    # Try with the package lists already there first; refresh them (slow) only when that fails.
    apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q && apt-get install -y -q chromium; } \
      || echo "WARNING: could not install Chromium; the dashboard page's browser tests will fail." >&2
  else
    echo "WARNING: Chromium is not installed at $chromium and this is not root, so it cannot be installed here." >&2
    echo "         The dashboard page's browser tests will fail. Install it: sudo apt-get install -y chromium" >&2
    echo "         (or set PIVOTCASE_CHROMIUM to a Chromium binary)." >&2
  fi
fi
if [[ -x "$chromium" ]]; then
  echo "Browser tests use: $("$chromium" --version 2>/dev/null || echo "$chromium")"
fi

echo "Running tests against: $(sed -E 's/([Pp]assword=)[^;]*/\1***/' <<<"$ConnectionStrings__PivotCase")"
# The console logger prints a failure where it happens, in the middle of a long output; a TRX file lets the failures
# be listed again at the very end, where a truncated CI log still shows them.
results="$(mktemp -d)"
status=0
dotnet test PivotCase.sln -c Release --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" \
  --results-directory "$results" "$@" || status=$?
if [[ $status -ne 0 ]]; then
  bash scripts/failed-tests.sh "$results" || true
  echo "Test results kept in $results"
else
  rm -rf "$results"
fi
exit "$status"
