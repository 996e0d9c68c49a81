#!/usr/bin/env python3
"""Give the wasm's imports and exports short names, in the wasm and in wasm-bindgen's glue alike.

wasm-bindgen names each import after its function and a 16-digit hash
(`__wbg_setAttribute_2b6b4d3c5a1e0f77`), and some exports the same way
(`wasm_bindgen__convert__closures_____invoke__h00f272247694202a`). The app has about 180 such
names; each stands once in the wasm and once or more in the glue, and the hashes do not
compress: about 5 KB of the first view's gzipped size. Renamed to `a`, `b`, … `ba`, … the two
still match, which is all the browser checks.

Usage: short_names.py APP_bg.wasm APP.js LOADER.js   (the first two rewritten in place; run
before minifying)

Renamed: the imports from wasm-bindgen's own module (`./<name>_bg.js`), which the glue holds
once each as a key of its import object (`name: function…`); and the exports the glue uses only
as `wasm.name` and the split loader (LOADER.js, which takes the memory and table by name) never
mentions. The split loader's own imports keep their names: its file exports them. Anything that
does not look like this stops the build rather than risk a glue that no longer matches.
"""

import re
import sys

IMPORT_SECTION = 2
EXPORT_SECTION = 7
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


def rewrite_section(wasm: bytes, section_id: int, rewrite) -> bytes:
    """The wasm with one section's body replaced by `rewrite(wasm, body_start, body_end)`."""
    out = bytearray(wasm[:8])
    at = 8
    while at < len(wasm):
        section = wasm[at]
        size, body_at = read_leb(wasm, at + 1)
        end = body_at + size
        if section == section_id:
            body = rewrite(wasm, body_at, end)
            out += bytes([section]) + leb(len(body)) + body
        else:
            out += wasm[at:end]
        at = end
    return bytes(out)


def rename_imports(wasm: bytes, module: bytes) -> tuple[bytes, dict[str, str]]:
    """The wasm with `module`'s imports renamed, and the renaming."""
    renamed: dict[str, str] = {}

    def rewrite(data: bytes, pos: int, _end: int) -> bytes:
        count, pos = read_leb(data, pos)
        body = bytearray(leb(count))
        for _ in range(count):
            length, pos = read_leb(data, pos)
            from_module = data[pos : pos + length]
            pos += length
            length, pos = read_leb(data, pos)
            name = data[pos : pos + length].decode()
            pos += length
            description_end = skip_import_description(data, pos)
            if from_module == module:
                name = renamed.setdefault(name, short_name(len(renamed)))
            body += name_bytes(from_module) + name_bytes(name.encode()) + data[pos:description_end]
            pos = description_end
        return bytes(body)

    return rewrite_section(wasm, IMPORT_SECTION, rewrite), renamed


def rename_exports(wasm: bytes, renamable) -> tuple[bytes, dict[str, str]]:
    """The wasm with the exports `renamable(name)` accepts renamed, and the renaming."""
    renamed: dict[str, str] = {}

    def rewrite(data: bytes, pos: int, _end: int) -> bytes:
        count, pos = read_leb(data, pos)
        body = bytearray(leb(count))
        for _ in range(count):
            length, pos = read_leb(data, pos)
            name = data[pos : pos + length].decode()
            pos += length
            kind_start = pos
            pos = read_leb(data, pos + 1)[1]  # kind, index
            if renamable(name):
                name = renamed.setdefault(name, short_name(len(renamed)))
            body += name_bytes(name.encode()) + data[kind_start:pos]
        return bytes(body)

    return rewrite_section(wasm, EXPORT_SECTION, rewrite), renamed


def main() -> None:
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    wasm_path, glue_path, loader_path = sys.argv[1:]
    module = "./" + re.sub(r"\.js$", "_bg.js", glue_path.rsplit("/", 1)[-1])
    with open(wasm_path, "rb") as f:
        wasm = f.read()
    with open(glue_path, encoding="utf-8") as f:
        glue = f.read()
    with open(loader_path, encoding="utf-8") as f:
        loader = f.read()

    wasm, imports = rename_imports(wasm, module.encode())
    if not imports:
        raise SystemExit(f"short_names: no imports from {module} (has wasm-bindgen's naming changed?)")
    for old, new in imports.items():
        glue, found = re.subn(r"(?<![\w$.])" + re.escape(old) + r"(?=\s*:)", new, glue)
        if found != 1 or re.search(r"\b" + re.escape(old) + r"\b", glue):
            raise SystemExit(f"short_names: the glue names import {old} {found} times as a key; expected once")

    # The glue wraps some exports in module-level JavaScript functions of the same name
    # (`function f(…) { wasm.f(…) }`, passed and called as `f`): those are its own bindings, and
    # renaming the export leaves them be. Any other use of the name keeps it.
    def only_as_wasm_property(name: str) -> bool:
        word = re.escape(name)
        dotted = len(re.findall(r"\." + word + r"(?![\w$])", glue))
        uses = len(re.findall(r"(?<![\w$])wasm\." + word + r"(?![\w$])", glue))
        bare = len(re.findall(r"(?<![\w$.])" + word + r"(?![\w$])", glue))
        own_function = re.search(r"(?<![\w$])function " + word + r"\(", glue)
        in_loader = re.search(r"(?<![\w$])" + word + r"(?![\w$])", loader)
        return uses > 0 and dotted == uses and (bare == 0 or own_function) and not in_loader

    wasm, exports = rename_exports(wasm, only_as_wasm_property)
    for old, new in exports.items():
        glue = re.sub(r"(?<![\w$])wasm\." + re.escape(old) + r"(?![\w$])", "wasm." + new, glue)

    with open(wasm_path, "wb") as f:
        f.write(wasm)
    with open(glue_path, "w", encoding="utf-8") as f:
        f.write(glue)
    print(f"short_names: {len(imports)} imports and {len(exports)} exports renamed")


if __name__ == "__main__":
    main()
