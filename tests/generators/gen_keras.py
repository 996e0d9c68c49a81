"""Golden fixtures from Keras 3: keras.layers.Conv{1,2,3}DTranspose and Conv{1,2,3}D, executed on a
real array on one backend per process (see keras3_common.py):

    python gen_keras.py tensorflow   # tests/fixtures/keras.jsonl (the default backend; no "backend" key)
    python gen_keras.py jax          # tests/fixtures/keras_jax.jsonl
    python gen_keras.py torch        # tests/fixtures/keras_torch.jsonl

Shapes and accept/reject only. The cases are the ones first recorded on JAX alone (same seed, same order)."""

from keras3_common import add_case, arrange, fixtures  # noqa: E402  (sets KERAS_BACKEND first)

from common import Geometry, rng_for, scalar_or_list  # noqa: E402

fx = fixtures("keras")
rng = rng_for("keras")


def case(case_id, op, rank, input_shape, params):
    add_case(fx, case_id, op, rank, input_shape, params)


# --- classics ---------------------------------------------------------------------------------
for a in [None] + list(range(0, 11)):  # Conv2DTranspose kernel 3, stride 10, 'same' on 20x20
    params = {"filters": 1, "kernel_size": 3, "strides": 10, "padding": "same"}
    if a is not None:
        params["output_padding"] = a
    case(f"k3-s10-same-opad{a}", "conv_transpose", 2, [1, 20, 20, 1], params)
case("k3-s1-valid-12-to-14", "conv_transpose", 2, [1, 12, 12, 3], {"filters": 3, "kernel_size": 3, "strides": 1, "padding": "valid"})
case("caffe-28-to-56", "conv_transpose", 2, [1, 28, 28, 8], {"filters": 8, "kernel_size": 4, "strides": 2, "padding": "same"})
for size in range(22, 29):
    case(f"conv-k3-s7-same-{size}", "conv", 2, [1, size, size, 1], {"filters": 1, "kernel_size": 3, "strides": 7, "padding": "same"})
for dilation in (1, 2):
    case(f"conv1d-8820-dilation{dilation}", "conv", 1, [1, 8820, 16], {"filters": 16, "kernel_size": 3, "dilation_rate": dilation})
case("default-example-same-opad1", "conv_transpose", 2, [1, 3, 3, 1], {"filters": 1, "kernel_size": 3, "strides": 2, "padding": "same", "output_padding": 1})
case("strided-dilated-transpose", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 3, "strides": 2, "dilation_rate": 2})
case("strided-dilated-conv", "conv", 1, [1, 9, 1], {"filters": 1, "kernel_size": 3, "strides": 2, "dilation_rate": 2})
case("dilation-opad", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 3, "strides": 1, "dilation_rate": 2, "output_padding": 1})
case("padding-full", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 3, "strides": 2, "padding": "full"})
case("padding-SAME-upper", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 3, "strides": 2, "padding": "SAME"})
case("padding-list", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 3, "strides": 2, "padding": [1, 1]})
case("conv-padding-list", "conv", 1, [1, 5, 1], {"filters": 1, "kernel_size": 3, "padding": [1, 1]})
case("causal", "conv", 1, [1, 5, 1], {"filters": 1, "kernel_size": 3, "padding": "causal"})
case("causal-2d", "conv", 2, [1, 5, 5, 1], {"filters": 1, "kernel_size": 3, "padding": "causal"})
case("causal-transpose", "conv_transpose", 1, [1, 5, 1], {"filters": 1, "kernel_size": 3, "padding": "causal"})
case("filters-zero", "conv_transpose", 1, [1, 3, 1], {"filters": 0, "kernel_size": 3})
case("kernel-zero", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 0})
case("stride-zero", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 3, "strides": 0})
case("stride-negative", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 3, "strides": -1})
case("dilation-zero", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 3, "dilation_rate": 0})
case("opad-negative", "conv_transpose", 1, [1, 3, 1], {"filters": 1, "kernel_size": 3, "strides": 2, "output_padding": -1})
case("strides-wrong-length", "conv_transpose", 2, [1, 3, 3, 1], {"filters": 1, "kernel_size": 3, "strides": [2, 2, 2]})
case("kernel-single-list", "conv_transpose", 2, [1, 3, 3, 1], {"filters": 1, "kernel_size": [3]})
case("input-zero", "conv_transpose", 1, [1, 0, 1], {"filters": 1, "kernel_size": 3, "strides": 2})
case("input-zero-same", "conv_transpose", 1, [1, 0, 1], {"filters": 1, "kernel_size": 3, "strides": 2, "padding": "same"})
case("conv-input-zero", "conv", 1, [1, 0, 1], {"filters": 1, "kernel_size": 1})
case("conv-kernel-larger", "conv", 2, [1, 2, 2, 1], {"filters": 1, "kernel_size": 3})
case("conv-kernel-larger-same", "conv", 2, [1, 2, 2, 1], {"filters": 1, "kernel_size": 5, "padding": "same"})
case("batch-zero", "conv_transpose", 1, [0, 3, 1], {"filters": 1, "kernel_size": 3, "strides": 2})
case("groups", "conv", 2, [1, 5, 5, 4], {"filters": 6, "kernel_size": 3, "groups": 2})
case("groups-depthwise", "conv", 2, [1, 5, 5, 4], {"filters": 4, "kernel_size": 3, "groups": 4})
case("groups-bad-filters", "conv", 2, [1, 5, 5, 4], {"filters": 3, "kernel_size": 3, "groups": 2})
case("groups-bad-input", "conv", 2, [1, 5, 5, 3], {"filters": 4, "kernel_size": 3, "groups": 2})
case("groups-transpose", "conv_transpose", 2, [1, 5, 5, 4], {"filters": 4, "kernel_size": 3, "groups": 2})
case("channels-first", "conv_transpose", 2, [1, 1, 3, 3], {"filters": 2, "kernel_size": 3, "strides": 2, "data_format": "channels_first"})
case("bad-data-format", "conv_transpose", 2, [1, 3, 3, 1], {"filters": 1, "kernel_size": 3, "data_format": "NHWC"})
case("input-rank-wrong", "conv_transpose", 2, [1, 3, 1], {"filters": 1, "kernel_size": 3})

# --- random grids -------------------------------------------------------------------------
for index in range(250):
    rank = rng.choice([1, 1, 2, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 12 == 0)
    if rng.random() < 0.6:
        g.dilation = [1] * rank
    elif rng.random() < 0.7:
        g.stride = [1] * rank
    channels_last = rng.random() < 0.85
    cin, filters = rng.choice([1, 2, 3]), rng.choice([1, 2, 4])
    op = "conv" if index % 4 == 0 else "conv_transpose"
    params = {"filters": filters, "kernel_size": scalar_or_list(rng, g.kernel),
              "strides": scalar_or_list(rng, g.stride), "padding": rng.choice(["valid", "same"])}
    if g.dilation != [1] * rank:
        params["dilation_rate"] = scalar_or_list(rng, g.dilation)
    if op == "conv_transpose" and rng.random() < 0.6:
        params["output_padding"] = scalar_or_list(rng, [rng.randint(0, s) if rng.random() < 0.3 else rng.randint(0, s - 1)
                                                        for s in g.stride])
    if op == "conv" and rng.random() < 0.2:
        groups = rng.choice([2, 3])
        cin, params["filters"] = groups * rng.choice([1, 2]), groups * rng.choice([1, 2])
        params["groups"] = groups
    if op == "conv" and rank == 1 and rng.random() < 0.3:
        params["padding"] = "causal"
    if not channels_last:
        params["data_format"] = "channels_first"
    case(f"{op}-{params['padding']}-{rank}d", op, rank, arrange(rng.choice([1, 2]), cin, g.size_in, channels_last), params)

fx.write()
