#!/usr/bin/env bash
# with-postgres.sh runs a command with a throwaway PostgreSQL server: it
# starts one on 127.0.0.1 on a free port in a temporary data directory,
# exports CARAVAN_TEST_POSTGRES (a database named caravan_test) and
# PGVERSION, runs the command, and stops and removes the server on exit,
# whatever happened. It exits with the command's status. PostgreSQL must be
# installed (scripts/test.sh installs it); as root the server runs as the
# postgres user, since initdb refuses root.
#
#	scripts/with-postgres.sh go test -run '^$' -bench . ./...
set -euo pipefail

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	echo "with-postgres.sh: PostgreSQL is not installed (apt-get install postgresql, or run make test once)" >&2
	exit 1
fi
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
PGDATA=$(mktemp -d)

# The server runs as postgres when we are root (initdb refuses root), as
# ourselves otherwise.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

stop_server() {
	if [ -f "$PGDATA/postmaster.pid" ]; then
		as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf "$PGDATA"
}
trap stop_server EXIT

if [ "$(id -u)" -eq 0 ]; then
	chown postgres:postgres "$PGDATA"
fi
chmod 700 "$PGDATA"
as_pg "$PGBIN/initdb" -D "$PGDATA" -U postgres -A trust -E UTF8 --no-locale >"$PGDATA.initdb.log" 2>&1 ||
	{ cat "$PGDATA.initdb.log"; rm -f "$PGDATA.initdb.log"; exit 1; }
rm -f "$PGDATA.initdb.log"

# Pick a free port: try random ones until the server starts on one.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
PGPORT=
for _ in $(seq 1 20); do
	port=$((20000 + RANDOM % 40000))
	port_free "$port" || continue
	if as_pg "$PGBIN/pg_ctl" -D "$PGDATA" -l "$PGDATA/server.log" -w -t 30 \
		-o "-c listen_addresses=127.0.0.1 -p $port -k $PGDATA -c fsync=off -c max_connections=200" start >/dev/null; then
		PGPORT=$port
		break
	fi
done
if [ -z "$PGPORT" ]; then
	echo "test.sh: could not start PostgreSQL; its log:" >&2
	cat "$PGDATA/server.log" >&2 || true
	exit 1
fi
as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres caravan_test
export CARAVAN_TEST_POSTGRES="postgres://postgres@127.0.0.1:$PGPORT/caravan_test?sslmode=disable"

export PGVERSION=$("$PGBIN/postgres" --version | awk '{print $3}')
status=0
"$@" || status=$?
exit "$status"
