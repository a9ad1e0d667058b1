#!/usr/bin/env bash
# Sets up a PostgreSQL database for PivotCase and prints its connection string.
#
# Usage:
#   scripts/postgres.sh [--print-env] [--stop] [DATABASE]      (DATABASE defaults to "pivotcase")
#
#   --print-env  print only a shell line `export ConnectionStrings__PivotCase='...'` on stdout
#                (all progress messages go to stderr), for use as:
#                  env_line="$(scripts/postgres.sh --print-env pivotcase_test)" && eval "$env_line"
#   --stop       stop the project-local cluster (non-root mode only) and exit.
#
# Execute it, do not source it.
#
# If ConnectionStrings__PivotCase is already set, nothing is done: the given database is used.
#
# As root (CI, containers): uses Debian's cluster (`pg_ctlcluster <ver> main`, normally 15, port 5432),
#   installing the `postgresql` package with apt-get if PostgreSQL is missing. The server itself runs
#   as the `postgres` OS user, as PostgreSQL refuses to run as root.
# As a normal user: uses a project-local cluster in .local/postgres/data on port 55432
#   (override with PIVOTCASE_PG_PORT), socket in .local/postgres/run.
#
# Either way it creates (idempotently) the login role pivotcase/pivotcase (CREATEDB) and the
# database, owned by that role. Connection: Host=127.0.0.1;Port=<port>;Database=<db>;Username=pivotcase;Password=pivotcase;SSL Mode=Disable

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  echo "scripts/postgres.sh must be executed, not sourced; use: eval \"\$(scripts/postgres.sh --print-env DB)\"" >&2
  return 1
fi

set -euo pipefail

PG_ROLE=pivotcase
PG_PASSWORD=pivotcase
WAIT_SECONDS=30

print_env=false
stop=false
db=pivotcase
for arg in "$@"; do
  case "$arg" in
    --print-env) print_env=true ;;
    --stop) stop=true ;;
    -h|--help) sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "postgres.sh: unknown option $arg" >&2; exit 2 ;;
    *) db="$arg" ;;
  esac
done

log() { echo "[postgres] $*" >&2; }
die() { echo "[postgres] ERROR: $*" >&2; exit 1; }

if [[ ! "$db" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]]; then
  die "invalid database name '$db' (letters, digits and _ only)"
fi

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

if [[ "$stop" == false && -n "${ConnectionStrings__PivotCase:-}" ]]; then
  log "ConnectionStrings__PivotCase is already set; using the given database (nothing to set up)."
  exit 0
fi

# --- locate PostgreSQL binaries -------------------------------------------------------------------

# Highest major version installed under Debian's layout, preferring 15 (Debian 12's version).
debian_pg_version() {
  if [[ -x /usr/lib/postgresql/15/bin/postgres ]]; then echo 15; return 0; fi
  local v
  v="$(find /usr/lib/postgresql -mindepth 3 -maxdepth 3 -path '*/bin/postgres' 2>/dev/null \
        | awk -F/ '{print $5}' | sort -n | tail -n 1)"
  [[ -n "$v" ]] && echo "$v"
}

# Finds a PostgreSQL program: PATH first, then Debian's versioned bin directory.
pg_bin() {
  local name="$1" v
  if command -v "$name" >/dev/null 2>&1; then command -v "$name"; return 0; fi
  v="$(debian_pg_version || true)"
  if [[ -n "$v" && -x "/usr/lib/postgresql/$v/bin/$name" ]]; then
    echo "/usr/lib/postgresql/$v/bin/$name"; return 0
  fi
  return 1
}

wait_ready() {
  local host="$1" port="$2" pg_isready i
  pg_isready="$(pg_bin pg_isready)" || die "pg_isready not found"
  for ((i = 0; i < WAIT_SECONDS; i++)); do
    if "$pg_isready" -q -h "$host" -p "$port"; then
      return 0
    fi
    sleep 1
  done
  "$pg_isready" -h "$host" -p "$port" >&2 || true
  die "PostgreSQL on $host:$port did not become ready within ${WAIT_SECONDS}s"
}

# SQL creating the role and the database idempotently; run by a superuser with psql
# (psql variable :db holds the database name).
ensure_role_and_db_sql() {
  cat <<SQL
\set ON_ERROR_STOP on
DO \$\$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${PG_ROLE}') THEN
    CREATE ROLE ${PG_ROLE} LOGIN CREATEDB PASSWORD '${PG_PASSWORD}';
  ELSE
    ALTER ROLE ${PG_ROLE} LOGIN CREATEDB PASSWORD '${PG_PASSWORD}';
  END IF;
END
\$\$;
SELECT format('CREATE DATABASE %I OWNER ${PG_ROLE}', :'db')
  WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SELECT format('ALTER DATABASE %I OWNER TO ${PG_ROLE}', :'db') \gexec
SQL
}

# --- root: Debian cluster -------------------------------------------------------------------------

as_postgres() {
  # cd / so psql does not complain about an unreadable working directory.
  if command -v runuser >/dev/null 2>&1; then
    (cd / && runuser -u postgres -- "$@")
  else
    local cmd
    printf -v cmd '%q ' "$@"
    (cd / && su postgres -s /bin/sh -c "$cmd")
  fi
}

setup_root() {
  if ! command -v pg_ctlcluster >/dev/null 2>&1 || [[ -z "$(debian_pg_version || true)" ]]; then
    log "PostgreSQL is not installed; installing it with apt-get (this takes a minute)..."
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends postgresql >&2
  fi

  local ver
  ver="$(debian_pg_version)" || die "no PostgreSQL server found under /usr/lib/postgresql after installing"

  if ! pg_lsclusters -h 2>/dev/null | awk -v v="$ver" '$1 == v && $2 == "main" {found=1} END {exit !found}'; then
    log "creating cluster $ver/main"
    pg_createcluster "$ver" main >&2
  fi

  # The socket directory lives on a tmpfs on many systems; make sure it exists.
  install -d -m 2775 -o postgres -g postgres /var/run/postgresql

  if pg_ctlcluster "$ver" main status >/dev/null 2>&1; then
    log "cluster $ver/main is already running"
  else
    log "starting cluster $ver/main"
    pg_ctlcluster "$ver" main start >&2 || {
      local logfile
      logfile="$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $7}')"
      [[ -n "$logfile" && -f "$logfile" ]] && tail -n 30 "$logfile" >&2
      die "could not start cluster $ver/main"
    }
  fi

  PG_PORT="$(pg_lsclusters -h | awk -v v="$ver" '$1 == v && $2 == "main" {print $3}')"
  [[ -n "$PG_PORT" ]] || die "could not determine the port of cluster $ver/main"
  if [[ "$PG_PORT" != 5432 ]]; then
    log "note: cluster $ver/main listens on port $PG_PORT (not 5432)"
  fi

  wait_ready 127.0.0.1 "$PG_PORT"

  local psql
  psql="$(pg_bin psql)" || die "psql not found"
  ensure_role_and_db_sql | as_postgres "$psql" -X -q -p "$PG_PORT" -d postgres -v db="$db" >/dev/null
}

# --- non-root: project-local cluster --------------------------------------------------------------

setup_local() {
  local initdb pg_ctl psql
  if ! initdb="$(pg_bin initdb)" || ! pg_ctl="$(pg_bin pg_ctl)" || ! psql="$(pg_bin psql)"; then
    die "PostgreSQL server binaries (initdb, pg_ctl, psql) not found. Install PostgreSQL (e.g. 'sudo apt-get install postgresql'), or set ConnectionStrings__PivotCase to an existing database."
  fi

  PG_PORT="${PIVOTCASE_PG_PORT:-55432}"
  local base="$repo_root/.local/postgres"
  local data="$base/data" logfile="$base/postgres.log" sockdir="$base/run"
  # Unix socket paths are limited to ~107 bytes; fall back to /tmp for deeply nested checkouts.
  if (( ${#sockdir} > 80 )); then
    sockdir="${TMPDIR:-/tmp}/pivotcase-pg-$(id -u)"
  fi
  mkdir -p "$base" "$sockdir"
  chmod 700 "$sockdir"

  if [[ ! -f "$data/PG_VERSION" ]]; then
    log "initialising a local cluster in $data"
    rm -rf "$data"
    "$initdb" -D "$data" -U postgres -E UTF8 --no-locale \
      --auth-local=trust --auth-host=scram-sha-256 >"$base/initdb.log" 2>&1 || {
      cat "$base/initdb.log" >&2
      die "initdb failed"
    }
  fi

  if "$pg_ctl" -D "$data" status >/dev/null 2>&1; then
    log "local cluster ($data) is already running"
  else
    log "starting local cluster on 127.0.0.1:$PG_PORT (log: $logfile)"
    "$pg_ctl" -D "$data" -l "$logfile" -w -t "$WAIT_SECONDS" \
      -o "-p $PG_PORT -k '$sockdir' -c listen_addresses=127.0.0.1" start >&2 || {
      tail -n 30 "$logfile" >&2 || true
      die "could not start the local cluster"
    }
  fi

  wait_ready 127.0.0.1 "$PG_PORT"

  ensure_role_and_db_sql | "$psql" -X -q -h "$sockdir" -p "$PG_PORT" -U postgres -d postgres -v db="$db" >/dev/null
}

stop_local() {
  local pg_ctl data="$repo_root/.local/postgres/data"
  pg_ctl="$(pg_bin pg_ctl)" || die "pg_ctl not found"
  if [[ -f "$data/PG_VERSION" ]] && "$pg_ctl" -D "$data" status >/dev/null 2>&1; then
    "$pg_ctl" -D "$data" -m fast -w stop >&2
  else
    log "local cluster is not running"
  fi
}

# --- main -----------------------------------------------------------------------------------------

if [[ "$stop" == true ]]; then
  if [[ "$(id -u)" -eq 0 ]]; then
    die "--stop only applies to the local (non-root) cluster; as root use: pg_ctlcluster <ver> main stop"
  fi
  stop_local
  exit 0
fi

if [[ "$(id -u)" -eq 0 ]]; then
  setup_root
else
  setup_local
fi

# The server is on this host (loopback): TLS would only cost CPU on both sides (Npgsql's default "prefer" negotiates it
# with Debian's cluster, which has ssl = on), so it is disabled. Remote servers get their own connection string.
conn="Host=127.0.0.1;Port=${PG_PORT};Database=${db};Username=${PG_ROLE};Password=${PG_PASSWORD};SSL Mode=Disable"
log "database '$db' is ready: $conn"
if [[ "$print_env" == true ]]; then
  printf "export ConnectionStrings__PivotCase='%s'\n" "$conn"
else
  echo "ConnectionStrings__PivotCase=$conn"
fi
