#!/usr/bin/env bash
# Prints a development JWT signed with the development key (Auth:SigningKey of appsettings.Development.json).
#
#   ./token.sh --role caseworker --org cathii --sub worker-1 --name "Worker One"
#   ./token.sh --role supervisor --org cathii --sub supervisor-1
#
# Flags: --role (one or more of caseworker, supervisor, researcher, coordinator: --role caseworker supervisor), --org, --sub, --name, --hours.
set -euo pipefail
cd "$(dirname "$0")"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
export ASPNETCORE_ENVIRONMENT=Development
# The command never opens the database, but the host it runs in needs a connection string to start.
export ConnectionStrings__PivotCase="${ConnectionStrings__PivotCase:-Host=127.0.0.1;Database=pivotcase}"
dotnet run --project src/PivotCase.Api --no-launch-profile -v q -- token "$@" | tail -n 1
