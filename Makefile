# spanlens: `make run` shows the bundled sample traces, `make test` runs
# every test. Each target installs what it needs.

GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
GOBIN     := $(shell $(GO) env GOPATH)/bin
WASM_EXEC := $(GOROOT)/lib/wasm
FUZZTIME  ?= 60s
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
OUT       := out

.PHONY: run test deps deps-web deps-chromium vet fmt-check check-imports test-go \
	test-wasm-js test-wasip1 wasm test-web fuzz bench bench-js

# The main job on the bundled samples: trees with tokens and cost, a
# timeline, statistics, the critical path and SVG drawings (in out/).
run: deps
	@mkdir -p $(OUT)
	$(GO) build -o $(OUT)/spanlens ./cmd/spanlens
	$(OUT)/spanlens tree testdata/spanforge/multi_agent.jsonl
	$(OUT)/spanlens tree testdata/otlp-json/genai-agent.json
	$(OUT)/spanlens timeline testdata/jaeger/hotrod.json
	$(OUT)/spanlens summary testdata/otlp-json/http-multiservice.json
	$(OUT)/spanlens critical-path testdata/zipkin/multi_service.json
	$(OUT)/spanlens errors testdata/otlp-proto/agent.pb
	$(OUT)/spanlens svg --critical-path testdata/jaeger/hotrod.json > $(OUT)/hotrod.svg
	$(OUT)/spanlens svg --view flame --theme dark testdata/chrome/node-fs-timers.json > $(OUT)/node-fs.svg
	$(OUT)/spanlens convert --to chrome testdata/otlp-json/genai-agent.json > $(OUT)/genai-agent.perfetto.json
	@echo "wrote $(OUT)/hotrod.svg, $(OUT)/node-fs.svg and $(OUT)/genai-agent.perfetto.json (open it in ui.perfetto.dev)"

test: deps vet fmt-check check-imports test-go test-wasm-js test-wasip1 test-web

deps:
	$(GO) mod download

deps-web:
	cd web && npm ci --no-audit --no-fund

# Debian's chromium for the browser tests; never a browser download.
deps-chromium:
	@[ -x /usr/bin/chromium ] || { $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

vet:
	$(GO) vet ./...

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi

# core/ and the root package are pure Go: they must build for js/wasm and
# wasip1 and never reach for the browser, the network or a process, not
# even through a dependency (go list -deps; native, since on js/wasm the
# standard library itself uses syscall/js), nor import os themselves (fmt
# pulls it in, so only direct imports are checked for it).
CORE_PKGS := . ./core/...
check-imports:
	@bad=$$($(GO) list -deps $(CORE_PKGS) | grep -xE 'syscall/js|net|net/http|os/exec' || true); \
	if [ -n "$$bad" ]; then echo "core/ or the root package depends on what it must not: $$bad"; \
	  $(GO) list -f '{{.ImportPath}}: {{join .Imports " "}}' -deps $(CORE_PKGS) | grep '^github.com/spanlens/' | grep -E ' ('"$$(echo $$bad | tr ' ' '|')"')( |$$)' | cut -d: -f1 | sed 's/^/  imported by /'; exit 1; fi
	@bad=$$($(GO) list -f '{{.ImportPath}}: {{join .Imports " "}}' $(CORE_PKGS) | grep -E ' os( |$$)' || true); \
	if [ -n "$$bad" ]; then echo "core/ or the root package imports os:"; echo "$$bad"; exit 1; fi
	GOOS=js GOARCH=wasm $(GO) build $(CORE_PKGS) ./wasm/... ./httpapi/...
	GOOS=wasip1 GOARCH=wasm $(GO) build $(CORE_PKGS) ./cmd/spanlens/...

test-go:
	$(GO) test ./...

# The core's own tests, compiled to js/wasm and run under Node. -short
# shrinks the scale tests (deep chains, big drawings), which run natively.
test-wasm-js:
	PATH="$(WASM_EXEC):$$PATH" GOOS=js GOARCH=wasm $(GO) test -short ./core/...

$(GOBIN)/wazero:
	$(GO) install github.com/tetratelabs/wazero/cmd/wazero@v1.12.0

# The core's own tests, compiled to wasip1 and run under wazero; then the
# CLI built for WASI must print the same tree as the native golden.
test-wasip1: $(GOBIN)/wazero
	PATH="$(WASM_EXEC):$(GOBIN):$$PATH" GOWASIRUNTIME=wazero GOOS=wasip1 GOARCH=wasm $(GO) test -short ./core/...
	@mkdir -p $(OUT)
	GOOS=wasip1 GOARCH=wasm $(GO) build -o $(OUT)/spanlens-wasi.wasm ./cmd/spanlens
	$(GOBIN)/wazero run -mount $(CURDIR)/testdata:/testdata $(OUT)/spanlens-wasi.wasm tree --color never /testdata/spanforge/multi_agent.jsonl \
	  | diff -u testdata/render/multi_agent.tree.txt -

# The WebAssembly module and wasm_exec.js in web/dist, with a size table.
wasm:
	$(GO) run ./cmd/build

# The JS package against the built module: Node, then headless Chromium;
# and its hand-written types checked by tsc.
test-web: wasm deps-web deps-chromium
	cd web && node --test test/node.test.js test/agree.test.js test/http.test.js test/browser.test.js
	cd web && npx tsc --noEmit -p .

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

bench-js: wasm deps-web deps-chromium
	cd web && node bench/bench.js && node bench/browser.js
