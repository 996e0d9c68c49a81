"""Trunk post-build hook: put the lazily loaded wasm modules next to the app.

scripts/split-shim/wasm-bindgen leaves the split modules and their loader (__wasm_split-<hash>.js,
named per build) in Trunk's wasm-bindgen output directory; Trunk copies only the main module and
its JS. This copies the rest into the staging directory, names each module by its content hash
(so a browser never pairs a cached module with a newer app) in place of the hash of its lazy
function's identity that wasm-split gives it (`split_load_views_1865650976985156211.wasm` becomes
`split_load_views-<content hash>.wasm`: the loader names each module, and the digits do not
compress), and points the loader at the hashed app JS.
"""

import glob
import hashlib
import os
import re
import shutil
import sys

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
profile = "release" if os.environ.get("TRUNK_PROFILE", "debug") == "release" else "debug"
target = os.environ.get("CARGO_TARGET_DIR") or os.path.join(os.environ.get("TRUNK_SOURCE_DIR", "."), "target")
source = os.path.join(target, "wasm-bindgen", profile)

loaders = glob.glob(os.path.join(source, "__wasm_split-*.js"))
if len(loaders) != 1:
    sys.exit(f"split_assets: expected one __wasm_split-*.js from the wasm-bindgen shim, found {loaders} "
             "(is scripts/split-shim first on PATH?)")
loader_name = os.path.basename(loaders[0])
loader = open(loaders[0], encoding="utf-8").read()

# The app's JS, as Trunk named it (convt-lab-<hash>.js).
apps = [p for p in glob.glob(os.path.join(staging, "convt-lab-*.js"))]
if len(apps) != 1:
    sys.exit(f"split_assets: expected one convt-lab-*.js in {staging}, found {apps}")
if '"./convt-lab.js"' not in loader:
    sys.exit("split_assets: the loader does not import ./convt-lab.js")
loader = loader.replace('"./convt-lab.js"', '"./' + os.path.basename(apps[0]) + '"')

names = sorted(set(re.findall(r'"\./((?:split|chunk)_[A-Za-z0-9_]+)\.wasm"', loader)))
plain = {name: re.sub(r"^(split_\w+?)_\d+$", r"\1", name) for name in names}
if len(set(plain.values())) != len(names):
    sys.exit(f"split_assets: two modules would share a name: {sorted(plain.values())}")
for name in names:
    data = open(os.path.join(source, name + ".wasm"), "rb").read()
    # 8 hex digits tell one build's module from another's; the loader names some fifty modules,
    # and every digit more is a byte of the first view that does not compress.
    hashed = f"{plain[name]}-{hashlib.sha256(data).hexdigest()[:8]}"
    with open(os.path.join(staging, hashed + ".wasm"), "wb") as out:
        out.write(data)
    loader = loader.replace(f'"./{name}.wasm"', f'"./{hashed}.wasm"')

with open(os.path.join(staging, loader_name), "w", encoding="utf-8") as out:
    out.write(loader)
