# make test: everything CI runs. make build: the binary in bin/.
GO ?= go
# Packages whose concurrency is within one process and worth the race
# detector. Those whose code and tests run on one goroutine (the SQL
# engine's types, planning and execution, page and key layouts) are left
# out: the detector sees nothing in them, and building them for it costs
# minutes on 2 cores. The parser stays: it has a concurrent-use test.
RACE_PKGS = $(shell $(GO) list ./sem/... ./shm/... ./settings/... ./loop/... ./backend/... ./pgerr/... ./serverlog/... | \
	grep -v -e '/backend/sql/\(types\|plan\|funcs\|expr\|exec\|engine\|colstats\)' -e '/storage/page$$' -e '/btree/keyenc$$' -e '/auth/hba$$')

.PHONY: build test deps vet
build:
	CGO_ENABLED=0 $(GO) build -o bin/ringpg ./cmd/ringpg

deps:
	./scripts/install-deps.sh

vet:
	test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); exit 1; }
	CGO_ENABLED=0 $(GO) build ./...
	$(GO) vet ./...

test: deps vet
	$(GO) test -count=1 -p 1 -timeout 15m ./...
	$(GO) test -count=1 -race -timeout 15m $(RACE_PKGS)
	# The server itself under the race detector (needs cgo), driven by the end-to-end tests.
	# The differential SQL and psql files and the planner's tests run one session at a time,
	# and the isolation specs, the driver flows and the long vacuum runs spend their time in
	# clients and waits; the run above covers them, and here they took half of the time.
	RINGPG_TEST_RACE=1 $(GO) test -count=1 -timeout 15m -skip '$(RACE_SKIP)' ./cmd/ringpg/

RACE_SKIP = ^(TestSQL|TestPsql[A-Za-z]*|TestIsolation|TestDriver[A-Za-z]*|TestPgBouncer[A-Za-z]*|TestVacuum|TestVacuumConcurrentSessions|TestSpillTempFiles|TestCursorStoreSpills|Test[A-Za-z]*Plans)$$
