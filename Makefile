# PrivScan — one entry point for set-up, tests and benchmarks.
# `make test` installs what it needs (the wasm32 target, clippy, rustfmt)
# and runs every check CI runs.

CARGO ?= cargo
WASM_TARGET := wasm32-unknown-unknown

WASM_BINDGEN_VERSION := 0.2.130
WASM_BINDGEN := .tools/bin/wasm-bindgen

.PHONY: test setup lint unit wasm build bench bench-wasm clean

test: setup lint unit wasm

setup:
	@rustup target list --installed 2>/dev/null | grep -qx $(WASM_TARGET) || rustup target add $(WASM_TARGET)
	@rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy
	@rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || rustup component add rustfmt

lint:
	$(CARGO) fmt --check
	$(CARGO) clippy --all-targets -- -D warnings

unit:
	$(CARGO) test

# The core must always build for the browser.
wasm:
	$(CARGO) build --target $(WASM_TARGET) --lib --release
	@ls -l $${CARGO_TARGET_DIR:-target}/$(WASM_TARGET)/release/privscan.wasm | awk '{print "privscan.wasm: " $$5 " bytes"}'

build: setup
	$(CARGO) build --release
	$(CARGO) build --target $(WASM_TARGET) --lib --release

bench:
	python3 bench/scan.py

# wasm-bindgen-cli at the version the crate pins, into the git-ignored .tools/.
$(WASM_BINDGEN):
	@v=$$($(WASM_BINDGEN) --version 2>/dev/null); [ "$$v" = "wasm-bindgen $(WASM_BINDGEN_VERSION)" ] || \
	  cargo install wasm-bindgen-cli --version $(WASM_BINDGEN_VERSION) --root .tools

bench-wasm: wasm $(WASM_BINDGEN)
	$(WASM_BINDGEN) --target nodejs --out-dir bench/out/pkg-node $${CARGO_TARGET_DIR:-target}/$(WASM_TARGET)/release/privscan.wasm
	node bench/wasm_node.js

clean:
	$(CARGO) clean
	rm -rf bench/out
