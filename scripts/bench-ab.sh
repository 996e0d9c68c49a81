#!/usr/bin/env bash
# A/B the first view's speed: this tree's release build against REV's (default: main), alternated
# in one Chromium run (scripts/bench-load.mjs). REV is built in a temporary worktree that shares
# this tree's cargo target directory, so only the app itself compiles twice.
#   scripts/bench-ab.sh [REV]
set -euo pipefail
cd "$(dirname "$0")/.."
rev="${1:-main}"
scripts/ensure-tools.sh --browser
# PATH without any split shim (the caller's shell may have one on it).
clean_path=$(printf '%s' "$PATH" | tr ':' '\n' | grep -v '/scripts/split-shim/*$' | paste -sd: -)
plain_path="$PWD/node_modules/.bin:$HOME/.cargo/bin:$clean_path"
export RUST_BACKTRACE=0
here="$PWD"
other="$(mktemp -d)"
trap 'git -C "$here" worktree remove --force "$other/src" >/dev/null 2>&1 || true; rm -rf "$other"' EXIT
git worktree add --detach "$other/src" "$rev" >/dev/null
# Each tree builds through its own split shim, and only its own on PATH: a shim runs the first
# wasm-bindgen on PATH that is not itself, so two shims would call each other.
(cd "$other/src" && CARGO_TARGET_DIR="$here/target" PATH="$other/src/scripts/split-shim:$plain_path" \
  trunk build --release --dist "$other/dist")
PATH="$here/scripts/split-shim:$plain_path" trunk build --release
export PATH="$plain_path"
node scripts/bench-load.mjs dist "$other/dist" "this tree" "$rev"
