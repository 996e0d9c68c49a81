"""Keras 3 layers as the documentation and users write them, one backend per process:

    python gen_keras_docs.py tensorflow   # tests/fixtures/keras_docs.jsonl
    python gen_keras_docs.py jax          # tests/fixtures/keras_docs_jax.jsonl
    python gen_keras_docs.py torch        # tests/fixtures/keras_docs_torch.jsonl

The docstring examples (keras.io), every alias (`Convolution2D`, `Convolution2DTranspose`, …),
every argument form (int or tuple `kernel_size`/`strides`/`dilation_rate`/`output_padding`, padding
and data_format spellings in any case, `None` where users write it, `groups`), the keyword arguments
every Keras layer takes (`input_shape`, `input_dim`, `activation`, `name`, `dtype`, …) and keys Keras
does not take. Each layer is called on a real array so the backend's call-time checks fire.
"""

from keras3_common import BACKEND, add_case, arrange, fixtures  # noqa: E402  (sets KERAS_BACKEND first)

fx = fixtures("keras_docs")
ALIASES = {
    ("conv", 1): ["Conv1D", "Convolution1D"], ("conv", 2): ["Conv2D", "Convolution2D"],
    ("conv", 3): ["Conv3D", "Convolution3D"],
    ("conv_transpose", 1): ["Conv1DTranspose", "Convolution1DTranspose"],
    ("conv_transpose", 2): ["Conv2DTranspose", "Convolution2DTranspose"],
    ("conv_transpose", 3): ["Conv3DTranspose", "Convolution3DTranspose"],
}
OPS = ("conv", "conv_transpose")
SMALL = {1: [2, 7, 3], 2: [2, 6, 5, 3], 3: [1, 5, 4, 3, 2]}  # channels last


def case(case_id, op, rank, input_shape, params, alias=0, explicit=False):
    api = f"keras.layers.{ALIASES[(op, rank)][alias]}"
    add_case(fx, case_id, op, rank, input_shape, params, api=api, explicit_backend=explicit)


def channels_first(shape):
    return [shape[0], shape[-1]] + shape[1:-1]


# --- the docstring examples (keras.io) ------------------------------------------------------------
case("doc-conv1d", "conv", 1, [4, 10, 128], {"filters": 32, "kernel_size": 3, "activation": "relu"})
case("doc-conv2d", "conv", 2, [4, 10, 10, 128], {"filters": 32, "kernel_size": 3, "activation": "relu"})
case("doc-conv3d", "conv", 3, [4, 10, 10, 10, 128], {"filters": 32, "kernel_size": 3, "activation": "relu"})
case("doc-conv1d-transpose", "conv_transpose", 1, [4, 21, 128], {"filters": 32, "kernel_size": 3, "strides": 2, "activation": "relu"})
case("doc-conv2d-transpose", "conv_transpose", 2, [4, 10, 8, 128], {"filters": 32, "kernel_size": 2, "strides": 2, "activation": "relu"})
case("doc-conv3d-transpose", "conv_transpose", 3, [4, 10, 8, 12, 128], {"filters": 32, "kernel_size": 2, "strides": 2, "activation": "relu"})
# Tutorials: DCGAN / autoencoder decoders, U-Net up-sampling, WaveNet-style causal convs.
case("dcgan-7-to-14", "conv_transpose", 2, [2, 7, 7, 128], {"filters": 128, "kernel_size": (4, 4), "strides": (2, 2), "padding": "same"})
case("dcgan-14-to-28", "conv_transpose", 2, [2, 14, 14, 128], {"filters": 1, "kernel_size": (7, 7), "padding": "same", "activation": "sigmoid"})
case("autoencoder-3x3-s2", "conv_transpose", 2, [2, 7, 7, 64], {"filters": 32, "kernel_size": 3, "strides": 2, "padding": "same", "activation": "relu"})
case("mnist-decoder-s1", "conv_transpose", 2, [2, 7, 7, 64], {"filters": 64, "kernel_size": 3, "activation": "relu", "strides": 1, "padding": "same"})
case("unet-up-2x2", "conv_transpose", 2, [1, 16, 16, 64], {"filters": 32, "kernel_size": (2, 2), "strides": (2, 2), "padding": "same"})
case("unet-up-3x3-s2", "conv_transpose", 2, [1, 16, 16, 64], {"filters": 32, "kernel_size": 3, "strides": 2, "padding": "same"})
case("wavenet-causal", "conv", 1, [2, 16, 8], {"filters": 8, "kernel_size": 2, "dilation_rate": 4, "padding": "causal"})
case("tcn-causal-dilated", "conv", 1, [2, 20, 4], {"filters": 4, "kernel_size": 3, "dilation_rate": (2,), "padding": "causal", "activation": "relu"})
case("audio-conv1d-s4", "conv", 1, [2, 64, 1], {"filters": 16, "kernel_size": 9, "strides": 4, "padding": "same"})
case("depthwise-like-groups", "conv", 2, [1, 8, 8, 16], {"filters": 16, "kernel_size": 3, "groups": 16, "padding": "same"})
case("resnext-groups", "conv", 2, [1, 8, 8, 32], {"filters": 64, "kernel_size": 3, "groups": 4, "padding": "same"})
case("stem-7x7-s2", "conv", 2, [1, 32, 32, 3], {"filters": 8, "kernel_size": 7, "strides": 2, "padding": "same", "use_bias": False})
case("video-conv3d", "conv", 3, [1, 4, 8, 8, 3], {"filters": 4, "kernel_size": (3, 3, 3), "padding": "same"})
case("video-conv3d-transpose", "conv_transpose", 3, [1, 4, 8, 8, 3], {"filters": 4, "kernel_size": (3, 3, 3), "strides": (1, 2, 2), "padding": "same"})

# --- argument forms, per op and rank ---------------------------------------------------------------
for op in OPS:
    for rank in (1, 2, 3):
        x = SMALL[rank]
        tag = f"{op}-{rank}d"
        base = {"filters": 2, "kernel_size": 3}
        for alias in (0, 1):
            case(f"{tag}-alias{alias}", op, rank, x, dict(base), alias=alias)
        case(f"{tag}-explicit-backend", op, rank, x, dict(base), explicit=True)
        # kernel_size / strides / dilation_rate: int, tuple, list of one, wrong length, 0, negative, None
        for name in ("kernel_size", "strides", "dilation_rate"):
            for form, value in [("int2", 2), ("tuple", [2] * rank), ("mixed", [1, 2, 3][:rank]),
                                ("single", [2]), ("long", [2] * (rank + 1)), ("zero", 0), ("negative", -1),
                                ("none", None), ("float", 2.0), ("str", "2")]:
                if form == "single" and rank == 1:
                    continue
                params = dict(base, **{name: value})
                case(f"{tag}-{name}-{form}", op, rank, x, params)
        # padding spellings
        for padding in ["valid", "same", "VALID", "SAME", "Same", "causal", "CAUSAL", "full", None, [1] * rank, 1]:
            for strides in (1, 2):
                params = dict(base, padding=padding, strides=strides)
                case(f"{tag}-padding-{padding}-s{strides}", op, rank, x, params)
        # data_format spellings, with the input in that layout
        for fmt in ["channels_last", "channels_first", "CHANNELS_FIRST", "Channels_Last", None, "NHWC", "NCHW"]:
            shape = channels_first(x) if fmt and fmt.lower() in ("channels_first", "nchw") else x
            for strides in (1, 2):
                params = dict(base, data_format=fmt, strides=strides)
                case(f"{tag}-format-{fmt}-s{strides}", op, rank, shape, params)
        # filters
        for filters in [1, 4, 0, -1, None]:
            case(f"{tag}-filters-{filters}", op, rank, x, dict(base, filters=filters))
        # groups (forward only; the transposed layers have none)
        for groups in [1, 3, 2, 0, None]:
            case(f"{tag}-groups-{groups}", op, rank, x, dict(base, filters=3, groups=groups))
        # output_padding (transposed only; a key the forward layers do not take)
        for a in [None, 0, 1, [1] * rank, [0] * rank, 2, -1, [1]]:
            for strides in (1, 2, 3):
                for padding in ("valid", "same"):
                    params = dict(base, output_padding=a, strides=strides, padding=padding)
                    case(f"{tag}-opad-{a}-s{strides}-{padding}", op, rank, x, params)
        # keyword arguments every layer takes
        for extra in [{"activation": "relu"}, {"activation": None}, {"use_bias": False}, {"use_bias": None},
                      {"name": "up1"}, {"name": None}, {"dtype": "float32"}, {"trainable": False},
                      {"kernel_initializer": "he_normal"}, {"bias_initializer": "zeros"},
                      {"kernel_regularizer": None}, {"activity_regularizer": None}, {"kernel_constraint": None},
                      {"input_shape": x[1:]}, {"input_dim": x[-1]}, {"batch_input_shape": x}, {"batch_size": x[0]},
                      {"lora_rank": None}, {"autocast": True}]:
            key = "-".join(f"{k}={v}" for k, v in extra.items())
            case(f"{tag}-kw-{key}", op, rank, x, dict(base, **extra))
        # keys Keras does not take (PyTorch/TF spellings users carry over)
        for key, value in [("stride", 2), ("dilation", 2), ("out_channels", 2), ("in_channels", 3),
                           ("output_shape", x), ("dilations", 1), ("padding_mode", "zeros"), ("foo", 1)]:
            case(f"{tag}-unknown-{key}", op, rank, x, dict(base, **{key: value}))
        # inputs of another rank, empty axes, a kernel larger than the input
        case(f"{tag}-input-rank-minus", op, rank, x[:-2] + x[-1:], dict(base))
        case(f"{tag}-input-rank-plus", op, rank, [1] + x, dict(base))
        case(f"{tag}-batch-zero", op, rank, [0] + x[1:], dict(base, strides=2))
        case(f"{tag}-axis-zero", op, rank, [x[0], 0] + x[2:], dict(base, strides=2))
        case(f"{tag}-axis-zero-same", op, rank, [x[0], 0] + x[2:], dict(base, strides=2, padding="same"))
        case(f"{tag}-channels-zero", op, rank, x[:-1] + [0], dict(base))
        case(f"{tag}-kernel-larger", op, rank, x, dict(base, kernel_size=9))
        case(f"{tag}-kernel-larger-same", op, rank, x, dict(base, kernel_size=9, padding="same"))
        # the TensorFlow backend's call-time limits, written as users hit them
        for params in [dict(base, dilation_rate=2), dict(base, dilation_rate=2, padding="same"),
                       dict(base, kernel_size=4, padding="same"), dict(base, kernel_size=2, padding="same"),
                       dict(base, kernel_size=4, padding="same", output_padding=0),
                       dict(base, kernel_size=2, strides=2, padding="same", output_padding=0),
                       dict(base, kernel_size=1, strides=3, padding="same", output_padding=1),
                       dict(base, kernel_size=5, strides=2, padding="same", output_padding=0),
                       dict(base, kernel_size=3, strides=2, padding="same", output_padding=0),
                       dict(base, kernel_size=2, strides=2, padding="same", output_padding=1),
                       dict(base, strides=2, data_format="channels_first")]:
            key = "-".join(f"{k}={v}" for k, v in params.items() if k not in base)
            shape = channels_first(x) if params.get("data_format") == "channels_first" else x
            case(f"{tag}-limits-{key}", op, rank, shape, params)
# causal on every rank/op (only Conv1D takes it)
for size in (1, 2, 5):
    for k, d in [(2, 1), (3, 2), (5, 1)]:
        case(f"causal-n{size}-k{k}-d{d}", "conv", 1, [1, size, 2], {"filters": 2, "kernel_size": k, "dilation_rate": d, "padding": "causal"})
        case(f"causal-n{size}-k{k}-s2", "conv", 1, [1, size, 2], {"filters": 2, "kernel_size": k, "strides": 2, "padding": "causal"})

fx.write()
