#!/usr/bin/env bash
# Run a command against a private, throw-away PostgreSQL server: initdb into a temporary folder, start it on
# a private socket and port, export DATABASE_URL, run the command, stop the server and delete the folder.
#   bash tools/with_postgres.sh .venv/bin/python -m pytest tests/portal
# Needs Debian's postgresql package (initdb, pg_ctl). initdb refuses to run as root, so as root the server
# runs as the postgres user.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bindir/initdb" ] || { echo "PostgreSQL not found: apt-get install postgresql" >&2; exit 1; }
port=${PORTAL_PG_PORT:-55432}
root=$(mktemp -d /tmp/portal-pg.XXXXXX)
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
  chown postgres: "$root"
  as_owner=(runuser -u postgres --)
fi
"${as_owner[@]}" "$bindir/initdb" -D "$root/data" -U portal --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_owner[@]}" "$bindir/pg_ctl" -D "$root/data" -o "-k $root -p $port -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" -l "$root/log" -w start >/dev/null
stop() {
  "${as_owner[@]}" "$bindir/pg_ctl" -D "$root/data" -m fast -w stop >/dev/null || true
  rm -rf "$root"
}
trap stop EXIT
"${as_owner[@]}" "$bindir/createdb" -h "$root" -p "$port" -U portal portal
export DATABASE_URL="postgres://portal@/portal?host=$root&port=$port"
"$@"
