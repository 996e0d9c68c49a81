#!/usr/bin/env bash
# Install whatever is missing for building (and with --browser, for testing) convt-lab.
# Every step is skipped when the right version is already there, so re-runs take seconds.
# Nothing here downloads from anywhere but crates.io, npm, and Debian's apt.
set -euo pipefail
cd "$(dirname "$0")/.."

want_browser=false
[ "${1:-}" = "--browser" ] && want_browser=true

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
WASM_SPLIT_VERSION=0.2.3
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\033[1m== %s\033[0m\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(trunk --version 2>/dev/null || true)" != "trunk $TRUNK_VERSION" ]; then
  step "installing trunk $TRUNK_VERSION (10-30 minutes on 2 cores, once)"
  cargo install trunk --version "$TRUNK_VERSION" --locked
fi

if [ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 12 minutes, once)"
  # Not --locked: its lock file names a webpki-roots version the registry lacks.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# wasm-split-cli moves the app's lazy functions into modules of their own (scripts/split-shim).
if [ "$(cargo install --list | grep -x "wasm_split_cli_support v$WASM_SPLIT_VERSION:" || true)" = "" ]; then
  step "installing wasm-split-cli $WASM_SPLIT_VERSION (about 2 minutes, once)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --features build-binary --locked
fi

# binaryen (wasm-opt 132), esbuild (minifies the JS glue), playwright-core and axe-core (the e2e accessibility checks) come from package-lock.json.
npm_version() { node -p "require('./node_modules/$1/package.json').version" 2>/dev/null || true; }
if [ "$(npm_version binaryen)" != 132.0.0 ] || [ "$(npm_version esbuild)" != 0.25.12 ] || [ "$(npm_version playwright-core)" != 1.65.1 ] || [ "$(npm_version axe-core)" != 4.14.1 ]; then
  step "installing npm packages (binaryen, esbuild, playwright-core, axe-core)"
  npm ci --no-audit --no-fund
fi

if $want_browser && ! { command -v chromium >/dev/null && command -v chromedriver >/dev/null; }; then
  step "installing Debian chromium and chromium-driver"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  $SUDO apt-get update
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y chromium chromium-driver
fi
# Chinese glyphs for the screenshots of pages in Chinese (tests/e2e/out/zh-*.png); the checks
# themselves read text, not pixels.
if $want_browser && ! fc-list 2>/dev/null | grep -q "Noto Sans CJK"; then
  step "installing Debian fonts-noto-cjk"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y fonts-noto-cjk || {
    $SUDO apt-get update && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y fonts-noto-cjk; }
fi

step "fetching crates (Trunk builds offline)"
cargo fetch --quiet
