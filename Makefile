# Okryu. `make run` serves the shop on embedded SQLite; `make test` runs every check.
SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := run

export PATH := $(CURDIR)/end2end/node_modules/.bin:$(HOME)/.cargo/bin:$(PATH)

E2E_ADDR ?= 127.0.0.1:3100

.PHONY: run build tools test lint test-rust test-e2e test-load drill bench clean

## run: build the release and serve it on http://127.0.0.1:3000 (SQLite in data/okryu.db, with the
## demo catalog and accounts)
run: build
	OKRYU_DEMO=1 ./target/release/okryu

## build: the release server and the WASM bundle (precompressed)
build: tools
	cargo leptos build --release --precompress

## tools: install what is missing (wasm32 target, cargo-leptos, wasm-bindgen, npm packages, Chromium)
tools:
	bash .ci/tools.sh

## test: format, lints, Rust tests on SQLite and PostgreSQL, the browser suite, the short load test, the drills
test: tools lint test-rust test-e2e test-load drill

## lint: formatting, and clippy on the server and WASM builds with .ci/clippy.toml (no function takes
## more than five arguments)
lint: export CLIPPY_CONF_DIR := $(CURDIR)/.ci
lint:
	cargo fmt --check
	cargo clippy --features ssr --all-targets -- -D warnings
	cargo clippy -p okryu-tools --all-targets -- -D warnings
	cargo clippy --lib --features hydrate --target wasm32-unknown-unknown -- -D warnings

# Tests run in parallel, each on its own database.
test-rust:
	TEST_POSTGRES_URL="$$(bash .ci/postgres.sh)" cargo test --features ssr

test-e2e: build
	rm -rf target/e2e
	cd end2end && E2E_ADDR=$(E2E_ADDR) npx playwright test

## test-load: every shopper page under 16 connections on both databases (0 dropped, 0 5xx, 0 panics)
test-load: build
	bash .ci/load.sh short

## drill: kill -9 a server under load (SQLite), start three at once, kill one of two, restart
## PostgreSQL, 200 buyers racing for 50 units; fails on anything lost, charged twice or unbalanced.
## Then the sieges: slow bodies, 20,000 idle sockets and an abort storm while another client must
## be answered throughout
drill: build
	cargo build -q -p okryu-tools --bin okryu-drill
	TEST_POSTGRES_URL="$$(bash .ci/postgres.sh)" ./target/debug/okryu-drill

## bench: page weight and Lighthouse for the home page (results under target/bench)
bench: build
	bash .ci/load.sh long
	bash .ci/bench.sh
	bash .ci/visits.sh

clean:
	cargo clean
	rm -rf end2end/node_modules end2end/test-results end2end/playwright-report
