"""Golden fixtures from TensorFlow's tf.nn: conv{1,2,3}d_transpose (output_shape validation, SAME,
VALID, explicit padding) and conv{1,2,3}d. CPU, eager. Shapes and accept/reject only."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
# The documented kernels (Eigen on CPU, as on GPU). With oneDNN on (x86 default) some valid calls fail
# inside oneDNN ("could not create a descriptor") instead; we model TensorFlow's own rules.
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"

import tensorflow as tf  # noqa: E402

from common import Fixtures, Geometry, rng_for, scalar_or_list  # noqa: E402

fx = Fixtures("tensorflow", {"tensorflow": tf.__version__, "TF_ENABLE_ONEDNN_OPTS": "0", "device": "CPU"})
rng = rng_for("tensorflow")

TRANSPOSE = {1: tf.nn.conv1d_transpose, 2: tf.nn.conv2d_transpose, 3: tf.nn.conv3d_transpose}
FORWARD = {1: tf.nn.conv1d, 2: tf.nn.conv2d, 3: tf.nn.conv3d}
FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}


def arrange(batch, channels, spatial, channels_last):
    return [batch] + (spatial + [channels] if channels_last else [channels] + spatial)


def transpose_case(case_id, rank, input_shape, weight_shape, params):
    api = TRANSPOSE[rank]
    request = {"framework": "tensorflow", "op": "conv_transpose", "rank": rank, "api": f"tf.nn.{api.__name__}",
               "input_shape": input_shape, "weight_shape": weight_shape, "params": params}

    def call():
        kwargs = dict(params)
        output_shape = kwargs.pop("output_shape")
        y = api(tf.zeros(input_shape), tf.zeros(weight_shape), output_shape, **kwargs)
        return y.shape

    fx.run(case_id, request, call)


def forward_case(case_id, rank, input_shape, weight_shape, params):
    api = FORWARD[rank]
    name = {1: "conv1d", 2: "conv2d", 3: "conv3d"}[rank]
    request = {"framework": "tensorflow", "op": "conv", "rank": rank, "api": f"tf.nn.{name}",
               "input_shape": input_shape, "weight_shape": weight_shape, "params": params}

    def call():
        kwargs = dict(params)
        if rank == 1 and "dilations" in kwargs:
            kwargs["dilations"] = kwargs["dilations"]
        return api(tf.zeros(input_shape), tf.zeros(weight_shape), **kwargs).shape

    fx.run(case_id, request, call)


def candidate_sizes(n, k, s, d, padding, pads=(0, 0)):
    field = d * (k - 1) + 1
    if padding == "SAME":
        low, high = (n - 1) * s + 1, n * s
    elif padding == "VALID":
        low = (n - 1) * s + field
        high = low + s - 1
    else:
        low = (n - 1) * s + field - pads[0] - pads[1]
        high = low + s - 1
    return [low - 1, low, rng.randint(low, high), high, high + 1]


# --- classics ---------------------------------------------------------------------------------
transpose_case("same-3-to-6", 2, [1, 3, 3, 1], [3, 3, 1, 1], {"output_shape": [1, 6, 6, 1], "strides": 2, "padding": "SAME"})
for size in range(195, 202):  # Keras' stride-10 'same' question at the tf.nn level
    transpose_case(f"k3-s10-same-{size}", 2, [1, 20, 20, 1], [3, 3, 1, 1],
                   {"output_shape": [1, size, size, 1], "strides": 10, "padding": "SAME"})
transpose_case("k3-s1-valid-12-to-14", 2, [1, 12, 12, 3], [3, 3, 3, 3],
               {"output_shape": [1, 14, 14, 3], "strides": 1, "padding": "VALID"})
transpose_case("caffe-28-to-56-same", 2, [1, 28, 28, 8], [4, 4, 8, 8],
               {"output_shape": [1, 56, 56, 8], "strides": 2, "padding": "SAME"})
for size in range(22, 29):  # the ambiguity: conv k3 s7 'SAME' maps 22..28 to 4
    forward_case(f"conv-k3-s7-same-{size}", 2, [1, size, size, 1], [3, 3, 1, 1], {"strides": 7, "padding": "SAME"})
for dilation in (1, 2):
    forward_case(f"conv1d-8820-dilation{dilation}", 1, [1, 8820, 16], [3, 16, 16],
                 {"stride": 1, "padding": "VALID", "dilations": dilation})
for size in (4, 5, 6, 7, 8, 9):  # the worked reference x=[1,2,3], s=2, k=3
    for padding in ("SAME", "VALID"):
        transpose_case(f"reference-{padding}-{size}", 1, [1, 3, 1], [3, 1, 1],
                       {"output_shape": [1, size, 1], "strides": 2, "padding": padding})
transpose_case("bad-padding-string", 2, [1, 3, 3, 1], [3, 3, 1, 1], {"output_shape": [1, 6, 6, 1], "strides": 2, "padding": "FULL"})
transpose_case("output-shape-short", 2, [1, 3, 3, 1], [3, 3, 1, 1], {"output_shape": [6, 6], "strides": 2, "padding": "SAME"})
transpose_case("output-shape-3", 2, [1, 3, 3, 1], [3, 3, 1, 1], {"output_shape": [1, 6, 6], "strides": 2, "padding": "SAME"})
transpose_case("batch-mismatch", 2, [2, 3, 3, 1], [3, 3, 1, 1], {"output_shape": [1, 6, 6, 1], "strides": 2, "padding": "SAME"})
transpose_case("out-channel-mismatch", 2, [1, 3, 3, 1], [3, 3, 2, 1], {"output_shape": [1, 6, 6, 1], "strides": 2, "padding": "SAME"})
transpose_case("in-channel-mismatch", 2, [1, 3, 3, 2], [3, 3, 1, 1], {"output_shape": [1, 6, 6, 1], "strides": 2, "padding": "SAME"})
transpose_case("strides-length-3", 2, [1, 3, 3, 1], [3, 3, 1, 1], {"output_shape": [1, 6, 6, 1], "strides": [2, 2, 2], "padding": "SAME"})
transpose_case("strides-with-batch", 2, [1, 3, 3, 1], [3, 3, 1, 1], {"output_shape": [1, 6, 6, 1], "strides": [1, 2, 2, 1], "padding": "SAME"})
transpose_case("strides-batch-2", 2, [1, 3, 3, 1], [3, 3, 1, 1], {"output_shape": [1, 6, 6, 1], "strides": [2, 2, 2, 1], "padding": "SAME"})
transpose_case("stride-zero", 2, [1, 3, 3, 1], [3, 3, 1, 1], {"output_shape": [1, 6, 6, 1], "strides": 0, "padding": "SAME"})
transpose_case("dilation-2", 2, [1, 3, 3, 1], [3, 3, 1, 1], {"output_shape": [1, 7, 7, 1], "strides": 1, "padding": "VALID", "dilations": 2})
transpose_case("nchw", 2, [1, 1, 3, 3], [3, 3, 1, 1], {"output_shape": [1, 1, 6, 6], "strides": 2, "padding": "SAME", "data_format": "NCHW"})
transpose_case("input-zero", 1, [1, 0, 1], [3, 1, 1], {"output_shape": [1, 0, 1], "strides": 2, "padding": "SAME"})
transpose_case("output-zero-valid", 1, [1, 1, 1], [3, 1, 1], {"output_shape": [1, 0, 1], "strides": 2, "padding": "VALID"})
transpose_case("batch-zero", 1, [0, 3, 1], [3, 1, 1], {"output_shape": [0, 6, 1], "strides": 2, "padding": "SAME"})
transpose_case("kernel-larger-valid", 1, [1, 1, 1], [5, 1, 1], {"output_shape": [1, 5, 1], "strides": 1, "padding": "VALID"})
forward_case("kernel-larger-than-input", 2, [1, 2, 2, 1], [3, 3, 1, 1], {"strides": 1, "padding": "VALID"})
forward_case("kernel-larger-stride-2", 1, [1, 2, 1], [5, 1, 1], {"stride": 2, "padding": "VALID"})
forward_case("kernel-larger-stride-3", 1, [1, 2, 1], [5, 1, 1], {"stride": 3, "padding": "VALID"})
forward_case("kernel-larger-same", 2, [1, 2, 2, 1], [5, 5, 1, 1], {"strides": 1, "padding": "SAME"})
forward_case("grouped", 2, [1, 5, 5, 4], [3, 3, 2, 4], {"strides": 1, "padding": "SAME"})
forward_case("depthwise", 2, [1, 5, 5, 4], [3, 3, 1, 4], {"strides": 1, "padding": "SAME"})
forward_case("group-mismatch", 2, [1, 5, 5, 4], [3, 3, 3, 4], {"strides": 1, "padding": "SAME"})
forward_case("strided-dilated", 2, [1, 9, 9, 1], [3, 3, 1, 1], {"strides": 2, "padding": "VALID", "dilations": 2})
forward_case("nchw", 2, [1, 1, 5, 5], [3, 3, 1, 1], {"strides": 1, "padding": "VALID", "data_format": "NCHW"})
forward_case("explicit", 2, [1, 5, 5, 1], [3, 3, 1, 1], {"strides": 2, "padding": [[0, 0], [1, 2], [0, 1], [0, 0]]})
forward_case("explicit-negative", 2, [1, 5, 5, 1], [3, 3, 1, 1], {"strides": 1, "padding": [[0, 0], [-1, 0], [0, 0], [0, 0]]})
forward_case("explicit-batch-pad", 2, [1, 5, 5, 1], [3, 3, 1, 1], {"strides": 1, "padding": [[1, 0], [0, 0], [0, 0], [0, 0]]})
forward_case("conv1d-explicit", 1, [1, 5, 1], [3, 1, 1], {"stride": 1, "padding": [[0, 0], [1, 1], [0, 0]]})
forward_case("conv3d-explicit", 3, [1, 5, 5, 5, 1], [3, 3, 3, 1, 1],
             {"strides": [1, 1, 1, 1, 1], "padding": [[0, 0], [1, 1], [1, 1], [1, 1], [0, 0]]})
forward_case("conv3d-dilations-int", 3, [1, 5, 5, 5, 1], [3, 3, 3, 1, 1], {"strides": [1, 1, 1, 1, 1], "padding": "VALID", "dilations": 2})
forward_case("conv3d-dilations-3", 3, [1, 5, 5, 5, 1], [3, 3, 3, 1, 1], {"strides": [1, 1, 1, 1, 1], "padding": "VALID", "dilations": [2, 2, 2]})
forward_case("groups-out-not-divisible", 2, [1, 5, 5, 4], [3, 3, 2, 3], {"strides": 1, "padding": "SAME"})
forward_case("strides-in-depth", 2, [1, 5, 5, 1], [3, 3, 1, 1], {"strides": [1, 2, 2, 2], "padding": "SAME"})
forward_case("dilation-zero", 2, [1, 5, 5, 1], [3, 3, 1, 1], {"strides": 1, "padding": "SAME", "dilations": 0})
forward_case("conv1d-stride-zero", 1, [1, 5, 1], [3, 1, 1], {"stride": 0, "padding": "SAME"})
forward_case("kernel-zero", 2, [1, 5, 5, 1], [0, 3, 1, 1], {"strides": 1, "padding": "VALID"})
forward_case("input-zero", 2, [1, 0, 5, 1], [1, 3, 1, 1], {"strides": 1, "padding": "SAME"})
transpose_case("conv1d-transpose-explicit", 1, [1, 3, 1], [3, 1, 1], {"output_shape": [1, 5, 1], "strides": 2, "padding": [[0, 0], [1, 1], [0, 0]]})
transpose_case("conv3d-transpose-explicit", 3, [1, 3, 3, 3, 1], [3, 3, 3, 1, 1],
               {"output_shape": [1, 5, 5, 5, 1], "strides": 2, "padding": [[0, 0], [1, 1], [1, 1], [1, 1], [0, 0]]})
transpose_case("grouped-transpose", 2, [1, 3, 3, 2], [3, 3, 1, 2], {"output_shape": [1, 6, 6, 2], "strides": 2, "padding": "SAME"})
transpose_case("explicit-transpose-negative", 2, [1, 3, 3, 1], [3, 3, 1, 1],
               {"output_shape": [1, 7, 7, 1], "strides": 2, "padding": [[0, 0], [-1, 1], [0, 0], [0, 0]]})
transpose_case("explicit-transpose-batch", 2, [1, 3, 3, 1], [3, 3, 1, 1],
               {"output_shape": [1, 7, 7, 1], "strides": 2, "padding": [[1, 0], [0, 0], [0, 0], [0, 0]]})
transpose_case("explicit-transpose-3-pairs", 2, [1, 3, 3, 1], [3, 3, 1, 1],
               {"output_shape": [1, 7, 7, 1], "strides": 2, "padding": [[0, 0], [0, 0], [0, 0]]})
transpose_case("kernel-zero-transpose", 1, [1, 3, 1], [0, 1, 1], {"output_shape": [1, 6, 1], "strides": 2, "padding": "SAME"})
transpose_case("weight-rank", 2, [1, 3, 3, 1], [3, 3, 1], {"output_shape": [1, 6, 6, 1], "strides": 2, "padding": "SAME"})
transpose_case("output-shape-negative", 1, [1, 3, 1], [3, 1, 1], {"output_shape": [1, -6, 1], "strides": 2, "padding": "SAME"})
transpose_case("dilations-list-batch", 2, [1, 3, 3, 1], [3, 3, 1, 1], {"output_shape": [1, 6, 6, 1], "strides": 2, "padding": "SAME", "dilations": [1, 1, 1, 1]})
transpose_case("conv1d-output-shape-2", 1, [1, 3, 1], [3, 1, 1], {"output_shape": [6, 1], "strides": 2, "padding": "SAME"})
transpose_case("conv3d-output-shape-3", 3, [1, 3, 3, 3, 1], [3, 3, 3, 1, 1], {"output_shape": [6, 6, 6], "strides": 2, "padding": "SAME"})

# --- random grids -------------------------------------------------------------------------
for index in range(230):
    rank = rng.choice([1, 1, 2, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 12 == 0)
    if rng.random() < 0.8:
        g.dilation = [1] * rank
    cin, cout = rng.choice([1, 2, 3]), rng.choice([1, 2, 4])
    channels_last = rng.random() < 0.9
    kind = rng.choice(["SAME", "SAME", "VALID", "VALID", "explicit"]) if rank == 2 else rng.choice(["SAME", "VALID"])
    pads = [(rng.choice([0, 0, 1, 2]), rng.choice([0, 1, 2])) for _ in range(rank)]
    sizes = [rng.choice(candidate_sizes(n, k, s, d, kind, p))
             for n, k, s, d, p in zip(g.size_in, g.kernel, g.stride, g.dilation, pads)]
    sizes = [max(v, 0) for v in sizes]
    batch = rng.choice([1, 2])
    params = {"output_shape": arrange(batch, cout, sizes, channels_last),
              "strides": scalar_or_list(rng, g.stride)}
    if kind == "explicit":
        spatial = [list(p) for p in pads]
        params["padding"] = [[0, 0]] + spatial + [[0, 0]] if channels_last else [[0, 0], [0, 0]] + spatial
    else:
        params["padding"] = kind
    if g.dilation != [1] * rank:
        params["dilations"] = scalar_or_list(rng, g.dilation)
    if not channels_last:
        params["data_format"] = FORMATS[rank][1]
    transpose_case(f"transpose-{kind}-{rank}d", rank, arrange(batch, cin, g.size_in, channels_last),
                   g.kernel + [cout, cin], params)

for index in range(110):
    rank = rng.choice([1, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 10 == 0)
    if rng.random() < 0.6:
        g.dilation = [1] * rank
    groups = rng.choice([1, 1, 1, 2])
    cin, cout = groups * rng.choice([1, 2]), groups * rng.choice([1, 2])
    kind = rng.choice(["SAME", "VALID", "explicit"]) if rank == 2 else rng.choice(["SAME", "VALID"])
    params = {("stride" if rank == 1 else "strides"): scalar_or_list(rng, g.stride)}
    if rank == 3 and rng.random() < 0.85:  # tf.nn.conv3d takes only a full list of 5
        params["strides"] = [1] + g.stride + [1]
    if kind == "explicit":
        params["padding"] = [[0, 0]] + [[p, rng.choice([0, 1])] for p in g.padding] + [[0, 0]]
    else:
        params["padding"] = kind
    if g.dilation != [1] * rank:
        params["dilations"] = [1] + g.dilation + [1] if rank == 3 else scalar_or_list(rng, g.dilation)
    forward_case(f"conv-{kind}-{rank}d", rank, [1] + g.size_in + [cin], g.kernel + [cin // groups, cout], params)

fx.write()
