#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 and prints a URL the tests can use to
# create and drop their throw-away databases. Installs and starts Debian's package if needed.
set -euo pipefail
say() { printf '==> %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
answers() { psql "$1" -tAc 'SELECT 1' >/dev/null 2>&1; }

if answers "$URL"; then echo "$URL"; exit 0; fi

if ! command -v pg_ctlcluster >/dev/null || ! command -v psql >/dev/null; then
  say "PostgreSQL is not installed: installing Debian's postgresql package"
  as_root apt-get update -q >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >&2
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432; then
  say "PostgreSQL is not running: starting it"
  cluster=$(pg_lsclusters -h | awk 'NR==1 {print $1" "$2}')
  if [ -z "$cluster" ]; then
    as_root pg_createcluster 15 main >&2
    cluster="15 main"
  fi
  # shellcheck disable=SC2086
  as_root pg_ctlcluster $cluster start >&2
  for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
fi

if answers "$URL"; then echo "$URL"; exit 0; fi

# A fresh Debian cluster wants a password over TCP: give the postgres role a test password.
PASSWORD_URL="postgres://postgres:postgres@127.0.0.1:5432/postgres"
if ! answers "$PASSWORD_URL"; then
  say "setting a password for the postgres role (local test server)"
  as_root su postgres -c "psql -q -c \"ALTER ROLE postgres PASSWORD 'postgres'\"" >&2
fi
if answers "$PASSWORD_URL"; then echo "$PASSWORD_URL"; exit 0; fi

echo "PostgreSQL does not answer on 127.0.0.1:5432. Start it (pg_ctlcluster 15 main start) or set TEST_POSTGRES_URL." >&2
exit 1
