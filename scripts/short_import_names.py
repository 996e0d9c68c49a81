#!/usr/bin/env python3
"""Give the wasm's JavaScript imports short names, in the wasm and in wasm-bindgen's glue alike.

wasm-bindgen names each import after its function and a 16-digit hash
(`__wbg_setAttribute_2b6b4d3c5a1e0f77`). The app has about 160 of them; the name stands once in
the wasm's import section and once in the glue's import object, and the hashes do not compress:
about 5 KB of the first view's gzipped size. Renamed to `a`, `b`, … `ba`, … the pair still
matches, which is all the browser checks.

Usage: short_import_names.py APP_bg.wasm APP.js   (both rewritten in place; run before minifying)

Only imports from wasm-bindgen's own module (`./<name>_bg.js`) are renamed: the split loader's
imports (`./__wasm_split.js`) are names that file exports. The glue must hold each renamed name
exactly once, as a key of its import object (`name: function…`); anything else stops the build
rather than risk a glue that no longer matches.
"""

import re
import sys

IMPORT_SECTION = 2
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"


def read_leb(data: bytes, at: int) -> tuple[int, int]:
    """An unsigned LEB128 number at `at`: (value, position after it)."""
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, at


def leb(value: int) -> bytes:
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def name_bytes(text: bytes) -> bytes:
    return leb(len(text)) + text


def short_name(index: int) -> str:
    """0 → a, 51 → Z, 52 → ab, …: valid JavaScript identifiers, never a keyword."""
    name = LETTERS[index % 52]
    index //= 52
    while index:
        name += LETTERS[index % 52]
        index //= 52
    return name


def skip_import_description(data: bytes, at: int) -> int:
    """The position after one import's kind and type (function, table, memory, global, tag)."""
    kind = data[at]
    at += 1
    if kind == 0:  # function: type index
        return read_leb(data, at)[1]
    if kind in (1, 2):  # table (reference type, limits) or memory (limits)
        if kind == 1:
            at += 1
        flags = data[at]
        at = read_leb(data, at + 1)[1]
        return read_leb(data, at)[1] if flags & 1 else at
    if kind == 3:  # global: value type, mutability
        return at + 2
    if kind == 4:  # tag: attribute, type index
        return read_leb(data, at + 1)[1]
    raise SystemExit(f"short_import_names: unknown import kind {kind}")


def rename_imports(wasm: bytes, module: bytes) -> tuple[bytes, dict[str, str]]:
    """The wasm with `module`'s imports renamed, and the renaming."""
    out = bytearray(wasm[:8])
    renamed: dict[str, str] = {}
    at = 8
    while at < len(wasm):
        section = wasm[at]
        size, body_at = read_leb(wasm, at + 1)
        end = body_at + size
        if section != IMPORT_SECTION:
            out += wasm[at:end]
            at = end
            continue
        count, pos = read_leb(wasm, body_at)
        body = bytearray(leb(count))
        for _ in range(count):
            length, pos = read_leb(wasm, pos)
            from_module = wasm[pos : pos + length]
            pos += length
            length, pos = read_leb(wasm, pos)
            name = wasm[pos : pos + length].decode()
            pos += length
            description_end = skip_import_description(wasm, pos)
            if from_module == module:
                name = renamed.setdefault(name, short_name(len(renamed)))
            body += name_bytes(from_module) + name_bytes(name.encode()) + wasm[pos:description_end]
            pos = description_end
        out += bytes([IMPORT_SECTION]) + leb(len(body)) + body
        at = end
    return bytes(out), renamed


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    wasm_path, glue_path = sys.argv[1], sys.argv[2]
    module = "./" + re.sub(r"\.js$", "_bg.js", glue_path.rsplit("/", 1)[-1])
    with open(wasm_path, "rb") as f:
        wasm = f.read()
    with open(glue_path, encoding="utf-8") as f:
        glue = f.read()

    wasm, renamed = rename_imports(wasm, module.encode())
    for old, new in renamed.items():
        glue, found = re.subn(r"(?<![\w$.])" + re.escape(old) + r"(?=\s*:)", new, glue)
        if found != 1 or old in glue:
            raise SystemExit(f"short_import_names: the glue names {old} {found} times as a key; expected once")
    if not renamed:
        raise SystemExit(f"short_import_names: no imports from {module} (has wasm-bindgen's naming changed?)")

    with open(wasm_path, "wb") as f:
        f.write(wasm)
    with open(glue_path, "w", encoding="utf-8") as f:
        f.write(glue)
    print(f"short_import_names: {len(renamed)} imports renamed")


if __name__ == "__main__":
    main()
