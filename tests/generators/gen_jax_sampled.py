"""A seeded random sampler over jax.lax convolutions -> tests/fixtures/jax_sampled.jsonl (>= 1000 cases).

Ranks 1-3, both ops (conv_transpose; conv_general_dilated / conv / conv_with_general_padding, with
lhs_dilation as the transposed form), random dimension_numbers (random permutations, random spatial
letters, each of the three forms) and layouts, padding strings in any case and (low, high) pairs
(negative too), use_consistent_padding, transpose_kernel, strides, dilations, group counts, degenerate
sizes (0, 1, kernel larger than the input) and channel counts that do not fit. Executed on CPU."""

import string

from common import Fixtures, Geometry, rng_for
from jax_common import VERSIONS, add, place, request

fx = Fixtures("jax_sampled", VERSIONS)
rng = rng_for("jax sampled")


def random_dn(rank):
    """Random tuple-of-strings dimension numbers and their permutations (lhs, rhs, out)."""
    letters = rng.sample([c for c in string.ascii_uppercase if c not in "NCOI"], rank)
    def spec(pair):
        chars = list(pair) + letters
        rng.shuffle(chars)
        return "".join(chars)
    lhs, rhs, out = spec("NC"), spec("OI"), spec("NC")
    order = [c for c in rhs if c not in "OI"]
    perm = lambda s, pair: [s.index(pair[0]), s.index(pair[1])] + [s.index(c) for c in order]
    return (lhs, rhs, out), (perm(lhs, "NC"), perm(rhs, "OI"), perm(out, "NC"))


def padding_arg(rank, g):
    kind = rng.choice(["SAME", "VALID", "SAME", "VALID", "same", "valid", "SAME_LOWER", "pairs", "pairs", "pairs"])
    if kind != "pairs":
        return kind
    return [(rng.choice([0, 0, 1, 2, 3, -1, -2]), rng.choice([0, 0, 1, 2, 3, -1, -3])) for _ in range(rank)]


for index in range(1300):
    rank = rng.choice([1, 1, 2, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 8 == 0)
    api = rng.choice(["conv_transpose"] * 5 + ["conv_general_dilated"] * 3 + ["conv", "conv_with_general_padding"])
    (lhs, rhs, out), perms = random_dn(rank)
    dn_form = rng.choice(["default", "default", "strings", "strings", "object", "lists"])
    if api in ("conv", "conv_with_general_padding"):
        dn_form = "default"
    if dn_form == "default":
        if api == "conv_transpose":
            default = {1: ("NHC", "HIO"), 2: ("NHWC", "HWIO"), 3: ("NHWDC", "HWDIO")}[rank]
            lhs, rhs, out = default[0], default[1], default[0]
            order = [c for c in rhs if c not in "OI"]
            perm = lambda s, pair: [s.index(pair[0]), s.index(pair[1])] + [s.index(c) for c in order]
            perms = (perm(lhs, "NC"), perm(rhs, "OI"), perm(out, "NC"))
        else:
            perms = (list(range(rank + 2)),) * 3
            lhs = "NC" + "HWD"[:rank]
    params = {}
    strides_name = "strides" if api == "conv_transpose" else "window_strides"
    groups = 1
    tk = False
    if api == "conv_transpose":
        params["strides"] = list(g.stride)
        tk = rng.random() < 0.4
        if tk:
            params["transpose_kernel"] = True
        params["padding"] = padding_arg(rank, g)
        if rng.random() < 0.3:
            params["use_consistent_padding"] = rng.random() < 0.8
        if g.dilation != [1] * rank or rng.random() < 0.1:
            params["rhs_dilation"] = list(g.dilation)
    else:
        lhs_dilated = api != "conv" and rng.random() < 0.35
        # lhs_dilation with window_strides > 1 on the same call is not modelled (see README): strides 1 there.
        params["window_strides"] = [1] * rank if lhs_dilated and (rng.random() < 0.85 or True) else list(g.stride)
        params["padding"] = padding_arg(rank, g)
        if lhs_dilated:
            params["lhs_dilation"] = [rng.choice([1, 2, 2, 3]) for _ in range(rank)]
            if rng.random() < 0.8:
                params["padding"] = [(rng.choice([0, 1, 2, -1]), rng.choice([0, 1, 2, -1])) for _ in range(rank)]
        elif api == "conv_with_general_padding":
            params["lhs_dilation"] = rng.choice([None, [1] * rank])
        if api != "conv" and (g.dilation != [1] * rank or api == "conv_with_general_padding"):
            params["rhs_dilation"] = list(g.dilation) if g.dilation != [1] * rank else None
        if api == "conv_general_dilated" and not lhs_dilated and rng.random() < 0.3:
            groups = rng.choice([2, 3])
            params["feature_group_count"] = groups
    if dn_form == "strings":
        params["dimension_numbers"] = [lhs, rhs, out]
    elif dn_form == "object":
        params["dimension_numbers"] = {"lhs_spec": perms[0], "rhs_spec": perms[1], "out_spec": perms[2]}
    elif dn_form == "lists":
        params["dimension_numbers"] = list(perms)
    batch = rng.choice([1, 1, 2])
    cin = groups * rng.choice([1, 2]) if groups > 1 else rng.choice([1, 2, 3])
    cout = groups * rng.choice([1, 2]) if groups > 1 else rng.choice([1, 2, 4])
    w_io = [cin, cout] if tk else [cout, cin // groups]  # (O, I) roles of rhs_spec
    if rng.random() < 0.06:
        w_io[rng.choice([0, 1])] += 1  # a channel count that does not fit
    x = place([batch, cin] + g.size_in, perms[0])
    w = place(w_io + g.kernel, perms[1])
    letters = iter({1: "W", 2: "HW", 3: "DHW"}[rank])
    layout = None
    if rng.random() < 0.4:
        layout = "".join(c if c in "NC" else next(letters) for c in (lhs if dn_form != "default" or api == "conv_transpose" else "NC" + "HWD"[:rank]))
        if dn_form in ("object", "lists"):
            names = ["?"] * (rank + 2)
            names[perms[0][0]], names[perms[0][1]] = "N", "C"
            spatial = iter("XYZ")
            layout = "".join(c if c != "?" else next(spatial) for c in names)
    add(fx, f"{api}-{dn_form}-{rank}d", request(api, rank, x, w, params, layout))

fx.write()
