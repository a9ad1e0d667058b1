# syntax=docker/dockerfile:1

# ---- build ----------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first (only project files and central package versions) so this layer is cached
# until dependencies change.
COPY Directory.Build.props Directory.Packages.props ./
COPY src/PivotCase.Api/PivotCase.Api.csproj src/PivotCase.Api/
# The runtime identifier of the build machine: the ReadyToRun compiler (PublishReadyToRun in the project, ADR 0017)
# comes with it.
RUN dotnet restore src/PivotCase.Api/PivotCase.Api.csproj --use-current-runtime

COPY src/ src/
# Framework-dependent and ReadyToRun, as scripts/publish.sh publishes it for run.sh and the benchmark.
RUN dotnet publish src/PivotCase.Api/PivotCase.Api.csproj \
      -c Release --use-current-runtime --self-contained false -o /app/publish --no-restore -p:UseAppHost=false

# ---- runtime --------------------------------------------------------------------------------------
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app

ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    ASPNETCORE_HTTP_PORTS="" \
    DOTNET_NOLOGO=1

COPY --from=build /app/publish .

# Non-root user "app" (uid $APP_UID, 1654) predefined by the .NET base images.
USER $APP_UID
EXPOSE 8080

ENTRYPOINT ["dotnet", "PivotCase.Api.dll"]
