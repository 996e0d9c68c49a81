"""Trunk post-build step: write the build's commit into the page footer of the built index.html.

The footer is static HTML in index.html (no wasm, nothing in the first module), so a deploy that
lags behind the repository shows it on the page: "convt-lab, built from 1a2b3c4d5e6f (2026-12-01)".
The commit is GITHUB_SHA in a GitHub Actions run, else the checkout's HEAD; a build from a tree
with uncommitted changes says so. With GITHUB_SERVER_URL and GITHUB_REPOSITORY (Actions) the
commit links to its page. Without git (a source tarball) the footer keeps "an unknown commit".
"""

import html
import os
import re
import subprocess
import sys

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
source = os.environ.get("TRUNK_SOURCE_DIR") or "."
path = os.path.join(staging, "index.html")


def git(*args):
    """A git command's output in the source tree, or None where there is no git or no repository."""
    try:
        done = subprocess.run(["git", "-C", source, *args], capture_output=True, text=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return done.stdout.strip()


commit = os.environ.get("GITHUB_SHA") or git("rev-parse", "HEAD")
page = open(path, encoding="utf-8").read()
placeholder = re.compile(r'<code data-testid="build-commit">[^<]*</code>')
if len(placeholder.findall(page)) != 1:
    sys.exit('stamp_commit: expected one <code data-testid="build-commit"> in the footer of index.html')
if not commit or not re.fullmatch(r"[0-9a-f]{40}", commit):
    print("stamp_commit: no git commit to name; the footer says 'an unknown commit'", file=sys.stderr)
    sys.exit(0)

date = git("show", "-s", "--format=%cs", commit)
# Tracked files changed since the commit (untracked ones, such as dist/ itself, are not the build's).
changed = not os.environ.get("GITHUB_SHA") and bool(git("status", "--porcelain", "--untracked-files=no"))
code = f'<code data-testid="build-commit" data-commit="{commit}">{commit[:12]}</code>'
server, repository = os.environ.get("GITHUB_SERVER_URL"), os.environ.get("GITHUB_REPOSITORY")
if server and repository:
    code = f'<a href="{html.escape(f"{server}/{repository}/commit/{commit}")}">{code}</a>'
if date:
    code += f" ({date})"
if changed:
    code += " with local changes"
page = placeholder.sub(lambda _: code, page, count=1)
open(path, "w", encoding="utf-8").write(page)
