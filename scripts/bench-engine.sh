#!/usr/bin/env bash
# The engine against ONNX Runtime (CPU, one thread) and against its own reference loop, side by side.
# Installs onnxruntime into a venv under ~/.cache/convt-lab (PyPI) the first time.
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS="${1:-15}"
VENV="${CONVT_BENCH_VENV:-$HOME/.cache/convt-lab/bench-venv}"
if ! "$VENV/bin/python" -c "import onnxruntime, onnx, numpy" 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet onnxruntime onnx numpy
fi
cargo build --release --quiet --bin convt
engine=$(./target/release/convt bench "$RUNS")
ort=$("$VENV/bin/python" scripts/bench_onnxruntime.py "$RUNS")
python3 - "$engine" "$ort" <<'PY'
import json, sys
engine = [json.loads(l) for l in sys.argv[1].splitlines()]
ort = {d["case"]: d for d in map(json.loads, sys.argv[2].splitlines())}
print(f"{'case':36} {'engine fast':>12} {'ORT 1 thread':>13} {'ratio':>7} {'naive loop':>11} {'same output':>12}")
for e in engine:
    o = ort[e["case"]]
    same = "yes" if e["checksum"] == o["checksum"] and e["fast_equals_naive"] else "NO"
    print(f"{e['case']:36} {e['fast_ms']:>10.2f}ms {o['ort_ms']:>11.2f}ms {e['fast_ms'] / o['ort_ms']:>6.2f}x "
          f"{e['naive_ms']:>9.1f}ms {same:>12}")
print(f"(median of runs; onnxruntime {next(iter(ort.values()))['onnxruntime']}; engine = convt-lab's run_fast, naive = its reference loop)")
PY
