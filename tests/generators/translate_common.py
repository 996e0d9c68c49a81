"""Shared by the gen_translate_*.py drivers: run a pasted text verbatim in the real framework.

A case is `{"id", "text", "from", "input_shape", "weight_shape"?, "backend"?}`; its expectation is what
the framework does when the text is executed as a user would run it:

1. The text is parsed by Python (`ast`); a SyntaxError is the case's answer (Python rejects it first).
2. Names the text reads before it defines them are its inputs: the first of the usual input names
   (`x`, `input`, `inputs`, `data`, `lhs`, `value`, … INPUT_NAMES) becomes a tensor of `input_shape`, the
   first of the usual kernel names (`w`, `W`, `weight`, `filters`, `kernel`, `rhs`, … WEIGHT_NAMES), when
   `weight_shape` is given, a tensor of `weight_shape` (the kernel of a functional call). `self` is an empty object (`self.up = …`), and `model`, where a driver offers one,
   a Sequential model (empty when the text gives the layer an input shape, else one that already
   takes `input_shape`, as if the layer came later in the model). Any other unknown name stays
   unknown, and Python's NameError is the answer.
3. Every statement runs in order with the framework's usual imports in scope (the driver's
   namespace). The text's value is the last statement's: an expression's value (`model.add(…)` gives
   the model, `print(y.shape)` what it prints), or what an assignment stored.
4. The driver's `finish` turns that value into an output shape: a tensor gives its shape; a layer or
   module is applied to the input tensor (the framework computes the shape); a model is run on it.

Any exception on the way is the case's answer: `{"error": "<type>: <first lines>"}` (common.error_text).
The worker/parent split of common.Fixtures keeps a process abort (a failed C++ CHECK) a rejection.
"""

import ast
import builtins
import json
import os
import random
import re
import sys
import types

from common import Fixtures, error_text  # noqa: F401 - error_text re-exported for the drivers

# The workers (common.Fixtures runs the calls in child processes) inherit this: messages that print a
# Python set (Paddle's data_format list, Keras 3's padding words) then keep one order from run to run.
os.environ.setdefault("PYTHONHASHSEED", "0")

BUILTIN_NAMES = set(dir(builtins))


class Texts(Fixtures):
    """Fixtures whose lines are pasted texts: {"id", "text", "from", "input_shape", …, "expect"}."""

    def __init__(self, framework, versions, stem=None, header=None):
        super().__init__(f"translate/{stem or framework}", versions)
        self.source = framework
        self.header = header or {}

    def add(self, case_id, text, input_shape, call, weight_shape=None, backend=None, **extra):
        case = {"text": text, "from": self.source, "input_shape": list(input_shape)}
        if weight_shape is not None:
            case["weight_shape"] = list(weight_shape)
        if backend is not None:
            case["backend"] = backend
        case.update(extra)
        self.run(case_id, case, lambda: call(case))

    def write(self):
        worker = os.environ.get("CONVT_FIXTURE_WORKER")
        if worker is not None:
            self._work(int(worker))
            sys.exit(0)
        results = self._collect()
        from common import FIXTURES

        path = os.path.join(FIXTURES, f"{self.framework}.jsonl")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        accepted = 0
        with open(path, "w") as f:
            f.write(json.dumps({"generator": os.path.basename(sys.argv[0]), "versions": self.versions, **self.header}) + "\n")
            for index, (case_id, case, _) in enumerate(self.cases):
                expect = results[index]
                if "error" in expect:  # MXNet and glog stamp time and thread into messages, Keras 3 bolds them
                    stamps = r"\[\d\d:\d\d:\d\d\] |\b[FEWI]\d{4} \d\d:\d\d:[\d.]+ +\d+ |\x1b\[[0-9;]*m"
                    expect = {"error": re.sub(stamps, "", expect["error"])}
                accepted += "output_shape" in expect
                f.write(json.dumps({"id": case_id, **case, "expect": expect, **self.meta.get(index, {})}) + "\n")
        print(f"{path}: {len(self.cases)} texts ({accepted} accepted, {len(self.cases) - accepted} rejected)")
        return path


# The names users give a layer's input and a functional call's kernel; only these are bound to tensors,
# so a text that reads an undefined `in_channels` fails as it would for its user.
INPUT_NAMES = {"x", "X", "input", "inputs", "inp", "data", "lhs", "value", "img", "z", "feat", "features",
               "net", "tensor", "noise", "latent", "h_in", "x_in", "input_tensor", "bottom", "x0", "x1"}
WEIGHT_NAMES = {"w", "W", "weight", "weights", "filter", "filters", "kernel", "rhs", "w_t", "wt", "kernel_var"}


def onednn_diff(path, stem):
    """After a run with TF_ENABLE_ONEDNN_OPTS=1 wrote `path` (a scratch file), keep the texts whose answer
    differs from translate/<stem>.jsonl (the oneDNN-off run) in translate/onednn/<stem>.jsonl, with both
    answers (`expect`: oneDNN on, `expect_onednn_off`); no file when none differs."""
    from common import FIXTURES

    def key(case):  # the same text can come with other shapes
        return json.dumps([case["text"], case["input_shape"], case.get("weight_shape")])

    with open(os.path.join(FIXTURES, "translate", f"{stem}.jsonl")) as f:
        base = {key(c): c for c in map(json.loads, list(f)[1:])}
    with open(path) as f:
        lines = list(f)
    os.remove(path)
    diff = []
    for line in lines[1:]:
        case = json.loads(line)
        off = base[key(case)]
        if case["expect"] != off["expect"]:
            diff.append(dict(off, expect=case["expect"], expect_onednn_off=off["expect"]))
    out = os.path.join(FIXTURES, "translate", "onednn", f"{stem}.jsonl")
    if diff:
        os.makedirs(os.path.dirname(out), exist_ok=True)
        with open(out, "w") as f:
            f.write(lines[0])
            for case in diff:
                f.write(json.dumps(case) + "\n")
    elif os.path.exists(out):
        os.remove(out)
    print(f"oneDNN on changes {len(diff)} of {len(lines) - 1} answers" + (f" → {out}" if diff else ""))


def free_names(tree, known):
    """Names read before the text defines them, in order of first reading."""
    stored = {}
    loads = []
    for index, stmt in enumerate(tree.body):
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name):
                if isinstance(node.ctx, ast.Store):
                    stored.setdefault(node.id, index)
                elif node.id not in [n for n, _ in loads]:
                    loads.append((node.id, index))
            elif isinstance(node, (ast.Import, ast.ImportFrom)):
                for alias in node.names:
                    stored.setdefault((alias.asname or alias.name).split(".")[0], index)
    out = []
    for name, index in loads:
        if name in known:
            continue
        if name in BUILTIN_NAMES and name not in INPUT_NAMES | WEIGHT_NAMES:
            continue  # `input` and `filter` are builtins, and also what users call tensors
        if name in stored and stored[name] < index:
            continue
        out.append(name)
    return out


def execute(text, namespace, make_input, make_weight=None, make_model=None):
    """Run `text` as described above; returns (value, namespace, bindings)."""
    tree = ast.parse(text)
    if not tree.body:
        raise ValueError("the text has no statement")
    ns = dict(namespace)
    bound = {}
    want_input, want_weight = True, make_weight is not None
    for name in free_names(tree, ns):
        if name == "self":
            ns[name] = types.SimpleNamespace()
        elif name == "model" and make_model is not None:
            ns[name] = make_model(text)
        elif want_input and name in INPUT_NAMES:
            ns[name], want_input = make_input(), False
        elif want_weight and name in WEIGHT_NAMES:
            ns[name], want_weight = make_weight(), False
        else:
            continue  # left unknown (`in_channels` never defined): Python's NameError is the answer
        bound[name] = ns[name]
    *body, last = tree.body
    if body:
        exec(compile(ast.Module(body=body, type_ignores=[]), "<pasted>", "exec"), ns)
    if isinstance(last, ast.Expr) and isinstance(last.value, ast.Call) and isinstance(last.value.func, ast.Name) \
            and last.value.func.id == "print" and len(last.value.args) == 1:
        last = ast.Expr(value=last.value.args[0])  # docs examples end with print(y.shape): the value printed
    if isinstance(last, ast.Expr):
        call = last.value
        value = eval(compile(ast.Expression(body=call), "<pasted>", "eval"), ns)
        # `model.add(layer)` returns None: its value is the model.
        if value is None and isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "add":
            value = eval(compile(ast.Expression(body=call.func.value), "<pasted>", "eval"), ns)
    elif isinstance(last, (ast.Assign, ast.AnnAssign)):
        exec(compile(ast.Module(body=[last], type_ignores=[]), "<pasted>", "exec"), ns)
        target = last.targets[-1] if isinstance(last, ast.Assign) else last.target
        value = eval(ast.unparse(target), ns)  # the stored name or attribute, read back
    else:
        exec(compile(ast.Module(body=[last], type_ignores=[]), "<pasted>", "exec"), ns)
        value = None
    # A line cut from a list or nn.Sequential keeps its trailing comma: `nn.ConvTranspose2d(…),` is a
    # one-element tuple in Python; the layer is its element.
    if isinstance(value, tuple) and len(value) == 1:
        value = value[0]
    if value is None:
        raise ValueError("the text's last statement gives no value")
    return value, ns, bound


# --- the sampler's spelling choices ------------------------------------------------------------


def fmt(value, rng, form=None):
    """An int or a per-axis value as users write it: int, tuple or list (a tuple of one needs its comma)."""
    if isinstance(value, (list, tuple)):
        form = form or rng.choice(["tuple", "tuple", "list"])
        inner = ", ".join(str(v) for v in value) if rng.random() < 0.8 else ",".join(str(v) for v in value)
        if form == "list":
            return f"[{inner}]"
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, str):
        return repr(value) if rng.random() < 0.7 else f'"{value}"'
    return repr(value)


def per_axis(rng, values, scalar_ok=True):
    """A scalar when every axis agrees (often), else the per-axis tuple/list."""
    if scalar_ok and len(set(values)) == 1 and rng.random() < 0.6:
        return values[0]
    return list(values)


def render_call(rng, callee, args, signature, positional_max=None):
    """`callee(a, b, key=value, …)` from ordered (name, text) pairs: a random leading run positional
    (only while the signature allows it: positional-or-keyword in order), the rest keyword, with random
    spacing, line breaks and a trailing comma."""
    order = [p["name"] for p in signature if p.get("kind", "positional-or-keyword") in ("positional-or-keyword", "positional-only")]
    names = [n for n, _ in args]
    run = 0
    while run < len(order) and run < len(names) and names[run] == order[run]:
        run += 1
    if positional_max is not None:
        run = min(run, positional_max)
    npos = rng.randint(0, run) if rng.random() < 0.8 else run
    pieces = [text for _, text in args[:npos]]
    rest = args[npos:]
    if rng.random() < 0.15:
        rng.shuffle(rest)  # keywords in any order
    eq = "=" if rng.random() < 0.9 else " = "
    pieces += [f"{name}{eq}{text}" for name, text in rest]
    style = rng.random()
    if style < 0.6:
        sep = ", " if rng.random() < 0.9 else ","
        body = sep.join(pieces)
        return f"{callee}({body}{', ' if rng.random() < 0.05 else ''})"
    if style < 0.85:
        indent = " " * rng.choice([4, 8, 2])
        tail = "," if rng.random() < 0.5 else ""
        return f"{callee}(\n" + ",\n".join(indent + p for p in pieces) + f"{tail}\n)"
    # broken after a few arguments, as an editor wraps long lines
    cut = rng.randint(1, max(1, len(pieces) - 1)) if pieces else 0
    first, second = pieces[:cut], pieces[cut:]
    pad = " " * (len(callee) + 1)
    return f"{callee}(" + ", ".join(first) + ("," + "\n" + pad + ", ".join(second) if second else "") + ")"


def sig_of(signatures, framework, api):
    for item in signatures["frameworks"][framework]:
        if item["api"] == api:
            return item["params"]
    raise KeyError(api)


def load_signatures():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "fixtures", "translate", "signatures.json")) as f:
        return json.load(f)


def rng_for(name):
    return random.Random(f"convt-lab translate {name}")
