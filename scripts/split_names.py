#!/usr/bin/env python3
"""Give the lazy modules' loader functions their plain names, and the glue one import of the loader.

wasm-split names each loader function after its lazy function and a 19- or 20-digit hash
(`__wasm_split_load_load_views_1865650976985156211`): the wasm imports it under that name and
the loader (LOADER.js) exports it, and the digits do not compress. Here each becomes the lazy
function's own name (`load_views`), in the wasm and the loader alike. And wasm-bindgen's glue
imports the loader once per loader function (`import * as import1 … import * as import10 from
"./__wasm_split.js"`, each the same module, each a key of the object the glue hands the wasm):
one import and one key do. Together about 0.3 KB of the first view, gzipped.

Usage: split_names.py APP_bg.wasm APP.js LOADER.js   (all three rewritten in place; run after
wasm-bindgen, before the loader is renamed and before minifying)

Two lazy functions of the same name in different modules would share a plain name: then, or if
anything does not look as described, the build stops.
"""

import re
import sys

from wasm_sections import map_imports

LOADER_MODULE = "./__wasm_split.js"
LOADER_FUNCTION = re.compile(r"__wasm_split_load_(\w+)_\d+")


def main() -> None:
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    wasm_path, glue_path, loader_path = sys.argv[1:]
    with open(wasm_path, "rb") as f:
        wasm = f.read()
    with open(glue_path, encoding="utf-8") as f:
        glue = f.read()
    with open(loader_path, encoding="utf-8") as f:
        loader = f.read()

    renamed: dict[str, str] = {}

    def plain_name(module: str, name: str) -> str:
        if module != LOADER_MODULE:
            return name
        match = LOADER_FUNCTION.fullmatch(name)
        if match is None:
            raise SystemExit(f"split_names: the wasm imports {name} from the loader; expected __wasm_split_load_<name>_<digits>")
        if match.group(1) in renamed.values():
            raise SystemExit(f"split_names: two lazy functions are named {match.group(1)}")
        renamed[name] = match.group(1)
        return match.group(1)

    wasm = map_imports(wasm, plain_name)
    if not renamed:
        raise SystemExit(f"split_names: the wasm imports nothing from {LOADER_MODULE} (has wasm-split's naming changed?)")
    for old, new in renamed.items():
        loader, found = re.subn(r"^export const " + re.escape(old) + r" =", f"export const {new} =", loader, flags=re.M)
        if found != 1 or old in loader or old in glue:
            raise SystemExit(f"split_names: the loader exports {old} {found} times; expected once, and named nowhere else")

    # One namespace import of the loader module, and one key for it in the import object.
    imports = re.findall(r'^import \* as (\w+) from "' + re.escape(LOADER_MODULE) + r'";?\n', glue, flags=re.M)
    keys = re.findall(r'^\s*"' + re.escape(LOADER_MODULE) + r'": (\w+),\n', glue, flags=re.M)
    if not imports or imports != keys:
        raise SystemExit(f"split_names: the glue imports the loader as {imports} and hands it over as {keys}; expected the same")
    kept = imports[0]
    for extra in imports[1:]:
        glue = re.sub(r'^import \* as ' + extra + r' from "' + re.escape(LOADER_MODULE) + r'";?\n', "", glue, flags=re.M)
        glue = re.sub(r'^\s*"' + re.escape(LOADER_MODULE) + r'": ' + extra + r",\n", "", glue, flags=re.M)
        if re.search(r"\b" + extra + r"\b", glue):
            raise SystemExit(f"split_names: the glue still uses {extra} after the cut")

    with open(wasm_path, "wb") as f:
        f.write(wasm)
    with open(glue_path, "w", encoding="utf-8") as f:
        f.write(glue)
    with open(loader_path, "w", encoding="utf-8") as f:
        f.write(loader)
    print(f"split_names: {len(renamed)} loader functions renamed; the glue imports the loader once, as {kept}")


if __name__ == "__main__":
    main()
