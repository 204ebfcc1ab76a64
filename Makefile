# spanlens: `make run` shows the bundled sample traces, `make test` runs
# every test. Each target installs what it needs.

GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
GOBIN     := $(shell $(GO) env GOPATH)/bin
WASM_EXEC := $(GOROOT)/lib/wasm
FUZZTIME  ?= 60s

.PHONY: run test deps test-go vet fmt-check check-imports test-wasm-js test-wasip1 fuzz bench

run: deps
	$(GO) run ./cmd/spanlens tree testdata/spanforge/multi_agent.ndjson
	$(GO) run ./cmd/spanlens summary testdata/otlp-json/agent.json

test: deps vet fmt-check check-imports test-go test-wasm-js test-wasip1

deps:
	$(GO) mod download

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi

# core/ is pure Go: it must build for js/wasm and wasip1 and never reach for
# the browser, the file system or the network itself.
check-imports:
	@bad=$$($(GO) list -f '{{.ImportPath}}: {{join .Imports " "}}' ./core/... | grep -E ' (syscall/js|os|net|net/http|os/exec)( |$$)' || true); \
	if [ -n "$$bad" ]; then echo "core/ imports what it must not:"; echo "$$bad"; exit 1; fi
	GOOS=js GOARCH=wasm $(GO) build ./core/...
	GOOS=wasip1 GOARCH=wasm $(GO) build ./core/...

test-go:
	$(GO) test ./...

# The core's own tests, compiled to js/wasm and run under Node.
test-wasm-js:
	PATH="$(WASM_EXEC):$$PATH" GOOS=js GOARCH=wasm $(GO) test ./core/...

$(GOBIN)/wazero:
	$(GO) install github.com/tetratelabs/wazero/cmd/wazero@v1.12.0

# The core's own tests, compiled to wasip1 and run under wazero.
test-wasip1: $(GOBIN)/wazero
	PATH="$(WASM_EXEC):$(GOBIN):$$PATH" GOWASIRUNTIME=wazero GOOS=wasip1 GOARCH=wasm $(GO) test ./core/...

# Run every fuzz target for FUZZTIME each (not part of `make test`; the seed
# corpora run in test-go).
fuzz:
	@for pkg in $$($(GO) list ./core/...); do \
	  for f in $$($(GO) test -list 'Fuzz.*' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test $$pkg -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) || exit 1; \
	  done; \
	done

bench:
	$(GO) test ./core/... -run '^$$' -bench . -benchmem
