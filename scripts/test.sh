#!/usr/bin/env bash
# Install what is missing, then run every test: native core and CLI, the wasm build,
# in-browser unit tests, and end-to-end tests in headless Chromium. Fails on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh --browser
# scripts/split-shim first: Trunk's wasm-bindgen calls go through it (it splits lazy modules).
export PATH="$PWD/scripts/split-shim:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" RUST_BACKTRACE=0
export CHROMEDRIVER=/usr/bin/chromedriver

step() { printf '\033[1m== %s\033[0m\n' "$*"; }

step "native tests: core, dialects, fixtures, CLI (cargo test)"
cargo test --all-targets

step "release build of the app (trunk build --release)"
trunk build --release

step "in-browser unit tests (wasm-bindgen-test in Chromium)"
cargo test --target wasm32-unknown-unknown --test web

step "end-to-end tests (playwright-core + Chromium)"
npm run --silent e2e

step "all tests passed"
