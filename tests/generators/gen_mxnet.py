"""Golden fixtures from MXNet 1.9 (CPU, native kernels: MXNET_MKLDNN_ENABLED=0, because the oneDNN path of
the pip build rejects target_shape layers that need padding): mx.nd.Deconvolution (pad, adj, target_shape,
num_group, dilate) and mx.nd.Convolution. Shapes and accept/reject only."""

import os

os.environ["MXNET_MKLDNN_ENABLED"] = os.environ.get("CONVT_MXNET_MKLDNN", "0")
os.environ.setdefault("MXNET_ENGINE_TYPE", "NaiveEngine")

import mxnet as mx  # noqa: E402

from common import Fixtures, Geometry, rng_for  # noqa: E402

fx = Fixtures("mxnet", {"mxnet": mx.__version__, "MXNET_MKLDNN_ENABLED": "0"})
rng = rng_for("mxnet")


def case(case_id, op, rank, input_shape, weight_shape, params):
    api = "Deconvolution" if op == "conv_transpose" else "Convolution"
    request = {"framework": "mxnet", "op": op, "rank": rank, "api": f"mx.nd.{api}",
               "input_shape": input_shape, "weight_shape": weight_shape, "params": params}

    def call():
        kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}
        kwargs.setdefault("no_bias", True)
        fn = mx.nd.Deconvolution if op == "conv_transpose" else mx.nd.Convolution
        y = fn(mx.nd.zeros(input_shape), mx.nd.zeros(weight_shape), **kwargs)
        y.wait_to_read()
        return y.shape

    fx.run(case_id, request, call)


# --- classics ---------------------------------------------------------------------------------
case("caffe-28-to-56", "conv_transpose", 2, [1, 8, 28, 28], [8, 8, 4, 4],
     {"kernel": [4, 4], "stride": [2, 2], "pad": [1, 1], "num_filter": 8})
for target in range(3, 10):
    case(f"reference-target-{target}", "conv_transpose", 1, [1, 1, 3], [1, 1, 3],
         {"kernel": [3], "stride": [2], "target_shape": [target], "num_filter": 1})
case("test-target-8-ignores-pad-adj", "conv_transpose", 2, [1, 1, 4, 4], [1, 1, 3, 3],
     {"kernel": [3, 3], "stride": [2, 2], "target_shape": [8, 8], "pad": [99, 99], "adj": [101, 101], "num_filter": 1})
case("test-pad1-adj1", "conv_transpose", 2, [1, 1, 4, 4], [1, 1, 3, 3],
     {"kernel": [3, 3], "stride": [2, 2], "pad": [1, 1], "adj": [1, 1], "num_filter": 1})
for a in range(0, 4):
    case(f"adj-{a}", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"kernel": [3], "stride": [2], "pad": [1], "adj": [a], "num_filter": 1})
case("adj-stride1-dilate2", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"kernel": [3], "stride": [1], "dilate": [2], "adj": [1], "num_filter": 1})
case("target-stride1-odd", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"kernel": [3], "stride": [1], "target_shape": [4], "num_filter": 1})
case("dilate-3d", "conv_transpose", 3, [1, 1, 3, 3, 3], [1, 1, 3, 3, 3], {"kernel": [3, 3, 3], "dilate": [2, 2, 2], "num_filter": 1})
case("groups", "conv_transpose", 2, [1, 6, 5, 5], [6, 2, 3, 3], {"kernel": [3, 3], "num_filter": 4, "num_group": 2})
case("groups-bad", "conv_transpose", 2, [1, 5, 5, 5], [5, 2, 3, 3], {"kernel": [3, 3], "num_filter": 4, "num_group": 2})
case("weight-mismatch", "conv_transpose", 2, [1, 2, 5, 5], [2, 3, 3, 3], {"kernel": [3, 3], "num_filter": 4})
case("kernel-mismatch", "conv_transpose", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"kernel": [2, 2], "num_filter": 1})
case("output-negative", "conv_transpose", 1, [1, 1, 1], [1, 1, 1], {"kernel": [1], "pad": [2], "num_filter": 1})
case("output-zero", "conv_transpose", 1, [1, 1, 1], [1, 1, 2], {"kernel": [2], "pad": [1], "num_filter": 1})
case("input-zero", "conv_transpose", 1, [1, 1, 0], [1, 1, 3], {"kernel": [3], "stride": [2], "num_filter": 1})
case("stride-zero", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"kernel": [3], "stride": [0], "num_filter": 1})
case("kernel-zero", "conv_transpose", 1, [1, 1, 3], [1, 1, 0], {"kernel": [0], "num_filter": 1})
case("stride-wrong-length", "conv_transpose", 2, [1, 1, 3, 3], [1, 1, 3, 3], {"kernel": [3, 3], "stride": [2], "num_filter": 1})
for size in range(22, 29):
    case(f"conv-k3-s7-p1-{size}", "conv", 2, [1, 1, size, size], [1, 1, 3, 3], {"kernel": [3, 3], "stride": [7, 7], "pad": [1, 1], "num_filter": 1})
for dilation in (1, 2):
    case(f"conv1d-8820-dilation{dilation}", "conv", 1, [1, 16, 8820], [16, 16, 3], {"kernel": [3], "dilate": [dilation], "num_filter": 16})
case("conv-kernel-larger", "conv", 2, [1, 1, 2, 2], [1, 1, 3, 3], {"kernel": [3, 3], "num_filter": 1})
case("conv-groups", "conv", 2, [1, 4, 5, 5], [6, 2, 3, 3], {"kernel": [3, 3], "num_filter": 6, "num_group": 2})
case("conv-input-zero", "conv", 1, [1, 1, 0], [1, 1, 1], {"kernel": [1], "num_filter": 1})

# --- random grids -------------------------------------------------------------------------
for index in range(300):
    rank = rng.choice([1, 1, 2, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 12 == 0)
    groups = rng.choice([1, 1, 1, 2])
    cin, cout = groups * rng.choice([1, 2]), groups * rng.choice([1, 2])
    op = "conv_transpose" if index % 4 else "conv"
    params = {"kernel": list(g.kernel), "num_filter": cout}
    if rng.random() < 0.8:
        params["stride"] = list(g.stride)
    if g.dilation != [1] * rank and (op == "conv" or rank < 3 or rng.random() < 0.2):
        params["dilate"] = list(g.dilation)
    if groups > 1:
        params["num_group"] = groups
    if op == "conv_transpose":
        kind = rng.choice(["pad", "pad", "target"])
        if kind == "pad":
            params["pad"] = list(g.padding)
            if rng.random() < 0.6:
                params["adj"] = [rng.randint(0, s) if rng.random() < 0.2 else rng.randint(0, s - 1) for s in g.stride]
        else:
            full = [(n - 1) * s + d * (k - 1) + 1 for n, s, d, k in zip(g.size_in, g.stride, g.dilation, g.kernel)]
            params["target_shape"] = [max(1, f - rng.randint(-1, 4)) for f in full]
        weight = [cin, cout // groups] + g.kernel
    else:
        params["pad"] = list(g.padding)
        weight = [cout, cin // groups] + g.kernel
    case(f"{op}-{rank}d", op, rank, [1, cin] + g.size_in, weight, params)

fx.write()
