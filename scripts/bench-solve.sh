#!/usr/bin/env bash
# `convt solve` timed natively on the issue's questions in every framework (default limits:
# kernel 16, stride 16, dilation 4, padding 16): median and slowest of RUNS solves each.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-15}"
cargo build --release --quiet --bin convt
./target/release/convt bench-solve "$RUNS" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
print("%-44s %9s %9s %9s %7s %9s" % ("case", "median", "slowest", "count", "listed", "resolved"))
for r in rows:
    print("%-44s %7.1fms %7.1fms %9s %7d %9d" % (r["case"], r["median_ms"], r["max_ms"], r["count"], r["listed"], r["resolved"]))
print("(native release build; solve() alone, without writing the answer; median of the runs)")
'
