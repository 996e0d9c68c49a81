#!/usr/bin/env bash
# Install what is missing, then serve the app at http://127.0.0.1:8080 (rebuilds on change).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh
# scripts/split-shim first: Trunk's wasm-bindgen calls go through it (it splits lazy modules).
export PATH="$PWD/scripts/split-shim:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" RUST_BACKTRACE=0
# Rebuilds on change; reload the page yourself. Trunk's auto-reload injects an inline script
# that the page's strict Content-Security-Policy (rightly) refuses to run.
exec trunk serve --address 127.0.0.1 --port 8080 --no-autoreload "$@"
