#!/usr/bin/env bash
# Build the site into dist/, ready to publish on any static host, at / or under a sub-path (GitHub
# Pages serves a project at /<repository>/): installs what is missing, makes the release build
# (relative URLs, Trunk.toml's public_url), and checks that dist/ is complete and relocatable.
# .github/workflows/pages.yml runs exactly this; so can you.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/ensure-tools.sh
# scripts/split-shim first: Trunk's wasm-bindgen calls go through it (it splits lazy modules).
export PATH="$PWD/scripts/split-shim:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" RUST_BACKTRACE=0

trunk build --release
# Publishing from a branch runs Jekyll, which drops files whose names start with "_" (the module
# loader, __wasm_split-….js) unless this file says not to.
touch dist/.nojekyll
python3 scripts/check_site.py dist
