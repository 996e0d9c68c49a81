"""A seeded random sampler over ONNX ConvTranspose / Conv in ONNX Runtime -> tests/fixtures/onnx_sampled.jsonl.

Ranks 1-3, both ops, every auto_pad (and "" = NOTSET), pads (negative too), output_shape (per axis, and
with N and C), output_padding in and out of range, kernel_shape matching or not, strides, dilations,
group (fitting or not), degenerate sizes (0, 1, kernel larger than the input), missing attributes;
a third of the models declare no shapes (`shape_inference: false`), where only ORT's kernel checks run.
The reference evaluator's outcome is kept where it differs ("reference")."""

from common import Fixtures, Geometry, rng_for
from onnx_common import VERSIONS, add, request

fx = Fixtures("onnx_sampled", VERSIONS)
rng = rng_for("onnx sampled")

for index in range(1150):
    rank = rng.choice([1, 1, 2, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 8 == 0)
    op = "conv_transpose" if rng.random() < 0.65 else "conv"
    groups = rng.choice([1, 1, 1, 2, 3])
    cin, cout = groups * rng.choice([1, 2]), groups * rng.choice([1, 2])
    attrs = {}
    if g.stride != [1] * rank or rng.random() < 0.5:
        attrs["strides"] = list(g.stride)
    if g.dilation != [1] * rank or rng.random() < 0.2:
        attrs["dilations"] = list(g.dilation)
    if groups > 1 or rng.random() < 0.1:
        attrs["group"] = groups
    if rng.random() < 0.25:
        attrs["kernel_shape"] = list(g.kernel) if rng.random() < 0.85 else [k + rng.choice([-1, 1]) for k in g.kernel]
    kind = rng.choice(["pads", "pads", "negative-pads", "none", "SAME_UPPER", "SAME_LOWER", "VALID", "NOTSET", "",
                       "output_shape", "output_shape", "output_shape_nc"])
    if kind in ("pads", "negative-pads"):
        low = -2 if kind == "negative-pads" else 0
        attrs["pads"] = [rng.randint(low, 2) for _ in range(2 * rank)]
    elif kind.startswith("output_shape"):
        if op == "conv":
            kind = "none"
        else:
            base = [(n - 1) * s + d * (k - 1) + 1 for n, s, d, k in zip(g.size_in, g.stride, g.dilation, g.kernel)]
            out = [b + rng.randint(-3, 2) for b in base]
            attrs["output_shape"] = ([1, cout] if kind == "output_shape_nc" else []) + out
            if rng.random() < 0.3:
                attrs["auto_pad"] = rng.choice(["SAME_UPPER", "SAME_LOWER", "NOTSET", "VALID"])
    elif kind != "none":
        attrs["auto_pad"] = kind
    if op == "conv_transpose" and rng.random() < 0.45:
        limit = [max(s, d) for s, d in zip(g.stride, g.dilation)]
        attrs["output_padding"] = [rng.randint(0, l) if rng.random() < 0.25 else rng.randint(0, l - 1) for l in limit]
    if rng.random() < 0.35:
        attrs["shape_inference"] = False
    if op == "conv":
        weight = [cout, cin // groups] + g.kernel
    else:
        weight = [cin, cout // groups] + g.kernel
    if rng.random() < 0.05:
        weight[rng.choice([0, 1])] += 1
    x = [rng.choice([1, 1, 2])] + [cin] + g.size_in
    add(fx, f"{op}-{kind or 'empty-auto-pad'}-{rank}d", request(op, rank, x, weight, attrs))

fx.write()
