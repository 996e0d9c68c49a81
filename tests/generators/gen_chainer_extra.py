"""More golden fixtures from Chainer 7 (CPU): `python gen_chainer_extra.py docs|sampled`.

docs    -> tests/fixtures/chainer_docs.jsonl: calls written as Chainer's documentation and users write them —
           chainer.functions.{de,}convolution_{2d,nd} with int or tuple arguments, and the links
           chainer.links.{De,}Convolution{2D,ND} (in_channels None or given, the two-argument shorthand
           `L.Convolution2D(out_channels, ksize)`, nobias, outsize, dilate, groups, cover_all), None where users pass it.
sampled -> tests/fixtures/chainer_sampled.jsonl: a seeded random sampler over ranks 1-3, both ops, functions and
           links, padding, strides, dilations, outsize in and out of range, degenerate sizes, groups and channels
           (invalid ones too: zero, negative).
Every call is executed on zero tensors, so call-time checks run."""

import sys
import warnings

warnings.filterwarnings("ignore")

import chainer  # noqa: E402
import chainer.functions as F  # noqa: E402
import chainer.links as L  # noqa: E402
import numpy as np  # noqa: E402

from common import Fixtures, rng_for  # noqa: E402

MODE = sys.argv[1] if len(sys.argv) > 1 else "docs"
fx = Fixtures(f"chainer_{MODE}", {"chainer": chainer.__version__, "numpy": np.__version__})
rng = rng_for(f"chainer {MODE}")

FUNCTIONS = {"deconvolution_2d", "deconvolution_nd", "convolution_2d", "convolution_nd"}


def py(v):
    return tuple(py(x) for x in v) if isinstance(v, list) else v


def case(case_id, api, input_shape, params, weight_shape=None, rank=None):
    """api: 'chainer.functions.X' / 'F.X' or 'chainer.links.X' / 'L.X'."""
    name = api.split(".")[-1]
    op = "conv_transpose" if "econv" in name else "conv"
    rank = rank if rank is not None else max(len(input_shape) - 2, 1)
    request = {"framework": "chainer", "op": op, "rank": rank, "api": api, "input_shape": input_shape, "params": params}
    if weight_shape is not None:
        request["weight_shape"] = weight_shape

    def call():
        kwargs = {k: py(v) for k, v in params.items()}
        x = np.zeros(input_shape, np.float32)
        if name in FUNCTIONS:
            w = np.zeros(weight_shape, np.float32)
            return getattr(F, name)(x, w, **kwargs).shape
        cls = getattr(L, name)
        if name.endswith("ND"):
            link = cls(kwargs.pop("ndim"), kwargs.pop("in_channels", None), kwargs.pop("out_channels", None), **kwargs)
        else:
            link = cls(kwargs.pop("in_channels", None), kwargs.pop("out_channels", None), **kwargs)
        return link(x).shape

    fx.run(case_id, request, call)


def docs():
    F2, FN = "chainer.functions.deconvolution_2d", "chainer.functions.deconvolution_nd"
    C2, CN = "chainer.functions.convolution_2d", "chainer.functions.convolution_nd"
    LD2, LDN = "chainer.links.Deconvolution2D", "chainer.links.DeconvolutionND"
    LC2, LCN = "chainer.links.Convolution2D", "chainer.links.ConvolutionND"
    # The docstrings' own examples.
    case("doc-deconv2d", F2, [10, 3, 5, 10], {"stride": [2, 4], "pad": [5, 5]}, [3, 1, 10, 10])
    case("doc-deconv2d-scalar", F2, [10, 3, 5, 10], {"stride": 2, "pad": 5}, [3, 1, 10, 10])
    case("doc-deconvnd", FN, [10, 3, 5, 10, 15], {"stride": [2, 4, 6], "pad": [5, 5, 5]}, [3, 1, 10, 10, 10])
    case("doc-deconvnd-outsize", FN, [10, 3, 5, 10, 15], {"stride": [2, 4, 6], "pad": [5, 5, 5], "outsize": [9, 38, 87]},
         [3, 1, 10, 10, 10])
    case("doc-conv2d", C2, [10, 3, 30, 40], {"stride": [1, 2], "pad": [3, 4]}, [1, 3, 5, 10])
    case("doc-convnd", CN, [10, 3, 30, 40, 50], {"stride": [1, 2, 3], "pad": [1, 2, 3]}, [1, 3, 5, 10, 15])
    # Shapes users ask about, in every argument form.
    for n in (1, 2, 3, 4, 7, 28):
        for k in (1, 2, 3, 4, 5):
            for s in (1, 2, 3):
                p = rng.choice([0, 0, 1, k // 2])
                r = rng.choice([1, 2, 3]) if n < 10 else 2
                x = [1, 2] + [n] * r
                kk = rng.choice([k, [k] * r])
                ss = rng.choice([s, [s] * r])
                pp = rng.choice([p, [p] * r])
                if r == 2:
                    case(f"f-deconv2d-n{n}-k{k}-s{s}", F2, x, {"stride": ss, "pad": pp}, [2, 3, k, k])
                    case(f"f-conv2d-n{n}-k{k}-s{s}", C2, x, {"stride": ss, "pad": pp}, [3, 2, k, k])
                    case(f"l-deconv2d-n{n}-k{k}-s{s}", LD2, x, {"in_channels": 2, "out_channels": 3, "ksize": kk, "stride": ss, "pad": pp})
                    case(f"l-conv2d-n{n}-k{k}-s{s}", LC2, x, {"in_channels": None, "out_channels": 3, "ksize": kk, "stride": ss, "pad": pp})
                case(f"f-deconvnd-n{n}-k{k}-s{s}", FN, x, {"stride": ss, "pad": pp}, [2, 3] + [k] * r)
                case(f"f-convnd-n{n}-k{k}-s{s}", CN, x, {"stride": ss, "pad": pp}, [3, 2] + [k] * r)
                case(f"l-deconvnd-n{n}-k{k}-s{s}", LDN, x, {"ndim": r, "in_channels": 2, "out_channels": 3, "ksize": kk,
                                                          "stride": ss, "pad": pp})
                case(f"l-convnd-n{n}-k{k}-s{s}", LCN, x, {"ndim": r, "in_channels": None, "out_channels": 3, "ksize": kk,
                                                        "stride": ss, "pad": pp, "cover_all": rng.random() < 0.3})
    # The two-argument shorthand L.Convolution2D(out_channels, ksize): in_channels is then taken from x.
    for api, extra in ((LD2, {}), (LC2, {}), (LDN, {"ndim": 2}), (LCN, {"ndim": 2})):
        case("shorthand", api, [1, 3, 6, 6], dict(extra, in_channels=4, out_channels=3))
        case("shorthand-stride", api, [1, 3, 6, 6], dict(extra, in_channels=4, out_channels=3, stride=2))
        case("in-none", api, [1, 3, 6, 6], dict(extra, in_channels=None, out_channels=4, ksize=3))
        case("in-wrong", api, [1, 3, 6, 6], dict(extra, in_channels=5, out_channels=4, ksize=3))
        case("nobias", api, [1, 3, 6, 6], dict(extra, in_channels=3, out_channels=4, ksize=3, nobias=True))
        case("groups", api, [1, 4, 6, 6], dict(extra, in_channels=4, out_channels=6, ksize=3, groups=2))
        case("groups-bad-out", api, [1, 4, 6, 6], dict(extra, in_channels=4, out_channels=5, ksize=3, groups=2))
        case("groups-bad-in", api, [1, 3, 6, 6], dict(extra, in_channels=3, out_channels=4, ksize=3, groups=2))
        case("groups-zero", api, [1, 4, 6, 6], dict(extra, in_channels=4, out_channels=4, ksize=3, groups=0))
        case("groups-neg", api, [1, 4, 6, 6], dict(extra, in_channels=4, out_channels=4, ksize=3, groups=-1))
        case("dilate", api, [1, 3, 9, 9], dict(extra, in_channels=3, out_channels=2, ksize=3, dilate=2))
        case("dilate-tuple", api, [1, 3, 9, 9], dict(extra, in_channels=3, out_channels=2, ksize=[3, 2], dilate=[2, 1]))
        case("ksize-tuple", api, [1, 3, 9, 9], dict(extra, in_channels=3, out_channels=2, ksize=[3, 1], stride=[2, 1], pad=[1, 0]))
        case("out-zero", api, [1, 3, 6, 6], dict(extra, in_channels=3, out_channels=0, ksize=3))
        case("out-neg", api, [1, 3, 6, 6], dict(extra, in_channels=3, out_channels=-1, ksize=3))
        case("ksize-zero", api, [1, 3, 6, 6], dict(extra, in_channels=3, out_channels=2, ksize=0))
        case("stride-none", api, [1, 3, 6, 6], dict(extra, in_channels=3, out_channels=2, ksize=3, stride=None))
        case("pad-none", api, [1, 3, 6, 6], dict(extra, in_channels=3, out_channels=2, ksize=3, pad=None))
        case("dilate-none", api, [1, 3, 6, 6], dict(extra, in_channels=3, out_channels=2, ksize=3, dilate=None))
        case("input-3d", api, [3, 6, 6], dict(extra, in_channels=3, out_channels=2, ksize=3))
    for api in (LD2, LDN):
        extra = {"ndim": 2} if api == LDN else {}
        for o in range(9, 16):
            case(f"outsize-{o}", api, [1, 2, 6, 6], dict(extra, in_channels=2, out_channels=1, ksize=3, stride=2, outsize=[o, o]))
        case("outsize-none", api, [1, 2, 6, 6], dict(extra, in_channels=2, out_channels=1, ksize=3, stride=2, outsize=None))
        case("outsize-half-none", api, [1, 2, 6, 6], dict(extra, in_channels=2, out_channels=1, ksize=3, stride=2, outsize=[None, 12]))
        case("outsize-int", api, [1, 2, 6, 6], dict(extra, in_channels=2, out_channels=1, ksize=3, stride=2, outsize=12))
        case("outsize-short", api, [1, 2, 6, 6], dict(extra, in_channels=2, out_channels=1, ksize=3, stride=2, outsize=[12]))
    # Functions: None, negative and zero weight dims, odd forms.
    for api, w in ((F2, [2, 3, 3, 3]), (FN, [2, 3, 3, 3]), (C2, [3, 2, 3, 3]), (CN, [3, 2, 3, 3])):
        x = [1, 2, 6, 6]
        for arg in ("stride", "pad", "dilate", "groups"):
            case(f"{arg}-none", api, x, {arg: None}, w)
        if api in (F2, FN):
            case("outsize-none", api, x, {"outsize": None, "stride": 2}, w)
            case("outsize-int", api, x, {"outsize": 12, "stride": 2}, w)
            case("outsize-pair-none", api, x, {"outsize": [None, 12], "stride": 2}, w)
            case("outsize-long", api, x, {"outsize": [12, 12, 12], "stride": 2}, w)
        else:
            case("cover-all-none", api, x, {"cover_all": None, "stride": 2}, w)
        for i in range(4):
            for v in (-1, 0):
                bad = list(w)
                bad[i] = v
                case(f"weight-dim{i}-{v}", api, x, {}, bad)
        case("input-zero-channels", api, [1, 0, 6, 6], {}, [0, 3, 3, 3] if api in (F2, FN) else [3, 0, 3, 3])
        case("batch-zero", api, [0, 2, 6, 6], {}, w)
        case("input-zero", api, [1, 2, 0, 6], {}, w)
        case("kernel-larger", api, [1, 2, 2, 2], {}, w)
        case("stride-list1", api, x, {"stride": [2]}, w)
        case("stride-list3", api, x, {"stride": [2, 2, 2]}, w)
        case("stride-neg", api, x, {"stride": -1}, w)
        case("pad-neg", api, x, {"pad": -1}, w)
        case("pad-neg-big", api, x, {"pad": -4}, w)
        case("dilate-zero", api, x, {"dilate": 0}, w)
        case("dilate-neg", api, x, {"dilate": -1}, w)
        for g in (-2, -1, 0, 1, 2, 3):
            case(f"groups-{g}", api, [1, 6, 6, 6], {"groups": g}, [6, 2, 3, 3] if api in (F2, FN) else [4, 3, 3, 3])
        case("unbatched", api, [2, 6, 6], {}, w, rank=2)
        case("weight-rank-3", api, x, {}, w[:3], rank=2)
    case("2d-fn-on-1d", F2, [1, 2, 6], {}, [2, 3, 3], rank=1)
    case("2d-fn-on-3d", C2, [1, 2, 6, 6, 6], {}, [3, 2, 3, 3, 3], rank=3)
    for r in (1, 3):
        x = [1, 2] + [5] * r
        for g in (0, 1, 2):
            case(f"nd-groups-{g}-r{r}", FN, x, {"groups": g, "stride": 2}, [2, 3] + [3] * r)
            case(f"convnd-groups-{g}-r{r}", CN, x, {"groups": g, "stride": 2}, [4, 1 if g == 2 else 2] + [3] * r)
        case(f"nd-dilate-r{r}", FN, x, {"dilate": 2, "stride": 2, "pad": 1}, [2, 3] + [3] * r)
        case(f"convnd-cover-r{r}", CN, x, {"cover_all": True, "stride": 3}, [3, 2] + [2] * r)
    # Short aliases people write in code.
    case("alias-F", "F.deconvolution_2d", [1, 2, 4, 4], {"stride": 2, "pad": 1}, [2, 3, 4, 4])
    case("alias-L", "L.Deconvolution2D", [1, 2, 4, 4], {"in_channels": 2, "out_channels": 3, "ksize": 4, "stride": 2, "pad": 1})
    case("alias-F-conv", "F.convolution_nd", [1, 2, 9], {"stride": 2, "pad": 1}, [3, 2, 3])
    case("alias-L-conv", "L.ConvolutionND", [1, 2, 9], {"ndim": 1, "in_channels": 2, "out_channels": 3, "ksize": 3})


def sampled(count=1100):
    for index in range(count):
        rank = rng.choice([1, 2, 2, 3])
        op = rng.choice(["conv", "conv_transpose"])
        link = rng.random() < 0.4
        degenerate = rng.random() < 0.15
        sizes = [0, 1, 2, 3, 4, 5, 7] if degenerate else [1, 2, 3, 4, 5, 6, 8, 10]
        square = rng.random() < 0.5
        pick = (lambda o: [rng.choice(o)] * rank) if square else (lambda o: [rng.choice(o) for _ in range(rank)])
        n = pick(sizes)
        k = pick([0, 1, 2, 3, 5] if degenerate else [1, 2, 3, 4, 5])
        s = pick([-1, 0, 1, 2] if degenerate and rng.random() < 0.3 else [1, 1, 2, 3, 4])
        p = pick([-1, 0, 1, 3] if degenerate and rng.random() < 0.3 else [0, 0, 1, 2])
        d = pick([0, 1, 2] if degenerate and rng.random() < 0.3 else [1, 1, 1, 2, 3])
        groups = rng.choice([1, 1, 1, 2, 3] + ([0, -1] if rng.random() < 0.1 else []))
        g = max(groups, 1)
        cin = g * rng.choice([1, 2])
        cout = g * rng.choice([1, 2])
        if rng.random() < 0.08:
            cin += 1
        if rng.random() < 0.05:
            cout = rng.choice([0, -1])
        form = lambda v: v[0] if len(set(v)) == 1 and rng.random() < 0.5 else list(v)
        params = {}
        if s != [1] * rank or rng.random() < 0.3:
            params["stride"] = form(s)
        if p != [0] * rank or rng.random() < 0.3:
            params["pad"] = form(p)
        if d != [1] * rank or rng.random() < 0.2:
            params["dilate"] = form(d)
        if groups != 1 or rng.random() < 0.1:
            params["groups"] = groups
        if op == "conv_transpose" and rng.random() < 0.45:
            base = [si * (ni - 1) + (ki + (ki - 1) * (di - 1)) - 2 * pi for ni, ki, si, pi, di in zip(n, k, s, p, d)]
            params["outsize"] = [b + rng.randint(-abs(si) - 1, abs(si) + 1) for b, si in zip(base, s)]
        if op == "conv" and rng.random() < 0.3:
            params["cover_all"] = True
        if "outsize" in params and rank == 2 and rng.random() < 0.15:
            params["outsize"][rng.randrange(2)] = None  # deconvolution_2d's per-axis None
        if rng.random() < 0.03:
            params[rng.choice(["stride", "pad", "dilate", "groups", "outsize", "cover_all"])] = None
        if rng.random() < 0.02:
            params[rng.choice(["cover_all", "outsize", "ksize", "bias_term"])] = 1
        x = [rng.choice([1, 1, 2])] + [cin] + n
        two_d = rank == 2 and rng.random() < 0.6
        if link:
            name = ("Deconvolution" if op == "conv_transpose" else "Convolution") + ("2D" if two_d else "ND")
            lp = {"in_channels": rng.choice([cin, None]), "out_channels": cout, "ksize": form(k)}
            if not two_d:
                lp["ndim"] = rank
            if rng.random() < 0.2:
                lp["nobias"] = True
            case(f"link-{op}-{rank}d", f"chainer.links.{name}", x, dict(lp, **params))
        else:
            name = ("deconvolution" if op == "conv_transpose" else "convolution") + ("_2d" if two_d else "_nd")
            if op == "conv_transpose":
                w = [cin, cout // g if cout > 0 else cout] + k
            else:
                w = [cout, cin // g] + k
            if rng.random() < 0.05:
                w[rng.randrange(len(w))] = rng.choice([0, -1, 3])
            case(f"fn-{op}-{rank}d", f"chainer.functions.{name}", x, params, w, rank=rank)


docs() if MODE == "docs" else sampled()
fx.write()
