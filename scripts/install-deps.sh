#!/usr/bin/env bash
# Installs what the tests need on a fresh machine: PostgreSQL 15 (server,
# psql, pgbench) for the differential tests and the benchmark, the client
# drivers of the driver matrix test (cmd/ringpg/drivers_test.go: psycopg2,
# pgJDBC with a JDK, node-postgres with pg-copy-streams and Node.js),
# PgBouncer for the flows through a transaction-mode pooler
# (cmd/ringpg/pgbouncer_test.go), and the Go modules (pgx and lib/pq among
# them). Safe to run again: it installs only what is missing.
set -euo pipefail

# Debian packages wanted, each with a command or file that shows it is there.
missing=()
want() { # want PACKAGE TEST...
  local pkg=$1
  shift
  if ! "$@" >/dev/null 2>&1; then
    missing+=("$pkg")
  fi
}
pgbin=/usr/lib/postgresql/15/bin
want postgresql-15 test -x "$pgbin/postgres"
want postgresql-client-15 command -v psql
want postgresql-client-15 command -v pgbench
want python3-psycopg2 /usr/bin/python3 -c 'import psycopg2'
want libpostgresql-jdbc-java test -f /usr/share/java/postgresql.jar
want default-jdk-headless command -v javac
want nodejs command -v node
want npm command -v npm
want pgbouncer command -v pgbouncer
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "missing: ${missing[*]}: run 'sudo apt-get install -y ${missing[*]}'" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  # shellcheck disable=SC2046 # one word per package
  apt-get install -y -q $(printf '%s\n' "${missing[@]}" | sort -u)
fi
# PostgreSQL refuses to run as root; the tests run it as this user.
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
# node-postgres, where the driver test looks for it (RINGPG_NODE_PREFIX, by
# default the user's cache directory as Go's os.UserCacheDir names it).
node_prefix=${RINGPG_NODE_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/ringpg/node}
if [ ! -f "$node_prefix/node_modules/pg/package.json" ] ||
  [ ! -f "$node_prefix/node_modules/pg-copy-streams/package.json" ]; then
  mkdir -p "$node_prefix"
  npm install --prefix "$node_prefix" --no-audit --no-fund --loglevel=error pg@8 pg-copy-streams@7
fi
go mod download
