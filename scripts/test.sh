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

# The rest runs with a throwaway PostgreSQL server (scripts/with-postgres.sh
# starts it, exports CARAVAN_TEST_POSTGRES and stops it at the end).
if [ -z "${CARAVAN_WITH_POSTGRES:-}" ]; then
	CARAVAN_WITH_POSTGRES=1 exec scripts/with-postgres.sh "$0" "$@"
fi

echo "tests on SQLite and PostgreSQL $PGVERSION (${CARAVAN_TEST_POSTGRES#*@})"
status=0
go test -count=1 ./... || status=$?
if [ "$(go env CGO_ENABLED)" = 1 ] && command -v cc >/dev/null; then
	echo "race detector on internal/store"
	go test -race -count=1 ./internal/store || status=$?
else
	echo "skipping go test -race: it needs cgo and a C compiler"
fi
exit "$status"
