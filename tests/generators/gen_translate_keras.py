"""Pasted Keras layers and what Keras does with them → tests/fixtures/translate/keras{,_jax,_torch}.jsonl
(Keras 3, one backend per run) and keras2.jsonl (tf_keras).

    ../venvs/keras3/bin/python tests/generators/gen_translate_keras.py tensorflow|jax|torch
    ../venvs/tf/bin/python tests/generators/gen_translate_keras.py keras2

Imports in scope, as users' files have them: `import tensorflow as tf` (on jax / torch: `tf.keras` is
keras, see below), `import numpy as np`,
`import keras`, `from keras import layers`, `from keras.layers import Conv1D, Conv2D, Conv3D,
Conv1DTranspose, Conv2DTranspose, Conv3DTranspose, Input`, `from keras.models import Sequential, Model`.
With TF_ENABLE_ONEDNN_OPTS=1 (tensorflow and keras2 only) it writes translate/onednn/keras{,2}.jsonl: the
texts whose answer changes with oneDNN on.
For keras2 `keras` is tf_keras and TF_USE_LEGACY_KERAS=1 makes `tf.keras` tf_keras too (as on TF ≤ 2.15).
A layer is called on zeros of `input_shape` (eager, CPU); `x = layers.…(…)(x)` reads `x` as that tensor;
`model` is a Sequential (see translate_common). TensorFlow runs with TF_ENABLE_ONEDNN_OPTS=0."""

import os
import sys

MODE = sys.argv[1] if len(sys.argv) > 1 else "tensorflow"
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ["CUDA_VISIBLE_DEVICES"] = ""
if MODE == "keras2":
    os.environ["TF_USE_LEGACY_KERAS"] = "1"
else:
    os.environ["KERAS_BACKEND"] = MODE
    os.environ["JAX_PLATFORMS"] = "cpu"

import types  # noqa: E402

import numpy as np  # noqa: E402

if MODE in ("keras2", "tensorflow"):
    import tensorflow as tf  # noqa: E402
else:
    # TensorFlow ≥ 2.16's tf.keras is the keras package itself; importing TensorFlow beside torch aborts
    # the process (both bundle LLVM: "inconsistency in registered CommandLine options"), so on the jax
    # and torch backends `tf.keras` is bound to keras directly.
    import keras as _keras  # noqa: E402

    tf = types.SimpleNamespace(keras=_keras)

if MODE == "keras2":
    import tf_keras as keras  # noqa: E402
else:
    import keras  # noqa: E402

from translate_common import Texts, execute, fmt, load_signatures, onednn_diff, per_axis, render_call, rng_for, sig_of  # noqa: E402

layers = keras.layers
# How a user of each imports a layer by name: Keras 2 users wrote tensorflow.keras (tf_keras here).
IMPORT = "from tensorflow.keras.layers import" if MODE == "keras2" else "from keras.layers import"
NAMESPACE = {"tf": tf, "np": np, "keras": keras, "layers": layers, "Sequential": keras.Sequential,
             "Model": keras.Model, "Input": keras.Input}
for _name in ("Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"):
    NAMESPACE[_name] = getattr(layers, _name)
if MODE == "keras2":
    import tf_keras

    NAMESPACE["tf_keras"] = tf_keras  # `import tf_keras`, as code that pins Keras 2 on TF ≥ 2.16 has it
    versions = {"tf_keras": tf_keras.__version__, "tensorflow": tf.__version__, "TF_USE_LEGACY_KERAS": "1"}
    fx = Texts("keras2", versions, stem="keras2" if os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0" else "keras2_onednn_run")
    BACKEND = None
else:
    versions = {"keras": keras.__version__, "backend": MODE}
    if MODE == "jax":
        import jax

        versions["jax"] = jax.__version__
    elif MODE == "torch":
        import torch

        versions["torch"] = torch.__version__
    if MODE == "tensorflow":
        versions["tensorflow"] = tf.__version__
    stem = "keras" if MODE == "tensorflow" else f"keras_{MODE}"
    fx = Texts("keras", versions, stem=stem if os.environ["TF_ENABLE_ONEDNN_OPTS"] == "0" or MODE != "tensorflow" else "keras_onednn_run")
    BACKEND = MODE
if MODE in ("keras2", "tensorflow"):
    versions["TF_ENABLE_ONEDNN_OPTS"] = os.environ["TF_ENABLE_ONEDNN_OPTS"]


def zeros(shape):
    return tf.zeros(shape) if MODE == "keras2" else keras.ops.zeros(shape)


def make_model(text, shape):
    if "input_shape" in text or "batch_input_shape" in text or "Input(" in text:
        return keras.Sequential()
    if MODE == "keras2":
        return keras.Sequential([layers.InputLayer(batch_input_shape=shape)])
    return keras.Sequential([keras.Input(batch_shape=shape)])


def run(case):
    shape = case["input_shape"]
    keras.backend.clear_session()  # layer names in messages ("conv2d_transpose_3") start afresh per text
    value, _, _ = execute(case["text"], NAMESPACE, lambda: zeros(shape), None, lambda text: make_model(text, shape))
    if isinstance(value, keras.Model):
        value = value(zeros(shape))
    elif isinstance(value, layers.Layer):
        value = value(zeros(shape))
    if hasattr(value, "as_list"):  # print(y.shape) on TensorFlow: a TensorShape
        value = value.as_list()
    if isinstance(value, (tuple, list)) and all(isinstance(v, (int, type(None))) for v in value):
        return list(value)  # print(y.shape)
    if hasattr(value, "shape"):
        return [int(v) for v in value.shape]
    raise TypeError(f"the text gives a {type(value).__name__}, not a layer or a tensor")


def add(case_id, text, input_shape):
    fx.add(case_id, text, input_shape, run, backend=BACKEND)


def hand():
    # keras.layers.Conv2DTranspose's docstring example, verbatim.
    add("doc-example", "x = np.random.rand(4, 10, 8, 128)\ny = keras.layers.Conv2DTranspose(32, 2, 2, activation='relu')(x)\nprint(y.shape)", [4, 10, 8, 128])
    add("doc-1d", "x = np.random.rand(4, 10, 128)\ny = keras.layers.Conv1DTranspose(32, 3, 2, activation='relu')(x)\nprint(y.shape)", [4, 10, 128])
    add("doc-3d", "x = np.random.rand(4, 10, 8, 12, 128)\ny = keras.layers.Conv3DTranspose(32, 2, 2, activation='relu')(x)\nprint(y.shape)", [4, 10, 8, 12, 128])
    # The TensorFlow DCGAN tutorial's generator, lines as pasted.
    add("dcgan-1", "model.add(layers.Conv2DTranspose(128, (5, 5), strides=(1, 1), padding='same', use_bias=False))", [1, 7, 7, 256])
    add("dcgan-2", "model.add(layers.Conv2DTranspose(64, (5, 5), strides=(2, 2), padding='same', use_bias=False))", [1, 7, 7, 128])
    add("dcgan-3", "model.add(layers.Conv2DTranspose(1, (5, 5), strides=(2, 2), padding='same', use_bias=False, activation='tanh'))", [1, 14, 14, 64])
    add("vae-decoder", 'x = layers.Conv2DTranspose(64, 3, activation="relu", strides=2, padding="same")(x)', [1, 7, 7, 64])
    add("vae-decoder-out", 'decoder_outputs = layers.Conv2DTranspose(1, 3, activation="sigmoid", padding="same")(x)', [1, 28, 28, 32])
    add("vision-caffe-port", "layers.Conv2DTranspose(256, 4, strides=2, padding='same')", [1, 28, 28, 512])
    add("vision-200-from-20", "layers.Conv2DTranspose(3, kernel_size=10, strides=10, padding='same')", [1, 20, 20, 8])
    add("vision-200-from-20-valid", "layers.Conv2DTranspose(3, kernel_size=20, strides=10, padding='valid')", [1, 20, 20, 8])
    add("output-padding", "layers.Conv2DTranspose(16, 3, strides=2, padding='same', output_padding=1)", [1, 7, 7, 8])
    add("output-padding-valid", "layers.Conv2DTranspose(16, 3, strides=2, padding='valid', output_padding=(0, 1))", [1, 7, 7, 8])
    add("input-shape-kwarg", "layers.Conv2DTranspose(32, 3, strides=2, padding='same', input_shape=(14, 14, 8))", [1, 14, 14, 8])
    add("sequential-input-shape", "model = Sequential()\nmodel.add(Conv2DTranspose(32, (3, 3), strides=(2, 2), padding='same', input_shape=(14, 14, 8)))", [1, 14, 14, 8])
    add("channels-first", "layers.Conv2DTranspose(8, 3, strides=2, padding='same', data_format='channels_first')", [1, 4, 7, 7])
    add("dilation", "layers.Conv2DTranspose(8, 3, dilation_rate=2, padding='valid')", [1, 7, 7, 4])
    add("dilation-same", "layers.Conv2DTranspose(8, 3, dilation_rate=(2, 2), padding='same')", [1, 7, 7, 4])
    add("conv1d-transpose", "layers.Conv1DTranspose(filters=16, kernel_size=4, strides=4, padding='same')", [2, 25, 3])
    add("conv3d-transpose", "layers.Conv3DTranspose(8, (3, 3, 3), strides=(1, 2, 2), padding='same')", [1, 4, 8, 8, 2])
    add("alias-convolution2dtranspose", "layers.Convolution2DTranspose(8, 4, strides=2, padding='same')", [1, 5, 5, 3])
    add("tf-keras-prefix", "tf.keras.layers.Conv2DTranspose(filters=32, kernel_size=(4, 4), strides=(2, 2), padding='same')", [1, 16, 16, 64])
    add("keras-prefix-list-args", "keras.layers.Conv2DTranspose(8, [3, 5], strides=[2, 3], padding='valid')", [1, 6, 6, 2])
    add("import-then-bare", f"{IMPORT} Conv2DTranspose\nup = Conv2DTranspose(16, 2, strides=2)", [1, 9, 9, 4])
    add("self-assign-messy", "self.up = layers.Conv2DTranspose(\n    filters=32,          # half the channels\n    kernel_size=2,\n"
        "    strides=2,\n    padding='valid',\n)", [1, 16, 16, 64])
    add("arith", "h = 14\nf = 64\nx = layers.Conv2DTranspose(f // 2, 3, strides=2, padding='same')(x)", [1, 14, 14, 64])
    add("functional-model", "x = layers.Conv2D(32, 3, strides=2, padding='same')(inputs)", [1, 28, 28, 1])
    add("conv2d-same-stride", "layers.Conv2D(64, 3, strides=2, padding='same')", [1, 15, 15, 3])
    add("conv1d-causal", "layers.Conv1D(8, 3, dilation_rate=2, padding='causal')", [1, 10, 4])
    add("conv2d-groups", "layers.Conv2D(8, 3, groups=2)", [1, 8, 8, 4])
    add("padding-upper", "layers.Conv2DTranspose(8, 3, strides=2, padding='SAME')", [1, 7, 7, 4])
    if MODE == "keras2":  # Keras 2 named as such (TF ≥ 2.16 code that keeps Keras 2)
        add("tf-keras-package", "tf_keras.layers.Conv2DTranspose(64, 4, strides=2, padding='same')", [1, 16, 16, 128])
        add("tf-keras-channels-first", "x = tf_keras.layers.Conv2DTranspose(8, 3, strides=2, padding='same', data_format='channels_first')(x)", [1, 4, 7, 7])
        add("tf-keras-dilation", "up = tf_keras.layers.Conv2DTranspose(8, 3, dilation_rate=2)", [1, 7, 7, 4])
        add("tf-keras-import", "from tf_keras.layers import Conv2DTranspose\nup = Conv2DTranspose(16, 2, strides=2, groups=2)", [1, 9, 9, 4])
    add("err-stride-singular", "layers.Conv2DTranspose(256, 4, stride=2, padding='same')", [1, 28, 28, 512])
    add("err-misspelled", "layers.Conv2DTranspose(256, 4, strdes=2, padding='same')", [1, 28, 28, 512])
    add("err-missing-kernel", "layers.Conv2DTranspose(256)", [1, 28, 28, 512])
    add("err-output-padding-too-big", "layers.Conv2DTranspose(16, 3, strides=2, padding='same', output_padding=2)", [1, 7, 7, 8])
    add("err-dilation-and-strides", "layers.Conv2DTranspose(16, 3, strides=2, dilation_rate=2)", [1, 7, 7, 8])
    add("err-padding-full", "layers.Conv2DTranspose(16, 3, strides=2, padding='full')", [1, 7, 7, 8])
    add("err-causal-2d", "layers.Conv2D(16, 3, padding='causal')", [1, 7, 7, 8])
    add("err-rank-mismatch", "layers.Conv2DTranspose(16, 3, strides=2)", [1, 7, 8])
    add("err-kernel-zero", "layers.Conv2DTranspose(16, 0)", [1, 7, 7, 8])
    add("err-filters-zero", "layers.Conv2DTranspose(0, 3)", [1, 7, 7, 8])
    add("err-kernel-triple-2d", "layers.Conv2DTranspose(8, (3, 3, 3))", [1, 7, 7, 8])
    add("err-groups-transpose", "layers.Conv2DTranspose(8, 3, groups=2)", [1, 7, 7, 8])


SIG = load_signatures()
SIG_FW, SIG_PREFIX = ("keras2", "tf_keras.layers") if MODE == "keras2" else ("keras", "keras.layers")


def sampled(count=260):
    rng = rng_for("keras2" if MODE == "keras2" else "keras")  # the same texts on every Keras 3 backend
    for index in range(count):
        rank = rng.choice([1, 2, 2, 2, 3])
        transpose = rng.random() < 0.75
        name = f"Conv{rank}D" + ("Transpose" if transpose else "")
        k = [rng.choice([1, 2, 3, 4, 5])] * rank if rng.random() < 0.6 else [rng.choice([1, 2, 3, 4]) for _ in range(rank)]
        s = [rng.choice([1, 2, 2, 3])] * rank if rng.random() < 0.7 else [rng.choice([1, 2, 3]) for _ in range(rank)]
        d = [1] * rank if rng.random() < 0.85 or max(s) > 1 else [rng.choice([2, 3])] * rank
        padding = rng.choice(["valid", "same", "same"])
        channels_first = rng.random() < 0.1
        cin, cout = rng.choice([1, 2, 3, 4]), rng.choice([1, 2, 4, 8])
        size = [rng.choice([1, 2, 3, 5, 7, 8])] * rank if rng.random() < 0.6 else [rng.choice([2, 3, 4, 6]) for _ in range(rank)]
        batch = rng.choice([1, 2])
        shape = [batch, cin] + size if channels_first else [batch] + size + [cin]
        args = [("filters", str(cout)), ("kernel_size", fmt(per_axis(rng, k), rng))]
        optional = [("strides", per_axis(rng, s), 1), ("padding", padding, "valid")]
        if transpose and rng.random() < 0.3:
            optional.append(("output_padding", per_axis(rng, [rng.choice([0, 1]) if st > 1 else 0 for st in s]), None))
        if channels_first:
            optional.append(("data_format", "channels_first", None))
        optional.append(("dilation_rate", per_axis(rng, d), 1))
        if rng.random() < 0.2:
            optional.append(("use_bias", rng.choice([True, False]), True))
        if rng.random() < 0.15:
            optional.append(("activation", rng.choice(["relu", "tanh", "sigmoid"]), None))
        sig = sig_of(SIG, SIG_FW, f"{SIG_PREFIX}.{name}")
        order = [q["name"] for q in sig]
        optional.sort(key=lambda item: order.index(item[0]))
        for key, value, default in optional:
            if value == default and rng.random() < 0.75:
                continue
            args.append((key, fmt(value, rng)))
        if rng.random() < 0.2:
            args.append(("input_shape", fmt(shape[1:], rng, "tuple")))
        if rng.random() < 0.04:
            args.append((rng.choice(["stride", "kernel", "dilation", "pad"]), "2"))
        prefixes = ["layers.", "layers.", "keras.layers.", "tf.keras.layers.", ""] + (["tf_keras.layers."] if MODE == "keras2" else [])
        callee = rng.choice(prefixes) + name
        call = render_call(rng, callee, args, sig, positional_max=4)
        text = rng.choice([call, f"x = {call}(x)", f"model.add({call})", f"self.up = {call}", f"up = {call}"])
        if callee == name and rng.random() < 0.5:
            text = f"{IMPORT} {name}\n" + text
        add(f"sampled-{index:03d}", text, shape)


hand()
sampled()
path = fx.write()
if MODE in ("keras2", "tensorflow") and os.environ["TF_ENABLE_ONEDNN_OPTS"] != "0":
    onednn_diff(path, "keras2" if MODE == "keras2" else "keras")
