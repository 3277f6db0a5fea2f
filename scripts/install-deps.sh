#!/usr/bin/env bash
# Installs what the tests need on a fresh machine: PostgreSQL 15 (server,
# psql, pgbench) for the differential tests and the benchmark, and the Go
# modules. Safe to run again: it installs only what is missing.
set -euo pipefail

pgbin=/usr/lib/postgresql/15/bin
if [ ! -x "$pgbin/postgres" ] || ! command -v psql >/dev/null || ! command -v pgbench >/dev/null; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "PostgreSQL 15 is missing: run 'sudo apt-get install -y postgresql-15 postgresql-client-15'" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q
  apt-get install -y -q postgresql-15 postgresql-client-15
fi
# PostgreSQL refuses to run as root; the tests run it as this user.
if [ "$(id -u)" -eq 0 ] && ! id postgres >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
fi
go mod download
