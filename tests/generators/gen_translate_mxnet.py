"""Pasted MXNet texts and what MXNet does with them → tests/fixtures/translate/mxnet.jsonl.

Run in ../venvs/legacy from the repository root (MXNET_MKLDNN_ENABLED=0, the native kernels, as the
other MXNet fixtures): `python tests/generators/gen_translate_mxnet.py`.
Imports in scope: `import mxnet as mx`, `from mxnet import nd, sym, gluon`, `from mxnet.gluon import nn`,
`import numpy as np`. A symbolic text (`mx.sym.…`) reads its `data` as `mx.sym.Variable('data')` and is
bound with `input_shape` (simple_bind) and run forward; an `mx.nd.…` text reads `data` / `x` as
`mx.nd.zeros(input_shape)` (and `weight` as zeros of `weight_shape`); a Gluon block is initialised and
called on zeros of `input_shape`."""

import os

os.environ.setdefault("MXNET_MKLDNN_ENABLED", "0")

import mxnet as mx  # noqa: E402
import numpy as np  # noqa: E402
from mxnet import gluon, nd, sym  # noqa: E402
from mxnet.gluon import nn  # noqa: E402

from translate_common import Texts, execute, fmt, per_axis, rng_for  # noqa: E402

NAMESPACE = {"mx": mx, "nd": nd, "sym": sym, "gluon": gluon, "nn": nn, "np": np}
fx = Texts("mxnet", {"mxnet": mx.__version__, "MXNET_MKLDNN_ENABLED": os.environ["MXNET_MKLDNN_ENABLED"]})


def run(case):
    text, shape = case["text"], case["input_shape"]
    symbolic = "sym." in text or "symbol." in text
    if symbolic:
        make_input = lambda: mx.sym.Variable("data")
        make_weight = None
    else:
        make_input = lambda: mx.nd.zeros(shape)
        make_weight = (lambda: mx.nd.zeros(case["weight_shape"])) if "weight_shape" in case else None
    value, _, bound = execute(text, NAMESPACE, make_input, make_weight)
    if isinstance(value, mx.sym.Symbol):
        inputs = [n for n in value.list_arguments() if n not in ("weight", "bias") and not n.endswith(("_weight", "_bias"))]
        executor = value.simple_bind(mx.cpu(), grad_req="null", **{inputs[0]: tuple(shape)})
        out = executor.forward(is_train=False)[0]
        out.wait_to_read()
        return list(out.shape)
    if isinstance(value, gluon.Block):
        value.initialize()
        value = value(mx.nd.zeros(shape))
    if isinstance(value, mx.nd.NDArray):
        value.wait_to_read()
        return list(value.shape)
    raise TypeError(f"the text gives a {type(value).__name__}, not a symbol, block or array")


def add(case_id, text, input_shape, weight_shape=None):
    fx.add(case_id, text, input_shape, run, weight_shape=weight_shape)


def hand():
    x28 = [1, 512, 28, 28]
    add("vision-caffe-port", "up = mx.sym.Deconvolution(data=data, num_filter=256, kernel=(4, 4), stride=(2, 2), pad=(1, 1))", x28)
    add("fcn-bilinear", "upscore = mx.symbol.Deconvolution(data=data, kernel=(64, 64), stride=(32, 32), num_filter=21, adj=(0, 0),\n"
        "                                   no_bias=True, workspace=1024, name='upscore')", [1, 21, 16, 16])
    add("target-shape", "mx.sym.Deconvolution(data, kernel=(4, 4), stride=(2, 2), target_shape=(56, 56), num_filter=256)", x28)
    add("target-shape-odd", "mx.sym.Deconvolution(data, kernel=(3, 3), stride=(2, 2), target_shape=(55, 55), num_filter=8)", [1, 4, 28, 28])
    add("adj", "mx.sym.Deconvolution(data=data, kernel=(3, 3), stride=(2, 2), pad=(1, 1), adj=(1, 1), num_filter=16)", [1, 8, 14, 14])
    add("nd-form", "y = mx.nd.Deconvolution(data=x, weight=w, kernel=(3, 3), stride=(2, 2), num_filter=4, no_bias=True)", [1, 8, 5, 5], [8, 4, 3, 3])
    add("nd-groups", "mx.nd.Deconvolution(x, w, kernel=(4, 4), stride=(2, 2), pad=(1, 1), num_filter=8, num_group=2, no_bias=True)", [1, 8, 5, 5], [8, 4, 4, 4])
    add("nd-1d", "mx.nd.Deconvolution(data=x, weight=w, kernel=(4,), stride=(2,), pad=(1,), num_filter=3, no_bias=True)", [2, 2, 10], [2, 3, 4])
    add("3d", "mx.sym.Deconvolution(data, kernel=(2, 2, 2), stride=(2, 2, 2), num_filter=4)", [1, 8, 3, 3, 3])
    add("messy", "# decoder stage 2\nnet = mx.sym.Deconvolution(\n    data=data,\n    num_filter=64,      # half\n    kernel=(4, 4),\n"
        "    stride=(2, 2),\n    pad=(1, 1),\n    no_bias=True,\n    name='deconv2',\n)", [2, 128, 8, 8])
    add("arith", "k = 4\ns = 2\nmx.sym.Deconvolution(data, kernel=(k, k), stride=(s, s), pad=((k - s) // 2, (k - s) // 2), num_filter=16)", [1, 8, 9, 9])
    add("convolution", "mx.sym.Convolution(data=data, kernel=(3, 3), stride=(2, 2), pad=(1, 1), num_filter=64)", [1, 3, 32, 32])
    add("convolution-dilate", "mx.sym.Convolution(data=data, kernel=(3, 3), dilate=(2, 2), num_filter=8)", [1, 3, 16, 16])
    add("gluon-transpose", "self.up = nn.Conv2DTranspose(channels=64, kernel_size=4, strides=2, padding=1, in_channels=128)", [1, 128, 16, 16])
    add("gluon-transpose-short", "nn.Conv2DTranspose(32, 3, strides=2, padding=1, output_padding=1)", [1, 16, 7, 7])
    add("gluon-prefix", "mx.gluon.nn.Conv2DTranspose(8, (4, 4), (2, 2), (1, 1))", [1, 4, 10, 10])
    add("gluon-nhwc", "nn.Conv2DTranspose(8, 3, strides=2, layout='NHWC')", [1, 5, 5, 4])
    add("gluon-1d", "nn.Conv1DTranspose(16, 4, strides=2, padding=1)", [1, 8, 20])
    add("gluon-3d", "nn.Conv3DTranspose(4, 3, strides=2, padding=1, output_padding=1)", [1, 2, 4, 4, 4])
    add("gluon-conv", "nn.Conv2D(64, kernel_size=3, strides=2, padding=1)", [1, 3, 32, 32])
    add("err-misspelled", "mx.sym.Deconvolution(data=data, num_filter=256, kernel=(4, 4), strde=(2, 2), pad=(1, 1))", x28)
    add("err-missing-num-filter", "mx.sym.Deconvolution(data=data, kernel=(4, 4), stride=(2, 2))", x28)
    add("err-missing-kernel", "mx.sym.Deconvolution(data=data, num_filter=16, stride=(2, 2))", x28)
    add("err-adj-too-big", "mx.sym.Deconvolution(data=data, kernel=(3, 3), stride=(2, 2), adj=(2, 2), num_filter=16)", [1, 8, 14, 14])
    add("err-target-too-big", "mx.sym.Deconvolution(data, kernel=(4, 4), stride=(2, 2), target_shape=(70, 70), num_filter=8)", [1, 4, 28, 28])
    add("err-kernel-int", "mx.sym.Deconvolution(data=data, kernel=4, stride=2, num_filter=16)", [1, 8, 14, 14])
    add("err-stride-length", "mx.sym.Deconvolution(data=data, kernel=(4, 4), stride=(2, 2, 2), num_filter=16)", [1, 8, 14, 14])
    add("err-gluon-stride", "nn.Conv2DTranspose(32, 3, stride=2)", [1, 16, 7, 7])
    add("err-gluon-channels", "nn.Conv2DTranspose(32, 3, in_channels=8)", [1, 16, 7, 7])


def sampled(count=240):
    rng = rng_for("mxnet")
    for index in range(count):
        rank = rng.choice([1, 2, 2, 2, 3])
        kind = rng.choice(["sym", "sym", "nd", "gluon"])
        transpose = rng.random() < 0.75
        k = [rng.choice([1, 2, 3, 4])] * rank if rng.random() < 0.6 else [rng.choice([1, 2, 3, 4]) for _ in range(rank)]
        s = [rng.choice([1, 2, 2, 3])] * rank if rng.random() < 0.7 else [rng.choice([1, 2, 3]) for _ in range(rank)]
        p = [rng.choice([0, 0, 1, 2])] * rank
        d = [1] * rank if rng.random() < 0.85 or max(s) > 1 else [2] * rank
        groups = rng.choice([1, 1, 2])
        cin, cout = groups * rng.choice([1, 2]), groups * rng.choice([1, 2, 3])
        size = [rng.choice([1, 2, 3, 5, 8])] * rank if rng.random() < 0.6 else [rng.choice([2, 3, 4, 6]) for _ in range(rank)]
        x = [rng.choice([1, 2]), cin] + size
        opad = [rng.choice([0, 0, 1]) if st > 1 else 0 for st in s]
        wshape = None
        if kind == "gluon":
            name = f"Conv{rank}D" + ("Transpose" if transpose else "")
            args = [f"{cout}", fmt(per_axis(rng, k), rng)]
            kw = [("strides", per_axis(rng, s), 1), ("padding", per_axis(rng, p), 0)]
            if transpose:
                kw.append(("output_padding", per_axis(rng, opad), 0))
            kw += [("dilation", per_axis(rng, d), 1), ("groups", groups, 1)]
            if rng.random() < 0.4:
                kw.append(("in_channels", cin, 0))
            pieces = args + [f"{n}={fmt(v, rng)}" for n, v, default in kw if v != default or rng.random() < 0.25]
            callee = rng.choice(["nn.", "gluon.nn.", "mx.gluon.nn."]) + name
        else:
            op = "Deconvolution" if transpose else "Convolution"
            data = "data=data" if kind == "sym" else "data=x"
            head = [data] if rng.random() < 0.6 else [data.split("=")[1]]
            if kind == "nd":
                head.append("weight=w" if rng.random() < 0.6 or "=" in head[0] else "w")
                wshape = [cin, cout // groups] + k if transpose else [cout, cin // groups] + k
            kw = [("kernel", k), ("stride", s), ("pad", p), ("dilate", d)]
            if transpose:
                kw.append(("adj", opad))
            kw = [(n, v) for n, v in kw if n == "kernel" or v != [0 if n in ("pad", "adj") else 1] * rank or rng.random() < 0.3]
            kw += [("num_filter", cout)] + ([("num_group", groups)] if groups > 1 or rng.random() < 0.1 else [])
            if kind == "nd" or rng.random() < 0.3:
                kw.append(("no_bias", True))
            if transpose and rng.random() < 0.1:
                target = [(n - 1) * st + kk - 2 * pp + rng.choice([0, 1]) for n, st, kk, pp in zip(size, s, k, p)]
                kw.append(("target_shape", target))
            if rng.random() < 0.03:
                kw.append((rng.choice(["strides", "padding", "kernel_size"]), [1] * rank))
            if rng.random() < 0.2:
                rng.shuffle(kw)  # keywords in any order
            pieces = head + [f"{n}={fmt(tuple(v) if isinstance(v, list) else v, rng, 'tuple')}" for n, v in kw]
            callee = (rng.choice(["mx.sym.", "mx.symbol.", "sym."]) if kind == "sym" else rng.choice(["mx.nd.", "nd."])) + op
        sep = ", " if rng.random() < 0.7 else ",\n    "
        call = f"{callee}({sep.join(pieces)})"
        add(f"sampled-{index:03d}", rng.choice([call, f"net = {call}", f"self.up = {call}" if kind == "gluon" else f"y = {call}"]), x, wshape)


hand()
sampled()
fx.write()
