"""A seeded random sampler of Paddle calls (1 300 general, 500 targeted at zero sizes and padding modes, 400 at padding forms vs output sizes), recorded from the real Paddle 3 (CPU): ranks 1-3, both ops,
layer and functional forms, both data formats, every padding form (int, list, begin/end, per-axis pairs
with batch/channel entries, 'SAME'/'VALID' in any case), strides, dilations, output_padding in and out of
range, output_size valid and invalid, degenerate sizes (0, 1, kernel larger than the input), groups and
channels incl. invalid ones, padding modes, None arguments. -> tests/fixtures/paddle_sampled.jsonl"""

from common import Fixtures, rng_for
from paddle_cases import FORMATS, VERSIONS, add

fx = Fixtures("paddle_sampled", VERSIONS)
rng = rng_for("paddle sampled")
CASES = 1300


def per_axis(rank, options, same=0.5):
    if rng.random() < same:
        return [rng.choice(options)] * rank
    return [rng.choice(options) for _ in range(rank)]


def form(values):
    if len(set(values)) == 1 and rng.random() < 0.5:
        return values[0]
    return list(values)


def padding_form(rank, pads, channel_last):
    kind = rng.random()
    if kind < 0.35:
        return form(pads)
    if kind < 0.5:
        return [v for p in pads for v in (p, rng.choice([0, 1, 2]))]
    if kind < 0.6:
        pairs = [[p, rng.choice([0, 1])] for p in pads]
        outer = [[0, 0], [0, 0]] if rng.random() < 0.9 else [[0, 1], [0, 0]]
        return [outer[0]] + pairs + [outer[1]] if channel_last else outer + pairs
    if kind < 0.8:
        return rng.choice(["SAME", "same", "VALID", "valid", "Same"])
    return rng.choice([[1], [-1] * rank, "full", [[1, 1]] * rank])


for index in range(CASES):
    rank = rng.choice([1, 2, 2, 3])
    op = rng.choice(["conv", "conv_transpose"])
    kind = "module" if rng.random() < 0.6 else "functional"
    degenerate = rng.random() < 0.15
    channel_last = rng.random() < 0.25
    sizes = per_axis(rank, [0, 1, 2, 3, 4, 5, 7] if degenerate else [1, 2, 3, 4, 5, 6, 8])
    kernel = per_axis(rank, [0, 1, 2, 3, 5] if degenerate else [1, 2, 3, 3, 4])
    stride = per_axis(rank, [1, 1, 2, 2, 3, 4] + ([0, -1] if degenerate else []))
    dilation = per_axis(rank, [1, 1, 1, 2, 3] + ([0] if degenerate else []))
    groups = rng.choice([1, 1, 1, 2, 3] + ([0, -1] if degenerate else []))
    g = max(groups, 1)
    cin = g * rng.choice([1, 2])
    cout = g * rng.choice([1, 2])
    if rng.random() < 0.08:
        cin += 1
    if rng.random() < 0.06:
        cout = rng.choice([0, cout + 1, -1])
    if rng.random() < 0.04:
        cin = 0
    batch = rng.choice([0, 1, 2]) if degenerate else rng.choice([1, 2])
    x = [batch] + sizes + [cin] if channel_last else [batch, cin] + sizes
    params = {}
    if channel_last or rng.random() < 0.2:
        params["data_format"] = FORMATS[rank][1 if channel_last else 0]
    if rng.random() < 0.7 or stride != [1] * rank:
        params["stride"] = form(stride)
    if rng.random() < 0.5 or dilation != [1] * rank:
        params["dilation"] = form(dilation)
    if groups != 1 or rng.random() < 0.2:
        params["groups"] = groups
    pads = per_axis(rank, [0, 0, 1, 1, 2, 3])
    if rng.random() < 0.85:
        params["padding"] = padding_form(rank, pads, channel_last)
    if op == "conv_transpose":
        r = rng.random()
        if r < 0.35:
            limit = [max(s, d) for s, d in zip(stride, dilation)]
            params["output_padding"] = form([rng.randint(0, max(l, 0)) for l in limit])
        elif r < 0.6:
            p = pads if not isinstance(params.get("padding"), str) else [0] * rank
            base = [(n - 1) * s - 2 * q + d * (k - 1) + 1 for n, s, q, d, k in zip(sizes, stride, p, dilation, kernel)]
            params["output_size"] = form([b + rng.randint(-1, max(s, 1)) for b, s in zip(base, stride)])
    if rng.random() < 0.08:
        params["bias"] = rng.choice([True, False, None])
    weight_shape = None
    if kind == "module":
        params = dict({"in_channels": cin if rng.random() < 0.95 else cin + 1, "out_channels": cout,
                       "kernel_size": form(kernel)}, **params)
        if op == "conv" and rng.random() < 0.25:
            params["padding_mode"] = rng.choice(["zeros", "reflect", "replicate", "circular"])
            if rng.random() < 0.7:
                params["padding"] = pads[0]
    else:
        weight_shape = ([cout, cin // g] if op == "conv" else [cin, cout // g]) + kernel
        if rng.random() < 0.08:
            weight_shape[rng.randrange(len(weight_shape))] += 1
    if rng.random() < 0.04:
        params[rng.choice([k for k in ("stride", "padding", "dilation", "groups", "output_padding", "output_size")
                           if k in params] or ["stride"])] = None
    add(fx, f"{kind}-{op}-{rank}d", op, rank, kind, x, params, weight_shape, with_rank=rng.random() < 0.7)

# Targeted: zero sizes (batch, channels, spatial, kernel) in both data formats, padding modes near their limits.
near = rng_for("paddle sampled near-empty")
for index in range(500):
    rank = near.choice([1, 2, 3])
    op = near.choice(["conv", "conv_transpose"])
    kind = near.choice(["module", "functional"])
    g = near.choice([1, 1, 2])
    cin = g * near.choice([0, 1, 2]) if near.random() < 0.2 else g * near.choice([1, 2])
    cout = g * near.choice([1, 2])
    channel_last = near.random() < 0.4
    sizes = [near.choice([0, 1, 2, 3, 4]) for _ in range(rank)]
    batch = near.choice([0, 1, 2])
    x = [batch] + sizes + [cin] if channel_last else [batch, cin] + sizes
    kernel = [near.choice([0, 1, 2, 3, 4]) for _ in range(rank)]
    params = {"stride": [near.choice([1, 1, 2]) for _ in range(rank)],
              "dilation": [near.choice([1, 1, 2]) for _ in range(rank)],
              "padding": near.choice([near.choice([0, 1, 2, 3]), "SAME", "valid",
                                      [near.choice([0, 1, 2]) for _ in range(2 * rank)]]),
              "groups": g, "data_format": FORMATS[rank][1 if channel_last else 0]}
    weight_shape = None
    if kind == "module":
        params.update({"in_channels": cin, "out_channels": cout, "kernel_size": kernel})
        if op == "conv" and near.random() < 0.4:
            params["padding_mode"] = near.choice(["reflect", "replicate", "circular"])
            params["padding"] = near.choice([0, 1, 2, 3])
        if near.random() < 0.3:
            params["bias"] = False
    else:
        weight_shape = ([cout, cin // g] if op == "conv" else [cin, cout // g]) + kernel
    add(fx, f"near-empty-{kind}-{op}-{rank}d", op, rank, kind, x, params, weight_shape)

# Targeted: padding forms against output_size / output_padding in both data formats (the col2im check).
forms = rng_for("paddle sampled padding forms")
for index in range(400):
    rank = forms.choice([1, 2, 3])
    op = "conv_transpose" if forms.random() < 0.7 else "conv"
    kind = forms.choice(["module", "functional"])
    g = forms.choice([1, 1, 2])
    cin, cout = g * forms.choice([1, 2]), g * forms.choice([1, 2])
    channel_last = forms.random() < 0.4
    sizes = [forms.choice([1, 2, 3, 4, 5]) for _ in range(rank)]
    x = [forms.choice([1, 2])] + sizes + [cin] if channel_last else [forms.choice([1, 2]), cin] + sizes
    kernel = [forms.choice([1, 2, 3]) for _ in range(rank)]
    stride = [forms.choice([1, 2, 3]) for _ in range(rank)]
    dilation = [forms.choice([1, 2]) for _ in range(rank)]
    flat = [forms.choice([0, 1, 2]) for _ in range(2 * rank)]
    kind_of_padding = forms.random()
    if kind_of_padding < 0.3:
        padding, begin_end = flat[:rank], [v for p in flat[:rank] for v in (p, p)]
    elif kind_of_padding < 0.5:
        padding, begin_end = flat, flat
    elif kind_of_padding < 0.65:
        pairs = [flat[2 * i:2 * i + 2] for i in range(rank)]
        padding = [[0, 0]] + pairs + [[0, 0]] if channel_last else [[0, 0], [0, 0]] + pairs
        begin_end = flat
    else:
        padding, begin_end = forms.choice(["SAME", "VALID", "same"]), [0] * (2 * rank)
    params = {"stride": stride, "dilation": dilation, "padding": padding, "groups": g,
              "data_format": FORMATS[rank][1 if channel_last else 0]}
    if op == "conv_transpose":
        r = forms.random()
        if r < 0.4:
            params["output_padding"] = [forms.randint(0, 2) for _ in range(rank)]
        elif r < 0.8:
            base = [(n - 1) * s - begin_end[2 * i] - begin_end[2 * i + 1] + d * (k - 1) + 1
                    for i, (n, s, d, k) in enumerate(zip(sizes, stride, dilation, kernel))]
            params["output_size"] = [max(b + forms.randint(-1, s), 0) for b, s in zip(base, stride)]
    weight_shape = None
    if kind == "module":
        params.update({"in_channels": cin, "out_channels": cout, "kernel_size": kernel})
    else:
        weight_shape = ([cout, cin // g] if op == "conv" else [cin, cout // g]) + kernel
    add(fx, f"padding-forms-{kind}-{op}-{rank}d", op, rank, kind, x, params, weight_shape)

fx.write()
