#!/usr/bin/env bash
# Installs what building and testing Okryu needs, skipping whatever is already there at the pinned
# version. Everything comes from crates.io, npm or Debian: nothing is downloaded from elsewhere.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO_LEPTOS_VERSION=0.3.10
# The CLI must match the wasm-bindgen crate in Cargo.lock exactly.
WASM_BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)

say() { printf '==> %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! cargo leptos --version 2>/dev/null | grep -q " ${CARGO_LEPTOS_VERSION}\$"; then
  say "installing cargo-leptos ${CARGO_LEPTOS_VERSION} (about 15 minutes on 2 cores, once)"
  cargo install cargo-leptos --version "${CARGO_LEPTOS_VERSION}" --locked
fi

if ! wasm-bindgen --version 2>/dev/null | grep -q " ${WASM_BINDGEN_VERSION}\$"; then
  say "installing wasm-bindgen-cli ${WASM_BINDGEN_VERSION} (about 3 minutes, once)"
  # Not --locked: its lock file names a crate version the registry no longer has.
  cargo install wasm-bindgen-cli --version "${WASM_BINDGEN_VERSION}" --force
fi

if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  say "installing Node.js and npm from Debian"
  as_root apt-get update -q
  as_root apt-get install -y -q nodejs npm
fi

if [ ! -x /usr/bin/chromium ]; then
  say "installing Chromium from Debian"
  as_root apt-get update -q
  as_root apt-get install -y -q chromium
fi

# A Korean font: without one the browser draws Hangul as boxes, and the layout tests (what fits
# on a 320 px phone) and the screenshots would measure boxes.
if ! fc-list 2>/dev/null | grep -qi nanum; then
  say "installing the Nanum Korean fonts from Debian"
  as_root apt-get update -q
  as_root apt-get install -y -q fonts-nanum
fi

# Playwright, Lighthouse and wasm-opt (binaryen from npm: Debian's is too old and breaks the WASM).
if [ ! -d end2end/node_modules ] || [ end2end/package-lock.json -nt end2end/node_modules/.package-lock.json ]; then
  say "installing the npm packages of end2end/"
  (cd end2end && npm ci --no-audit --no-fund)
fi
