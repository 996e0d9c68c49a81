"""Golden fixtures for Keras 1.2.2 `Deconvolution2D` on the TensorFlow backend.

Keras 1 needs TensorFlow 1.x, which does not install on this Python; so this generator makes exactly the
call keras/backend/tensorflow_backend.py `deconv2d` (Keras 1.2.2) makes — transpose a 'th' input to NHWC,
reorder output_shape to NHWC (a None batch becomes the input's batch), kernel (rows, cols, nb_filter, stack),
border_mode 'same' -> 'SAME', 'valid' -> 'VALID', anything else -> ValueError('Invalid border mode') —
and runs it in real TensorFlow (CPU, oneDNN off), preceded by the layer's own border_mode check."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"

import tensorflow as tf  # noqa: E402

from common import Fixtures  # noqa: E402
from keras1_common import keras1_cases  # noqa: E402

fx = Fixtures("keras1_tensorflow", {"keras": "1.2.2 (backend call reproduced)", "backend": "tensorflow",
                                    "tensorflow": tf.__version__, "TF_ENABLE_ONEDNN_OPTS": "0"})

for case_id, shape, params in keras1_cases():
    request = {"framework": "keras1", "op": "conv_transpose", "rank": 2, "api": "keras.layers.Deconvolution2D",
               "input_shape": shape, "params": dict(params, backend="tensorflow")}

    def call(shape=shape, p=params):
        if p.get("border_mode", "valid") not in {"valid", "same", "full"}:
            raise ValueError("Invalid border mode for Deconvolution2D:", p["border_mode"])
        th = p.get("dim_ordering", "tf") == "th"
        x = tf.zeros(shape)
        out = list(p["output_shape"])
        if th:
            x = tf.transpose(x, (0, 2, 3, 1))
            out = [out[0], out[2], out[3], out[1]]
        if out[0] is None:
            out[0] = int(x.shape[0])
        stack = int(x.shape[3])
        kernel = tf.zeros((p["nb_row"], p["nb_col"], p["nb_filter"], stack))  # after tf.transpose(kernel, (0, 1, 3, 2))
        mode = p.get("border_mode", "valid")
        if mode not in {"same", "valid"}:
            raise ValueError("Invalid border mode:", mode)
        strides = (1,) + tuple(p.get("subsample", (1, 1))) + (1,)
        y = tf.nn.conv2d_transpose(x, kernel, out, strides, padding=mode.upper())
        if th:
            y = tf.transpose(y, (0, 3, 1, 2))
        return y.shape

    fx.run(case_id, request, call)

fx.write()
