"""Trunk post-build step: minify the built stylesheets with esbuild and renew their integrity hashes
(present and embed modes' own stylesheet is also named here by its hash; see index.html).

The stylesheet is part of what the first view loads: minified, 2.7 → 2.3 KB gzipped. Trunk's own
minifier would also minify the JS glue, which it cannot parse (the shim minifies that one), so
this takes the stylesheet alone. Its file name keeps the hash of the source, which still changes
whenever the stylesheet does. Without esbuild on PATH the build stops: the app would still work,
only larger, and nobody would be told.
"""

import base64
import glob
import hashlib
import os
import re
import shutil
import subprocess
import sys

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
esbuild = shutil.which("esbuild")
if esbuild is None:
    sys.exit("minify_css: esbuild is not on PATH (npm's esbuild, in node_modules/.bin). Run scripts/ensure-tools.sh, "
             'and build with PATH="$PWD/scripts/split-shim:$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH" '
             "(as scripts/serve.sh does).")

index_path = os.path.join(staging, "index.html")
html = open(index_path, encoding="utf-8").read()
for path in glob.glob(os.path.join(staging, "*.css")):
    subprocess.run([esbuild, path, "--minify", "--log-level=warning", f"--outfile={path}", "--allow-overwrite"], check=True)
    data = open(path, "rb").read()
    digest = base64.b64encode(hashlib.sha384(data).digest()).decode()
    name = os.path.basename(path)
    if name in ("modes.css", "panels.css"):
        # A stylesheet linked from a <template> by the app (present and embed modes'; the panels'):
        # Trunk copies it unnamed, so it is named here by its content hash (a browser never pairs
        # a cached copy with a newer page), and the template's link gets the name.
        stem = name[: -len(".css")]
        hashed = f"{stem}-{hashlib.sha256(data).hexdigest()[:8]}.css"
        os.replace(path, os.path.join(staging, hashed))
        html, found = re.subn(
            r'<link rel="stylesheet" href="\./' + re.escape(name) + r'" />',
            f'<link rel="stylesheet" href="./{hashed}" />',
            html,
        )
        if found != 1:
            sys.exit(f"minify_css: expected one template link to ./{name} in index.html, found {found}")
        continue
    link = re.compile(r'(<link[^>]*href="[^"]*' + re.escape(name) + r'"[^>]*integrity=")sha384-[^"]*(")')
    html, found = link.subn(lambda m: m.group(1) + "sha384-" + digest + m.group(2), html)
    if found != 1:
        sys.exit(f"minify_css: expected one link with an integrity hash to {name}, found {found}")
open(index_path, "w", encoding="utf-8").write(html)
