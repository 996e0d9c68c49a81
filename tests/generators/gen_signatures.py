"""The real parameter lists of every API the dialects model → tests/fixtures/translate/signatures.json.

`convt translate` reads pasted calls; to map a positional argument to its name, or to tell a misspelled
keyword from a real one, it needs each API's parameters in the framework's own order. This script asks
the installed frameworks themselves rather than their docs:

- Python callables: `inspect.signature` (names in order, kind, default as `repr`). For classes, the
  constructor's parameters (without `self`); a module's forward / call is its own entry (`.forward`).
- C builtins without a signature (torch.nn.functional.conv2d …): the first docstring line, which is
  the signature torch documents (`conv2d(input, weight, bias=None, …) -> Tensor`); "source" says so.
- MXNet's generated operators (mx.sym / mx.nd): their Python signature is generic, so the parameters
  come from the docstring's "Parameters" section, in order, with the defaults it states.
- `**kwargs` that the framework parses itself (Chainer's `dilate` / `groups`, Keras 1's and Keras 3's
  base-layer keywords) are listed as "kwargs" with where they came from. For Keras 3 and tf_keras layers,
  "kwargs_tried" holds every keyword of the constructors up the class chain, each tried on the real class:
  the ones it accepts and the refusal of the others (tf_keras's Conv2DTranspose takes `groups` that way).
- ONNX: `onnx.defs.get_schema` attributes (name, type, required, default) and inputs.
- Caffe: the ConvolutionParameter fields of BVLC/caffe's src/caffe/proto/caffe.proto (Caffe is not on
  PyPI) and V1LayerParameter's old type names; CAFFE_PROTO names the file (default: the mirror's copy).

Run with any Python 3: `python3 tests/generators/gen_signatures.py`. It starts each venv under
../venvs (or $CONVT_VENVS) on itself with `--section <name>` and merges their answers.
"""

import inspect
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
VENVS = os.environ.get("CONVT_VENVS", os.path.join(os.path.dirname(ROOT), "venvs"))
OUT = os.path.join(ROOT, "tests", "fixtures", "translate", "signatures.json")

KINDS = {
    inspect.Parameter.POSITIONAL_ONLY: "positional-only",
    inspect.Parameter.POSITIONAL_OR_KEYWORD: "positional-or-keyword",
    inspect.Parameter.VAR_POSITIONAL: "var-positional",
    inspect.Parameter.KEYWORD_ONLY: "keyword-only",
    inspect.Parameter.VAR_KEYWORD: "var-keyword",
}

# section → (venv, environment); each section runs in its own process.
SECTIONS = {
    "torch": ("torch", {}),
    "paddle": ("torch", {}),
    "tensorflow": ("tf", {"TF_ENABLE_ONEDNN_OPTS": "0", "TF_CPP_MIN_LOG_LEVEL": "3"}),
    "keras2": ("tf", {"TF_ENABLE_ONEDNN_OPTS": "0", "TF_CPP_MIN_LOG_LEVEL": "3"}),
    "keras": ("keras3", {"KERAS_BACKEND": "jax", "JAX_PLATFORMS": "cpu"}),
    "keras1": ("keras1", {}),
    "jax": ("jaxonnx", {"JAX_PLATFORMS": "cpu"}),
    "onnx": ("jaxonnx", {}),
    "mxnet": ("legacy", {"MXNET_MKLDNN_ENABLED": "0"}),
    "chainer": ("legacy", {}),
}


def params_of(obj):
    """inspect.signature as data; `self` dropped (a class gives its constructor)."""
    sig = inspect.signature(obj)
    out = []
    for p in sig.parameters.values():
        if p.name == "self":
            continue
        item = {"name": p.name, "kind": KINDS[p.kind]}
        if p.default is not inspect.Parameter.empty:
            item["default"] = repr(p.default)
        out.append(item)
    return out


def docstring_signature(obj, name):
    """`name(a, b=1, *, c=2) -> T` from the first docstring line (torch's C builtins)."""
    doc = obj.__doc__ or ""
    m = re.search(rf"{re.escape(name)}\((.*?)\)\s*->", doc)
    if not m:
        raise ValueError(f"no signature line in the docstring of {name}")
    # Evaluate the text as a lambda's parameter list, so Python itself splits it.
    fake = eval(f"lambda {m.group(1)}: None", {"inf": float("inf")})
    return params_of(fake), m.group(0)


def entry(api, obj, extra=None):
    item = {"api": api}
    try:
        item["params"] = params_of(obj)
        item["source"] = "inspect.signature"
    except (ValueError, TypeError):
        short = api.rsplit(".", 1)[-1]
        item["params"], line = docstring_signature(obj, short)
        item["source"] = "docstring"
        item["docstring_line"] = line
    if extra:
        item.update(extra)
    return item


def parse_kwargs_of(func):
    """Chainer's `argument.parse_kwargs(kwargs, ('dilate', 1), ('groups', 1), …)` keywords, in order."""
    src = inspect.getsource(func)
    m = re.search(r"parse_kwargs\(\s*kwargs,(.*?)\)\s*\n", src, re.S)
    if not m:
        return []
    return [{"name": n, "default": d.strip()} for n, d in re.findall(r"\('(\w+)',\s*([^)]*)\)", m.group(1))]


# --- sections -----------------------------------------------------------------------------------


def section_torch():
    import torch
    import torch.nn.functional as F

    out = []
    for r in (1, 2, 3):
        out.append(entry(f"torch.nn.Conv{r}d", getattr(torch.nn, f"Conv{r}d")))
        out.append(entry(f"torch.nn.ConvTranspose{r}d", getattr(torch.nn, f"ConvTranspose{r}d")))
        out.append(entry(f"torch.nn.Conv{r}d.forward", getattr(torch.nn, f"Conv{r}d").forward))
        out.append(entry(f"torch.nn.ConvTranspose{r}d.forward", getattr(torch.nn, f"ConvTranspose{r}d").forward))
        out.append(entry(f"torch.nn.functional.conv{r}d", getattr(F, f"conv{r}d")))
        out.append(entry(f"torch.nn.functional.conv_transpose{r}d", getattr(F, f"conv_transpose{r}d")))
    return {"torch": torch.__version__}, out


def section_paddle():
    import paddle
    import paddle.nn.functional as F

    out = []
    for r in (1, 2, 3):
        for name in (f"Conv{r}D", f"Conv{r}DTranspose"):
            cls = getattr(paddle.nn, name)
            out.append(entry(f"paddle.nn.{name}", cls))
            out.append(entry(f"paddle.nn.{name}.forward", cls.forward))
        out.append(entry(f"paddle.nn.functional.conv{r}d", getattr(F, f"conv{r}d")))
        out.append(entry(f"paddle.nn.functional.conv{r}d_transpose", getattr(F, f"conv{r}d_transpose")))
    return {"paddlepaddle": paddle.__version__}, out


def section_tensorflow():
    import tensorflow as tf

    names = ["conv1d", "conv2d", "conv3d", "conv1d_transpose", "conv2d_transpose", "conv3d_transpose",
             "conv_transpose", "convolution", "atrous_conv2d", "atrous_conv2d_transpose", "depthwise_conv2d"]
    out = [entry(f"tf.nn.{n}", getattr(tf.nn, n)) for n in names]
    v1 = ["conv1d", "conv2d", "conv3d", "conv1d_transpose", "conv2d_transpose", "conv3d_transpose",
          "conv_transpose", "convolution", "depthwise_conv2d"]
    out += [entry(f"tf.compat.v1.nn.{n}", getattr(tf.compat.v1.nn, n)) for n in v1 if hasattr(tf.compat.v1.nn, n)]
    return {"tensorflow": tf.__version__}, out


# A value to try each keyword with (one the keyword takes, where it exists at all).
PROBES = {"input_shape": (4, 4, 4, 2), "batch_input_shape": (None, 4, 4, 4, 2), "input_dim": 2, "batch_size": 1,
          "name": "probe", "dtype": "float32", "trainable": True, "dynamic": False, "autocast": True, "weights": None,
          "implementation": 1, "groups": 1, "rank": 2, "conv_op": None, "activity_regularizer": None}


def kwargs_tried(cls, layer_base):
    """Which keywords outside the layer's own signature its constructor really takes: every parameter of a
    constructor up its class chain (to Layer, whose **kwargs take a few more), tried one at a time. tf_keras's
    Conv2DTranspose passes **kwargs to Conv2D, so `groups` is taken there; Keras 3's is not."""
    own = {p["name"] for p in params_of(cls)}
    candidates = []
    for klass in cls.__mro__[1:]:
        if klass is object:
            break
        for p in params_of(klass.__init__):
            if p["kind"] != "var-keyword" and p["name"] not in own and p["name"] not in candidates:
                candidates.append(p["name"])
        if klass is layer_base:
            break
    candidates += [k for k in ("input_shape", "input_dim", "batch_input_shape", "batch_size") if k not in candidates]
    accepted, refused = [], {}
    for name in candidates:
        try:
            cls(2, 3, **{name: PROBES.get(name, 1)})
            accepted.append(name)
        except Exception as exc:  # the framework's refusal is the datum
            refused[name] = f"{type(exc).__name__}: {str(exc).splitlines()[0][:160]}"
    return {"accepted": accepted, "refused": refused}


def keras_layers(prefix, layers, base):
    out = []
    base_params = params_of(base.__init__)
    for r in (1, 2, 3):
        for name in (f"Conv{r}D", f"Conv{r}DTranspose", f"Convolution{r}D", f"Convolution{r}DTranspose"):
            cls = getattr(layers, name, None)
            if cls is None:
                continue
            canonical = cls.__name__
            extra = {"alias_of": f"{prefix}.{canonical}"} if canonical != name else {}
            extra["base_layer_params"] = f"{prefix}.Layer"
            if canonical == name:
                extra["kwargs_tried"] = kwargs_tried(cls, layers.Layer)
            out.append(entry(f"{prefix}.{name}", cls, extra))
    for name in ("Deconvolution2D", "Deconvolution3D"):  # older aliases, where they still exist
        cls = getattr(layers, name, None)
        if cls is not None:
            out.append(entry(f"{prefix}.{name}", cls, {"alias_of": f"{prefix}.{cls.__name__}",
                                                      "base_layer_params": f"{prefix}.Layer"}))
    out.append({"api": f"{prefix}.Layer", "source": "inspect.signature", "params": base_params,
                "note": "the base Layer constructor: the **kwargs a conv layer passes up"})
    return out


def section_keras():
    import keras

    out = keras_layers("keras.layers", keras.layers, keras.layers.Layer)
    # Keras 3's Layer pops these from **kwargs itself (Layer.__init__ source: input_dim, input_shape),
    # then raises ValueError on any keyword left over.
    src = inspect.getsource(keras.layers.Layer.__init__)
    out[-1]["kwargs"] = list(dict.fromkeys(re.findall(r"kwargs\.pop\(\s*[\"'](\w+)[\"']", src)))
    out[-1]["kwargs_source"] = "keras.layers.Layer.__init__: kwargs.pop"
    return {"keras": keras.__version__}, out


def section_keras2():
    import tf_keras

    out = keras_layers("tf_keras.layers", tf_keras.layers, tf_keras.layers.Layer)
    src = inspect.getsource(tf_keras.layers.Layer.__init__)
    m = re.search(r"allowed_kwargs\s*=\s*\{(.*?)\}", src, re.S)
    if m:
        out[-1]["kwargs"] = [a or b for a, b in re.findall(r"\"(\w+)\"|'(\w+)'", m.group(1))]
        out[-1]["kwargs_source"] = "tf_keras.layers.Layer.__init__: allowed_kwargs"
    return {"tf_keras": tf_keras.__version__}, out


def section_keras1():
    sys.path.insert(0, HERE)
    import keras1_shim  # noqa: F401 - Keras 1.2.2 on Python 3.11
    import keras
    from keras import layers
    from keras.engine.topology import Layer

    out = []
    for name in ("Convolution1D", "Convolution2D", "Convolution3D", "AtrousConvolution1D", "AtrousConvolution2D",
                 "Deconvolution2D"):
        out.append(entry(f"keras.layers.{name}", getattr(layers, name), {"base_layer_params": "keras.engine.topology.Layer"}))
    src = inspect.getsource(Layer.__init__)
    m = re.search(r"allowed_kwargs\s*=\s*\{(.*?)\}", src, re.S)
    out.append({"api": "keras.engine.topology.Layer", "source": "inspect.getsource: allowed_kwargs",
                "params": [], "kwargs": re.findall(r"'(\w+)'", m.group(1)) if m else [],
                "note": "Keras 1's Layer takes only these keywords in **kwargs and raises TypeError on any other"})
    return {"keras1": keras.__version__}, out


def section_jax():
    import jax
    from jax import lax

    names = ["conv_transpose", "conv_general_dilated", "conv", "conv_with_general_padding"]
    return {"jax": jax.__version__}, [entry(f"jax.lax.{n}", getattr(lax, n)) for n in names]


def section_onnx():
    import onnx
    from onnx import defs, helper

    out = [entry("onnx.helper.make_node", helper.make_node)]
    for op in ("Conv", "ConvTranspose"):
        schema = defs.get_schema(op)
        attrs = []
        for name, attr in sorted(schema.attributes.items()):
            item = {"name": name, "type": attr.type.name, "required": attr.required}
            if attr.default_value.name:
                value = helper.get_attribute_value(attr.default_value)
                item["default"] = repr(value.decode() if isinstance(value, bytes) else value)
            attrs.append(item)
        out.append({"api": op, "source": "onnx.defs.get_schema", "since_version": schema.since_version,
                    "inputs": [{"name": i.name, "option": i.option.name} for i in schema.inputs],
                    "attributes": attrs})
    return {"onnx": onnx.__version__}, out


def mxnet_docstring_params(func):
    """The "Parameters" section of an MXNet generated operator: `name : type, optional, default=…`."""
    doc = func.__doc__ or ""
    section = doc.split("Parameters\n----------\n", 1)[1].split("\nReturns\n", 1)[0]
    params = []
    for m in re.finditer(r"^(\w+) : (.*)$", section, re.M):
        name, desc = m.group(1), m.group(2)
        # `{None, 'fastest', …},optional, default='None'`: the type may itself contain commas.
        parts = re.match(r"^(.*?)(?:,\s*(optional|required)\.?)?(?:,\s*default=(.*))?$", desc)
        item = {"name": name, "type": parts.group(1).strip(), "required": parts.group(2) == "required"}
        if parts.group(3) is not None:
            item["default"] = parts.group(3).strip()
        params.append(item)
    return params


def section_mxnet():
    import mxnet as mx

    out = []
    for ns, mod in (("mx.sym", mx.sym), ("mx.nd", mx.nd)):
        for op in ("Convolution", "Deconvolution"):
            func = getattr(mod, op)
            out.append({"api": f"{ns}.{op}", "source": "docstring Parameters", "params": mxnet_docstring_params(func),
                        "python_signature": params_of(func)})
    for r in (1, 2, 3):
        for name in (f"Conv{r}D", f"Conv{r}DTranspose"):
            out.append(entry(f"mx.gluon.nn.{name}", getattr(mx.gluon.nn, name)))
    return {"mxnet": mx.__version__}, out


def section_chainer():
    import chainer
    import chainer.functions as F
    import chainer.links as L

    out = []
    for name in ("Convolution2D", "Deconvolution2D", "ConvolutionND", "DeconvolutionND", "Convolution1D",
                 "Deconvolution1D", "Convolution3D", "Deconvolution3D"):
        cls = getattr(L, name, None)
        if cls is None:
            continue
        item = entry(f"chainer.links.{name}", cls)
        kw = parse_kwargs_of(cls.__init__)
        if kw:
            item["kwargs"], item["kwargs_source"] = kw, "argument.parse_kwargs in __init__"
        out.append(item)
        out.append(entry(f"chainer.links.{name}.forward", cls.forward))
    for name in ("convolution_2d", "deconvolution_2d", "convolution_nd", "deconvolution_nd", "convolution_1d",
                 "deconvolution_1d", "convolution_3d", "deconvolution_3d"):
        func = getattr(F, name, None)
        if func is None:
            continue
        item = entry(f"chainer.functions.{name}", func)
        kw = parse_kwargs_of(func)
        if kw:
            item["kwargs"], item["kwargs_source"] = kw, "argument.parse_kwargs"
        out.append(item)
    return {"chainer": chainer.__version__}, out


def caffe_section():
    """ConvolutionParameter and the V1 type names, read from caffe.proto's text."""
    path = os.environ.get("CAFFE_PROTO")
    if path:
        text, origin = open(path).read(), path
    else:
        mirror = "/work/.mirror/BVLC+caffe/repo"
        text = subprocess.run(["git", "-C", mirror, "show", "9b891540:src/caffe/proto/caffe.proto"],
                              capture_output=True, text=True, check=True).stdout
        origin = "BVLC/caffe@9b891540 src/caffe/proto/caffe.proto"

    def message(name):
        return re.search(rf"^message {name} \{{(.*?)^\}}", text, re.S | re.M).group(1)

    fields = []
    for m in re.finditer(r"^\s*(optional|repeated) (\w+) (\w+) = (\d+)(?: \[default = ([^\]]+)\])?;", message("ConvolutionParameter"), re.M):
        item = {"name": m.group(3), "label": m.group(1), "type": m.group(2), "number": int(m.group(4))}
        if m.group(5):
            item["default"] = m.group(5)
        fields.append(item)
    v1 = message("V1LayerParameter")
    types = re.search(r"enum LayerType \{(.*?)\}", v1, re.S).group(1)
    v1_types = {n: int(v) for n, v in re.findall(r"(\w+) = (\d+);", types)}
    layer_fields = [m.group(1) for m in re.finditer(r"^\s*(?:optional|repeated) \w+ (\w+) = \d+", message("LayerParameter"), re.M)]
    return {"caffe.proto": origin}, [
        {"api": "ConvolutionParameter", "source": "caffe.proto", "fields": fields,
         "note": "the convolution_param { … } block of both Convolution and Deconvolution layers"},
        {"api": "LayerParameter", "source": "caffe.proto", "fields": layer_fields,
         "note": "layer { … }: type is a string (\"Deconvolution\", \"Convolution\")"},
        {"api": "V1LayerParameter", "source": "caffe.proto", "type_names": v1_types,
         "note": "the old layers { type: DECONVOLUTION … } form: type is an enum name"},
    ]


def run_section(name):
    versions, items = globals()[f"section_{name}"]()
    print(json.dumps({"versions": versions, "items": items}))


def main():
    result = {"generator": "gen_signatures.py", "versions": {}, "frameworks": {}}
    for name, (venv, env) in SECTIONS.items():
        python = os.path.join(VENVS, venv, "bin", "python")
        run = subprocess.run([python, __file__, "--section", name], capture_output=True, text=True,
                             env=dict(os.environ, **env), timeout=600)
        if run.returncode != 0:
            sys.exit(f"section {name} failed in {venv}:\n{run.stderr[-3000:]}")
        data = json.loads(run.stdout.strip().splitlines()[-1])
        result["versions"].update(data["versions"])
        result["frameworks"][name] = data["items"]
        print(f"{name}: {len(data['items'])} APIs ({venv})")
    versions, items = caffe_section()
    result["versions"].update(versions)
    result["frameworks"]["caffe"] = items
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w") as f:
        json.dump(result, f, indent=1)
        f.write("\n")
    print(f"{OUT}: {sum(len(v) for v in result['frameworks'].values())} entries")


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--section":
        run_section(sys.argv[2])
    else:
        main()
