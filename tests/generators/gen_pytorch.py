"""Golden fixtures from PyTorch: nn.Conv{1,2,3}d / nn.ConvTranspose{1,2,3}d (incl. forward(output_size=))
and torch.nn.functional.conv{,_transpose}{1,2,3}d. Shapes and accept/reject only."""

import warnings

import torch
import torch.nn.functional as F

from common import Fixtures, Geometry, rng_for, scalar_or_list

warnings.filterwarnings("ignore")
torch.set_grad_enabled(False)

fx = Fixtures("pytorch", {"torch": torch.__version__})
rng = rng_for("pytorch")

MODULES = {
    ("conv", 1): torch.nn.Conv1d, ("conv", 2): torch.nn.Conv2d, ("conv", 3): torch.nn.Conv3d,
    ("conv_transpose", 1): torch.nn.ConvTranspose1d, ("conv_transpose", 2): torch.nn.ConvTranspose2d,
    ("conv_transpose", 3): torch.nn.ConvTranspose3d,
}
FUNCTIONS = {
    ("conv", 1): F.conv1d, ("conv", 2): F.conv2d, ("conv", 3): F.conv3d,
    ("conv_transpose", 1): F.conv_transpose1d, ("conv_transpose", 2): F.conv_transpose2d,
    ("conv_transpose", 3): F.conv_transpose3d,
}


def as_arg(value):
    return tuple(value) if isinstance(value, list) else value


def module_case(case_id, op, rank, input_shape, params, output_size=None):
    cls = MODULES[(op, rank)]
    request_params = dict(params)
    if output_size is not None:
        request_params["output_size"] = output_size
    request = {"framework": "pytorch", "op": op, "rank": rank, "api": f"torch.nn.{cls.__name__}",
               "input_shape": input_shape, "params": request_params}

    def call():
        kwargs = {k: as_arg(v) for k, v in params.items()}
        layer = cls(**kwargs)
        x = torch.zeros(input_shape)
        if output_size is not None:
            return layer(x, output_size=output_size).shape
        return layer(x).shape

    fx.run(case_id, request, call)


def functional_case(case_id, op, rank, input_shape, weight_shape, params):
    fn = FUNCTIONS[(op, rank)]
    request = {"framework": "pytorch", "op": op, "rank": rank, "api": f"torch.nn.functional.{fn.__name__}",
               "input_shape": input_shape, "weight_shape": weight_shape, "params": params}

    def call():
        kwargs = {k: as_arg(v) for k, v in params.items() if k != "bias"}
        return fn(torch.zeros(input_shape), torch.zeros(weight_shape), **kwargs).shape

    fx.run(case_id, request, call)


def channels(rng):
    groups = rng.choice([1, 1, 1, 2, 3])
    cin = groups * rng.choice([1, 2])
    cout = groups * rng.choice([1, 2])
    if rng.random() < 0.1:  # sometimes not divisible: the framework must reject
        cout += 1
    return cin, cout, groups


# --- the classics ------------------------------------------------------------------------
module_case("default-example", "conv_transpose", 2, [1, 1, 3, 3],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2, "padding": 1, "output_padding": 1})
module_case("caffe-28-to-56", "conv_transpose", 2, [1, 256, 28, 28],
            {"in_channels": 256, "out_channels": 256, "kernel_size": 4, "stride": 2, "padding": 1})
for dilation in (1, 2):
    module_case(f"conv1d-8820-dilation{dilation}", "conv", 1, [1, 16, 8820],
                {"in_channels": 16, "out_channels": 16, "kernel_size": 3, "dilation": dilation})
module_case("k3-s1-valid-12-to-14", "conv_transpose", 2, [1, 1, 12, 12],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 1})
for size in range(15, 22):  # test_ConvTranspose2d_output_size: valid sizes are exactly 18..20
    module_case(f"output-size-{size}", "conv_transpose", 2, [1, 3, 6, 6],
                {"in_channels": 3, "out_channels": 4, "kernel_size": 3, "stride": 3, "padding": 0, "output_padding": 2},
                output_size=[size, size])
for size in range(22, 29):  # the ambiguity: stride 7 maps 22..28 to 4
    module_case(f"conv-k3-s7-{size}", "conv", 2, [1, 1, size, size],
                {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 7, "padding": 1})
for a in range(0, 11):  # the Keras stride-10 question, asked of PyTorch
    module_case(f"k3-s10-p1-opad{a}", "conv_transpose", 2, [1, 1, 20, 20],
                {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 10, "padding": 1, "output_padding": a})
module_case("padding-same-transpose", "conv_transpose", 2, [1, 1, 3, 3],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "padding": "same"})
module_case("padding-mode-reflect-transpose", "conv_transpose", 2, [1, 1, 3, 3],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "padding_mode": "reflect"})
module_case("output-size-wrong-length", "conv_transpose", 1, [1, 1, 3],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2}, output_size=[1, 1, 1, 7])
module_case("output-size-with-batch", "conv_transpose", 1, [1, 1, 3],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2}, output_size=[1, 1, 8])
module_case("unbatched", "conv_transpose", 2, [2, 3, 3],
            {"in_channels": 2, "out_channels": 1, "kernel_size": 3, "stride": 2})
module_case("unbatched-output-size", "conv_transpose", 1, [2, 3],
            {"in_channels": 2, "out_channels": 1, "kernel_size": 3, "stride": 2}, output_size=[2, 8])
functional_case("dilation-beats-stride", "conv_transpose", 1, [1, 1, 3], [1, 1, 3],
                {"stride": 1, "dilation": 2, "output_padding": 1})
module_case("output-size-vs-dilation", "conv_transpose", 1, [1, 1, 3],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 1, "dilation": 2},
            output_size=[8])
for bad in ({"stride": 0}, {"stride": -1}, {"padding": -1}, {"output_padding": -1}, {"dilation": 0},
            {"groups": 0}, {"stride": [2, 2]}, {"padding": [1, 1, 1]}):
    name = "-".join(f"{k}{v}" for k, v in bad.items()).replace(" ", "")
    functional_case(f"bad-{name}", "conv_transpose", 1, [1, 1, 4], [1, 1, 3], bad)
    functional_case(f"bad-conv-{name}", "conv", 1, [1, 1, 4], [1, 1, 3],
                    {k: v for k, v in bad.items() if k != "output_padding"})
functional_case("kernel-larger-than-input", "conv", 2, [1, 1, 2, 2], [1, 1, 3, 3], {})
functional_case("kernel-zero", "conv_transpose", 1, [1, 1, 3], [1, 1, 0], {})
functional_case("input-zero", "conv_transpose", 1, [1, 1, 0], [1, 1, 3], {})
functional_case("input-zero-conv", "conv", 1, [1, 1, 0], [1, 1, 1], {"padding": 1})
functional_case("batch-zero", "conv_transpose", 1, [0, 1, 3], [1, 1, 3], {})
functional_case("output-negative", "conv_transpose", 1, [1, 1, 1], [1, 1, 1], {"padding": 2})
functional_case("output-zero", "conv_transpose", 1, [1, 1, 1], [1, 1, 2], {"padding": 1})
functional_case("channel-mismatch", "conv_transpose", 2, [1, 3, 4, 4], [2, 1, 3, 3], {})
functional_case("depthwise", "conv_transpose", 2, [1, 4, 4, 4], [4, 1, 3, 3], {"groups": 4, "stride": 2})
functional_case("depthwise-conv", "conv", 2, [1, 4, 5, 5], [4, 1, 3, 3], {"groups": 4, "stride": 2})

# --- random grids --------------------------------------------------------------------------
for index in range(170):
    rank = rng.choice([1, 1, 2, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 10 == 0)
    cin, cout, groups = channels(rng)
    op = "conv_transpose" if index % 3 else "conv"
    params = {"in_channels": cin, "out_channels": cout, "kernel_size": scalar_or_list(rng, g.kernel),
              "stride": scalar_or_list(rng, g.stride), "dilation": scalar_or_list(rng, g.dilation),
              "groups": groups}
    if op == "conv_transpose":
        params["padding"] = scalar_or_list(rng, g.padding)
        limit = [max(s, d) for s, d in zip(g.stride, g.dilation)]
        params["output_padding"] = scalar_or_list(rng, [rng.randint(0, l) for l in limit])
    else:
        params["padding"] = rng.choice([scalar_or_list(rng, g.padding), "same", "valid"])
        params["padding_mode"] = rng.choice(["zeros", "zeros", "zeros", "reflect", "replicate", "circular"])
    module_case(f"module-{op}-{rank}d", op, rank, [rng.choice([1, 2])] + [cin] + g.size_in, params)

for index in range(50):
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

for index in range(90):
    rank = rng.choice([1, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 9 == 0)
    cin, cout, groups = channels(rng)
    op = "conv_transpose" if index % 3 else "conv"
    if op == "conv_transpose":
        weight = [cin, max(cout // groups, 1)] + g.kernel
        limit = [max(s, d) for s, d in zip(g.stride, g.dilation)]
        params = {"stride": scalar_or_list(rng, g.stride), "padding": scalar_or_list(rng, g.padding),
                  "output_padding": scalar_or_list(rng, [rng.randint(0, l) for l in limit]),
                  "groups": groups, "dilation": scalar_or_list(rng, g.dilation)}
    else:
        weight = [cout, max(cin // groups, 1)] + g.kernel
        params = {"stride": scalar_or_list(rng, g.stride),
                  "padding": rng.choice([scalar_or_list(rng, g.padding), "same", "valid"]),
                  "dilation": scalar_or_list(rng, g.dilation), "groups": groups}
    if rng.random() < 0.1:
        weight[0] += 1  # a channel mismatch
    functional_case(f"functional-{op}-{rank}d", op, rank, [1, cin] + g.size_in, weight, params)

fx.write()
