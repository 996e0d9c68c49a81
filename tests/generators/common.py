"""Shared helpers for the golden-fixture generators.

Each gen_<framework>.py builds Contract-1 requests (the same JSON `convt eval` reads), runs the
call in the real framework, and records what the framework did: the output shape, or the error
it raised. The Rust tests (tests/fixtures.rs) feed every request to the core and compare.

Run a generator from the repository root inside a venv that has the framework (see
tests/generators/README.md); it rewrites tests/fixtures/<framework>.jsonl.
"""

import json
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")


def error_text(exc):
    """The framework's own message, first meaningful lines, bounded."""
    text = f"{type(exc).__name__}: {exc}".strip()
    # TensorFlow prefixes its messages with the kernel's node name; the rule comes after it.
    text = re.sub(r"\{\{function_node [^}]*\}\}\s*", "", text)
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    # C++ stack dumps (MXNet, Paddle) bury the message; keep the lines that say what failed.
    keep = [l for l in lines if not l.startswith(("[bt]", "Stack trace", "File \"", "0x"))]
    return " | ".join(keep[:6])[:600]


class Fixtures:
    """Collects cases, runs them crash-proof, and writes them as JSON Lines.

    Some frameworks abort the whole process on bad input (a failed C++ CHECK). So the script runs
    twice over: the parent builds the case list and starts the same script as a worker, which
    runs the calls and prints one result line per case; when a worker dies, the parent records
    that case as rejected with the abort message and starts a new worker after it.
    """

    def __init__(self, framework, versions, values_only=False):
        self.values_only = values_only
        self.framework = framework
        self.versions = versions
        self.cases = []
        self.seen = set()
        self.extras = {}
        self.meta = {}

    def run(self, case_id, request, call):
        """Queue `call` for `request`; it returns the output shape or raises like the framework."""
        key = json.dumps(request, sort_keys=True)
        if key in self.seen:
            return
        self.seen.add(key)
        name = self.framework.split("/")[-1]
        self.cases.append((f"{name}-{len(self.cases):04d}-{case_id}", request, call))

    def _work(self, start):
        for index in range(start, len(self.cases)):
            _, _, call = self.cases[index]
            extra = {}
            meta = {}
            try:
                result = call()
                if isinstance(result, dict) and "expect" in result:  # an outcome with keys for the case line
                    expect, meta = result["expect"], result.get("meta", {})
                elif isinstance(result, dict):  # a values case: the output and the tensors it was made from
                    expect = {"output": [float(v) for v in result["output"]]}
                    extra = result["extra"]
                else:
                    expect = {"output_shape": [int(v) for v in result]}
            except Exception as exc:  # every framework error is data here
                expect = {"error": error_text(exc)}
            sys.stdout.write(json.dumps({"index": index, "expect": expect, "extra": extra, "meta": meta}) + "\n")
            sys.stdout.flush()

    def _run_worker(self, start, quiet_limit=90):
        """Run a worker from case `start`; kill it when it prints nothing for `quiet_limit` seconds
        (Paddle's crash handler can hang instead of exiting). Returns (stdout lines, stderr, ok)."""
        env = dict(os.environ, CONVT_FIXTURE_WORKER=str(start))
        with tempfile.TemporaryFile("w+") as err:
            proc = subprocess.Popen([sys.executable] + sys.argv, env=env, stdout=subprocess.PIPE, stderr=err, text=True)
            lines = []
            reader = threading.Thread(target=lambda: lines.extend(iter(proc.stdout.readline, "")), daemon=True)
            reader.start()
            seen, quiet = 0, 0.0
            while proc.poll() is None:
                time.sleep(0.5)
                quiet = 0.0 if len(lines) != seen else quiet + 0.5
                seen = len(lines)
                if quiet > quiet_limit:
                    proc.kill()
                    break
            proc.wait()
            reader.join(timeout=5)
            err.seek(0)
            self._last_returncode = proc.returncode
            return lines, err.read(), proc.returncode == 0

    def _collect(self):
        results = {}
        start = 0
        while start < len(self.cases):
            lines, stderr, ok = self._run_worker(start)
            for line in lines:
                if line.startswith('{"index"'):
                    item = json.loads(line)
                    results[item["index"]] = item["expect"]
                    self.extras[item["index"]] = item.get("extra", {})
                    self.meta[item["index"]] = item.get("meta", {})
            done = max([i for i in results if i >= start], default=start - 1)
            if done + 1 < len(self.cases) and not ok:
                crashed = done + 1
                text = [l.strip() for l in stderr.splitlines() if l.strip()]
                fatal = [l for l in text if "Check failed" in l or "SIGSEGV" in l or l.startswith(("F0", "terminate", "Fatal"))]
                code = getattr(self, "_last_returncode", None)
                signal_name = ""
                if code is not None and code < 0:  # killed by a signal, e.g. SIGFPE from a division by zero in C++
                    import signal
                    try:
                        signal_name = signal.Signals(-code).name
                    except ValueError:
                        signal_name = f"signal {-code}"
                message = (fatal or ([f"killed by {signal_name}"] if signal_name else []) or text[-1:] or ["(no message)"])[0][:400]
                results[crashed] = {"error": f"process aborted: {message}"}
                print(f"  case {self.cases[crashed][0]} aborted the process: {message[:120]}")
                start = crashed + 1
            else:
                start = done + 1
                if not ok and start >= len(self.cases):
                    break
        return results

    def write(self):
        worker = os.environ.get("CONVT_FIXTURE_WORKER")
        if worker is not None:
            self._work(int(worker))
            sys.exit(0)
        results = self._collect()
        path = os.path.join(FIXTURES, f"{self.framework}.jsonl")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        accepted = 0
        with open(path, "w") as f:
            f.write(json.dumps({"generator": os.path.basename(sys.argv[0]), "versions": self.versions}) + "\n")
            for index, (case_id, request, _) in enumerate(self.cases):
                expect = results[index]
                if self.values_only and "output" not in expect:
                    continue  # a values file keeps only the calls that produced values
                accepted += "output_shape" in expect or "output" in expect
                request = dict(request, **self.extras.get(index, {}))
                f.write(json.dumps({"id": case_id, "request": request, "expect": expect, **self.meta.get(index, {})}) + "\n")
        print(f"{path}: {len(self.cases)} cases ({accepted} accepted, {len(self.cases) - accepted} rejected)")


class Geometry:
    """A random small geometry, per axis: sizes, kernel, stride, dilation, padding."""

    def __init__(self, rng, rank, degenerate=False):
        self.rank = rank
        sizes = [0, 1, 2, 3, 4, 5, 6, 7, 9] if degenerate else [1, 2, 3, 4, 5, 6, 7, 8, 10]
        square = rng.random() < 0.5
        pick = lambda options: [rng.choice(options)] * rank if square else [rng.choice(options) for _ in range(rank)]
        self.size_in = pick(sizes)
        self.kernel = pick([1, 2, 3, 3, 4, 5])
        self.stride = pick([1, 1, 2, 2, 3, 4])
        self.dilation = pick([1, 1, 1, 2, 3])
        self.padding = pick([0, 0, 1, 1, 2, 3])


def scalar_or_list(rng, values):
    """A scalar when all axes agree (half the time), else the list."""
    if len(set(values)) == 1 and rng.random() < 0.5:
        return values[0]
    return list(values)


def rng_for(name):
    return random.Random(f"convt-lab fixtures {name}")
