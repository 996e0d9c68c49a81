"""A seeded random sample of Keras 2 (tf_keras) convolution layers: Conv{1,2,3}D and Conv{1,2,3}DTranspose,
ranks 1-3, 'valid' / 'same' (and 'causal' for Conv1D), strides and dilation_rate as ints or tuples (with and
without each other), output_padding inside and outside its range, channels_first and channels_last, groups
valid and invalid, degenerate sizes (0, 1, kernel larger than the input). Each layer is called on a CPU tensor.

Writes tests/fixtures/keras2_sampled.jsonl (TF_ENABLE_ONEDNN_OPTS=0)."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"

import numpy as np  # noqa: E402
import tf_keras  # noqa: E402

from common import Fixtures, Geometry, rng_for, scalar_or_list  # noqa: E402

fx = Fixtures("keras2_sampled", {"tf_keras": tf_keras.__version__, "backend": "tensorflow (CPU, TF_ENABLE_ONEDNN_OPTS=0)"})
rng = rng_for("keras2 sampled")
LAYERS = {("conv", 1): "Conv1D", ("conv", 2): "Conv2D", ("conv", 3): "Conv3D",
          ("conv_transpose", 1): "Conv1DTranspose", ("conv_transpose", 2): "Conv2DTranspose",
          ("conv_transpose", 3): "Conv3DTranspose"}


def as_arg(value):
    return tuple(value) if isinstance(value, list) else value


count = 0
while count < 1200:
    rank = rng.choice([1, 2, 2, 3])
    op = rng.choice(["conv", "conv_transpose", "conv_transpose"])
    g = Geometry(rng, rank, degenerate=rng.random() < 0.15)
    if rng.random() < 0.6:
        g.dilation = [1] * rank
    if rng.random() < 0.6 and g.dilation != [1] * rank:
        g.stride = [1] * rank
    first = rng.random() < 0.25
    groups = rng.choice([1, 1, 1, 2, 3]) if rng.random() < 0.3 else 1
    cin = rng.choice([1, 2, 3, 4, 6])
    filters = rng.choice([1, 2, 3, 4, 6])
    padding = rng.choice(["valid", "same"] + (["causal"] if op == "conv" and rank == 1 else []))
    params = {"filters": filters, "kernel_size": scalar_or_list(rng, g.kernel),
              "strides": scalar_or_list(rng, g.stride), "padding": padding}
    if g.dilation != [1] * rank or rng.random() < 0.1:
        params["dilation_rate"] = scalar_or_list(rng, g.dilation)
    if op == "conv_transpose" and rng.random() < 0.5:
        pads = [rng.randint(0, s) if rng.random() < 0.25 else rng.randint(0, max(s - 1, 0)) for s in g.stride]
        params["output_padding"] = scalar_or_list(rng, pads)
    if groups != 1:
        params["groups"] = groups
    if first or rng.random() < 0.1:
        params["data_format"] = "channels_first" if first else "channels_last"
    if rng.random() < 0.1:
        params["use_bias"] = False
    batch = rng.choice([1, 2]) if rng.random() < 0.95 else 0
    shape = [batch] + ([cin] + g.size_in if first else g.size_in + [cin])
    name = LAYERS[(op, rank)]
    cls = getattr(tf_keras.layers, name)
    request = {"framework": "keras2", "op": op, "rank": rank, "api": f"tf_keras.layers.{name}",
               "input_shape": shape, "params": params}

    def call(cls=cls, params=dict(params), shape=list(shape)):
        layer = cls(**{k: as_arg(v) for k, v in params.items()})
        return layer(np.zeros(shape, dtype="float32")).shape

    before = len(fx.cases)
    fx.run(f"{name}-{padding}", request, call)
    count += len(fx.cases) - before

fx.write()
