"""The largest functions of a wasm module, by name: where the first view's bytes go.

    python3 scripts/wasm_top.py MODULE.wasm [COUNT] [FILTER]

Needs a module that still has its name section (cargo's own output, or wasm-split-cli's main
module made from it — not Trunk's optimised dist/ module). Sizes are raw body bytes, with each
function's gzipped size alone beside it (a rough guide: gzip shares context across functions).
Grouped by crate path too, so "leptos", "scene", "ui" add up.
"""

import gzip
import re
import sys
from collections import defaultdict

from wasm_sections import read_leb

IMPORT_SECTION, CODE_SECTION, CUSTOM_SECTION = 2, 10, 0


def sections(data: bytes):
    at = 8
    while at < len(data):
        kind = data[at]
        size, body = read_leb(data, at + 1)
        yield kind, data[body : body + size]
        at = body + size


def name(data: bytes, at: int) -> tuple[str, int]:
    length, at = read_leb(data, at)
    return data[at : at + length].decode("utf-8", "replace"), at + length


def function_imports(section: bytes) -> int:
    count, at = read_leb(section, 0)
    functions = 0
    for _ in range(count):
        _, at = name(section, at)
        _, at = name(section, at)
        kind = section[at]
        at += 1
        if kind == 0:  # function: a type index
            _, at = read_leb(section, at)
            functions += 1
        elif kind == 1:  # table: reftype, limits
            at += 1
            flags = section[at]
            _, at = read_leb(section, at + 1)
            if flags & 1:
                _, at = read_leb(section, at)
        elif kind == 2:  # memory: limits
            flags = section[at]
            _, at = read_leb(section, at + 1)
            if flags & 1:
                _, at = read_leb(section, at)
        else:  # global: valtype, mutability
            at += 2
    return functions


def demangle(symbol: str) -> str:
    """A Rust legacy symbol (`_ZN9convt_lab2ui…17h…E`) as a path (`convt_lab::ui::…`), hash dropped."""
    match = re.match(r"_?_ZN(.*)E$", symbol)
    if not match:
        return symbol
    rest, parts = match.group(1), []
    while rest and rest[0].isdigit():
        digits = re.match(r"\d+", rest).group(0)
        length = int(digits)
        parts.append(rest[len(digits) : len(digits) + length])
        rest = rest[len(digits) + length :]
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    text = "::".join(parts)
    for code, char in (("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$RF$", "&"), ("$C$", ","), ("..", "::")):
        text = text.replace(code, char)
    return text


def main() -> None:
    path = sys.argv[1]
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    only = sys.argv[3] if len(sys.argv) > 3 else None
    data = open(path, "rb").read()
    imported, bodies, names = 0, [], {}
    for kind, body in sections(data):
        if kind == IMPORT_SECTION:
            imported = function_imports(body)
        elif kind == CODE_SECTION:
            n, at = read_leb(body, 0)
            for _ in range(n):
                size, start = read_leb(body, at)
                bodies.append(body[start : start + size])
                at = start + size
        elif kind == CUSTOM_SECTION:
            title, at = name(body, 0)
            if title != "name":
                continue
            while at < len(body):
                sub = body[at]
                size, start = read_leb(body, at + 1)
                if sub == 1:
                    n, p = read_leb(body, start)
                    for _ in range(n):
                        index, p = read_leb(body, p)
                        names[index], p = name(body, p)
                at = start + size
    rows = []
    groups = defaultdict(int)
    for i, code in enumerate(bodies):
        label = demangle(names.get(imported + i, f"func{imported + i}"))
        if only and only not in label:
            continue
        rows.append((len(code), len(gzip.compress(code, 9)), label))
        path = re.sub(r"^<+", "", label).split(" as ")[0].split("<")[0]
        groups["::".join(path.split("::")[:3])] += len(code)
    rows.sort(reverse=True)
    total = sum(r[0] for r in rows)
    print(f"{len(rows)} functions, {total} bytes of code")
    for size, packed, label in rows[:count]:
        print(f"{size:8} {packed:7}  {label[:150]}")
    print("\nby path:")
    for group, size in sorted(groups.items(), key=lambda g: -g[1])[:count]:
        print(f"{size:8}  {group[:120]}")


if __name__ == "__main__":
    main()
