"""Check that a built dist/ can be published as it is on any static host, under any path.

- index.html names every file by a relative URL ("./…"), so the site works at / and at
  /<repository>/ alike, and every file it names is in dist/;
- the module loader names the app's JS and every lazily loaded module relatively, and each is there;
- the Content-Security-Policy is in the page and allows its inline loader by hash;
- the footer names the commit the site was built from.

Usage: python3 scripts/check_site.py [dist]. Prints what is wrong and exits 1, or prints a summary.
"""

import base64
import glob
import hashlib
import json
import os
import re
import sys

dist = sys.argv[1] if len(sys.argv) > 1 else "dist"
problems = []
page = open(os.path.join(dist, "index.html"), encoding="utf-8").read()


def exists(url, named_in):
    """A relative URL must name a file in dist/."""
    if not url.startswith("./"):
        problems.append(f"{named_in} names {url!r}: not a relative ./ URL (the site would break under a sub-path)")
    elif not os.path.isfile(os.path.join(dist, url[2:])):
        problems.append(f"{named_in} names {url!r}, which is not in {dist}/")


named = re.findall(r'\b(?:href|src|module_or_path)\s*[=:]\s*["\']([^"\']+)["\']', page)
named += re.findall(r'\bfrom\s+["\']([^"\']+)["\']', page)
named += re.findall(r'\bimport\(\s*["\']([^"\']+)["\']', page)
for url in named:
    if re.match(r"[a-z]+:", url):  # a link out (the footer's commit page)
        continue
    exists(url, "index.html")
if not any(url.endswith("_bg.wasm") for url in named):
    problems.append("index.html names no _bg.wasm: is this a Trunk build?")

loaders = glob.glob(os.path.join(dist, "__wasm_split-*.js"))
if len(loaders) != 1:
    problems.append(f"expected one __wasm_split-*.js loader in {dist}/, found {len(loaders)}")
# The app imports a stub under the first name, which imports the loader proper (split_assets.py).
proper = glob.glob(os.path.join(dist, "split-loader-*.js"))
if len(proper) != 1:
    problems.append(f"expected one split-loader-*.js in {dist}/, found {len(proper)}")
for loader in loaders + proper:
    text = open(loader, encoding="utf-8").read()
    for url in re.findall(r'["\'](\./[^"\']+\.(?:js|wasm))["\']', text):
        exists(url, os.path.basename(loader))
modules = glob.glob(os.path.join(dist, "*.wasm"))

# A link's starter (scripts/split_assets.py): each pack it fetches is there and is exactly the
# modules it lists, byte for byte, in order.
starters = glob.glob(os.path.join(dist, "link-start-*.js"))
if len(starters) != 1:
    problems.append(f"expected one link-start-*.js in {dist}/, found {len(starters)}")
for starter in starters:
    text = open(starter, encoding="utf-8").read()
    packs = re.findall(r'g\("([\w-]+)",(\[\[.*?\]\])\)', text)
    if not packs:
        problems.append(f"{os.path.basename(starter)} fetches no pack")
    for name, entries in packs:
        path = os.path.join(dist, name + ".bin")
        if not os.path.isfile(path):
            problems.append(f"{os.path.basename(starter)} fetches {name}.bin, which is not in {dist}/")
            continue
        listed = json.loads(entries)
        files = [open(os.path.join(dist, f + ".wasm"), "rb").read() for f, _ in listed]
        if open(path, "rb").read() != b"".join(files) or [n for _, n in listed] != [len(f) for f in files]:
            problems.append(f"{name}.bin is not the modules {os.path.basename(starter)} lists for it")

policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', page)
if not policy:
    problems.append("index.html has no Content-Security-Policy <meta>")
else:
    for body in re.findall(r"<script[^>]*>(.*?)</script>", page, flags=re.S):
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
        if f"'sha256-{digest}'" not in policy.group(1):
            problems.append("an inline script of index.html is not the one the policy allows (edited after csp.py?)")

commit = re.search(r'data-testid="build-commit" data-commit="([0-9a-f]{40})"', page)
if not commit:
    problems.append("the footer names no commit (scripts/stamp_commit.py found no git checkout)")

if problems:
    print("\n".join(f"check_site: {p}" for p in problems), file=sys.stderr)
    sys.exit(1)
print(f"check_site: {dist}/ is relocatable and complete: {len(named)} URLs in index.html, "
      f"{len(modules)} wasm modules, built from {commit.group(1)[:12]}")
