#!/usr/bin/env python3
"""Take wasm-streams' three JavaScript classes out of the glue, and their exports out of the wasm.

Leptos links server_fn, which links wasm-streams, which exports `IntoUnderlyingSource`,
`IntoUnderlyingByteSource` and `IntoUnderlyingSink` to JavaScript for streaming server functions.
This app has no server: nothing in it ever makes one of these objects (the glue has no way to,
and the classes have no constructor), yet their exports keep about 4 KB of wasm (and promise
machinery) alive and their classes sit in the glue: about 1.7 KB of the first view, gzipped.

Usage: drop_stream_classes.py APP_bg.wasm APP.js   (both rewritten in place; run on wasm-bindgen's
own output, before short_names.py and before minifying)

Each class is cut as wasm-bindgen writes it: `export class Name {` … `}` at the line's start, its
`if (Symbol.dispose) Name.prototype…` line, and its `const NameFinalization = …;` registry. The
wasm exports only those parts called are then dropped, and wasm-opt (Trunk's) removes the code
behind them. If a class is there but not in that shape, or is still mentioned afterwards, the
build stops rather than ship a glue that calls a missing export.
"""

import re
import sys

from wasm_sections import map_exports, save

CLASSES = ("IntoUnderlyingByteSource", "IntoUnderlyingSink", "IntoUnderlyingSource")


def cut_class(glue: str, name: str) -> tuple[str, str]:
    """The glue without class `name`, and the text cut."""
    parts = [
        re.compile(r"^export class " + name + r" \{\n.*?^\}\n", re.S | re.M),
        re.compile(r"^if \(Symbol\.dispose\) " + name + r"\.prototype\[Symbol\.dispose\] = [^\n]*\n", re.M),
        re.compile(r"^const " + name + r"Finalization = .*?;\n", re.S | re.M),
    ]
    cut = ""
    for part in parts:
        match = part.search(glue)
        if match is None:
            raise SystemExit(f"drop_stream_classes: {name} is in the glue, but not as expected ({part.pattern})")
        cut += match.group(0)
        glue = glue[: match.start()] + glue[match.end() :]
    if re.search(r"\b" + name + r"\b", glue):
        raise SystemExit(f"drop_stream_classes: the glue still mentions {name} after the cut")
    return glue, cut


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    wasm_path, glue_path = sys.argv[1:]
    with open(glue_path, encoding="utf-8") as f:
        glue = f.read()

    called: set[str] = set()
    for name in CLASSES:
        if re.search(r"\b" + name + r"\b", glue):
            glue, cut = cut_class(glue, name)
            called |= set(re.findall(r"\bwasm\.(\w+)", cut))
    unused = {export for export in called if not re.search(r"\bwasm\." + export + r"\b", glue)}
    if not unused:
        return

    with open(wasm_path, "rb") as f:
        wasm = map_exports(f.read(), lambda name: None if name in unused else name)
    save(wasm_path, wasm, glue_path, glue)
    print(f"drop_stream_classes: {len(unused)} exports dropped")


if __name__ == "__main__":
    main()
