#!/usr/bin/env bash
# Runs the PivotCase benchmark and prints one table of figures, references, ratios and targets.
#
#   bench/run.sh [--quick] [--json out.json] [other options of PivotCase.Bench, see bench/README.md]
#   bench/run.sh --floor [--seconds N] [--warm-up N]   (the stack's floor: how close to pgbench a step can come on this stack)
#
# - PostgreSQL: like run.sh. Uses ConnectionStrings__PivotCase if set (only to reach the server); otherwise sets up
#   PostgreSQL with scripts/postgres.sh. Either way the benchmark drops and recreates its own databases
#   pivotcase_bench and pivotcase_pgbench on that server (and pivotcase_floor with --floor).
# - pgbench (the reference) comes with PostgreSQL's client package; it is installed with apt-get when missing and
#   running as root.
# - Publishes the API as run.sh does (scripts/publish.sh: Release, ReadyToRun), builds the benchmark in Release, then
#   runs the benchmark, which starts the published API as its own process.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

if [[ -z "${ConnectionStrings__PivotCase:-}" ]]; then
  env_line="$(bash scripts/postgres.sh --print-env pivotcase_bench)"
  eval "$env_line"
else
  echo "Using the PostgreSQL server of ConnectionStrings__PivotCase." >&2
fi
export ConnectionStrings__PivotCase

if ! command -v pgbench >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/pgbench >/dev/null 2>&1; then
  if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing pgbench (postgresql-client)..." >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-client >&2 \
      || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql-client >&2; }
  else
    echo "pgbench not found: the reference figures will read n/a (install postgresql-client)." >&2
  fi
fi

echo "Publishing the API as run.sh runs it (Release, ReadyToRun) and building the benchmark (Release)..." >&2
api_dll="$(bash scripts/publish.sh)"
dotnet build bench/PivotCase.Bench/PivotCase.Bench.csproj -c Release -v q -nologo >&2

# --floor (the stack's floor, see bench/README.md) publishes bench/PivotCase.Floor the same way and passes its path.
args=()
for arg in "$@"; do
  if [[ "$arg" == "--floor" ]]; then
    dotnet publish bench/PivotCase.Floor/PivotCase.Floor.csproj -c Release --use-current-runtime --self-contained false \
      -o bench/PivotCase.Floor/bin/publish -v q -nologo >&2
    args+=(--floor "$PWD/bench/PivotCase.Floor/bin/publish/PivotCase.Floor.dll")
  else
    args+=("$arg")
  fi
done
set -- ${args[@]+"${args[@]}"}

# A later --api-dll (another build of the API, e.g. for --cold-starts) comes after this one.
exec dotnet bench/PivotCase.Bench/bin/Release/net10.0/PivotCase.Bench.dll --api-dll "$api_dll" "$@"
