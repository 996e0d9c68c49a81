"""Trunk post-build hook: add a strict Content-Security-Policy to the built index.html (and drop
its comments, which are for the source's readers).

Trunk injects its wasm loader as an inline module script, and scripts/split_assets.py one line that
starts a link's modules; this hashes them (SHA-256) so the policy can allow exactly those scripts
and nothing else inline. Everything else is served from the app itself.

The policy travels in a <meta> element, so it survives any static host, and says nothing of who
may frame the page: browsers ignore `frame-ancestors` (and `sandbox`, `report-uri`) in a <meta>
policy, and the page is meant to be framed (`mode=embed`, in a course page's <iframe>). Only a host's
response headers can restrict framing (README, "Publish the site").
"""

import base64
import hashlib
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()
scripts = re.findall(r"<script[^>]*>(.*?)</script>", html, flags=re.S)
hashes = " ".join(
    "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'" for body in scripts
)
policy = (
    "default-src 'self'; "
    f"script-src 'self' 'wasm-unsafe-eval' {hashes}; "
    "style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'none'"
)
meta = f'<meta http-equiv="Content-Security-Policy" content="{policy}" />'
html = re.sub(r'\s*<meta http-equiv="Content-Security-Policy"[^>]*>', "", html)
# index.html's comments are for its readers, not for every visitor's first view.
html = re.sub(r"\s*<!--.*?-->", "", html, flags=re.S)
html = html.replace("<head>", "<head>\n    " + meta, 1)
open(path, "w", encoding="utf-8").write(html)
