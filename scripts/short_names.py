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
once each as a key of its import object (`name: function…`), and that module itself, a key of the
object the glue hands the wasm (`"./<name>_bg.js": import0`); and the exports the glue uses only
as `wasm.name` and the split loader (LOADER.js, which takes the memory and table by name) never
mentions. The split loader's own imports keep their names: its file exports them. Anything that
does not look like this stops the build rather than risk a glue that no longer matches.
"""

import re
import sys

from wasm_sections import map_exports, map_imports, save

LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

# The module the wasm imports wasm-bindgen's functions from, in place of `./<name>_bg.js`: it
# stands before each of the 170-odd import names in the wasm (about 0.1 KB gzipped). It is only a
# key of the glue's import object (no file by that name is loaded), as wasm-bindgen's own was.
SHORT_MODULE = "wbg"


def short_name(index: int) -> str:
    """0 → a, 51 → Z, 52 → ab, …: names the glue uses as property names only."""
    name = LETTERS[index % 52]
    index //= 52
    while index:
        name += LETTERS[index % 52]
        index //= 52
    return name


def renamer(renamable):
    """A name mapping that gives each name `renamable` accepts the next short name, and the
    renaming so far."""
    renamed: dict[str, str] = {}

    def new_name(name: str) -> str:
        if not renamable(name):
            return name
        return renamed.setdefault(name, short_name(len(renamed)))

    return new_name, renamed


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

    new_import_name, imports = renamer(lambda _: True)
    wasm = map_imports(
        wasm,
        lambda from_module, name: new_import_name(name) if from_module == module else name,
        lambda from_module: SHORT_MODULE if from_module == module else from_module,
    )
    if not imports:
        raise SystemExit(f"short_names: no imports from {module} (has wasm-bindgen's naming changed?)")
    glue, found = re.subn(r'(?<![\w$.])"' + re.escape(module) + r'"(?=\s*:)', SHORT_MODULE, glue)
    if found != 1 or module in glue:
        raise SystemExit(f"short_names: the glue names module {module} {found} times as a key; expected once")
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

    new_export_name, exports = renamer(only_as_wasm_property)
    wasm = map_exports(wasm, new_export_name)
    for old, new in exports.items():
        glue = re.sub(r"(?<![\w$])wasm\." + re.escape(old) + r"(?![\w$])", "wasm." + new, glue)

    save(wasm_path, wasm, glue_path, glue)
    print(f"short_names: {len(imports)} imports and {len(exports)} exports renamed")


if __name__ == "__main__":
    main()
