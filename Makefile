# spanlens: `make run` shows the bundled sample traces, `make test` runs
# every test. Each target installs what it needs.

GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
GOBIN     := $(shell $(GO) env GOPATH)/bin
WASM_EXEC := $(GOROOT)/lib/wasm
FUZZTIME  ?= 60s
SUDO      := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
OUT       := out

.PHONY: run test test-counts deps deps-web deps-chromium vet fmt-check check-imports test-go \
	test-wasm-js test-wasip1 wasm test-web test-worker fuzz fuzz-long soak bench bench-js bench-pdata

# The main job on the bundled samples: trees with tokens and cost, a
# timeline, statistics, the critical path and SVG drawings (in out/); then
# the dashboard on http://localhost:8080 until Ctrl-C (the binary embeds
# the viewer and module that `wasm` builds, so it is built after it).
run: deps wasm
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
	$(OUT)/spanlens html testdata/spanforge/multi_agent.jsonl > $(OUT)/multi_agent.html
	$(GO) run ./examples/agent -o $(OUT)/agent.jsonl
	$(OUT)/spanlens graph $(OUT)/agent.jsonl
	@echo "wrote $(OUT)/hotrod.svg, $(OUT)/node-fs.svg, $(OUT)/genai-agent.perfetto.json (open it in ui.perfetto.dev) and $(OUT)/multi_agent.html (opens offline)"
	@echo
	@echo "  spanlens dashboard: http://localhost:8080/   (Ctrl-C stops it)"
	@echo
	$(OUT)/spanlens serve --addr 127.0.0.1:8080

# Each test step records its counts in $(COUNTS); the last line of make
# test adds them up. node --test reports to the terminal and, as TAP, to a
# file of that folder (NODE_REPORT is followed by the file's name).
COUNTS      := $(OUT)/test-counts
TESTSUM     := $(GO) run ./internal/testsum
NODE_REPORT := --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination=$(CURDIR)/$(COUNTS)

test: test-counts deps vet fmt-check check-imports test-go test-wasm-js test-wasip1 test-web test-worker
	@$(TESTSUM) -summarize $(COUNTS)

test-counts:
	@rm -rf $(COUNTS) && mkdir -p $(COUNTS)

deps:
	@echo "deps: downloading Go modules (go mod download)"
	@$(GO) mod download

deps-web:
	@echo "deps-web: installing the JS package's npm packages (npm ci in web/)"
	@cd web && npm ci --no-audit --no-fund --loglevel=error

# Debian's chromium for the browser tests; never a browser download.
deps-chromium:
	@[ -x /usr/bin/chromium ] || { echo "deps-chromium: installing Debian's chromium for the browser tests (apt-get, a minute or two)"; \
	  $(SUDO) apt-get update -qq && $(SUDO) apt-get install -y -qq chromium >/dev/null; }

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

test-go: test-counts
	@echo "test-go: every Go package, natively"
	@$(GO) test -json ./... | $(TESTSUM) -label native -o $(COUNTS)/go-native.count

# The core's own tests, compiled to js/wasm and run under Node. -short
# shrinks the scale tests (deep chains, big drawings), which run natively.
test-wasm-js: test-counts
	@echo "test-wasm-js: the core's tests compiled to js/wasm, run under Node (the first compile takes a minute)"
	@PATH="$(WASM_EXEC):$$PATH" GOOS=js GOARCH=wasm $(GO) test -short -json ./core/... | $(TESTSUM) -label js/wasm -o $(COUNTS)/go-js-wasm.count

$(GOBIN)/wazero:
	@echo "installing wazero, the WASI runtime for the wasip1 tests (go install)"
	@$(GO) install github.com/tetratelabs/wazero/cmd/wazero@v1.12.0

# The core's own tests, compiled to wasip1 and run under wazero; then the
# CLI built for WASI must print the same tree as the native golden.
test-wasip1: test-counts $(GOBIN)/wazero
	@echo "test-wasip1: the core's tests compiled to wasip1, run under wazero"
	@PATH="$(WASM_EXEC):$(GOBIN):$$PATH" GOWASIRUNTIME=wazero GOOS=wasip1 GOARCH=wasm $(GO) test -short -json ./core/... | $(TESTSUM) -label wasip1 -o $(COUNTS)/go-wasip1.count
	@mkdir -p $(OUT)
	GOOS=wasip1 GOARCH=wasm $(GO) build -o $(OUT)/spanlens-wasi.wasm ./cmd/spanlens
	$(GOBIN)/wazero run -mount $(CURDIR)/testdata:/testdata $(OUT)/spanlens-wasi.wasm tree --color never /testdata/spanforge/multi_agent.jsonl \
	  | diff -u testdata/render/multi_agent.tree.txt -

# The WebAssembly module and wasm_exec.js in web/dist, with a size table.
wasm:
	@echo "wasm: building the WebAssembly module into web/dist (go run ./cmd/build)"
	@$(GO) run ./cmd/build

# The JS package against the built module: Node (with a soak of 10,000
# mixed requests), then headless Chromium (the engine, then the viewer,
# dashboard, offline page and docs embeds through a real `spanlens
# serve`); and its hand-written types checked by tsc.
test-web: test-counts wasm deps-web deps-chromium
	cd web && node --test $(NODE_REPORT)/web.tap test/node.test.js test/agree.test.js test/http.test.js test/record.test.js test/soak.test.js test/browser.test.js test/viewer.test.js test/docs.test.js
	cd web && npx tsc --noEmit -p .

# Run every fuzz target for FUZZTIME each (not part of `make test`; the seed
# corpora run in test-go).
fuzz:
	@for pkg in $$($(GO) list ./core/...); do \
	  for f in $$($(GO) test -list 'Fuzz.*' $$pkg | grep '^Fuzz'); do \
	    echo "== $$pkg $$f"; $(GO) test $$pkg -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) || exit 1; \
	  done; \
	done

# The Cloudflare Worker (worker/) built and run in real workerd, from the
# npm package of that name, with the OpenTelemetry JS SDK exporting to it.
test-worker: test-counts
	@echo "test-worker: installing workerd and the OpenTelemetry SDK into worker/node_modules (npm ci)"
	cd worker && npm ci --no-audit --no-fund --loglevel=error
	$(GO) run ./cmd/build -worker
	cd worker && node --test $(NODE_REPORT)/worker.tap test/worker.test.js

# Every fuzz target of the module for FUZZTIME each (10m unless given:
# `make fuzz-long FUZZTIME=2m`), one worker each by default so figures
# compare across runs on a shared machine. Minimizing a new input is cut to
# FUZZMINTIME: left at Go's 60s it stalls targets with large inputs. Each
# target's log is $(OUT)/fuzz/<pkg>.<target>.log; the executions per target
# (the last "execs: N" a log reports) go into $(OUT)/fuzz/table.md, and a
# failing target fails the run after all have run.
fuzz-long: FUZZTIME = 10m
FUZZMINTIME  ?= 5s
FUZZPARALLEL ?= 1
fuzz-long:
	@mkdir -p $(OUT)/fuzz; table=$(OUT)/fuzz/table.md; fail=0; \
	echo "| package | target | fuzztime | executions | result |" > $$table; echo "|---|---|---|---:|---|" >> $$table; \
	for pkg in $$($(GO) list ./...); do \
	  for f in $$($(GO) test -list 'Fuzz.*' $$pkg | grep '^Fuzz'); do \
	    log=$(OUT)/fuzz/$$(basename $$pkg).$$f.log; echo "== $$pkg $$f ($(FUZZTIME))"; \
	    if $(GO) test $$pkg -run '^$$' -fuzz "^$$f$$" -fuzztime $(FUZZTIME) -fuzzminimizetime $(FUZZMINTIME) \
	      -parallel $(FUZZPARALLEL) > $$log 2>&1; then r=ok; else r="FAIL (see $$log)"; fail=1; fi; \
	    n=$$(grep -o 'execs: [0-9]*' $$log | tail -1 | cut -d' ' -f2); \
	    p=$${pkg#github.com/spanlens/spanlens}; echo "| .$$p | $$f | $(FUZZTIME) | $${n:-0} | $$r |" | tee -a $$table; \
	  done; \
	done; echo; cat $$table; exit $$fail

# The two soaks alone, with their figures: 10,000 mixed requests to the
# WebAssembly module in Node and to `spanlens serve` over loopback (both
# also run in `make test`: each takes well under a minute).
soak: wasm
	$(GO) test ./httpapi -run '^TestSoak$$' -count=1 -v
	cd web && node --test test/soak.test.js

bench:
	$(GO) test ./core/... -run '^$$' -bench . -benchmem

# spanlens's OTLP decoders against the Collector's pdata on the same bytes
# (bench/pdata is a module of its own, so the main one never depends on
# the Collector).
bench-pdata:
	cd bench/pdata && $(GO) test -run '^$$' -bench . -count 5

bench-js: wasm deps-web deps-chromium
	cd web && node bench/bench.js && node bench/browser.js
