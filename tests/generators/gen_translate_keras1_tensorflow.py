"""The Keras 1 texts of translate/keras1.jsonl on Keras 1.2.2's TensorFlow backend, reproduced
→ tests/fixtures/translate/keras1_tensorflow.jsonl (TensorFlow 1.x, which that backend needs, does not
install here; as gen_keras1_tensorflow_extra.py, keras1_tf_backend.deconv2d_layer runs the backend's code
path step by step in real TensorFlow 2).

Run in ../venvs/tf from the repository root after gen_translate_keras1.py:
`python tests/generators/gen_translate_keras1_tensorflow.py`.

Each `Deconvolution2D` text of keras1.jsonl runs verbatim, with `Deconvolution2D` a stand-in that takes its
arguments with Keras 1.2.2's real signature (signatures.json: a missing or extra positional argument is
Python's TypeError, as in Keras 1) and rejects a keyword outside the base Layer's allowed ones as Keras 1's
Layer does (TypeError('Keyword argument not understood:', name)); applying the layer (`layer(x)`,
`model.add(layer)`, or the bare layer) runs deconv2d_layer on `input_shape`. Texts with other layers
(Convolution2D, AtrousConvolution2D …) are left out."""

import inspect
import json
import os
import types

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ["TF_ENABLE_ONEDNN_OPTS"] = "0"

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from common import FIXTURES  # noqa: E402
from keras1_tf_backend import deconv2d_layer  # noqa: E402
from translate_common import Texts, execute, load_signatures  # noqa: E402

SIG = load_signatures()["frameworks"]["keras1"]
DECONV = next(item for item in SIG if item["api"] == "keras.layers.Deconvolution2D")
ALLOWED = next(item for item in SIG if item["api"] == "keras.engine.topology.Layer")["kwargs"]
KINDS = {"positional-or-keyword": inspect.Parameter.POSITIONAL_OR_KEYWORD, "var-keyword": inspect.Parameter.VAR_KEYWORD}
SIGNATURE = inspect.Signature([
    inspect.Parameter(p["name"], KINDS[p["kind"]], **({"default": eval(p["default"])} if "default" in p else {}))
    for p in DECONV["params"]])


class Deconvolution2D:
    """Keras 1.2.2's Deconvolution2D as far as its shape goes: the real signature, Layer's keyword check,
    and, when applied, the TensorFlow backend's deconv2d (reproduced)."""

    def __init__(self, *args, **kwargs):
        bound = SIGNATURE.bind(*args, **kwargs)  # TypeError exactly where Python raises it for Keras 1
        for key in bound.arguments.get("kwargs", {}):
            if key not in ALLOWED:
                raise TypeError("Keyword argument not understood:", key)
        params = {k: v for k, v in bound.arguments.items() if k != "kwargs"}
        params.update(bound.arguments.get("kwargs", {}))
        self.params = params

    def __call__(self, x):
        return Applied(deconv2d_layer(x.shape, self.params))


class Applied:
    def __init__(self, shape):
        self.shape = shape


class Sequential:
    def __init__(self, start=None):
        self.start, self.layer = start, None

    def add(self, layer):
        self.layer = layer


NAMESPACE = {"Deconvolution2D": Deconvolution2D, "Sequential": Sequential, "np": np,
             "keras": types.SimpleNamespace(layers=types.SimpleNamespace(Deconvolution2D=Deconvolution2D))}
fx = Texts("keras1", {"keras": "1.2.2 (TensorFlow backend call reproduced)", "backend": "tensorflow",
                      "tensorflow": tf.__version__, "TF_ENABLE_ONEDNN_OPTS": "0", "image_dim_ordering": "tf"},
           stem="keras1_tensorflow")


def run(case):
    shape = case["input_shape"]
    text = case["text"].replace("from keras.layers.convolutional import Deconvolution2D\n", "")
    value, _, _ = execute(text, NAMESPACE, lambda: np.zeros(shape, "float32"), None, lambda t: Sequential())
    if isinstance(value, Sequential):
        value = value.layer  # deconv2d_layer checks the array against a declared input shape, as predict does
    if isinstance(value, Deconvolution2D):
        value = value(np.zeros(shape, "float32"))
    return list(value.shape)


def main():
    source = os.path.join(FIXTURES, "translate", "keras1.jsonl")
    for line in list(open(source))[1:]:
        case = json.loads(line)
        if "Deconvolution2D" not in case["text"]:
            continue
        name = case["id"].split("-", 2)[2]
        fx.add(name, case["text"], case["input_shape"], run, backend="tensorflow")
    fx.write()


main()
