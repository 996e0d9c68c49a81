"""Pasted tf.nn texts and what TensorFlow does with them → tests/fixtures/translate/tensorflow.jsonl.

Run in ../venvs/tf from the repository root: `python tests/generators/gen_translate_tensorflow.py`
(TF_ENABLE_ONEDNN_OPTS=0, the Eigen kernels, as the other TensorFlow fixtures). Run again with
TF_ENABLE_ONEDNN_OPTS=1 to write translate/onednn/tensorflow.jsonl: the texts whose answer changes
with oneDNN on (both answers), or no file when none does (the header of the first file says which).
Imports in scope: `import tensorflow as tf` (and `import tensorflow`), `import numpy as np`. A text's `x` / `w` (or `value`,
`input`, `filters`, `filter` …) are `tf.zeros` of `input_shape` / `weight_shape`; it runs eagerly on CPU."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
ONEDNN = os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ["CUDA_VISIBLE_DEVICES"] = ""

import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402

from translate_common import Texts, execute, fmt, load_signatures, onednn_diff, render_call, rng_for, sig_of  # noqa: E402

NAMESPACE = {"tf": tf, "tensorflow": tf, "np": np}
STEM = "tensorflow" if ONEDNN == "0" else "tensorflow_onednn_run"  # a scratch file: onednn_diff keeps the changes
fx = Texts("tensorflow", {"tensorflow": tf.__version__, "TF_ENABLE_ONEDNN_OPTS": ONEDNN, "device": "CPU"}, stem=STEM)


def run(case):
    make_input = lambda: tf.zeros(case["input_shape"])
    make_weight = (lambda: tf.zeros(case["weight_shape"])) if "weight_shape" in case else None
    value, _, _ = execute(case["text"], NAMESPACE, make_input, make_weight)
    if not tf.is_tensor(value):
        raise TypeError(f"the text gives a {type(value).__name__}, not a tensor")
    return [int(v) for v in value.shape]


def add(case_id, text, input_shape, weight_shape):
    fx.add(case_id, text, input_shape, run, weight_shape=weight_shape)


def hand():
    x28, w = [1, 28, 28, 512], [4, 4, 256, 512]
    add("vision-caffe-port", "tf.nn.conv2d_transpose(x, w, output_shape=[1, 56, 56, 256], strides=2, padding='SAME')", x28, w)
    add("strides-4-list", "y = tf.nn.conv2d_transpose(x, w, output_shape=[1, 56, 56, 256], strides=[1, 2, 2, 1], padding=\"SAME\")", x28, w)
    add("so-dynamic-batch", "batch_size = tf.shape(x)[0]\ndeconv_shape = tf.stack([batch_size, 56, 56, 256])\n"
        "deconv = tf.nn.conv2d_transpose(x, w, deconv_shape, strides=[1, 2, 2, 1], padding=\"SAME\")", [2, 28, 28, 512], w)
    add("so-positional", "tf.nn.conv2d_transpose(x, w, [1, 56, 56, 256], [1, 2, 2, 1], 'SAME')", x28, w)
    add("valid-58", "tf.nn.conv2d_transpose(x, w, output_shape=[1, 58, 58, 256], strides=2, padding='VALID')", x28, w)
    add("valid-59", "tf.nn.conv2d_transpose(x, w, output_shape=[1, 59, 59, 256], strides=2, padding='VALID')", x28, w)
    add("same-55", "tf.nn.conv2d_transpose(x, w, output_shape=[1, 55, 55, 256], strides=2, padding='SAME')", x28, w)
    add("arith", "h = 28\nout = tf.nn.conv2d_transpose(x, w, output_shape=(1, 2*h, 2*h, 256), strides=(2, 2), padding='SAME')", x28, w)
    add("tuple-output-shape-np", "tf.nn.conv2d_transpose(x, w, output_shape=np.array([1, 56, 56, 256]), strides=2, padding='SAME')", x28, w)
    add("explicit-padding", "tf.nn.conv2d_transpose(x, w, output_shape=[1, 54, 54, 256], strides=2, padding=[[0, 0], [2, 2], [2, 2], [0, 0]])", x28, w)
    add("dilations", "tf.nn.conv2d_transpose(x, w, output_shape=[1, 31, 31, 256], strides=1, padding='VALID', dilations=2)", x28, w)
    add("nchw-cpu", "tf.nn.conv2d_transpose(x, w, output_shape=[1, 256, 56, 56], strides=2, padding='SAME', data_format='NCHW')", [1, 512, 28, 28], w)
    add("conv1d-transpose", "tf.nn.conv1d_transpose(x, w, output_shape=[4, 20, 8], strides=2, padding='SAME')", [4, 10, 3], [3, 8, 3])
    add("conv3d-transpose", "tf.nn.conv3d_transpose(x, w, output_shape=[1, 8, 16, 16, 4], strides=[1, 2, 2, 2, 1], padding='SAME')", [1, 4, 8, 8, 8], [3, 3, 3, 4, 8])
    add("conv-transpose-rank-from-shape", "tf.nn.conv_transpose(x, w, output_shape=[2, 12, 12, 6], strides=2, padding='SAME')", [2, 6, 6, 3], [3, 3, 6, 3])
    add("atrous-transpose", "tf.nn.atrous_conv2d_transpose(value, filters, output_shape=[1, 14, 14, 8], rate=2, padding='SAME')", [1, 14, 14, 4], [3, 3, 8, 4])
    add("atrous", "tf.nn.atrous_conv2d(value, filters, rate=2, padding='VALID')", [1, 14, 14, 4], [3, 3, 4, 8])
    add("compat-v1", "deconv = tf.compat.v1.nn.conv2d_transpose(value=x, filter=w, output_shape=[1, 56, 56, 256], strides=[1, 2, 2, 1], padding='SAME')", x28, w)
    add("compat-v1-positional", "tf.compat.v1.nn.conv2d_transpose(x, w, [1, 56, 56, 256], [1, 2, 2, 1])", x28, w)
    add("conv2d", "tf.nn.conv2d(x, filters, strides=2, padding='SAME')", [1, 28, 28, 3], [3, 3, 3, 16])
    add("conv2d-v1-filter", "tf.compat.v1.nn.conv2d(x, filter=w, strides=[1, 2, 2, 1], padding='VALID')", [1, 28, 28, 3], [3, 3, 3, 16])
    add("conv1d-stride", "tf.nn.conv1d(x, w, stride=2, padding='SAME')", [1, 20, 3], [5, 3, 8])
    add("convolution", "tf.nn.convolution(x, w, strides=2, padding='VALID', dilations=1)", [1, 9, 9, 2], [3, 3, 2, 4])
    add("conv3d", "tf.nn.conv3d(x, w, strides=[1, 1, 2, 2, 1], padding='SAME')", [1, 4, 8, 8, 2], [3, 3, 3, 2, 4])
    add("messy-breaks", "up = tf.nn.conv2d_transpose(\n    x,\n    w,   # (kh, kw, out, in)\n    output_shape=[1, 56, 56, 256],\n"
        "    strides=2,\n    padding='SAME',\n)", x28, w)
    add("err-misspelled", "tf.nn.conv2d_transpose(x, w, output_shape=[1, 56, 56, 256], strde=2, padding='SAME')", x28, w)
    add("err-filter-keyword-v2", "tf.nn.conv2d_transpose(x, filter=w, output_shape=[1, 56, 56, 256], strides=2, padding='SAME')", x28, w)
    add("err-missing-output-shape", "tf.nn.conv2d_transpose(x, w, strides=2, padding='SAME')", x28, w)
    add("err-output-shape-wrong", "tf.nn.conv2d_transpose(x, w, output_shape=[1, 60, 60, 256], strides=2, padding='SAME')", x28, w)
    add("err-output-channels", "tf.nn.conv2d_transpose(x, w, output_shape=[1, 56, 56, 128], strides=2, padding='SAME')", x28, w)
    add("err-output-shape-3", "tf.nn.conv2d_transpose(x, w, output_shape=[56, 56, 256], strides=2, padding='SAME')", x28, w)
    add("err-padding-lower", "tf.nn.conv2d_transpose(x, w, output_shape=[1, 56, 56, 256], strides=2, padding='same')", x28, w)
    add("err-padding-full", "tf.nn.conv2d_transpose(x, w, output_shape=[1, 56, 56, 256], strides=2, padding='FULL')", x28, w)
    add("err-weight-swapped", "tf.nn.conv2d_transpose(x, w, output_shape=[1, 56, 56, 256], strides=2, padding='SAME')", x28, [4, 4, 512, 256])
    add("err-stride-0", "tf.nn.conv2d(x, w, strides=0, padding='SAME')", [1, 8, 8, 3], [3, 3, 3, 4])


SIG = load_signatures()
TRANSPOSE_APIS = [("tf.nn.conv2d_transpose", 2), ("tf.nn.conv1d_transpose", 1), ("tf.nn.conv3d_transpose", 3),
                  ("tf.nn.conv_transpose", None), ("tf.compat.v1.nn.conv2d_transpose", 2)]
CONV_APIS = [("tf.nn.conv2d", 2), ("tf.nn.conv1d", 1), ("tf.nn.conv3d", 3), ("tf.nn.convolution", None)]


def transposed(n, k, s, d, padding):
    field = d * (k - 1) + 1
    return n * s if padding == "SAME" else (n - 1) * s + field


def sampled(count=300):
    rng = rng_for("tensorflow")
    for index in range(count):
        transpose = rng.random() < 0.7
        api, rank = rng.choice(TRANSPOSE_APIS if transpose else CONV_APIS)
        rank = rank or rng.choice([1, 2, 3])
        if api.endswith("conv1d") and rng.random() < 0.5:
            api = "tf.compat.v1.nn.conv1d"
        k = [rng.choice([1, 2, 3, 4, 5])] * rank if rng.random() < 0.6 else [rng.choice([1, 2, 3, 4]) for _ in range(rank)]
        s = rng.choice([1, 2, 2, 3])
        d = 1 if s > 1 or rng.random() < 0.7 else rng.choice([2, 3])
        padding = rng.choice(["SAME", "SAME", "VALID"])
        cin, cout = rng.choice([1, 2, 3, 4]), rng.choice([1, 2, 4])
        size = [rng.choice([1, 2, 3, 5, 7, 8])] * rank if rng.random() < 0.6 else [rng.choice([1, 3, 4, 6]) for _ in range(rank)]
        batch = rng.choice([1, 2])
        x = [batch] + size + [cin]
        sig = sig_of(SIG, "tensorflow", api)
        names = [q["name"] for q in sig]
        first, second = names[0], names[1]
        args = [(first, "x"), (second, "w")]
        stride_name = "stride" if "stride" in names else "strides"
        stride_text = fmt(s, rng) if rng.random() < 0.6 else fmt([1] + [s] * rank + [1], rng)
        if transpose:
            w = k + [cout, cin]
            out = [transposed(n, kk, s, d, padding) + (rng.choice([0, 0, 0, 1, -1]) if s > 1 else 0) for n, kk in zip(size, k)]
            args.append(("output_shape", fmt([batch] + out + [cout], rng)))
        else:
            w = k + [cin, cout]
        args.append((stride_name, stride_text))
        if not (transpose and padding == "SAME" and rng.random() < 0.3):
            args.append(("padding", fmt(padding, rng)))
        if d > 1:
            args.append(("dilations", fmt(d, rng)))
        if rng.random() < 0.04:
            args.append((rng.choice(["stride" if stride_name == "strides" else "strides", "dilation", "kernel_size"]), "1"))
        callee = api if rng.random() < 0.9 else api.replace("tf.", "tensorflow.", 1)  # after `import tensorflow`
        call = render_call(rng, callee, args, sig)
        text = rng.choice([call, f"y = {call}", f"deconv = {call}"])
        add(f"sampled-{index:03d}", text, x, w)


hand()
sampled()
path = fx.write()
if ONEDNN != "0":
    onednn_diff(path, "tensorflow")
