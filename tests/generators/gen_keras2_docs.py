"""Keras 2 (tf_keras) layers as its documentation and users write them: Conv{1,2,3}D and
Conv{1,2,3}DTranspose with kernel_size / strides / dilation_rate as an int, a tuple or a list,
padding in any case, data_format channels_last / channels_first / None (on CPU), output_padding
None / int / tuple, dilation_rate with strides, groups, None where users pass None, unknown keys,
inputs of every rank. Each layer is called on a CPU tensor, so TensorFlow's kernels check the call.

Writes tests/fixtures/keras2_docs.jsonl (TF_ENABLE_ONEDNN_OPTS=0 by default; with =1 in the
environment, keras2_docs_onednn.jsonl, for comparison only)."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ONEDNN = os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import numpy as np  # noqa: E402
import tf_keras  # noqa: E402

from common import Fixtures  # noqa: E402

fx = Fixtures("keras2_docs" if ONEDNN == "0" else "keras2_docs_onednn",
              {"tf_keras": tf_keras.__version__, "backend": f"tensorflow (CPU, TF_ENABLE_ONEDNN_OPTS={ONEDNN})"})

LAYERS = {
    ("conv", 1): "Conv1D", ("conv", 2): "Conv2D", ("conv", 3): "Conv3D",
    ("conv_transpose", 1): "Conv1DTranspose", ("conv_transpose", 2): "Conv2DTranspose",
    ("conv_transpose", 3): "Conv3DTranspose",
}
ALIASES = {"Conv2D": "Convolution2D", "Conv2DTranspose": "Convolution2DTranspose", "Conv1D": "Convolution1D",
           "Conv3DTranspose": "Convolution3DTranspose"}


def as_arg(value, tuples):
    if isinstance(value, list) and tuples:
        return tuple(value)
    return value


def case(tag, op, rank, input_shape, params, *, prefix="tf_keras.layers.", name=None, tuples=True, run_params=None):
    name = name or LAYERS[(op, rank)]
    cls = getattr(tf_keras.layers, name)
    request = {"framework": "keras2", "op": op, "rank": rank, "api": prefix + name,
               "input_shape": input_shape, "params": params}
    run = params if run_params is None else run_params
    if op == "conv":  # a key the layer does not take is a note, not an error: run without it
        run = {k: v for k, v in run.items() if k != "output_padding"}

    def call():
        layer = cls(**{k: as_arg(v, tuples) for k, v in run.items()})
        return layer(np.zeros(input_shape, dtype="float32")).shape

    fx.run(tag, request, call)


def shape(batch, channels, spatial, first):
    return list(batch) + ([channels] + spatial if first else spatial + [channels])


SIZES = {1: [7], 2: [5, 6], 3: [4, 5, 3]}

for op in ("conv", "conv_transpose"):
    for rank in (1, 2, 3):
        name = LAYERS[(op, rank)]
        sp = SIZES[rank]
        for first in (False, True):
            fmt = "channels_first" if first else "channels_last"
            x = shape([2], 3, sp, first)
            base = {"filters": 4, "kernel_size": 3, "data_format": fmt}
            # argument forms: int, tuple, list, per-axis values that differ
            for k in (1, 2, 3, [3] * rank, [2, 3, 1][:rank], 9):
                case(f"{name}-{fmt}-k{k}", op, rank, x, dict(base, kernel_size=k))
            for s in (1, 2, 3, [2] * rank, [1, 2, 3][:rank], [2], 0):
                for padding in ("valid", "same"):
                    case(f"{name}-{fmt}-s{s}-{padding}", op, rank, x, dict(base, strides=s, padding=padding))
            for d in (1, 2, [2] * rank, [1, 2, 2][:rank], 0):
                for s in (1, 2):
                    for padding in ("valid", "same"):
                        case(f"{name}-{fmt}-d{d}-s{s}-{padding}", op, rank, x,
                             dict(base, dilation_rate=d, strides=s, padding=padding))
            for padding in ("VALID", "Same", "SAME", "causal", "full", "explicit"):
                case(f"{name}-{fmt}-padding-{padding}", op, rank, x, dict(base, padding=padding, strides=2))
            if op == "conv_transpose":
                for s in (1, 2, 3):
                    for a in (None, 0, 1, 2, 3, [1] * rank, [0, 1, 2][:rank]):
                        for padding in ("valid", "same"):
                            case(f"{name}-{fmt}-s{s}-op{a}-{padding}", op, rank, x,
                                 dict(base, strides=s, output_padding=a, padding=padding))
                    case(f"{name}-{fmt}-s{s}-op-d2", op, rank, x,
                         dict(base, strides=s, output_padding=s - 1, dilation_rate=2))
            for g in (1, 2, 3):
                case(f"{name}-{fmt}-groups{g}", op, rank, shape([2], 6, sp, first),
                     dict(base, filters=6, groups=g))
            case(f"{name}-{fmt}-groups-filters-indivisible", op, rank, shape([2], 6, sp, first),
                 dict(base, filters=5, groups=2))
            # None where users pass None, missing arguments
            for key in ("strides", "padding", "dilation_rate", "kernel_size", "filters", "groups",
                        "output_padding", "data_format", "use_bias"):
                case(f"{name}-{fmt}-{key}-none", op, rank, x, dict(base, **{key: None}))
            for key in ("filters", "kernel_size"):
                params = dict(base)
                params.pop(key)
                case(f"{name}-{fmt}-missing-{key}", op, rank, x, params)
            # input ranks: unbatched, extra batch dims, zero sizes
            case(f"{name}-{fmt}-unbatched", op, rank, shape([], 3, sp, first), base)
            case(f"{name}-{fmt}-extra-batch", op, rank, shape([2, 2], 3, sp, first), base)
            case(f"{name}-{fmt}-batch-zero", op, rank, shape([0], 3, sp, first), base)
            case(f"{name}-{fmt}-size-zero", op, rank, shape([1], 3, [0] + sp[1:], first), base)
            case(f"{name}-{fmt}-kernel-larger", op, rank, shape([1], 3, [2] * rank, first), dict(base, kernel_size=4))
            case(f"{name}-{fmt}-kernel-larger-same", op, rank, shape([1], 3, [2] * rank, first),
                 dict(base, kernel_size=4, padding="same", strides=3))
            # keys the layer does not take (the call is run without them) and keys it takes that change nothing
            case(f"{name}-{fmt}-unknown", op, rank, x, dict(base, foo=1), run_params=base)
            case(f"{name}-{fmt}-neutral", op, rank, x,
                 dict(base, activation="linear", use_bias=False, kernel_initializer="zeros", name="up"))
            # lists instead of tuples (Keras takes either)
            case(f"{name}-{fmt}-lists", op, rank, x, dict(base, kernel_size=[3] * rank, strides=[2] * rank),
                 tuples=False)
        # the other spellings users write
        for prefix in ("tf.keras.layers.", "keras.layers.", "layers."):
            case(f"{name}-spelling-{prefix}", op, rank, shape([1], 2, sp, False),
                 {"filters": 2, "kernel_size": 3, "strides": 2, "padding": "same"}, prefix=prefix)
        if name in ALIASES:
            case(f"{name}-alias", op, rank, shape([1], 2, sp, False),
                 {"filters": 2, "kernel_size": 3, "strides": 2}, name=ALIASES[name])

fx.write()
