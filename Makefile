# PrivScan — one entry point for set-up, tests and benchmarks.
# `make test` installs what it needs (the wasm32 target, clippy, rustfmt)
# and runs every check CI runs.

CARGO ?= cargo
WASM_TARGET := wasm32-unknown-unknown

WASM_BINDGEN_VERSION := 0.2.130
WASM_BINDGEN := .tools/bin/wasm-bindgen


.PHONY: fuzz fuzz-build fuzz-tools
.PHONY: tools chromium test setup lint unit wasm wasm-test e2e python-test lake-test lake bench-lake build run dist package npm bench bench-wasm bench-browser clean

PORT ?= 8080
PAGE_WASM := www/pkg/privscan_bg.wasm
RELEASE_WASM := $${CARGO_TARGET_DIR:-target}/$(WASM_TARGET)/release/privscan.wasm
RELEASE_BIN := $${CARGO_TARGET_DIR:-target}/release/privscan
export PATH := $(CURDIR)/.tools/bin:$(PATH)

# Every check CI runs: Rust (native and, in headless Chromium, the wasm
# bindings), the page end to end, and the single-file build.
test: setup lint unit lake-test wasm-test e2e python-test

setup:
	@rustup target list --installed 2>/dev/null | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt

lint:
	$(CARGO) fmt --all --check
	$(CARGO) fmt --manifest-path python/Cargo.toml --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) clippy --target $(WASM_TARGET) --lib -- -D warnings
	$(CARGO) clippy --manifest-path python/Cargo.toml -- -D warnings
	$(CARGO) clippy -p privscan-lake --all-targets -- -D warnings

unit:
	$(CARGO) test

# The DataFusion/Ballista crate (lake/): its functions, scans and masks
# against the single-file CLI built beside its tests, in process and on
# a scheduler with two executors on 127.0.0.1.
lake-test:
	$(CARGO) build --bin privscan
	$(CARGO) test -p privscan-lake

# privscan-lake, privscan-scheduler and privscan-executor, optimised (the
# `lake` profile: thin LTO, as fat LTO over DataFusion links for long).
lake:
	$(CARGO) build -p privscan-lake --profile lake
	@ls $${CARGO_TARGET_DIR:-target}/lake/privscan-lake $${CARGO_TARGET_DIR:-target}/lake/privscan-scheduler $${CARGO_TARGET_DIR:-target}/lake/privscan-executor

# Throughput of privscan-lake by partition count, beside privscan.
bench-lake: lake
	$(CARGO) build --release --bin privscan
	python3 bench/lake.py

# The core must always build for the browser.
wasm:
	$(CARGO) build --target $(WASM_TARGET) --lib --release
	@ls -l $${CARGO_TARGET_DIR:-target}/$(WASM_TARGET)/release/privscan.wasm | awk '{print "privscan.wasm: " $$5 " bytes"}'

# The page in www/: the wasm core with its JS glue in www/pkg/ and the demo
# datasets in www/demo/ (both generated, git-ignored).
build: setup tools
	$(CARGO) build --release
	$(CARGO) build --target $(WASM_TARGET) --lib --release
	$(WASM_BINDGEN) --target web --no-typescript --out-dir www/pkg $(RELEASE_WASM)
	node tools/build-page.mjs $(RELEASE_BIN) www
	@ls -l $(PAGE_WASM) | awk '{print "www/pkg/privscan_bg.wasm: " $$5 " bytes"}'

# Builds, then serves www/ on 127.0.0.1 with the CSP as an HTTP header.
run: build
	node tools/serve.mjs www $(PORT)

npm:
	@[ -d node_modules/playwright-core ] && [ -d node_modules/esbuild ] && [ -d node_modules/ajv ] || npm ci --no-audit --no-fund

# One self-contained file for file:// (USB sticks, offline workshops), and
# the npm package (dist/privscan-VERSION.tgz).
dist: build npm
	node tools/dist.mjs
	node tools/package.mjs

package: dist

# Chromium and its driver, from the distribution (Playwright's own browser
# download is not used).
chromium:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver)

# The wasm bindings under wasm-bindgen-test-runner in headless Chromium.
wasm-test: chromium tools
	CHROMEDRIVER=$$(command -v chromedriver) CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER=wasm-bindgen-test-runner \
	  $(CARGO) test --target $(WASM_TARGET) --test wasm

# The page in real Chromium: picker, drop, languages, cancel, errors, crash
# recovery, offline, the dist file, and every request the browser makes.
e2e: chromium dist
	node --test --test-concurrency=1 tests/e2e/

# The Python package (PyO3 + maturin), installed from the repository with
# pip into a virtual environment of its own, then its tests against the
# CLI (which `build` made).
PY_VENV ?= $${HOME}/.cache/privscan-venv
python-test: build
	@[ -x $(PY_VENV)/bin/python ] || python3 -m venv $(PY_VENV)
	$(PY_VENV)/bin/python -m pip install -q --disable-pip-version-check maturin pytest pandas polars pyarrow
	$(PY_VENV)/bin/python -m pip install -q --disable-pip-version-check .
	$(PY_VENV)/bin/python -m pytest -q python/tests

bench:
	python3 bench/scan.py
	$(CARGO) run --release --example risk_bench
	$(CARGO) run --release --example mask_bench

# wasm-bindgen-cli at the version the crate pins, into the git-ignored .tools/
# (skipped when that version is already there).
tools:
	@v=$$($(WASM_BINDGEN) --version 2>/dev/null); [ "$$v" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] || \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --root .tools

bench-browser: build npm chromium
	node bench/browser.mjs

bench-wasm: wasm tools
	$(WASM_BINDGEN) --target nodejs --out-dir bench/out/pkg-node $(RELEASE_WASM)
	@echo '{"type": "commonjs"}' > bench/out/pkg-node/package.json
	node bench/wasm_node.cjs

clean:
	$(CARGO) clean
	rm -rf bench/out www/pkg www/demo www/sw-manifest.js dist

# Fuzzing (cargo-fuzz on the nightly toolchain; cargo-fuzz goes into .tools/).
FUZZ_SECONDS ?= 1800
fuzz-tools:
	@rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
	@test -x .tools/bin/cargo-fuzz || cargo install cargo-fuzz --root .tools

# Builds the fuzz targets (CI does this; not a run).
fuzz-build: fuzz-tools
	cd fuzz && PATH=$(CURDIR)/.tools/bin:$$PATH cargo +nightly fuzz build -s none

# Runs each target for FUZZ_SECONDS (default 30 minutes) from a seed corpus.
fuzz: fuzz-build
	$(CARGO) build --release
	python3 tools/fuzz_seeds.py $(RELEASE_BIN)
	cd fuzz && PRIVSCAN_THREADS=1 PATH=$(CURDIR)/.tools/bin:$$PATH cargo +nightly fuzz run -s none scan corpus/scan -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -print_final_stats=1
	cd fuzz && PRIVSCAN_THREADS=1 PATH=$(CURDIR)/.tools/bin:$$PATH cargo +nightly fuzz run -s none mask corpus/mask -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -print_final_stats=1
	mkdir -p fuzz/corpus/merge
	cd fuzz && PATH=$(CURDIR)/.tools/bin:$$PATH cargo +nightly fuzz run -s none merge corpus/merge corpus/scan -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -print_final_stats=1
	mkdir -p fuzz/corpus/split
	cd fuzz && PATH=$(CURDIR)/.tools/bin:$$PATH cargo +nightly fuzz run -s none split corpus/split corpus/scan -- -max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=4096 -print_final_stats=1

