#!/usr/bin/env bash
# test.sh runs Caravan's whole test suite on SQLite and on PostgreSQL.
#
# It installs Debian's postgresql (and chromium, for the browser tests) when
# they are missing, starts a throwaway PostgreSQL server on 127.0.0.1 on a
# free port in a temporary data directory, exports CARAVAN_TEST_POSTGRES and
# CARAVAN_TEST_CHROMIUM, runs `go test ./...` (and `go test -race` on the
# store), and stops and removes the server on exit, whatever happened. It
# exits with the tests' status. Meant for root on Debian 12; it also runs as
# another user when PostgreSQL is installed.
set -euo pipefail

cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive

as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=
apt_install() {
	if [ -z "$apt_updated" ]; then
		as_root apt-get update -qq
		apt_updated=1
	fi
	as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	echo "installing postgresql…"
	apt_install postgresql
fi
# pdftotext reads back the text of the PDFs that the tests write.
if ! command -v pdftotext >/dev/null; then
	echo "installing poppler-utils…"
	apt_install poppler-utils
fi
if [ ! -x /usr/bin/chromium ]; then
	echo "installing chromium…"
	apt_install chromium
fi
export CARAVAN_TEST_CHROMIUM=/usr/bin/chromium
# The browser tests save a screenshot of each key page here (git-ignored).
export CARAVAN_SCREENSHOTS="${CARAVAN_SCREENSHOTS:-$(pwd)/screenshots}"

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

echo "tests on SQLite and PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') (127.0.0.1:$PGPORT)"
status=0
go test -count=1 ./... || status=$?
if [ "$(go env CGO_ENABLED)" = 1 ] && command -v cc >/dev/null; then
	echo "race detector on internal/store"
	go test -race -count=1 ./internal/store || status=$?
else
	echo "skipping go test -race: it needs cgo and a C compiler"
fi
exit "$status"
