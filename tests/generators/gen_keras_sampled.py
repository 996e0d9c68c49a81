"""A seeded random sample of Keras 3 layer calls, one backend per process:

    python gen_keras_sampled.py tensorflow   # tests/fixtures/keras_sampled.jsonl
    python gen_keras_sampled.py jax          # tests/fixtures/keras_sampled_jax.jsonl
    python gen_keras_sampled.py torch        # tests/fixtures/keras_sampled_torch.jsonl

The same 1 100 requests on every backend (the seed does not depend on the backend): ranks 1-3, both
ops, padding spellings, strides, dilations, output_padding in and out of range, data formats,
groups (valid and invalid), degenerate sizes (0, 1, kernel larger than the input), argument forms
(int, tuple, None). Each layer is called on a real array so the backend's call-time checks fire.
"""

from keras3_common import add_case, arrange, fixtures  # noqa: E402  (sets KERAS_BACKEND first)

from common import rng_for  # noqa: E402

fx = fixtures("keras_sampled")
rng = rng_for("keras_sampled")
COUNT = 1100


def form(values):
    """An int when all axes agree (half the time), else a list; now and then a list of one."""
    if len(set(values)) == 1 and rng.random() < 0.5:
        return values[0]
    return list(values)


for index in range(COUNT):
    rank = rng.choice([1, 1, 2, 2, 2, 3])
    op = rng.choice(["conv", "conv_transpose"])
    degenerate = rng.random() < 0.12
    square = rng.random() < 0.5

    def pick(options):
        return [rng.choice(options)] * rank if square else [rng.choice(options) for _ in range(rank)]

    sizes = pick([0, 1, 1, 2, 3, 5] if degenerate else [1, 2, 3, 4, 5, 6, 7, 8, 9])
    kernel = pick([1, 2, 3, 4, 5] + ([7, 11] if degenerate else []))
    strides, dilation = [1] * rank, [1] * rank
    mode = rng.random()
    if mode < 0.55:
        strides = pick([1, 2, 2, 3, 4])
    elif mode < 0.85:
        dilation = pick([1, 2, 3])
    elif mode < 0.93:  # both (Keras refuses strides > 1 with dilation > 1)
        strides, dilation = pick([1, 2, 3]), pick([1, 2])
    params = {"filters": rng.choice([1, 2, 3, 4]), "kernel_size": form(kernel)}
    if strides != [1] * rank or rng.random() < 0.3:
        params["strides"] = form(strides)
    if dilation != [1] * rank or rng.random() < 0.2:
        params["dilation_rate"] = form(dilation)
    padding = rng.choice(["valid", "same", "same", "valid", "SAME", "Valid", None])
    if op == "conv" and rank == 1 and rng.random() < 0.25:
        padding = rng.choice(["causal", "Causal"])
    if padding is not None or rng.random() < 0.3:
        params["padding"] = padding
    channels_last = rng.random() < 0.75
    if not channels_last or rng.random() < 0.2:
        params["data_format"] = "channels_last" if channels_last else rng.choice(["channels_first", "channels_first", "Channels_First"])
    cin = rng.choice([1, 2, 3, 4])
    if op == "conv_transpose" and rng.random() < 0.6:
        r = rng.random()
        if r < 0.2:
            params["output_padding"] = None
        else:
            # mostly in range (< strides), sometimes at or past it, now and then negative
            opad = [rng.randint(0, s - 1) if rng.random() < 0.75 else rng.randint(s, s + 2) for s in strides]
            if rng.random() < 0.04:
                opad[0] = -1
            params["output_padding"] = form(opad)
    if op == "conv" and rng.random() < 0.25:
        groups = rng.choice([2, 3, 4])
        cin = groups * rng.choice([1, 2]) if rng.random() < 0.85 else rng.choice([1, 2, 3, 5])
        params["filters"] = groups * rng.choice([1, 2]) if rng.random() < 0.85 else rng.choice([1, 3, 5])
        params["groups"] = groups
    if rng.random() < 0.05:
        params[rng.choice(["kernel_size", "strides", "dilation_rate"])] = rng.choice([0, -1, None, [1] * (rank + 1)])
    if rng.random() < 0.1:
        params["use_bias"] = False
    batch = rng.choice([1, 1, 2] + ([0] if degenerate else []))
    tag = f"{op}-{rank}d-{params.get('padding')}"
    add_case(fx, tag, op, rank, arrange(batch, cin, sizes, channels_last), params, explicit_backend=index % 7 == 0)

fx.write()
