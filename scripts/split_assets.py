"""Trunk post-build hook: put the lazily loaded wasm modules next to the app.

scripts/split-shim/wasm-bindgen leaves the split modules and their loader (__wasm_split-<hash>.js,
named per build) in Trunk's wasm-bindgen output directory; Trunk copies only the main module and
its JS. This copies the rest into the staging directory, names each module by its content hash
(so a browser never pairs a cached module with a newer app) in place of the hash of its lazy
function's identity that wasm-split gives it (`split_load_views_1865650976985156211.wasm` becomes
`split_load_views-<content hash>.wasm`: the loader names each module, and the digits do not
compress), and points the loader at the hashed app JS.

It also lets a link's modules arrive while the app's own module compiles. The loader fetches a
lazy module, and the chunks it shares with others, only when the app first calls it, and a link
calls its reader (`open_link`) only once the app is running, then the dialects or the other views
once the reader has run: three rounds, each waiting on the last. Here each fetch becomes a
compilation (`WebAssembly.compileStreaming`) that the loader takes from a table if it was started
already; a small module that index.html imports only when the page has a query (link-start-<hash>.js)
starts the reader's as soon as the page is parsed, each group of files fetched as one pack, and
the dialects' and the views' when the query plainly asks for them (`fw=` another framework; `view=` another view, `op=conv`). A guess that
misses costs one compilation nobody takes; one that is missing costs only the wait it would have
saved. (The loader is imported by the app's module, so it runs only once the app's JS has arrived:
too late to start anything early.) And the app's module imports only a stub of the loader, which
imports the loader proper when a lazy function is first called: the landing page's first view
loads none.
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

# Each module's definition: `name=[s(]e(()=>{const t=fetch(new URL("./file.wasm",import.meta.url));
# return async n=>WebAssembly.instantiateStreaming(t,n)},[deps])` (minified names vary by build).
definition = re.compile(
    r'([\w$]+)=(?:[\w$]+\()?[\w$]+\(\(\)=>\{const ([\w$]+)=fetch\(new URL\("(\./[\w.-]+\.wasm)",import\.meta\.url\)\);'
    r"return async ([\w$]+)=>WebAssembly\.instantiateStreaming\(\2,\4\)\},\[([\w$,]*)\]\)"
)
modules = {m.group(1): (m.group(3), [d for d in m.group(5).split(",") if d]) for m in definition.finditer(loader)}
if len(modules) != loader.count("fetch(") or len(modules) != len(names):
    sys.exit(f"split_assets: read {len(modules)} module definitions from the loader, which fetches "
             f"{loader.count('fetch(')} files for {len(names)} modules (has wasm-split's loader changed?)")
exports = dict((name, var) for var, name in re.findall(r"([\w$]+) as (\w+)", re.search(r"export\{([^}]*)\}", loader).group(1)))


def files_of(export):
    """The files a lazy function's load fetches: its own module and the chunks it needs."""
    if export not in exports:
        sys.exit(f"split_assets: the loader exports no `{export}` (renamed in src/?)")
    own, deps = modules[exports[export]]
    return [own] + [modules[d][0] for d in deps]


loader = re.sub(
    r'fetch\(new URL\("(\./[\w.-]+\.wasm)",import\.meta\.url\)\);return async ([\w$]+)=>WebAssembly\.instantiateStreaming\(([\w$]+),\2\)',
    r'__convtTake("\1");return async \2=>WebAssembly.instantiate(await \3,\2)',
    loader,
)
# What the loader takes: the starter's compilation of a file if it began one, else its own.
taker = (
    "function __convtTake(f){const m=globalThis.__convtStarted,p=m&&m.get(f);"
    "if(p){m.delete(f);return p}return WebAssembly.compileStreaming(fetch(new URL(f,import.meta.url)))}\n"
)
loader = taker + loader
# The loader proper, under a name of its own (its content's hash); the app's JS imports, under the
# loader's first name, a stub that imports it the first time a lazy function is called. The
# landing page calls none before its first frame, so the loader is not part of the first view.
real_name = f"split-loader-{hashlib.sha256(loader.encode()).hexdigest()[:8]}.js"
with open(os.path.join(staging, real_name), "w", encoding="utf-8") as out:
    out.write(loader)
stub = f'let l;const L=()=>l??=import("./{real_name}");' + "".join(
    f"export const {name}=(...a)=>L().then(m=>m.{name}(...a));" for name in sorted(exports)
)

# The link's starter: a module of its own, imported by a line in index.html only when the page
# has a query, so the landing page loads neither it nor what it fetches. It runs as soon as the
# page is parsed, well before the app's module has compiled, and fetches each group of modules as
# one pack (the files concatenated; the starter knows each one's length): the reader and its
# chunks are some eighteen files, and eighteen requests over HTTP/1.1 took longer than compiling.
def pack(label, files, leave_out=()):
    files = [f for f in files if f not in leave_out]
    data = b"".join(open(os.path.join(staging, f[2:]), "rb").read() for f in files)
    name = f"pack_{label}-{hashlib.sha256(data).hexdigest()[:8]}"
    with open(os.path.join(staging, name + ".bin"), "wb") as out:
        out.write(data)
    entries = ",".join(f'["{f[2:-5]}",{os.path.getsize(os.path.join(staging, f[2:]))}]' for f in files)
    return f'g("{name}",[{entries}])'


reader = files_of("open_link")
starter = (
    f'import("./{real_name}");'
    "const s=globalThis.__convtStarted=new Map,q=location.search;"
    "const g=(k,fs)=>{const b=fetch(new URL(`./${k}.bin`,import.meta.url))"
    ".then(r=>{if(!r.ok)throw Error(`${k}: ${r.status}`);return r.arrayBuffer()});let o=0;"
    "for(const[f,n]of fs){const u=`./${f}.wasm`,a=o;o+=n;"
    "if(!s.has(u)){const p=b.then(x=>WebAssembly.compile(new Uint8Array(x,a,n)));p.catch(()=>{});s.set(u,p)}}};"
    f"{pack('open_link', reader)};"
    f"/[?&]fw=(?!pytorch(?:&|$))/.test(q)&&{pack('dialects', files_of('load_dialects'), reader)};"
    f"/[?&](?:view=(?!scatter(?:&|$))|op=conv(?:&|$))/.test(q)&&{pack('views', files_of('load_views'), reader)};\n"
)
starter_name = f"link-start-{hashlib.sha256(starter.encode()).hexdigest()[:8]}.js"
with open(os.path.join(staging, starter_name), "w", encoding="utf-8") as out:
    out.write(starter)
index_path = os.path.join(staging, "index.html")
index = open(index_path, encoding="utf-8").read()
if "</head>" not in index:
    sys.exit("split_assets: index.html has no </head>")
index = index.replace(
    "</head>", f'<script type="module" async>location.search.length>1&&import("./{starter_name}")</script></head>', 1
)
open(index_path, "w", encoding="utf-8").write(index)

with open(os.path.join(staging, loader_name), "w", encoding="utf-8") as out:
    out.write(stub + "\n")
