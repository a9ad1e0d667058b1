#!/usr/bin/env bash
# Regenerates Wolverine's code for the API's HTTP endpoints and message handlers into
# src/PivotCase.Api/Internal/Generated (checked in; the API loads it with TypeLoadMode.Static).
#
#   scripts/codegen.sh
#
# Run it after adding, removing or changing an endpoint or a message handler, or changing Wolverine's configuration
# (policies, middleware, services an endpoint takes), and commit the regenerated files with the change.
# GeneratedCodeTests fails while they are stale.
#
# - The old files are deleted first: stale code may no longer compile against the changed endpoints.
# - The API is built without them (Debug) and its own `codegen write` command writes the new ones. That command only
#   builds the host: it never opens the database, so any connection string will do (ConnectionStrings__PivotCase if
#   set, otherwise a placeholder), and it runs in Development, whose settings are in appsettings.Development.json.
#   The generated code does not depend on the environment (GeneratedCodeTests checks Production too).
# - The API is built again with the new files, which checks that they compile.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

project=src/PivotCase.Api
generated="$project/Internal/Generated"

rm -rf "$generated"
echo "Building the API without generated code..."
dotnet build "$project" -c Debug -v q -nologo

echo "Writing the generated code (codegen write)..."
(
  cd "$project" # the content root: appsettings*.json are read from it, and Internal/Generated is written into it
  ASPNETCORE_ENVIRONMENT=Development \
  ConnectionStrings__PivotCase="${ConnectionStrings__PivotCase:-Host=127.0.0.1;Database=pivotcase}" \
    dotnet bin/Debug/net10.0/PivotCase.Api.dll codegen write
)

echo "Building the API with the new generated code..."
dotnet build "$project" -c Debug -v q -nologo

git status --short -- "$generated"
