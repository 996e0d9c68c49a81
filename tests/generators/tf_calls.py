"""The tf.nn entry points as gen_tensorflow_docs.py and gen_tensorflow_sampled.py call them.

A request's `api` names the call as users write it (`tf.nn.conv2d`, `tf.compat.v1.nn.conv2d_transpose`);
its `params` are that call's own keyword arguments (everything but the two tensors). The call runs in
eager mode on CPU, on real tensors, so the kernels' own checks fire. `TF_ENABLE_ONEDNN_OPTS` is read
from the environment (default "0", the Eigen kernels); the file header records it.
"""

import inspect
import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ONEDNN = os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")

import tensorflow as tf  # noqa: E402

VERSIONS = {"tensorflow": tf.__version__, "TF_ENABLE_ONEDNN_OPTS": ONEDNN, "device": "CPU"}

# api -> (op, ranks it takes, argument holding the strides (None: no strides argument))
ENTRIES = {
    "tf.nn.convolution": ("conv", (1, 2, 3), "strides"),
    "tf.nn.conv1d": ("conv", (1,), "stride"),
    "tf.nn.conv2d": ("conv", (2,), "strides"),
    "tf.nn.conv3d": ("conv", (3,), "strides"),
    "tf.nn.atrous_conv2d": ("conv", (2,), None),
    "tf.nn.depthwise_conv2d": ("conv", (2,), "strides"),
    "tf.nn.conv_transpose": ("conv_transpose", (1, 2, 3), "strides"),
    "tf.nn.conv1d_transpose": ("conv_transpose", (1,), "strides"),
    "tf.nn.conv2d_transpose": ("conv_transpose", (2,), "strides"),
    "tf.nn.conv3d_transpose": ("conv_transpose", (3,), "strides"),
    "tf.nn.atrous_conv2d_transpose": ("conv_transpose", (2,), None),
    "tf.compat.v1.nn.convolution": ("conv", (1, 2, 3), "strides"),
    "tf.compat.v1.nn.conv1d": ("conv", (1,), "stride"),
    "tf.compat.v1.nn.conv2d": ("conv", (2,), "strides"),
    "tf.compat.v1.nn.conv3d": ("conv", (3,), "strides"),
    "tf.compat.v1.nn.depthwise_conv2d": ("conv", (2,), "strides"),
    "tf.compat.v1.nn.conv2d_transpose": ("conv_transpose", (2,), "strides"),
    "tf.compat.v1.nn.conv3d_transpose": ("conv_transpose", (3,), "strides"),
    "tf.compat.v1.nn.conv1d_transpose": ("conv_transpose", (1,), "strides"),
    "tf.compat.v1.nn.conv_transpose": ("conv_transpose", (1, 2, 3), "strides"),
}


def function(api):
    """`tf.nn.conv2d`, `nn.conv2d`, `tensorflow.nn.conv2d`, `tf.compat.v1.nn.conv2d` → the function."""
    path = api.split(".")
    if path[0] in ("tf", "tensorflow"):
        path = path[1:]
    target = tf
    for part in path:
        target = getattr(target, part)
    return target


def canonical(api):
    path = api.split(".")
    if path[0] == "tensorflow":
        path[0] = "tf"
    if path[0] != "tf":
        path = ["tf"] + path
    return ".".join(path)


def unmodelled(api, params):
    """Calls whose result convt-lab does not model, left out of the fixtures (see README): depthwise_conv2d
    with a `dilations`/`rate` of other than 2 values (TensorFlow broadcasts it oddly: [2] changes the width,
    [2, 2, 2] triples the channels), or with rate > 1 and strides > 1 (with_space_to_batch then strides each
    phase separately, which is no convolution geometry; TensorFlow only warns)."""
    if "depthwise" not in api:
        return False
    rate = params.get("dilations", params.get("rate") if ".v1." in api else None)
    if rate is None:
        return False
    if not isinstance(rate, list) or len(rate) != 2:
        return isinstance(rate, list)
    strides = params.get("strides")
    return any(isinstance(r, int) and r > 1 for r in rate) and isinstance(strides, list) and any(
        isinstance(s, int) and s != 1 for s in strides)


def call(api, input_shape, weight_shape, params, shape_form="list", values=None):
    """Run the call; returns the output shape (or the values when `values` = (input, weight))."""
    fn = function(api)
    # A key the entry point does not take is ignored (Contract 1: a note, not an error), so the call
    # runs without it.
    taken = inspect.signature(fn).parameters
    kwargs = {k: v for k, v in params.items() if k in taken}
    if "output_shape" in kwargs and isinstance(kwargs["output_shape"], list):
        shape = kwargs["output_shape"]
        if shape_form == "tuple":
            kwargs["output_shape"] = tuple(shape)
        elif shape_form == "tensor" and all(isinstance(v, int) for v in shape):
            kwargs["output_shape"] = tf.constant(shape, dtype=tf.int32)
    if values is None:
        x, w = tf.zeros(input_shape), tf.zeros(weight_shape)
    else:
        x = tf.reshape(tf.constant(values[0], tf.float32), input_shape)
        w = tf.reshape(tf.constant(values[1], tf.float32), weight_shape)
    y = fn(x, w, **kwargs)
    if values is not None:
        return tf.reshape(y, [-1]).numpy().tolist()
    return y.shape


def request(api, op, rank, input_shape, weight_shape, params):
    return {"framework": "tensorflow", "op": op, "rank": rank, "api": api, "input_shape": input_shape,
            "weight_shape": weight_shape, "params": params}
