#!/usr/bin/env python3
"""Take wasm-streams' exports out of the linked wasm before it is split.

Leptos links server_fn, which links wasm-streams, which exports `IntoUnderlyingSource`,
`IntoUnderlyingByteSource` and `IntoUnderlyingSink` to JavaScript for streaming server functions.
This app has no server: nothing in it ever makes one of these objects. But wasm-split keeps every
export, and everything it reaches, in the main module; and once there, whatever those exports
reach through the function table (their futures' poll and drop functions, the promise machinery
behind them) stays, since the table is shared with the lazily loaded modules and no optimiser may
empty a slot of it. Dropped here, before the split, none of it is kept: the first view is 4.8 KB
gzipped smaller (4.6 KB of wasm, 0.2 KB of glue) than when the exports and the classes were cut
after wasm-bindgen, as this build did before.

Usage: drop_stream_exports.py LINKED.wasm OUT.wasm

Dropped: each method export (`intounderlyingsink_write_<crate hash>`), its descriptor
(`__wbindgen_describe_…`, which wasm-bindgen runs to learn the signature; without it, wasm-bindgen
skips the method) and each class's destructor (`__wbg_intounderlyingsink_free_…`). The class
shells wasm-bindgen still writes are cut from the glue by drop_stream_classes.py. If none of these
exports is there, the build stops: wasm-bindgen's or Leptos's naming has changed, and this step
must be looked at again.
"""

import re
import sys

from wasm_sections import map_exports

STREAM_EXPORT = re.compile(r"^(__wbindgen_describe_|__wbg_)?intounderlying(bytesource|sink|source)_\w+$")


def main() -> None:
    if len(sys.argv) != 3:
        raise SystemExit(__doc__)
    linked_path, out_path = sys.argv[1:]
    with open(linked_path, "rb") as f:
        wasm = f.read()
    dropped = []

    def keep(name: str):
        if STREAM_EXPORT.match(name):
            dropped.append(name)
            return None
        return name

    wasm = map_exports(wasm, keep)
    if not dropped:
        raise SystemExit("drop_stream_exports: no wasm-streams exports (intounderlying…) in the linked wasm; "
                         "has wasm-bindgen's or Leptos's naming changed?")
    with open(out_path, "wb") as f:
        f.write(wasm)
    print(f"drop_stream_exports: {len(dropped)} exports dropped")


if __name__ == "__main__":
    main()
