"""Pasted Keras 1 layers and what Keras 1.2.2 on Theano does with them → tests/fixtures/translate/keras1.jsonl.

Run in ../venvs/keras1 from the repository root: `python tests/generators/gen_translate_keras1.py`
(import shims as in gen_keras1_theano.py: keras1_shim). Imports in scope, as Keras 1 code has them:
`import keras`, `from keras.layers import Deconvolution2D, Convolution1D, Convolution2D, Convolution3D,
AtrousConvolution1D, AtrousConvolution2D, Input`, `from keras.models import Sequential, Model`,
`import numpy as np`. A layer is applied to `Input(batch_shape=input_shape)` and the model is run with
`predict` on zeros, so Theano's run-time shape checks fire (Keras 1 trusts `output_shape` until then).
`model` (for `model.add(…)`) is a Sequential: empty when the text gives an input shape, else one that
starts with an InputLayer of `input_shape`. Every text's "backend" is "theano"; Keras 1's TensorFlow
backend (TensorFlow 1.x) does not install here."""

import collections
import inspect

import keras1_shim  # noqa: F401 - must run before Keras 1 is imported (shims for Python 3.11)

# Keras 1's AtrousConvolution2D asks inspect.getargspec (gone in Python 3.11) whether Theano's conv2d
# takes filter_dilation; give it the old answer's shape, as Python ≤ 3.10 did.
if not hasattr(inspect, "getargspec"):
    _ArgSpec = collections.namedtuple("ArgSpec", "args varargs keywords defaults")
    inspect.getargspec = lambda f: _ArgSpec(*inspect.getfullargspec(f)[:4])
import theano  # noqa: E402

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras.engine.topology import InputLayer  # noqa: E402
from keras.layers import (AtrousConvolution1D, AtrousConvolution2D, Convolution1D, Convolution2D,  # noqa: E402
                          Convolution3D, Deconvolution2D, Input)
from keras.models import Model, Sequential  # noqa: E402

from translate_common import Texts, execute, fmt, rng_for  # noqa: E402

NAMESPACE = {"keras": keras, "np": np, "Deconvolution2D": Deconvolution2D, "Convolution1D": Convolution1D,
             "Convolution2D": Convolution2D, "Convolution3D": Convolution3D, "AtrousConvolution1D": AtrousConvolution1D,
             "AtrousConvolution2D": AtrousConvolution2D, "Input": Input, "Sequential": Sequential, "Model": Model}
# No keras.json setting: Keras 1's default image_dim_ordering, 'tf', is what `dim_ordering='default'` means here.
fx = Texts("keras1", {"keras": keras.__version__, "backend": "theano", "theano": "Theano-PyMC " + theano.__version__,
                      "image_dim_ordering": keras.backend.image_dim_ordering()})


def make_model(text, shape):
    if "input_shape" in text or "input_dim" in text:
        return Sequential()
    model = Sequential()
    model.add(InputLayer(batch_input_shape=tuple(shape)))
    return model


def run(case):
    shape = case["input_shape"]
    inp = Input(batch_shape=tuple(shape))
    value, _, bound = execute(case["text"], NAMESPACE, lambda: inp, None, lambda text: make_model(text, shape))
    if isinstance(value, Sequential):
        model = value
    elif isinstance(value, keras.engine.topology.Layer):
        model = Model(inp, value(inp))
    elif hasattr(value, "_keras_shape"):  # x = Deconvolution2D(…)(x)
        model = Model(inp, value)
    else:
        raise TypeError(f"the text gives a {type(value).__name__}, not a layer or a tensor")
    return list(model.predict(np.zeros(shape, "float32"), batch_size=max(shape[0], 1)).shape)


def add(case_id, text, input_shape):
    fx.add(case_id, text, input_shape, run, backend="theano")


def hand():
    # VISION.md's question, verbatim, and the variants people post around it.
    add("vision-call", "Deconvolution2D(256, 4, 4, output_shape=(None, 3, 14, 14), border_mode='same', subsample=(2, 2), dim_ordering='th')", [1, 512, 7, 7])
    add("vision-call-honest-shape", "Deconvolution2D(256, 4, 4, output_shape=(None, 256, 14, 14), border_mode='same', subsample=(2, 2), dim_ordering='th')", [1, 512, 7, 7])
    add("vision-no-subsample", "Deconvolution2D(256, 4, 4, output_shape=(None, 256, 14, 14), border_mode='same', dim_ordering='th')", [1, 512, 7, 7])
    add("vision-caffe-port", "Deconvolution2D(256, 4, 4, output_shape=(None, 256, 56, 56), border_mode='same', subsample=(2, 2), dim_ordering='th')", [1, 512, 28, 28])
    add("vision-caffe-port-valid", "Deconvolution2D(256, 4, 4, output_shape=(None, 256, 58, 58), border_mode='valid', subsample=(2, 2), dim_ordering='th')", [1, 512, 28, 28])
    add("vision-caffe-port-k3-same", "Deconvolution2D(256, 3, 3, output_shape=(None, 256, 56, 56), border_mode='same', subsample=(2, 2), dim_ordering='th')", [1, 512, 28, 28])
    add("vision-call-channels-last", "Deconvolution2D(256, 4, 4, output_shape=(None, 14, 14, 256), border_mode='same', subsample=(2, 2))", [1, 7, 7, 512])
    # The StackOverflow question behind VISION.md's second question ("Deconvolution2D layer in keras", 2016):
    # its layer as posted, with the ordering it assumed, and with the answer's fix (subsample=(2, 2)).
    add("so-deconvolution2d-as-posted", "h, w = 28, 28\nd = Deconvolution2D(1, 7, 7, (None, 1, 2*h, 2*w))\nx = d(x)", [1, 16, 22, 22])
    add("so-deconvolution2d-th", "h, w = 28, 28\nd = Deconvolution2D(1, 7, 7, (None, 1, 2*h, 2*w), dim_ordering='th')\nx = d(x)", [1, 16, 22, 22])
    add("so-deconvolution2d-answer-valid", "h, w = 28, 28\nd = Deconvolution2D(1, 7, 7, (None, 1, 2*h, 2*w), subsample=(2, 2), dim_ordering='th')\nx = d(x)", [1, 16, 28, 28])
    add("so-deconvolution2d-answer-same", "h, w = 28, 28\nd = Deconvolution2D(1, 7, 7, (None, 1, 2*h, 2*w), subsample=(2, 2), border_mode='same', dim_ordering='th')\nx = d(x)", [1, 16, 28, 28])
    # The docstring's examples.
    add("doc-example", "model = Sequential()\nmodel.add(Deconvolution2D(3, 3, 3, output_shape=(None, 3, 14, 14), border_mode='valid', input_shape=(3, 12, 12)))", [1, 3, 12, 12])
    add("doc-example-stride", "model.add(Deconvolution2D(3, 3, 3, output_shape=(None, 3, 25, 25), subsample=(2, 2), border_mode='valid', input_shape=(3, 12, 12)))", [1, 3, 12, 12])
    add("doc-example-batch", "model.add(Deconvolution2D(3, 3, 3, output_shape=(1, 3, 25, 25), subsample=(2, 2), border_mode='valid', input_shape=(3, 12, 12)))", [1, 3, 12, 12])
    add("functional-x", "x = Deconvolution2D(64, 3, 3, output_shape=(None, 64, 28, 28), subsample=(2, 2), border_mode='same', dim_ordering='th')(x)", [1, 128, 14, 14])
    add("tf-ordering", "Deconvolution2D(64, 3, 3, output_shape=(None, 28, 28, 64), subsample=(2, 2), border_mode='same', dim_ordering='tf')", [1, 14, 14, 128])
    add("default-ordering", "Deconvolution2D(64, 3, 3, output_shape=(None, 28, 28, 64), subsample=(2, 2), border_mode='same')", [1, 14, 14, 128])
    add("batch-size-given", "Deconvolution2D(16, 5, 5, output_shape=(2, 16, 27, 27), subsample=(2, 2), border_mode='valid', dim_ordering='th')", [2, 8, 12, 12])
    add("messy", "deconv = Deconvolution2D(\n    nb_filter=32,\n    nb_row=4, nb_col=4,            # square kernel\n"
        "    output_shape=(None, 32, 16, 16),\n    subsample=(2, 2),\n    border_mode='same',\n    dim_ordering='th',\n)", [1, 64, 8, 8])
    add("arith", "batch_size = 4\nh = 14\nDeconvolution2D(8, 3, 3, output_shape=(batch_size, 8, 2*h, 2*h), subsample=(2, 2), border_mode='same', dim_ordering='th')", [4, 4, 14, 14])
    add("keras-prefix", "keras.layers.Deconvolution2D(8, 2, 2, output_shape=(None, 8, 10, 10), subsample=(2, 2), dim_ordering='th')", [1, 4, 5, 5])
    add("import-then-bare", "from keras.layers.convolutional import Deconvolution2D\nup = Deconvolution2D(8, 2, 2, (None, 8, 10, 10), subsample=(2, 2), dim_ordering='th')", [1, 4, 5, 5])
    add("convolution2d", "Convolution2D(32, 3, 3, border_mode='same', subsample=(2, 2), dim_ordering='th')", [1, 3, 28, 28])
    add("convolution2d-input-shape", "model.add(Convolution2D(32, 3, 3, border_mode='valid', input_shape=(1, 28, 28)))", [1, 1, 28, 28])
    add("atrous", "AtrousConvolution2D(16, 3, 3, atrous_rate=(2, 2), border_mode='valid', dim_ordering='th')", [1, 4, 12, 12])
    add("convolution1d", "Convolution1D(64, 3, border_mode='same', subsample_length=2)", [1, 10, 32])
    add("err-keras2-names", "Deconvolution2D(256, (4, 4), strides=(2, 2), padding='same')", [1, 512, 7, 7])
    add("err-misspelled", "Deconvolution2D(256, 4, 4, output_shape=(None, 256, 14, 14), subsampel=(2, 2), dim_ordering='th')", [1, 512, 7, 7])
    add("err-missing-output-shape", "Deconvolution2D(256, 4, 4, border_mode='same', subsample=(2, 2), dim_ordering='th')", [1, 512, 7, 7])
    add("err-border-mode", "Deconvolution2D(8, 3, 3, output_shape=(None, 8, 8, 8), border_mode='causal', dim_ordering='th')", [1, 4, 6, 6])
    add("err-output-shape-too-big", "Deconvolution2D(8, 3, 3, output_shape=(None, 8, 20, 20), subsample=(2, 2), border_mode='same', dim_ordering='th')", [1, 4, 6, 6])


def natural(n, k, s, mode):
    pad = {"valid": 0, "same": k // 2, "full": k - 1}[mode]
    return (n - 1) * s + k - 2 * pad


def sampled(count=200):
    rng = rng_for("keras1")
    for index in range(count):
        th = rng.random() < 0.6
        n = [rng.choice([1, 2, 3, 5, 7, 8])] * 2 if rng.random() < 0.7 else [rng.choice([2, 3, 4, 6]) for _ in range(2)]
        k = [rng.choice([1, 2, 3, 4, 5])] * 2 if rng.random() < 0.7 else [rng.choice([1, 2, 3, 4]) for _ in range(2)]
        s = [rng.choice([1, 2, 2, 3])] * 2
        mode = rng.choice(["valid", "same", "same", "full"])
        cin, cout = rng.choice([1, 2, 3]), rng.choice([1, 2, 4])
        sizes = [natural(a, b, c, mode) + rng.choice([0, 0, 0, c - 1, 1, -1]) for a, b, c in zip(n, k, s)]
        batch = rng.choice([1, 2])
        out_batch = rng.choice(["None", "None", str(batch)])
        out = [out_batch, str(cout)] + [str(v) for v in sizes] if th else [out_batch] + [str(v) for v in sizes] + [str(cout)]
        shape = [batch, cin] + n if th else [batch] + n + [cin]
        head = [str(cout), str(k[0]), str(k[1])]
        kw = [("output_shape", "(" + ", ".join(out) + ")")]
        if mode != "valid" or rng.random() < 0.4:
            kw.append(("border_mode", fmt(mode, rng)))
        if s != [1, 1] or rng.random() < 0.3:
            kw.append(("subsample", fmt(tuple(s), rng, "tuple")))
        if th or rng.random() < 0.3:
            kw.append(("dim_ordering", fmt("th" if th else "tf", rng)))
        if rng.random() < 0.15:
            kw.append(("bias", rng.choice(["False", "True"])))
        if rng.random() < 0.03:
            kw.append((rng.choice(["strides", "padding", "stride"]), "2"))
        positional_output = rng.random() < 0.15
        pieces = head + ([kw[0][1]] if positional_output else []) + [f"{a}={b}" for a, b in (kw[1:] if positional_output else kw)]
        sep = ", " if rng.random() < 0.75 else ",\n    "
        call = f"{rng.choice(['', '', 'keras.layers.'])}Deconvolution2D({sep.join(pieces)})"
        add(f"sampled-{index:03d}", rng.choice([call, f"x = {call}(x)", f"up = {call}"]), shape)


hand()
sampled()
fx.write()
