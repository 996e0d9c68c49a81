"""Golden fixtures from PaddlePaddle (CPU, dynamic graph): paddle.nn.Conv{1,2,3}DTranspose (incl.
forward(output_size=)), paddle.nn.functional.conv{1,2,3}d_transpose, and the forward Conv layers.
Padding as int, per-axis, begin/end pairs, 'SAME', 'VALID'. Shapes and accept/reject only."""

import os
import warnings

os.environ.setdefault("GLOG_minloglevel", "3")
warnings.filterwarnings("ignore")

import paddle  # noqa: E402
import paddle.nn.functional as F  # noqa: E402

from common import Fixtures, Geometry, rng_for, scalar_or_list  # noqa: E402

paddle.set_device("cpu")
fx = Fixtures("paddle", {"paddlepaddle": paddle.__version__})
rng = rng_for("paddle")

MODULES = {
    ("conv", 1): paddle.nn.Conv1D, ("conv", 2): paddle.nn.Conv2D, ("conv", 3): paddle.nn.Conv3D,
    ("conv_transpose", 1): paddle.nn.Conv1DTranspose, ("conv_transpose", 2): paddle.nn.Conv2DTranspose,
    ("conv_transpose", 3): paddle.nn.Conv3DTranspose,
}
FUNCTIONS = {
    ("conv", 1): F.conv1d, ("conv", 2): F.conv2d, ("conv", 3): F.conv3d,
    ("conv_transpose", 1): F.conv1d_transpose, ("conv_transpose", 2): F.conv2d_transpose,
    ("conv_transpose", 3): F.conv3d_transpose,
}


def module_case(case_id, op, rank, input_shape, params, output_size=None):
    cls = MODULES[(op, rank)]
    request_params = dict(params)
    if output_size is not None:
        request_params["output_size"] = output_size
    request = {"framework": "paddle", "op": op, "rank": rank, "api": f"paddle.nn.{cls.__name__}",
               "input_shape": input_shape, "params": request_params}

    def call():
        layer = cls(**params)
        x = paddle.zeros(input_shape)
        return (layer(x, output_size=output_size) if output_size is not None else layer(x)).shape

    fx.run(case_id, request, call)


def functional_case(case_id, op, rank, input_shape, weight_shape, params):
    fn = FUNCTIONS[(op, rank)]
    request = {"framework": "paddle", "op": op, "rank": rank, "api": f"paddle.nn.functional.{fn.__name__}",
               "input_shape": input_shape, "weight_shape": weight_shape, "params": params}

    def call():
        return fn(paddle.zeros(input_shape), paddle.zeros(weight_shape), **params).shape

    fx.run(case_id, request, call)


def channels(rng):
    groups = rng.choice([1, 1, 1, 2])
    return groups * rng.choice([1, 2]), groups * rng.choice([1, 2]), groups


# --- classics ---------------------------------------------------------------------------------
module_case("default-example", "conv_transpose", 2, [1, 1, 3, 3],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2, "padding": 1, "output_padding": 1})
module_case("caffe-28-to-56", "conv_transpose", 2, [1, 8, 28, 28],
            {"in_channels": 8, "out_channels": 8, "kernel_size": 4, "stride": 2, "padding": 1})
for n in (3, 4, 5):
    module_case(f"same-k3-s2-n{n}", "conv_transpose", 1, [1, 1, n],
                {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2, "padding": "SAME"})
module_case("same-dilation-ignored", "conv_transpose", 1, [1, 1, 5],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2, "padding": "SAME", "dilation": 2})
module_case("valid", "conv_transpose", 2, [1, 1, 3, 3],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2, "padding": "valid"})
module_case("bad-padding-string", "conv_transpose", 1, [1, 1, 3],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "padding": "FULL"})
for size in range(5, 10):
    module_case(f"output-size-{size}", "conv_transpose", 1, [1, 1, 3],
                {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2}, output_size=[size])
module_case("output-size-and-padding", "conv_transpose", 1, [1, 1, 3],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2, "output_padding": 1}, output_size=[8])
module_case("opad-dilation", "conv_transpose", 1, [1, 1, 3],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 1, "dilation": 2, "output_padding": 1})
for a in range(0, 4):
    module_case(f"k3-s2-opad{a}", "conv_transpose", 2, [1, 1, 3, 3],
                {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2, "padding": 1, "output_padding": a})
module_case("pairs-4", "conv_transpose", 2, [1, 1, 3, 3],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2, "padding": [1, 0, 0, 1]})
module_case("pairs-nested", "conv_transpose", 2, [1, 1, 3, 3],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2, "padding": [[0, 0], [0, 0], [1, 0], [0, 1]]})
module_case("nhwc", "conv_transpose", 2, [1, 3, 3, 2],
            {"in_channels": 2, "out_channels": 4, "kernel_size": 3, "stride": 2, "data_format": "NHWC"})
for size in range(22, 29):
    module_case(f"conv-k3-s7-same-{size}", "conv", 2, [1, 1, size, size],
                {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 7, "padding": "SAME"})
for dilation in (1, 2):
    module_case(f"conv1d-8820-dilation{dilation}", "conv", 1, [1, 16, 8820],
                {"in_channels": 16, "out_channels": 16, "kernel_size": 3, "dilation": dilation})
module_case("conv-same-dilated", "conv", 1, [1, 1, 5],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "padding": "SAME", "dilation": 2})
module_case("conv-kernel-larger", "conv", 2, [1, 1, 2, 2], {"in_channels": 1, "out_channels": 1, "kernel_size": 3})
for bad in ({"stride": 0}, {"padding": -1}, {"output_padding": -1}, {"dilation": 0}, {"groups": 0}, {"stride": [2, 2]}):
    name = "-".join(f"{k}{v}" for k, v in bad.items()).replace(" ", "")
    functional_case(f"bad-{name}", "conv_transpose", 1, [1, 1, 4], [1, 1, 3], bad)
functional_case("kernel-zero", "conv_transpose", 1, [1, 1, 3], [1, 1, 0], {})
functional_case("input-zero", "conv_transpose", 1, [1, 1, 0], [1, 1, 3], {})
functional_case("output-negative", "conv_transpose", 1, [1, 1, 1], [1, 1, 1], {"padding": 2})
functional_case("channel-mismatch", "conv_transpose", 2, [1, 3, 4, 4], [2, 1, 3, 3], {})
functional_case("depthwise", "conv_transpose", 2, [1, 4, 4, 4], [4, 1, 3, 3], {"groups": 4, "stride": 2})
functional_case("output-size-functional", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"stride": 2, "output_size": [6]})

# --- random grids -------------------------------------------------------------------------
for index in range(160):
    rank = rng.choice([1, 1, 2, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 12 == 0)
    cin, cout, groups = channels(rng)
    op = "conv_transpose" if index % 4 else "conv"
    params = {"in_channels": cin, "out_channels": cout, "kernel_size": scalar_or_list(rng, g.kernel),
              "stride": scalar_or_list(rng, g.stride), "dilation": scalar_or_list(rng, g.dilation), "groups": groups}
    kind = rng.choice(["int", "int", "pairs", "SAME", "VALID"])
    if kind == "int":
        params["padding"] = scalar_or_list(rng, g.padding)
    elif kind == "pairs":
        params["padding"] = [v for p in g.padding for v in (p, rng.choice([0, 1, 2]))]
    else:
        params["padding"] = kind
    if op == "conv_transpose" and rng.random() < 0.6:
        limit = [max(s, d) for s, d in zip(g.stride, g.dilation)]
        params["output_padding"] = scalar_or_list(rng, [rng.randint(0, l) if rng.random() < 0.2 else rng.randint(0, l - 1)
                                                        for l in limit])
    module_case(f"module-{op}-{kind}-{rank}d", op, rank, [1, cin] + g.size_in, params)

for index in range(60):
    rank = rng.choice([1, 2, 2, 3])
    g = Geometry(rng, rank)
    cin, cout, groups = channels(rng)
    params = {"in_channels": cin, "out_channels": cout, "kernel_size": scalar_or_list(rng, g.kernel),
              "stride": scalar_or_list(rng, g.stride), "dilation": scalar_or_list(rng, g.dilation),
              "padding": scalar_or_list(rng, g.padding), "groups": groups}
    base = [(n - 1) * s - 2 * p + d * (k - 1) + 1
            for n, s, p, d, k in zip(g.size_in, g.stride, g.padding, g.dilation, g.kernel)]
    output_size = [b + rng.randint(-1, s) for b, s in zip(base, g.stride)]
    module_case(f"output-size-{rank}d", "conv_transpose", rank, [1, cin] + g.size_in, params, output_size=output_size)

for index in range(70):
    rank = rng.choice([1, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 9 == 0)
    cin, cout, groups = channels(rng)
    op = "conv_transpose" if index % 3 else "conv"
    weight = ([cin, cout // groups] if op == "conv_transpose" else [cout, cin // groups]) + g.kernel
    params = {"stride": scalar_or_list(rng, g.stride), "padding": scalar_or_list(rng, g.padding),
              "groups": groups, "dilation": scalar_or_list(rng, g.dilation)}
    if op == "conv_transpose" and rng.random() < 0.5:
        limit = [max(s, d) for s, d in zip(g.stride, g.dilation)]
        params["output_padding"] = scalar_or_list(rng, [rng.randint(0, l - 1) for l in limit])
    functional_case(f"functional-{op}-{rank}d", op, rank, [1, cin] + g.size_in, weight, params)

fx.write()
