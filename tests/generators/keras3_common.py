"""Shared by the Keras 3 generators (gen_keras.py, gen_keras_docs.py, gen_keras_sampled.py).

Keras 3 reads KERAS_BACKEND once, at import, so every backend is recorded in its own process:

    python gen_keras.py tensorflow     # -> tests/fixtures/keras.jsonl        (requests without "backend")
    python gen_keras.py jax            # -> tests/fixtures/keras_jax.jsonl    (params.backend = "jax")
    python gen_keras.py torch          # -> tests/fixtures/keras_torch.jsonl  (params.backend = "torch")

TensorFlow runs with TF_ENABLE_ONEDNN_OPTS=0 (the Eigen kernels). With CONVT_KERAS_ONEDNN=1 the
script runs with TF_ENABLE_ONEDNN_OPTS=1 instead and writes `<file>_onednn.jsonl` among the
fixtures, to be diffed against the committed file and then moved out (it is not committed).

Every case builds the layer from the request's params (lists become tuples, as users write them)
and calls it on a real array, so the backend's call-time checks fire.
"""

import os
import sys

BACKENDS = ("tensorflow", "jax", "torch")
BACKEND = sys.argv[1] if len(sys.argv) > 1 else "tensorflow"
if BACKEND not in BACKENDS:
    raise SystemExit(f"usage: {sys.argv[0]} [{'|'.join(BACKENDS)}]")
os.environ["KERAS_BACKEND"] = BACKEND
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("CUDA_VISIBLE_DEVICES", "")
ONEDNN = os.environ.get("CONVT_KERAS_ONEDNN") == "1"
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "1" if ONEDNN else "0"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import warnings  # noqa: E402

warnings.filterwarnings("ignore")

import keras  # noqa: E402
import numpy as np  # noqa: E402

from common import Fixtures  # noqa: E402

TRANSPOSE = {1: "Conv1DTranspose", 2: "Conv2DTranspose", 3: "Conv3DTranspose"}
FORWARD = {1: "Conv1D", 2: "Conv2D", 3: "Conv3D"}


def versions():
    v = {"keras": keras.__version__, "backend": BACKEND, "numpy": np.__version__}
    if BACKEND == "tensorflow":
        import tensorflow as tf
        v["tensorflow"] = tf.__version__
        v["TF_ENABLE_ONEDNN_OPTS"] = os.environ["TF_ENABLE_ONEDNN_OPTS"]
    elif BACKEND == "jax":
        import jax
        v["jax"] = jax.__version__
    else:
        import torch
        v["torch"] = torch.__version__
    return v


def fixtures(stem):
    """The Fixtures writer for `stem` on this backend: keras.jsonl, keras_jax.jsonl, …"""
    name = stem if BACKEND == "tensorflow" else f"{stem}_{BACKEND}"
    if ONEDNN:
        name += "_onednn"
    return Fixtures(name, versions())


def as_arg(value):
    return tuple(as_arg(v) for v in value) if isinstance(value, list) else value


def layer_class(api):
    """`keras.layers.Conv2DTranspose` (or an alias such as `keras.layers.Convolution2DTranspose`)."""
    return getattr(keras.layers, api.split(".")[-1])


def default_api(op, rank):
    return f"keras.layers.{(TRANSPOSE if op == 'conv_transpose' else FORWARD)[rank]}"


def tag_backend(params, explicit=None):
    """The request's params with this backend named (tensorflow is the default; named only when
    `explicit` asks, so both spellings are exercised)."""
    params = dict(params)
    if BACKEND != "tensorflow" or explicit:
        params["backend"] = BACKEND
    return params


def add_case(fx, case_id, op, rank, input_shape, params, api=None, explicit_backend=False, extra=None):
    """Queue one case: the layer built from `params` (minus convt's own `backend`) and called on zeros."""
    api = api or default_api(op, rank)
    request = {"framework": "keras", "op": op, "rank": rank, "api": api, "input_shape": input_shape,
               "params": tag_backend(params, explicit_backend)}
    if extra:
        request.update(extra)

    def call():
        cls = layer_class(api)
        layer = cls(**{k: as_arg(v) for k, v in params.items()})
        y = layer(np.zeros(input_shape, dtype="float32"))
        return tuple(y.shape)

    fx.run(case_id, request, call)


def arrange(batch, channels, spatial, channels_last):
    return [batch] + (list(spatial) + [channels] if channels_last else [channels] + list(spatial))
