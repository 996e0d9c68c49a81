#!/usr/bin/env bash
# Print the app's size and speed figures: gzip size of the first view, navigation → first frame,
# repaint after a parameter change at a 64×64 output. Builds the release app first.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh --browser
# scripts/split-shim first: Trunk's wasm-bindgen calls go through it (it splits lazy modules).
export PATH="$PWD/scripts/split-shim:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" RUST_BACKTRACE=0
trunk build --release
node scripts/bench-app.mjs
