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

import tensorflow as tf  # noqa: E402

from common import FIXTURES, Fixtures  # noqa: E402
from keras1_tf_backend import deconv2d_layer  # noqa: E402

MODE = sys.argv[1] if len(sys.argv) > 1 else "docs"
fx = Fixtures(f"keras1_tensorflow_{MODE}", {"keras": "1.2.2 (backend call reproduced)", "backend": "tensorflow",
                                             "tensorflow": tf.__version__, "TF_ENABLE_ONEDNN_OPTS": "0"})


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
