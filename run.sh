#!/usr/bin/env bash
# Runs the PivotCase API locally.
#
#   ./run.sh
#
# - Database: uses ConnectionStrings__PivotCase if set; otherwise sets up a local PostgreSQL
#   database "pivotcase" with scripts/postgres.sh.
# - Publishes the API (Release, ReadyToRun: scripts/publish.sh), applies the Marten schema (`db-apply`), then starts it.
# - Environment: ASPNETCORE_ENVIRONMENT (default Development).
# - Address: PIVOTCASE_URLS or ASPNETCORE_URLS (default http://127.0.0.1:5080).
set -euo pipefail
cd "$(dirname "$0")"

export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

if [[ -z "${ConnectionStrings__PivotCase:-}" ]]; then
  # Assign first so a failure of postgres.sh stops this script (set -e), then eval its export line.
  env_line="$(bash scripts/postgres.sh --print-env pivotcase)"
  eval "$env_line"
else
  echo "Using the database given in ConnectionStrings__PivotCase."
fi
export ConnectionStrings__PivotCase

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
# The address is passed through ASPNETCORE_URLS rather than `--urls`, so no extra arguments reach
# the app's command-line parser.
export ASPNETCORE_URLS="${PIVOTCASE_URLS:-${ASPNETCORE_URLS:-http://127.0.0.1:5080}}"

# Base URL to display: the first configured address, with wildcard hosts shown as 127.0.0.1.
base_url="${ASPNETCORE_URLS%%;*}"
base_url="${base_url%/}"
base_url="$(sed -E 's#^(https?://)(\*|\+|0\.0\.0\.0|\[::\])(:|$)#\1127.0.0.1\3#' <<<"$base_url")"

echo "Publishing the API (Release, ReadyToRun)..."
api_dll="$(bash scripts/publish.sh)"
# The content root (appsettings*.json) is the working directory: the published folder.
cd "$(dirname "$api_dll")"

echo "Applying the Marten database schema (db-apply)..."
dotnet "$api_dll" db-apply

cat <<INFO

PivotCase API ($ASPNETCORE_ENVIRONMENT)
  API:          $base_url
  OpenAPI:      $base_url/openapi/v1.json
  Health:       $base_url/health
  Dashboard:    $base_url/dashboard   (when available)
  Dev token:    ./token.sh --role caseworker --org cathii --sub worker-1 --name "Worker One"
                then send it as:  Authorization: Bearer <token>
  Stop with Ctrl+C.

INFO

exec dotnet "$api_dll"
