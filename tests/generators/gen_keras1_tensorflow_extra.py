"""Keras 1.2.2 `Deconvolution2D` on the TensorFlow backend, reproduced (TensorFlow 1.x does not install):
`python gen_keras1_tensorflow_extra.py docs|sampled` replays every request of tests/fixtures/keras1_<mode>.jsonl
(recorded on Theano by gen_keras1_extra.py) with backend "tensorflow", writing keras1_tensorflow_<mode>.jsonl.

What runs is the code path of keras 1.2.2, step by step: the layer's own checks (Deconvolution2D.__init__ and
Convolution2D.__init__: dim_ordering 'default' -> 'tf', border_mode in {valid, same, full}, tuple(subsample),
dim_ordering in {tf, th}), W as the layer makes it, then keras/backend/tensorflow_backend.py `deconv2d`:
_preprocess_conv2d_input, _preprocess_deconv_output_shape ('th' reorders entries (0, 2, 3, 1); a None batch
becomes tf.shape(x)[0] via tf.stack), _preprocess_conv2d_kernel + transpose (0, 1, 3, 2), _preprocess_border_mode
('full' -> ValueError), strides (1,) + subsample + (1,), tf.nn.conv2d_transpose — executed in real TensorFlow 2
(CPU, oneDNN off), eagerly."""

import json
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from common import FIXTURES, Fixtures  # noqa: E402

MODE = sys.argv[1] if len(sys.argv) > 1 else "docs"
fx = Fixtures(f"keras1_tensorflow_{MODE}", {"keras": "1.2.2 (backend call reproduced)", "backend": "tensorflow",
                                             "tensorflow": tf.__version__, "TF_ENABLE_ONEDNN_OPTS": "0"})


def deconv2d_layer(shape, p):
    # Sequential with the layer's input_shape / batch_input_shape: predict checks the array against it.
    for name, declared in (("input_shape", p.get("input_shape")), ("batch_input_shape", p.get("batch_input_shape"))):
        if declared is not None:
            actual = shape[1:] if name == "input_shape" else shape
            if len(declared) != len(actual) or any(d is not None and d != a for d, a in zip(declared, actual)):
                raise ValueError(f"Error when checking model input: expected {name} {declared} but got array with shape {shape}")
    # Deconvolution2D.__init__ / Convolution2D.__init__
    ordering = p.get("dim_ordering", "default")
    if ordering == "default":
        ordering = "tf"  # K.image_dim_ordering() without an image_dim_ordering in keras.json
    border = p.get("border_mode", "valid")
    if border not in {"valid", "same", "full"}:
        raise ValueError("Invalid border mode for Deconvolution2D:", border)
    subsample = tuple(p.get("subsample", (1, 1)))
    if ordering not in {"tf", "th"}:
        raise ValueError("dim_ordering must be in {tf, th}.")
    x = np.zeros(shape, "float32")
    # build(): W_shape
    stack = shape[1] if ordering == "th" else shape[3]
    nb_filter, nb_row, nb_col = p["nb_filter"], p["nb_row"], p["nb_col"]
    w_shape = (nb_filter, stack, nb_row, nb_col) if ordering == "th" else (nb_row, nb_col, stack, nb_filter)
    W = np.zeros(w_shape, "float32")
    b = np.zeros((nb_filter,), "float32")
    # tensorflow_backend.deconv2d
    xt = tf.constant(x)
    if ordering == "th":
        xt = tf.transpose(xt, (0, 2, 3, 1))
    out = list(p["output_shape"])
    if ordering == "th":
        out = [out[0], out[2], out[3], out[1]]
    if out[0] is None:
        out = tf.stack([tf.shape(xt)[0]] + out[1:])
    kernel = tf.constant(W)
    if ordering == "th":
        kernel = tf.transpose(kernel, (2, 3, 1, 0))
    kernel = tf.transpose(kernel, (0, 1, 3, 2))
    if border == "same":
        padding = "SAME"
    elif border == "valid":
        padding = "VALID"
    else:
        raise ValueError("Invalid border mode:", border)
    strides = (1,) + subsample + (1,)
    y = tf.nn.conv2d_transpose(xt, kernel, out, strides, padding=padding)
    if ordering == "th":
        y = tf.transpose(y, (0, 3, 1, 2))
        y = y + tf.reshape(b, (1, nb_filter, 1, 1))
    else:
        y = y + b
    return tuple(int(d) for d in y.shape)


with open(os.path.join(FIXTURES, f"keras1_{MODE}.jsonl")) as f:
    f.readline()
    cases = [json.loads(line) for line in f]
for case in cases:
    request = dict(case["request"])
    params = dict(request["params"], backend="tensorflow")
    request["params"] = params
    kwargs = {k: v for k, v in params.items() if k != "backend"}
    fx.run(case["id"].split("-", 2)[-1], request, lambda shape=request["input_shape"], p=kwargs: deconv2d_layer(shape, p))

fx.write()
