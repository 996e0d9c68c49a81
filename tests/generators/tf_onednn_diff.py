"""Compare tests/fixtures/tensorflow_docs.jsonl (TF_ENABLE_ONEDNN_OPTS=0) with the same requests run under
oneDNN (TF_ENABLE_ONEDNN_OPTS=1, written by `TF_ENABLE_ONEDNN_OPTS=1 python gen_tensorflow_docs.py`) and
keep the cases whose outcome differs in tests/fixtures/onednn/tensorflow_docs.jsonl, each with both
outcomes. tests/onednn.rs requires convt's answer to such a request to carry a note naming oneDNN.

Usage (from tests/generators): python tf_onednn_diff.py   (no TensorFlow needed)."""

import collections
import json
import os
import re

from common import FIXTURES

plain_path = os.path.join(FIXTURES, "tensorflow_docs.jsonl")
onednn_path = os.path.join(FIXTURES, "tensorflow_docs_onednn.jsonl")


def load(path):
    with open(path) as f:
        header = json.loads(f.readline())
        return header, {json.dumps(c["request"], sort_keys=True): c for c in map(json.loads, f)}


def outcome(expect):
    if "output_shape" in expect:
        return ("ok", tuple(expect["output_shape"]))
    return ("error", None)


plain_header, plain = load(plain_path)
onednn_header, onednn = load(onednn_path)
differ = []
kinds = collections.Counter()
for key, case in plain.items():
    other = onednn.get(key)
    if other is None or outcome(case["expect"]) == outcome(other["expect"]):
        continue
    message = other["expect"].get("error", "")
    kind = ("aborts" if "process aborted" in message else
            "rejects" if "error" in other["expect"] else "accepts")
    kinds[(case["request"]["api"], kind, re.sub(r"\d+", "N", message)[:70])] += 1
    differ.append({"id": case["id"], "request": case["request"], "expect": case["expect"],
                   "onednn": other["expect"]})
out_dir = os.path.join(FIXTURES, "onednn")
os.makedirs(out_dir, exist_ok=True)
with open(os.path.join(out_dir, "tensorflow_docs.jsonl"), "w") as f:
    f.write(json.dumps({"generator": "tf_onednn_diff.py", "versions": plain_header["versions"],
                        "onednn_versions": onednn_header["versions"]}) + "\n")
    for case in differ:
        f.write(json.dumps(case) + "\n")
print(f"{len(differ)} of {len(plain)} outcomes differ under oneDNN")
for (api, kind, message), count in sorted(kinds.items()):
    print(f"  {count:4d} {api} oneDNN {kind}: {message}")
