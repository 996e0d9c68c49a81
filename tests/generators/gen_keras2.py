"""Golden fixtures from Keras 2 as tf_keras (the tf.keras 2.x line, TensorFlow backend, CPU, oneDNN off):
tf_keras.layers.Conv{1,2,3}DTranspose (output_padding None or given), Conv{1,2,3}D, and the shape utility
tf_keras.utils.conv_utils.deconv_output_length incl. padding 'full'. Shapes and accept/reject only."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"

import numpy as np  # noqa: E402
import tf_keras  # noqa: E402
from tf_keras.src.utils import conv_utils  # noqa: E402

from common import Fixtures, Geometry, rng_for, scalar_or_list  # noqa: E402

fx = Fixtures("keras2", {"tf_keras": tf_keras.__version__, "backend": "tensorflow (CPU, TF_ENABLE_ONEDNN_OPTS=0)"})
rng = rng_for("keras2")

TRANSPOSE = {1: tf_keras.layers.Conv1DTranspose, 2: tf_keras.layers.Conv2DTranspose, 3: tf_keras.layers.Conv3DTranspose}
FORWARD = {1: tf_keras.layers.Conv1D, 2: tf_keras.layers.Conv2D, 3: tf_keras.layers.Conv3D}


def as_arg(value):
    return tuple(value) if isinstance(value, list) else value


def case(case_id, op, rank, input_shape, params):
    cls = (TRANSPOSE if op == "conv_transpose" else FORWARD)[rank]
    request = {"framework": "keras2", "op": op, "rank": rank, "api": f"tf_keras.layers.{cls.__name__}",
               "input_shape": input_shape, "params": params}

    def call():
        layer = cls(**{k: as_arg(v) for k, v in params.items()})
        return layer(np.zeros(input_shape, dtype="float32")).shape

    fx.run(case_id, request, call)


def length_case(case_id, n, params):
    """deconv_output_length(input_length, filter_size, padding, output_padding, stride, dilation), as a 1-D layer."""
    request = {"framework": "keras2", "op": "conv_transpose", "rank": 1,
               "api": "tf_keras.utils.conv_utils.deconv_output_length", "input_shape": [1, n, 1], "params": params}

    def call():
        length = conv_utils.deconv_output_length(n, **params)
        return [1, length, 1]

    fx.run(case_id, request, call)


def arrange(batch, channels, spatial, channels_last):
    return [batch] + (spatial + [channels] if channels_last else [channels] + spatial)


# --- classics ---------------------------------------------------------------------------------
for a in [None] + list(range(0, 11)):  # Conv2DTranspose kernel 3, stride 10, 'same' on 20x20
    params = {"filters": 1, "kernel_size": 3, "strides": 10, "padding": "same"}
    if a is not None:
        params["output_padding"] = a
    case(f"k3-s10-same-opad{a}", "conv_transpose", 2, [1, 20, 20, 1], params)
case("k3-s1-valid-12-to-14", "conv_transpose", 2, [1, 12, 12, 3], {"filters": 3, "kernel_size": 3, "strides": 1, "padding": "valid"})
case("caffe-28-to-56", "conv_transpose", 2, [1, 28, 28, 8], {"filters": 8, "kernel_size": 4, "strides": 2, "padding": "same"})
for size in range(22, 29):
    case(f"conv-k3-s7-same-{size}", "conv", 2, [1, size, size, 1], {"filters": 1, "kernel_size": 3, "strides": 7, "padding": "same"})
for dilation in (1, 2):
    case(f"conv1d-8820-dilation{dilation}", "conv", 1, [1, 8820, 16], {"filters": 16, "kernel_size": 3, "dilation_rate": dilation})
case("issue-13231", "conv_transpose", 2, [1, 5, 5, 1], {"filters": 1, "kernel_size": 3, "strides": 8, "output_padding": [8, 1]})
case("dilated-transpose", "conv_transpose", 2, [1, 5, 5, 1], {"filters": 1, "kernel_size": 3, "dilation_rate": 2})
case("strided-dilated", "conv_transpose", 2, [1, 5, 5, 1], {"filters": 1, "kernel_size": 3, "strides": 2, "dilation_rate": 2})
case("padding-full", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 3, "strides": 2, "padding": "full"})
case("padding-causal", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 3, "padding": "causal"})
case("conv-causal", "conv", 1, [1, 5, 1], {"filters": 1, "kernel_size": 3, "padding": "causal"})
case("channels-first", "conv_transpose", 2, [1, 1, 3, 3], {"filters": 2, "kernel_size": 3, "strides": 2, "data_format": "channels_first"})
case("groups-conv", "conv", 2, [1, 5, 5, 4], {"filters": 6, "kernel_size": 3, "groups": 2})
case("groups-transpose", "conv_transpose", 2, [1, 5, 5, 4], {"filters": 4, "kernel_size": 3, "groups": 2})
case("input-zero", "conv_transpose", 1, [1, 0, 1], {"filters": 1, "kernel_size": 3, "strides": 2})
case("kernel-zero", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 0})
case("stride-zero", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 3, "strides": 0})
case("conv-kernel-larger", "conv", 2, [1, 2, 2, 1], {"filters": 1, "kernel_size": 3})
for padding in ("valid", "same", "full"):
    for a in (None, 0, 1, 2):
        for n, k, s, d in ((3, 3, 2, 1), (20, 3, 10, 1), (5, 4, 3, 1), (4, 2, 3, 1), (3, 3, 1, 2), (1, 5, 2, 1)):
            params = {"filter_size": k, "padding": padding, "output_padding": a, "stride": s, "dilation": d}
            length_case(f"deconv_output_length-{padding}-{a}-{n}-{k}-{s}-{d}", n, params)

# --- random grids -------------------------------------------------------------------------
for index in range(230):
    rank = rng.choice([1, 1, 2, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 12 == 0)
    if rng.random() < 0.75:
        g.dilation = [1] * rank
    channels_last = rng.random() < 0.85
    cin, filters = rng.choice([1, 2, 3]), rng.choice([1, 2, 4])
    op = "conv" if index % 4 == 0 else "conv_transpose"
    params = {"filters": filters, "kernel_size": scalar_or_list(rng, g.kernel),
              "strides": scalar_or_list(rng, g.stride), "padding": rng.choice(["valid", "same"])}
    if g.dilation != [1] * rank:
        params["dilation_rate"] = scalar_or_list(rng, g.dilation)
    if op == "conv_transpose" and rng.random() < 0.6:
        params["output_padding"] = scalar_or_list(rng, [rng.randint(0, s) if rng.random() < 0.3 else rng.randint(0, s - 1)
                                                        for s in g.stride])
    if not channels_last:
        params["data_format"] = "channels_first"
    case(f"{op}-{params['padding']}-{rank}d", op, rank, arrange(rng.choice([1, 2]), cin, g.size_in, channels_last), params)

fx.write()
