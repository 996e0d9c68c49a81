#!/usr/bin/env python3
"""Take wasm-streams' three JavaScript classes out of the glue.

Leptos links server_fn, which links wasm-streams, which exports `IntoUnderlyingSource`,
`IntoUnderlyingByteSource` and `IntoUnderlyingSink` to JavaScript for streaming server functions.
This app has no server, and scripts/drop_stream_exports.py takes their exports out of the wasm
before the split. wasm-bindgen still writes each class, a shell whose `free` calls a destructor
export that is gone: this cuts them (about 0.2 KB of the first view, gzipped).

Usage: drop_stream_classes.py APP.js   (rewritten in place; run on wasm-bindgen's own output, before
short_names.py and before minifying)

Each class is cut as wasm-bindgen writes it: `export class Name {` … `}` at the line's start, its
`if (Symbol.dispose) Name.prototype…` line, and its `const NameFinalization = …;` registry. If a
class is there but not in that shape, or is still mentioned afterwards, the build stops rather
than ship a glue that calls a missing export.
"""

import re
import sys

CLASSES = ("IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource")


def cut_class(glue: str, name: str) -> str:
    """The glue without class `name`."""
    parts = [
        re.compile(r"^export class " + name + r" \{\n.*?^\}\n", re.S | re.M),
        re.compile(r"^if \(Symbol\.dispose\) " + name + r"\.prototype\[Symbol\.dispose\] = [^\n]*\n", re.M),
        re.compile(r"^const " + name + r"Finalization = .*?;\n", re.S | re.M),
    ]
    for part in parts:
        match = part.search(glue)
        if match is None:
            raise SystemExit(f"drop_stream_classes: {name} is in the glue, but not as expected ({part.pattern})")
        glue = glue[: match.start()] + glue[match.end() :]
    if re.search(r"\b" + name + r"\b", glue):
        raise SystemExit(f"drop_stream_classes: the glue still mentions {name} after the cut")
    return glue


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    glue_path = sys.argv[1]
    with open(glue_path, encoding="utf-8") as f:
        glue = f.read()
    present = [name for name in CLASSES if re.search(r"\b" + name + r"\b", glue)]
    for name in present:
        glue = cut_class(glue, name)
    with open(glue_path, "w", encoding="utf-8") as f:
        f.write(glue)
    print(f"drop_stream_classes: {len(present)} classes cut")


if __name__ == "__main__":
    main()
