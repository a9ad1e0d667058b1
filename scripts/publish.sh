#!/usr/bin/env bash
# Publishes the API as run.sh, the benchmark and the Docker image run it: Release, framework-dependent, ReadyToRun
# (precompiled to native code for this machine's runtime identifier, ADR 0017), into src/PivotCase.Api/bin/publish.
#
#   api_dll="$(scripts/publish.sh)"
#
# Prints the path of PivotCase.Api.dll on stdout; the build's own output goes to stderr. Incremental: a second run
# without changes takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_NOLOGO="${DOTNET_NOLOGO:-1}"
export DOTNET_CLI_TELEMETRY_OPTOUT="${DOTNET_CLI_TELEMETRY_OPTOUT:-1}"

output=src/PivotCase.Api/bin/publish
dotnet publish src/PivotCase.Api/PivotCase.Api.csproj -c Release --use-current-runtime --self-contained false \
  -o "$output" -v q -nologo >&2
echo "$PWD/$output/PivotCase.Api.dll"
