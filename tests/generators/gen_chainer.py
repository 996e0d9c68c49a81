"""Golden fixtures from Chainer 7 (CPU): chainer.functions.deconvolution_2d / deconvolution_nd (pad, outsize,
dilate, groups) and convolution_2d / convolution_nd (cover_all). Shapes and accept/reject only."""

import warnings

warnings.filterwarnings("ignore")

import chainer  # noqa: E402
import chainer.functions as F  # noqa: E402
import numpy as np  # noqa: E402

from common import Fixtures, Geometry, rng_for, scalar_or_list  # noqa: E402

fx = Fixtures("chainer", {"chainer": chainer.__version__, "numpy": np.__version__})
rng = rng_for("chainer")


def case(case_id, op, rank, input_shape, weight_shape, params):
    name = ("deconvolution" if op == "conv_transpose" else "convolution") + ("_2d" if rank == 2 else "_nd")
    request = {"framework": "chainer", "op": op, "rank": rank, "api": f"chainer.functions.{name}",
               "input_shape": input_shape, "weight_shape": weight_shape, "params": params}

    def call():
        kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}
        fn = getattr(F, name)
        return fn(np.zeros(input_shape, np.float32), np.zeros(weight_shape, np.float32), **kwargs).shape

    fx.run(case_id, request, call)


# --- classics ---------------------------------------------------------------------------------
case("caffe-28-to-56", "conv_transpose", 2, [1, 8, 28, 28], [8, 8, 4, 4], {"stride": 2, "pad": 1})
for pad in (0, 1):
    for outsize in range(3, 10):
        case(f"reference-p{pad}-outsize-{outsize}", "conv_transpose", 1, [1, 1, 3], [1, 1, 3],
             {"stride": 2, "pad": pad, "outsize": [outsize]})
case("outsize-2d", "conv_transpose", 2, [1, 1, 3, 3], [1, 1, 3, 3], {"stride": 2, "pad": 1, "outsize": [6, 6]})
case("outsize-wrong-length", "conv_transpose", 2, [1, 1, 3, 3], [1, 1, 3, 3], {"stride": 2, "outsize": [6]})
case("groups", "conv_transpose", 2, [1, 6, 5, 5], [6, 2, 3, 3], {"groups": 2})
case("groups-bad", "conv_transpose", 2, [1, 5, 5, 5], [5, 2, 3, 3], {"groups": 2})
case("channel-mismatch", "conv_transpose", 2, [1, 3, 5, 5], [2, 2, 3, 3], {})
case("dilate", "conv_transpose", 2, [1, 1, 3, 3], [1, 1, 3, 3], {"dilate": 2, "stride": 2})
case("output-negative", "conv_transpose", 1, [1, 1, 1], [1, 1, 1], {"pad": 2})
case("output-zero", "conv_transpose", 1, [1, 1, 1], [1, 1, 2], {"pad": 1})
case("input-zero", "conv_transpose", 1, [1, 1, 0], [1, 1, 3], {"stride": 2})
case("stride-zero", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"stride": 0})
case("pad-negative", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"pad": -1})
for size in range(22, 29):
    case(f"conv-k3-s7-p1-{size}", "conv", 2, [1, 1, size, size], [1, 1, 3, 3], {"stride": 7, "pad": 1})
    case(f"conv-k3-s7-p1-cover-{size}", "conv", 2, [1, 1, size, size], [1, 1, 3, 3], {"stride": 7, "pad": 1, "cover_all": True})
for dilation in (1, 2):
    case(f"conv1d-8820-dilation{dilation}", "conv", 1, [1, 16, 8820], [16, 16, 3], {"dilate": dilation})
case("conv-kernel-larger", "conv", 2, [1, 1, 2, 2], [1, 1, 3, 3], {})
case("conv-groups", "conv", 2, [1, 4, 5, 5], [6, 2, 3, 3], {"groups": 2})
case("conv-input-zero", "conv", 1, [1, 1, 0], [1, 1, 1], {})

# --- random grids -------------------------------------------------------------------------
for index in range(290):
    rank = rng.choice([1, 1, 2, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 12 == 0)
    groups = rng.choice([1, 1, 1, 2])
    cin, cout = groups * rng.choice([1, 2]), groups * rng.choice([1, 2])
    op = "conv_transpose" if index % 4 else "conv"
    params = {"stride": scalar_or_list(rng, g.stride), "pad": scalar_or_list(rng, g.padding)}
    if g.dilation != [1] * rank:
        params["dilate"] = scalar_or_list(rng, g.dilation)
    if groups > 1:
        params["groups"] = groups
    if op == "conv_transpose":
        if rng.random() < 0.5:
            base = [(n - 1) * s + d * (k - 1) + 1 - 2 * p
                    for n, s, d, k, p in zip(g.size_in, g.stride, g.dilation, g.kernel, g.padding)]
            params["outsize"] = [b + rng.randint(-s, s) for b, s in zip(base, g.stride)]
        weight = [cin, cout // groups] + g.kernel
    else:
        if rng.random() < 0.4:
            params["cover_all"] = True
        weight = [cout, cin // groups] + g.kernel
    case(f"{op}-{rank}d", op, rank, [1, cin] + g.size_in, weight, params)

fx.write()
