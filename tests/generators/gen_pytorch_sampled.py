"""A seeded random sampler of PyTorch calls (1 300 general + 600 targeted at empty outputs and padding-mode limits), recorded from the real torch: ranks 1-3, both ops, module
and functional forms, batched / unbatched / empty-batch inputs, every padding form, strides, dilations,
output_padding in and out of range, forward(output_size=) valid and invalid, degenerate sizes (0, 1,
kernel larger than the input), groups and channels incl. invalid ones, padding modes, None arguments.
-> tests/fixtures/pytorch_sampled.jsonl"""

from common import Fixtures, rng_for
from pytorch_cases import VERSIONS, add

fx = Fixtures("pytorch_sampled", VERSIONS)
rng = rng_for("pytorch sampled")
CASES = 1300


def per_axis(rank, options, same=0.5):
    if rng.random() < same:
        return [rng.choice(options)] * rank
    return [rng.choice(options) for _ in range(rank)]


def form(values):
    """An int, a tuple (list), or a one-element list, the ways users write a per-axis argument."""
    r = rng.random()
    if len(set(values)) == 1 and r < 0.45:
        return values[0]
    if len(set(values)) == 1 and r < 0.55:
        return [values[0]]
    return list(values)


for index in range(CASES):
    rank = rng.choice([1, 2, 2, 3])
    op = rng.choice(["conv", "conv_transpose"])
    kind = "module" if rng.random() < 0.6 else "functional"
    degenerate = rng.random() < 0.15
    sizes = per_axis(rank, [0, 1, 2, 3, 4, 5, 7] if degenerate else [1, 2, 3, 4, 5, 6, 8])
    kernel = per_axis(rank, [0, 1, 2, 3, 5] if degenerate else [1, 2, 3, 3, 4])
    stride = per_axis(rank, [1, 1, 2, 2, 3, 4] + ([0, -1] if degenerate else []))
    dilation = per_axis(rank, [1, 1, 1, 2, 3] + ([0] if degenerate else []))
    groups = rng.choice([1, 1, 1, 2, 3] + ([0, -1] if degenerate else []))
    g = max(groups, 1)
    cin = g * rng.choice([1, 2])
    cout = g * rng.choice([1, 2])
    if rng.random() < 0.08:
        cin += 1  # not divisible by groups
    if rng.random() < 0.05:
        cout = rng.choice([0, cout + 1])
    if rng.random() < 0.04:
        cin = 0
    batch = rng.choice([1, 1, 2, 2, 0, None] if rng.random() < 0.3 else [1, 2])
    x = ([] if batch is None else [batch]) + [cin] + sizes
    params = {}
    if rng.random() < 0.7 or stride != [1] * rank:
        params["stride"] = form(stride)
    if rng.random() < 0.5 or dilation != [1] * rank:
        params["dilation"] = form(dilation)
    if groups != 1 or rng.random() < 0.2:
        params["groups"] = groups
    pad_kind = rng.random()
    if op == "conv" and pad_kind < 0.2:
        params["padding"] = rng.choice(["same", "same", "valid", "SAME"])
    elif pad_kind < 0.85:
        params["padding"] = form(per_axis(rank, [0, 0, 1, 1, 2, 3] + ([-1, 5] if degenerate else [])))
    if op == "conv_transpose" and rng.random() < 0.6:
        limit = [max(s, d) for s, d in zip(stride, dilation)]
        params["output_padding"] = form([max(rng.randint(0, l), 0) if rng.random() < 0.25 else max(l - 1, 0)
                                         if rng.random() < 0.3 else rng.randint(0, max(l - 1, 0)) for l in limit])
    if rng.random() < 0.1:
        params["bias"] = rng.choice([True, False, None])
    weight_shape = None
    if kind == "module":
        params = dict({"in_channels": cin if rng.random() < 0.95 else cin + 1, "out_channels": cout,
                       "kernel_size": form(kernel) if rng.random() < 0.9 else list(kernel)}, **params)
        if op == "conv" and rng.random() < 0.25:
            params["padding_mode"] = rng.choice(["zeros", "reflect", "replicate", "circular"])
        if op == "conv_transpose" and rng.random() < 0.3:
            pads = params.get("padding", 0)
            pads = pads if isinstance(pads, list) and len(pads) == rank else [pads if isinstance(pads, int) else pads[0]] * rank
            base = [(n - 1) * s - 2 * p + d * (k - 1) + 1 for n, s, p, d, k in zip(sizes, stride, pads, dilation, kernel)]
            size = [b + rng.randint(-1, max(s, 1)) for b, s in zip(base, stride)]
            if rng.random() < 0.2:
                size = ([] if batch is None else [batch]) + [cout] + size
            params["output_size"] = size
        if rng.random() < 0.05:
            weight_shape = ([cout, cin // g] if op == "conv" else [cin, cout // g]) + kernel
            if rng.random() < 0.5:
                weight_shape[-1] += 1
    else:
        weight_shape = ([cout, cin // g] if op == "conv" else [cin, cout // g]) + kernel
        if rng.random() < 0.08:
            weight_shape[rng.randrange(len(weight_shape))] += 1
    if rng.random() < 0.04:
        params[rng.choice([k for k in ("stride", "padding", "dilation", "groups", "output_padding") if k in params]
                          or ["stride"])] = None
    add(fx, f"{kind}-{op}-{rank}d", op, rank, kind, x, params, weight_shape,
        with_rank=rng.random() < 0.7)

# Targeted: transposed outputs near 0 (oneDNN vs the native kernel), and padding modes near their limits.
near = rng_for("pytorch sampled near-empty")
for index in range(300):
    rank = near.choice([1, 2, 3])
    g = near.choice([1, 1, 2])
    cin, cout = g * near.choice([1, 2]), g * near.choice([1, 2])
    x = ([near.choice([0, 1, 1, 2, 3])] if near.random() < 0.8 else []) + [cin] + [near.choice([1, 2, 3]) for _ in range(rank)]
    params = {"stride": [near.choice([1, 1, 2]) for _ in range(rank)], "dilation": [near.choice([1, 1, 2]) for _ in range(rank)],
              "padding": [near.choice([0, 1, 2, 3]) for _ in range(rank)], "groups": g}
    add(fx, f"near-empty-conv_transpose-{rank}d", "conv_transpose", rank, "functional", x, params,
        [cin, cout // g] + [near.choice([1, 2, 3, 4, 5]) for _ in range(rank)])
for index in range(300):
    rank = near.choice([1, 2, 3])
    g = near.choice([1, 1, 2])
    cin = g * near.choice([0, 1, 2]) if near.random() < 0.2 else g * near.choice([1, 2])
    x = ([near.choice([0, 1, 2])] if near.random() < 0.8 else []) + [cin] + [near.choice([0, 1, 2, 3, 4]) for _ in range(rank)]
    padding = near.choice([[near.choice([0, 1, 2, 3, 4]) for _ in range(rank)], "same", "valid", near.choice([0, 1, 2, 3])])
    params = {"in_channels": cin, "out_channels": g * near.choice([1, 2]),
              "kernel_size": [near.choice([1, 2, 3, 4, 5]) for _ in range(rank)],
              "stride": [1] * rank if padding == "same" else [near.choice([1, 1, 2]) for _ in range(rank)],
              "dilation": [near.choice([1, 1, 2]) for _ in range(rank)], "padding": padding, "groups": g,
              "padding_mode": near.choice(["zeros", "reflect", "replicate", "circular"])}
    add(fx, f"padding-mode-limits-{rank}d", "conv", rank, "module", x, params)

fx.write()
