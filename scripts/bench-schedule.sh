#!/bin/sh
# Runs the B2B scheduler benchmarks and prints BENCHMARKS.md's scheduler
# tables: caravan schedule bench with the JAIR instances and the peer
# solvers (MiniZinc + Gecode, CBC) from Debian, installed when missing.
# Usage: scripts/bench-schedule.sh [-dir ../shared/data/b2b-instances] [caravan schedule bench flags]
set -eu
cd "$(dirname "$0")/.."
dir=../shared/data/b2b-instances
if [ "${1:-}" = "-dir" ]; then dir=$2; shift 2; fi
if ! command -v minizinc >/dev/null || ! command -v cbc >/dev/null; then
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq minizinc coinor-cbc >/dev/null
fi
bin=$(mktemp -d)/caravan
trap 'rm -rf "$(dirname "$bin")"' EXIT
go build -o "$bin" ./cmd/caravan
"$bin" schedule bench -dir "$dir" "$@"
