#!/usr/bin/env bash
# Runs every test of the solution.
#
#   ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Cases]
#
# Uses ConnectionStrings__PivotCase if set; otherwise sets up a local PostgreSQL database
# "pivotcase_test" with scripts/postgres.sh. Exits with the exit code of `dotnet test`.
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

echo "Running tests against: $(sed -E 's/([Pp]assword=)[^;]*/\1***/' <<<"$ConnectionStrings__PivotCase")"
exec dotnet test PivotCase.sln -c Release --logger "console;verbosity=normal" "$@"
