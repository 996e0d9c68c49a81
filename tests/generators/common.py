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
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(ROOT, "tests", "fixtures")


def error_text(exc):
    """The framework's own message, first meaningful lines, bounded."""
    text = f"{type(exc).__name__}: {exc}".strip()
    lines = [l.strip() for l in text.splitlines() if l.strip()]
    # C++ stack dumps (MXNet, Paddle) bury the message; keep the lines that say what failed.
    keep = [l for l in lines if not l.startswith(("[bt]", "Stack trace", "File \"", "0x"))]
    return " | ".join(keep[:6])[:600]


class Fixtures:
    """Collects cases and writes them as JSON Lines."""

    def __init__(self, framework, versions):
        self.framework = framework
        self.versions = versions
        self.cases = []
        self.seen = set()

    def run(self, case_id, request, call):
        """Record `call()`'s output shape, or the exception it raised, for `request`."""
        key = json.dumps(request, sort_keys=True)
        if key in self.seen:
            return
        self.seen.add(key)
        try:
            shape = [int(v) for v in call()]
            expect = {"output_shape": shape}
        except Exception as exc:  # every framework error is data here
            expect = {"error": error_text(exc)}
        self.cases.append({"id": f"{self.framework}-{len(self.cases):04d}-{case_id}", "request": request, "expect": expect})

    def write(self):
        os.makedirs(FIXTURES, exist_ok=True)
        path = os.path.join(FIXTURES, f"{self.framework}.jsonl")
        with open(path, "w") as f:
            f.write(json.dumps({"generator": os.path.basename(sys.argv[0]), "versions": self.versions}) + "\n")
            for case in self.cases:
                f.write(json.dumps(case) + "\n")
        accepted = sum(1 for c in self.cases if "output_shape" in c["expect"])
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
