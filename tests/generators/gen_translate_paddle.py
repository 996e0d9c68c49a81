"""Pasted Paddle texts and what Paddle does with them → tests/fixtures/translate/paddle.jsonl.

Run in ../venvs/torch from the repository root: `python tests/generators/gen_translate_paddle.py`.
Imports in scope, as a user's file has them: `import paddle`, `import paddle.nn as nn`,
`import paddle.nn.functional as F`, `import numpy as np`, `from paddle.nn import Conv1D, Conv2D, Conv3D,
Conv1DTranspose, Conv2DTranspose, Conv3DTranspose`. A layer is applied to `paddle.zeros(input_shape)`;
a functional call's `x` / `w` are zeros of `input_shape` / `weight_shape` (CPU). Some calls abort
Paddle; common.Fixtures records that as the text's rejection."""

import os

os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
os.environ.setdefault("GLOG_minloglevel", "3")

import numpy as np  # noqa: E402
import paddle  # noqa: E402
import paddle.nn as nn  # noqa: E402
import paddle.nn.functional as F  # noqa: E402
from paddle.nn import Conv1D, Conv1DTranspose, Conv2D, Conv2DTranspose, Conv3D, Conv3DTranspose  # noqa: E402

from translate_common import Texts, execute, fmt, load_signatures, per_axis, render_call, rng_for, sig_of  # noqa: E402

paddle.set_device("cpu")
NAMESPACE = {"paddle": paddle, "nn": nn, "F": F, "np": np, "Conv1D": Conv1D, "Conv2D": Conv2D, "Conv3D": Conv3D,
             "Conv1DTranspose": Conv1DTranspose, "Conv2DTranspose": Conv2DTranspose, "Conv3DTranspose": Conv3DTranspose}
fx = Texts("paddle", {"paddlepaddle": paddle.__version__})


def run(case):
    make_input = lambda: paddle.zeros(case["input_shape"])
    make_weight = (lambda: paddle.zeros(case["weight_shape"])) if "weight_shape" in case else None
    value, _, _ = execute(case["text"], NAMESPACE, make_input, make_weight)
    if isinstance(value, nn.Layer):
        value = value(make_input())
    if not isinstance(value, paddle.Tensor):
        raise TypeError(f"the text gives a {type(value).__name__}, not a layer or a tensor")
    return list(value.shape)


def add(case_id, text, input_shape, weight_shape=None):
    fx.add(case_id, text, input_shape, run, weight_shape=weight_shape)


def hand():
    # paddle.nn.Conv2DTranspose's docstring example, verbatim.
    add("doc-conv2dtranspose", "x_var = paddle.uniform((2, 4, 8, 8), dtype='float32', min=-1., max=1.)\n"
        "conv = nn.Conv2DTranspose(4, 6, (3, 3))\ny_var = conv(x_var)", [2, 4, 8, 8])
    add("doc-functional", "x_var = paddle.randn((2, 3, 8, 8), dtype='float32')\nw_var = paddle.randn((3, 6, 3, 3), dtype='float32')\n"
        "y_var = F.conv2d_transpose(x_var, w_var)", [2, 3, 8, 8])
    add("doc-conv1dtranspose", "conv = nn.Conv1DTranspose(2, 1, 2)\ny = conv(x)", [1, 2, 2])
    add("issue-256-128", "nn.Conv2DTranspose(256, 128, 4, 2, 1)", [1, 256, 28, 28])
    add("vision-caffe-port", "paddle.nn.Conv2DTranspose(512, 256, kernel_size=4, stride=2, padding=1)", [1, 512, 28, 28])
    add("self-assign", "self.deconv = nn.Conv2DTranspose(in_channels=64, out_channels=32, kernel_size=4, stride=2, padding=1)", [1, 64, 16, 16])
    add("bare-import", "from paddle.nn import Conv2DTranspose\nup = Conv2DTranspose(16, 8, 3, stride=2, padding=1, output_padding=1)", [1, 16, 7, 7])
    add("padding-same", "nn.Conv2DTranspose(16, 8, 3, stride=2, padding='SAME')", [1, 16, 7, 7])
    add("padding-same-lower", "nn.Conv2DTranspose(16, 8, 4, stride=2, padding='same')", [1, 16, 7, 7])
    add("padding-valid", "nn.Conv2DTranspose(16, 8, 3, stride=2, padding='VALID')", [1, 16, 7, 7])
    add("padding-pairs", "nn.Conv2DTranspose(4, 4, 3, stride=2, padding=[[0, 0], [0, 0], [1, 2], [0, 1]])", [1, 4, 6, 6])
    add("padding-four", "nn.Conv2DTranspose(4, 4, 3, stride=2, padding=[1, 2, 0, 1])", [1, 4, 6, 6])
    add("nhwc", "nn.Conv2DTranspose(3, 8, 4, stride=2, padding=1, data_format='NHWC')", [1, 14, 14, 3])
    add("forward-output-size", "up = nn.Conv2DTranspose(16, 8, 3, stride=2, padding=1)\ny = up(x, output_size=[28, 28])", [1, 16, 14, 14])
    add("forward-output-size-odd", "up = nn.Conv2DTranspose(16, 8, 3, stride=2, padding=1)\ny = up(x, output_size=27)", [1, 16, 14, 14])
    add("forward-output-size-too-big", "up = nn.Conv2DTranspose(16, 8, 3, stride=2, padding=1)\ny = up(x, output_size=[30, 30])", [1, 16, 14, 14])
    add("arith", "h = 14\nup = nn.Conv2DTranspose(32, 16, 3, stride=2, padding=1)\ny = up(x, output_size=[2*h, 2*h])", [1, 32, 14, 14])
    add("functional-output-size", "y = F.conv2d_transpose(x, w, stride=2, padding=1, output_size=[28, 28])", [1, 8, 14, 14], [8, 4, 3, 3])
    add("functional-1d", "F.conv1d_transpose(x, w, stride=2, padding='same')", [1, 3, 9], [3, 2, 4])
    add("functional-3d", "out = paddle.nn.functional.conv3d_transpose(x, w, stride=(1, 2, 2), padding=1)", [1, 4, 3, 5, 5], [4, 2, 3, 3, 3])
    add("groups-dilation", "nn.Conv2DTranspose(8, 8, 3, stride=2, padding=2, dilation=2, groups=4)", [1, 8, 5, 5])
    add("3d", "nn.Conv3DTranspose(8, 4, 4, stride=2, padding=1)", [1, 8, 4, 4, 4])
    add("messy", "self.up = nn.Conv2DTranspose(\n    64,  # in\n    32,  # out\n    kernel_size=[2, 2],\n    stride=[2, 2],\n)", [2, 64, 9, 9])
    add("conv2d", "nn.Conv2D(3, 32, 3, stride=2, padding=1)", [1, 3, 224, 224])
    add("conv2d-same", "nn.Conv2D(3, 32, 3, stride=2, padding='same')", [1, 3, 15, 15])
    add("conv1d-functional", "F.conv1d(x, w, stride=2, padding='valid')", [1, 2, 9], [4, 2, 3])
    add("err-misspelled", "nn.Conv2DTranspose(256, 128, 4, strde=2, padding=1)", [1, 256, 28, 28])
    add("err-bias-keyword", "nn.Conv2DTranspose(256, 128, 4, stride=2, bias=False)", [1, 256, 28, 28])
    add("err-missing-kernel", "nn.Conv2DTranspose(256, 128)", [1, 256, 28, 28])
    add("err-channels-mismatch", "nn.Conv2DTranspose(256, 128, 4, 2, 1)", [1, 512, 28, 28])
    add("err-output-padding-big", "nn.Conv2DTranspose(16, 8, 3, stride=2, padding=1, output_padding=2)", [1, 16, 14, 14])
    add("err-groups", "nn.Conv2DTranspose(6, 4, 3, groups=4)", [1, 6, 5, 5])
    add("err-data-format", "nn.Conv2DTranspose(3, 8, 4, data_format='NWHC')", [1, 3, 8, 8])
    add("err-padding-string", "nn.Conv2DTranspose(3, 8, 4, padding='full')", [1, 3, 8, 8])


SIG = load_signatures()


def sampled(count=300):
    rng = rng_for("paddle")
    for index in range(count):
        rank = rng.choice([1, 2, 2, 2, 3])
        op = rng.choice(["conv_transpose", "conv_transpose", "conv"])
        kind = rng.choice(["module", "module", "module", "functional"])
        k = [rng.choice([1, 2, 3, 4]) for _ in range(rank)]
        s = [rng.choice([1, 2, 2, 3]) for _ in range(rank)]
        d = [rng.choice([1, 1, 1, 2]) for _ in range(rank)]
        p = [rng.choice([0, 0, 1, 1, 2]) for _ in range(rank)]
        if rng.random() < 0.6:
            k, s, d, p = [k[0]] * rank, [s[0]] * rank, [d[0]] * rank, [p[0]] * rank
        groups = rng.choice([1, 1, 1, 2])
        cin, cout = groups * rng.choice([1, 2, 4]), groups * rng.choice([1, 2, 3])
        size = [rng.choice([1, 2, 3, 5, 7, 8]) for _ in range(rank)]
        shape = [rng.choice([1, 2]), cin] + size
        t = "Transpose" if op == "conv_transpose" else ""
        if kind == "module":
            api = f"paddle.nn.Conv{rank}D{t}"
            callee = rng.choice(["nn.", "paddle.nn.", ""]) + f"Conv{rank}D{t}"
            args = [("in_channels", str(cin)), ("out_channels", str(cout)), ("kernel_size", fmt(per_axis(rng, k), rng))]
        else:
            api = f"paddle.nn.functional.conv{rank}d{'_transpose' if t else ''}"
            callee = rng.choice(["F.", "paddle.nn.functional."]) + api.rsplit(".", 1)[1]
            args = [("x", "x"), ("weight", "w")]
        padding = rng.choice([per_axis(rng, p), per_axis(rng, p), "same", "valid", "SAME"])
        optional = [("stride", per_axis(rng, s), 1), ("padding", padding, 0), ("dilation", per_axis(rng, d), 1),
                    ("groups", groups, 1)]
        if op == "conv_transpose" and not isinstance(padding, str):
            optional.append(("output_padding", per_axis(rng, [rng.choice([0, 0, 1]) if st > 1 else 0 for st in s]), 0))
        order = [q["name"] for q in sig_of(SIG, "paddle", api)]
        optional.sort(key=lambda item: order.index(item[0]))
        for name, value, default in optional:
            if value == default and rng.random() < 0.75:
                continue
            args.append((name, fmt(value, rng)))
        if rng.random() < 0.04:
            args.append((rng.choice(["strides", "pad", "bias", "dilations"]), "1"))
        call = render_call(rng, callee, args, sig_of(SIG, "paddle", api), positional_max=None if kind == "module" else 2)
        if kind == "module" and t and rng.random() < 0.15 and not isinstance(padding, str):
            natural = [(n - 1) * st - 2 * pp + dd * (kk - 1) + 1 for n, st, pp, dd, kk in zip(size, s, p, d, k)]
            text = f"up = {call}\ny = up(x, output_size={fmt([v + rng.choice([0, 1]) for v in natural], rng)})"
        else:
            text = rng.choice([call, f"self.up = {call}", f"x = {call}(x)" if kind == "module" else f"y = {call}"])
        wshape = None
        if kind == "functional":
            wshape = [cin, cout // groups] + k if t else [cout, cin // groups] + k
        add(f"sampled-{index:03d}", text, shape, wshape)


hand()
sampled()
fx.write()
