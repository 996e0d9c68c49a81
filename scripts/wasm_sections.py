"""Reading and rewriting a wasm module's import and export sections, for the build's post-processing
(short_names.py, split_names.py, drop_stream_exports.py). Just enough of the binary format for names.
"""

IMPORT_SECTION = 2
EXPORT_SECTION = 7


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


def name_bytes(text: str) -> bytes:
    raw = text.encode()
    return leb(len(raw)) + raw


def read_name(data: bytes, at: int) -> tuple[str, int]:
    length, at = read_leb(data, at)
    return data[at : at + length].decode(), at + length


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
    raise SystemExit(f"wasm_sections: unknown import kind {kind}")


def rewrite_section(wasm: bytes, section_id: int, rewrite) -> bytes:
    """The wasm with one section's body replaced by `rewrite(wasm, body_start)`."""
    out = bytearray(wasm[:8])
    at = 8
    while at < len(wasm):
        section = wasm[at]
        size, body_at = read_leb(wasm, at + 1)
        end = body_at + size
        if section == section_id:
            body = rewrite(wasm, body_at)
            out += bytes([section]) + leb(len(body)) + body
        else:
            out += wasm[at:end]
        at = end
    return bytes(out)


def map_imports(wasm: bytes, new_name, new_module=lambda module: module) -> bytes:
    """The wasm with each import named `new_name(module, name)`, from module `new_module(module)`."""

    def rewrite(data: bytes, pos: int) -> bytes:
        count, pos = read_leb(data, pos)
        body = bytearray(leb(count))
        for _ in range(count):
            module, pos = read_name(data, pos)
            name, pos = read_name(data, pos)
            description_end = skip_import_description(data, pos)
            body += name_bytes(new_module(module)) + name_bytes(new_name(module, name)) + data[pos:description_end]
            pos = description_end
        return bytes(body)

    return rewrite_section(wasm, IMPORT_SECTION, rewrite)


def map_exports(wasm: bytes, new_name) -> bytes:
    """The wasm with each export named `new_name(name)`, or dropped where that is None."""

    def rewrite(data: bytes, pos: int) -> bytes:
        count, pos = read_leb(data, pos)
        kept = []
        for _ in range(count):
            name, pos = read_name(data, pos)
            description_start = pos
            pos = read_leb(data, pos + 1)[1]  # kind, index
            renamed = new_name(name)
            if renamed is not None:
                kept.append(name_bytes(renamed) + data[description_start:pos])
        return leb(len(kept)) + b"".join(kept)

    return rewrite_section(wasm, EXPORT_SECTION, rewrite)


def save(wasm_path: str, wasm: bytes, glue_path: str, glue: str) -> None:
    """Write the rewritten wasm and its glue."""
    with open(wasm_path, "wb") as f:
        f.write(wasm)
    with open(glue_path, "w", encoding="utf-8") as f:
        f.write(glue)
