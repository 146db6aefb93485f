# Caravan's commands. `make test` is what CI runs (.ci/run).

GO ?= go

.PHONY: test bench demo build lint fuzz

# test vets the code, then runs every test on SQLite and on a throwaway
# PostgreSQL server (scripts/test.sh installs and starts one).
test:
	$(GO) vet ./...
	scripts/test.sh

# bench runs the Go benchmarks on SQLite and a throwaway PostgreSQL server
# (the end-to-end scheduling benchmark needs both), then the B2B scheduler
# benchmark on the published instances (B2B_DIR, default
# ../shared/data/b2b-instances) side by side with MiniZinc/Gecode and CBC,
# printing BENCHMARKS.md's tables.
B2B_DIR ?= ../shared/data/b2b-instances
bench:
	scripts/with-postgres.sh $(GO) test -run '^$$' -bench . ./...
	scripts/bench-schedule.sh -dir $(B2B_DIR)

# demo serves the demo on http://127.0.0.1:8080.
demo:
	$(GO) run ./cmd/caravan demo

# build writes the caravan binary (pure Go, no cgo).
build:
	CGO_ENABLED=0 $(GO) build -o caravan ./cmd/caravan

# lint fails when a file is not gofmt-formatted or go vet complains.
lint:
	@out=$$(gofmt -l .); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# fuzz runs every fuzz target for FUZZTIME each, one at a time.
FUZZTIME ?= 10s
fuzz:
	@for pkg in $$($(GO) list ./...); do \
		for target in $$($(GO) test -list '^Fuzz' $$pkg | grep '^Fuzz' || true); do \
			echo "fuzz $$pkg $$target"; \
			$(GO) test -run '^$$' -fuzz "^$$target$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; \
		done; \
	done
