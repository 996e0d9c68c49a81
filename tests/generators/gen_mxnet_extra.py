"""More golden fixtures from MXNet 1.9 (CPU, native kernels: MXNET_MKLDNN_ENABLED=0):
`python gen_mxnet_extra.py docs|sampled`.

docs    -> tests/fixtures/mxnet_docs.jsonl: calls as MXNet's docs and users write them — mx.nd.Deconvolution /
           mx.nd.Convolution and mx.sym.Deconvolution / mx.sym.Convolution (the symbol's weight inferred when not
           given), kernel/stride/dilate/pad/adj/target_shape as tuples or a bare int, num_filter, num_group, no_bias,
           every layout spelling MXNet names (NCW, NCHW, NCDHW, NHWC, NDHWC) and some it does not, None where users
           pass it.
sampled -> tests/fixtures/mxnet_sampled.jsonl: a seeded random sampler over ranks 1-3, both ops, both entry points,
           pads, strides, dilations, adj in and out of range, target_shape valid and invalid, degenerate sizes,
           groups and channels (invalid ones too).
Every call is executed (forward on zero tensors), so call-time checks run; aborts are recorded as rejections."""

import os
import sys

os.environ["MXNET_MKLDNN_ENABLED"] = "0"
os.environ.setdefault("MXNET_ENGINE_TYPE", "NaiveEngine")
os.environ["MXNET_STORAGE_FALLBACK_LOG_VERBOSE"] = "0"

import mxnet as mx  # noqa: E402

from common import Fixtures, rng_for  # noqa: E402

MODE = sys.argv[1] if len(sys.argv) > 1 else "docs"
fx = Fixtures(f"mxnet_{MODE}", {"mxnet": mx.__version__, "MXNET_MKLDNN_ENABLED": "0"})
rng = rng_for(f"mxnet {MODE}")


def py(v):
    return tuple(py(x) for x in v) if isinstance(v, list) else v


def case(case_id, api, input_shape, weight_shape, params, rank=None, op=None):
    name = api.split(".")[-1]
    op = op or ("conv_transpose" if name == "Deconvolution" or name.endswith("Transpose") else "conv")
    rank = rank or max(len(input_shape) - 2, 1)
    request = {"framework": "mxnet", "op": op, "rank": rank, "api": api, "input_shape": input_shape, "params": params}
    if weight_shape is not None:
        request["weight_shape"] = weight_shape

    def call():
        kwargs = {k: py(v) for k, v in params.items()}
        if ".gluon." in api:
            block = getattr(mx.gluon.nn, name)(**kwargs)
            block.initialize()
            y = block(mx.nd.zeros(input_shape))
            y.wait_to_read()
            return y.shape
        no_bias = kwargs.get("no_bias", name == "Deconvolution")
        if ".sym" in api:
            data, weight = mx.sym.var("data"), mx.sym.var("weight")
            y = getattr(mx.sym, name)(data=data, weight=weight, name="op", **kwargs)
            shapes = {"data": tuple(input_shape)}
            if weight_shape is not None:
                shapes["weight"] = tuple(weight_shape)
            ex = y.simple_bind(mx.cpu(), grad_req="null", **shapes)
            ex.forward(is_train=False)
            ex.outputs[0].wait_to_read()
            return ex.outputs[0].shape
        shape = weight_shape
        if shape is None:  # as users do: the weight's shape from MXNet's own inference
            fn = getattr(mx.sym, name)(data=mx.sym.var("data"), weight=mx.sym.var("weight"), name="op", **kwargs)
            shape = dict(zip(fn.list_arguments(), fn.infer_shape(data=tuple(input_shape))[0]))["weight"]
        args = [mx.nd.zeros(input_shape), mx.nd.zeros(shape)]
        if not no_bias:
            args.append(mx.nd.zeros((kwargs["num_filter"],)))
        y = getattr(mx.nd, name)(*args, **kwargs)
        y.wait_to_read()
        return y.shape

    fx.run(case_id, request, call)


def weight_for(name, cin, num_filter, groups, kernel):
    if name == "Deconvolution":
        return [cin, num_filter // groups if groups > 0 else num_filter] + kernel
    return [num_filter, cin // groups if groups > 0 else cin] + kernel


def gluon_docs():
    """mx.gluon.nn.Conv{1,2,3}D[Transpose] as the Gluon docs write them."""
    nn = "mx.gluon.nn"
    case("gluon-upsample-2x", f"{nn}.Conv2DTranspose", [1, 8, 28, 28], None,
         {"channels": 8, "kernel_size": 4, "strides": 2, "padding": 1})
    case("gluon-upsample-2x-in", f"{nn}.Conv2DTranspose", [1, 8, 28, 28], None,
         {"channels": 8, "kernel_size": 4, "strides": 2, "padding": 1, "in_channels": 8})
    case("gluon-in-wrong", f"{nn}.Conv2DTranspose", [1, 8, 28, 28], None,
         {"channels": 8, "kernel_size": 4, "strides": 2, "padding": 1, "in_channels": 3})
    case("gluon-output-padding", f"{nn}.Conv2DTranspose", [1, 2, 5, 5], None,
         {"channels": 3, "kernel_size": 3, "strides": 2, "padding": 1, "output_padding": 1})
    case("gluon-output-padding-big", f"{nn}.Conv2DTranspose", [1, 2, 5, 5], None,
         {"channels": 3, "kernel_size": 3, "strides": 2, "padding": 1, "output_padding": 2})
    for r in (1, 2, 3):
        for t in ("", "Transpose"):
            block = f"{nn}.Conv{r}D{t}"
            x = [1, 4] + [6] * r
            for k in (1, 2, 3):
                for s in (1, 2):
                    params = {"channels": 2, "kernel_size": rng.choice([k, [k] * r]), "strides": rng.choice([s, [s] * r])}
                    if rng.random() < 0.5:
                        params["padding"] = rng.choice([1, [1] * r, 0])
                    if rng.random() < 0.3:
                        params["dilation"] = rng.choice([2, [2] * r])
                    if rng.random() < 0.3:
                        params["groups"] = 2
                    if t and rng.random() < 0.4:
                        params["output_padding"] = rng.choice([1, [1] * r, 0])
                    if rng.random() < 0.2:
                        params["use_bias"] = False
                    if rng.random() < 0.2:
                        params["activation"] = "relu"
                    case(f"gluon-{r}d{t}-k{k}-s{s}", block, x, None, params)
            case(f"gluon-{r}d{t}-kernel-wrong-len", block, x, None, {"channels": 2, "kernel_size": [3] * (r % 3 + 1)})
            case(f"gluon-{r}d{t}-strides-wrong-len", block, x, None, {"channels": 2, "kernel_size": 3, "strides": [1] * (r % 3 + 1)})
            case(f"gluon-{r}d{t}-input-rank", block, [1, 4] + [6] * (r % 3 + 1), None, {"channels": 2, "kernel_size": 3})
            for layout in ("NCW", "NWC", "NCHW", "NHWC", "NCDHW", "NDHWC"):
                if len(layout) == r + 2:
                    xx = x if layout.startswith("NC") else [1] + [6] * r + [4]
                    case(f"gluon-{r}d{t}-layout-{layout}", block, xx, None, {"channels": 2, "kernel_size": 3, "layout": layout})
            for arg in ("strides", "padding", "dilation", "groups", "layout", "channels", "kernel_size", "in_channels", "use_bias"):
                case(f"gluon-{r}d{t}-{arg}-none", block, x, None, {"channels": 2, "kernel_size": 3, arg: None})
            if t:
                case(f"gluon-{r}d{t}-output-padding-none", block, x, None, {"channels": 2, "kernel_size": 3, "output_padding": None})
            case(f"gluon-{r}d{t}-unknown", block, x, None, {"channels": 2, "kernel_size": 3, "pad": 1})
            case(f"gluon-{r}d{t}-groups-bad", block, x, None, {"channels": 3, "kernel_size": 3, "groups": 2})


def docs():
    gluon_docs()
    for ns in ("mx.nd", "mx.sym"):
        D, C = f"{ns}.Deconvolution", f"{ns}.Convolution"
        # The unit tests' target_shape example and the classic 2x upsampling layer.
        case("test-target-8", D, [1, 3, 4, 4], [3, 2, 3, 3], {"kernel": [3, 3], "stride": [2, 2], "target_shape": [8, 8], "num_filter": 2})
        case("upsample-2x", D, [1, 8, 28, 28], [8, 8, 4, 4], {"kernel": [4, 4], "stride": [2, 2], "pad": [1, 1], "num_filter": 8})
        case("upsample-2x-nogroup-bias", D, [1, 8, 28, 28], [8, 8, 4, 4],
             {"kernel": [4, 4], "stride": [2, 2], "pad": [1, 1], "num_filter": 8, "no_bias": False})
        case("conv-bias", C, [1, 3, 8, 8], [4, 3, 3, 3], {"kernel": [3, 3], "pad": [1, 1], "num_filter": 4, "no_bias": False})
        for r in (1, 2, 3):
            for name, api in (("Deconvolution", D), ("Convolution", C)):
                for n in (1, 3, 5, 8):
                    for k in (1, 2, 3, 4):
                        s = rng.choice([1, 2, 3])
                        p = rng.choice([0, 0, 1, k // 2])
                        cin, nf, g = rng.choice([(2, 4, 1), (4, 2, 2), (1, 1, 1), (3, 6, 3)])
                        params = {"kernel": [k] * r, "num_filter": nf}
                        if s > 1 or rng.random() < 0.3:
                            params["stride"] = [s] * r
                        if p or rng.random() < 0.3:
                            params["pad"] = [p] * r
                        if g > 1:
                            params["num_group"] = g
                        if name == "Deconvolution" and r < 3 and rng.random() < 0.4:
                            params["adj"] = [rng.randint(0, s)] * r
                        if rng.random() < 0.25:
                            params["dilate"] = [rng.choice([1, 2])] * r
                        w = weight_for(name, cin, nf, g, [k] * r) if (ns == "mx.nd" or rng.random() < 0.5) else None
                        case(f"{name}-{r}d-n{n}-k{k}", api, [1, cin] + [n] * r, w, params)
        # Argument forms: bare ints, lists, empty tuples, None.
        for name, api in (("Deconvolution", D), ("Convolution", C)):
            w1, w2 = weight_for(name, 1, 1, 1, [3]), weight_for(name, 1, 1, 1, [3, 3])
            case("kernel-int-1d", api, [1, 1, 5], w1, {"kernel": 3, "num_filter": 1})
            case("kernel-int-2d", api, [1, 1, 5, 5], w2, {"kernel": 3, "num_filter": 1})
            case("stride-int-1d", api, [1, 1, 5], w1, {"kernel": [3], "stride": 2, "num_filter": 1})
            case("stride-int-2d", api, [1, 1, 5, 5], w2, {"kernel": [3, 3], "stride": 2, "num_filter": 1})
            case("pad-int-2d", api, [1, 1, 5, 5], w2, {"kernel": [3, 3], "pad": 1, "num_filter": 1})
            case("stride-empty", api, [1, 1, 5, 5], w2, {"kernel": [3, 3], "stride": [], "num_filter": 1})
            case("pad-empty", api, [1, 1, 5, 5], w2, {"kernel": [3, 3], "pad": [], "num_filter": 1})
            case("dilate-empty", api, [1, 1, 5, 5], w2, {"kernel": [3, 3], "dilate": [], "num_filter": 1})
            for arg in ("stride", "pad", "dilate", "num_group", "num_filter", "kernel", "no_bias", "layout", "workspace"):
                params = {"kernel": [3, 3], "num_filter": 1}
                params[arg] = None
                case(f"{arg}-none", api, [1, 1, 5, 5], w2, params)
            case("kernel-3-long", api, [1, 1, 5, 5], w2, {"kernel": [3, 3, 3], "num_filter": 1})
            case("stride-long", api, [1, 1, 5, 5], w2, {"kernel": [3, 3], "stride": [1, 1, 1], "num_filter": 1})
            case("kernel-zero", api, [1, 1, 5, 5], weight_for(name, 1, 1, 1, [0, 3]), {"kernel": [0, 3], "num_filter": 1})
            case("kernel-neg", api, [1, 1, 5, 5], None, {"kernel": [-1, 3], "num_filter": 1})
            case("num-filter-zero", api, [1, 1, 5, 5], None, {"kernel": [3, 3], "num_filter": 0})
            case("num-filter-neg", api, [1, 1, 5, 5], None, {"kernel": [3, 3], "num_filter": -2})
            case("num-group-zero", api, [1, 2, 5, 5], None, {"kernel": [3, 3], "num_filter": 2, "num_group": 0})
            case("num-group-neg", api, [1, 2, 5, 5], None, {"kernel": [3, 3], "num_filter": 2, "num_group": -1})
            case("pad-neg", api, [1, 1, 5, 5], w2, {"kernel": [3, 3], "pad": [-1, -1], "num_filter": 1})
            case("stride-neg", api, [1, 1, 5, 5], w2, {"kernel": [3, 3], "stride": [-1, 1], "num_filter": 1})
            case("dilate-neg", api, [1, 1, 5, 5], w2, {"kernel": [3, 3], "dilate": [-1, 1], "num_filter": 1})
            case("unbatched", api, [1, 5, 5], w2, {"kernel": [3, 3], "num_filter": 1}, rank=2)
            case("batch-zero", api, [0, 1, 5, 5], w2, {"kernel": [3, 3], "num_filter": 1})
            case("size-zero", api, [1, 1, 0, 5], w2, {"kernel": [3, 3], "num_filter": 1})
            case("channels-zero", api, [1, 0, 5, 5], None, {"kernel": [3, 3], "num_filter": 1})
            case("kernel-larger", api, [1, 1, 2, 2], w2, {"kernel": [3, 3], "num_filter": 1})
            case("kernel-larger-padded", api, [1, 1, 2, 2], w2, {"kernel": [3, 3], "pad": [1, 1], "num_filter": 1})
            case("weight-wrong", api, [1, 1, 5, 5], [2, 1, 3, 3], {"kernel": [3, 3], "num_filter": 1})
            # Layout spellings.
            for layout in ("NCW", "NCHW", "NCDHW", "NWC", "NHWC", "NDHWC", "nchw", "CHWN", "NCWH"):
                r = len(layout) - 2
                first = layout.upper().startswith("NC")
                x = [1, 2] + [5] * r if first else [1] + [5] * r + [2]
                w = weight_for(name, 2, 2, 1, [3] * r) if first else ([2] + [3] * r + [2])
                case(f"layout-{layout}", api, x, w, {"kernel": [3] * r, "num_filter": 2, "layout": layout})
                case(f"layout-{layout}-noweight", api, x, None, {"kernel": [3] * r, "num_filter": 2, "layout": layout})
            case("layout-rank-mismatch", api, [1, 2, 5], weight_for(name, 2, 2, 1, [3]), {"kernel": [3], "num_filter": 2, "layout": "NCHW"})
        # Deconvolution-only arguments.
        for t in ([], [0], [7], [8], [9], [20]):
            case(f"target-{t}", D, [1, 1, 4], [1, 1, 3], {"kernel": [3], "stride": [2], "target_shape": t, "num_filter": 1})
        case("target-int", D, [1, 1, 4], [1, 1, 3], {"kernel": [3], "stride": [2], "target_shape": 8, "num_filter": 1})
        case("target-int-2d", D, [1, 1, 4, 4], [1, 1, 3, 3], {"kernel": [3, 3], "stride": [2, 2], "target_shape": 8, "num_filter": 1})
        case("target-partial-zero", D, [1, 1, 4, 4], [1, 1, 3, 3], {"kernel": [3, 3], "stride": [2, 2], "target_shape": [8, 0], "num_filter": 1})
        case("target-none", D, [1, 1, 4], [1, 1, 3], {"kernel": [3], "stride": [2], "target_shape": None, "num_filter": 1})
        case("target-neg", D, [1, 1, 4], [1, 1, 3], {"kernel": [3], "stride": [2], "target_shape": [-1], "num_filter": 1})
        case("target-long", D, [1, 1, 4], [1, 1, 3], {"kernel": [3], "stride": [2], "target_shape": [8, 8], "num_filter": 1})
        for a in (-1, 0, 1, 2, 3):
            case(f"adj-{a}", D, [1, 1, 4], [1, 1, 3], {"kernel": [3], "stride": [2], "adj": [a], "num_filter": 1})
            case(f"adj-int-{a}", D, [1, 1, 4], [1, 1, 3], {"kernel": [3], "stride": [2], "adj": a, "num_filter": 1})
        case("adj-none", D, [1, 1, 4], [1, 1, 3], {"kernel": [3], "stride": [2], "adj": None, "num_filter": 1})
        case("adj-stride1", D, [1, 1, 4], [1, 1, 3], {"kernel": [3], "adj": [1], "num_filter": 1})
        case("deconv-3d", D, [1, 1, 4, 4, 4], None, {"kernel": [3, 3, 3], "num_filter": 1})
        case("conv-3d", C, [1, 1, 4, 4, 4], None, {"kernel": [3, 3, 3], "num_filter": 1})
        case("kernel-4d", C, [1, 1, 4, 4, 4, 4], None, {"kernel": [3, 3, 3, 3], "num_filter": 1}, rank=3)


def sampled(count=1100):
    for index in range(count):
        rank = rng.choice([1, 2, 2, 3])
        op = rng.choice(["conv", "conv_transpose"])
        name = "Deconvolution" if op == "conv_transpose" else "Convolution"
        api = f"{rng.choice(['mx.nd', 'mx.nd', 'mx.sym'])}.{name}"
        degenerate = rng.random() < 0.12
        square = rng.random() < 0.5
        pick = (lambda o: [rng.choice(o)] * rank) if square else (lambda o: [rng.choice(o) for _ in range(rank)])
        n = pick([0, 1, 2, 3, 5] if degenerate else [1, 2, 3, 4, 5, 6, 8, 10])
        k = pick([0, 1, 3, 6] if degenerate else [1, 2, 3, 4, 5])
        s = pick([0, 1, 2] if degenerate and rng.random() < 0.3 else [1, 1, 2, 3, 4])
        p = pick([0, 0, 1, 2, 3])
        d = pick([0, 1, 2] if degenerate and rng.random() < 0.3 else [1, 1, 1, 2, 3])
        groups = rng.choice([1, 1, 1, 2, 3])
        cin, nf = groups * rng.choice([1, 2]), groups * rng.choice([1, 2])
        if rng.random() < 0.06:
            cin += 1
        if rng.random() < 0.04:
            nf += 1
        form = lambda v: v[0] if len(v) == 1 and rng.random() < 0.3 else list(v)
        params = {"kernel": form(k), "num_filter": nf}
        if s != [1] * rank or rng.random() < 0.2:
            params["stride"] = form(s)
        if d != [1] * rank or rng.random() < 0.2:
            params["dilate"] = form(d)
        if groups > 1 or rng.random() < 0.05:
            params["num_group"] = groups
        if p != [0] * rank or rng.random() < 0.2:
            params["pad"] = form(p)
        if op == "conv_transpose":
            if rng.random() < 0.4:
                params["adj"] = [rng.randint(0, si) if rng.random() < 0.25 else rng.randint(0, max(si - 1, 0)) for si in s]
            if rng.random() < 0.3:
                full = [(ni - 1) * si + di * (ki - 1) + 1 for ni, si, di, ki in zip(n, s, d, k)]
                params["target_shape"] = [max(0, f - rng.randint(-2, 5)) for f in full]
        if rng.random() < 0.1:
            params["layout"] = {1: "NCW", 2: "NCHW", 3: "NCDHW"}[rank]
        elif rng.random() < 0.06:
            params["layout"] = rng.choice(["NCW", "NCHW", "NCDHW", "NWC", "NHWC", "NDHWC", "nchw", "NCL"])
        if rng.random() < 0.15:
            params["no_bias"] = rng.random() < 0.5
        if op == "conv" and rng.random() < 0.06:
            params["pad"] = [rng.choice([-2, -1, 0, 1]) for _ in range(rank)]
        if "target_shape" in params and rng.random() < 0.15:
            params["target_shape"] = params["target_shape"] + [rng.randint(0, 9)] if rng.random() < 0.5 else params["target_shape"][:-1]
        if rng.random() < 0.02:
            params["num_filter"] = rng.choice([0, -1])
        if rng.random() < 0.04:
            params[rng.choice(["stride", "pad", "dilate", "num_group", "target_shape", "layout", "no_bias", "adj"])] = None
        if rng.random() < 0.15:  # the same call written as a Gluon block
            gp = {"channels": params["num_filter"], "kernel_size": params["kernel"], "in_channels": rng.choice([0, 0, cin])}
            for operator, gluon in (("stride", "strides"), ("pad", "padding"), ("dilate", "dilation"), ("num_group", "groups"),
                                    ("adj", "output_padding"), ("layout", "layout")):
                if operator in params:
                    gp[gluon] = params[operator]
            block = f"mx.gluon.nn.Conv{rank}D" + ("Transpose" if op == "conv_transpose" else "")
            case(f"gluon-{name}-{rank}d", block, [rng.choice([1, 1, 2]), cin] + n, None, gp, rank=rank)
            continue
        w = weight_for(name, cin, nf, groups, k)
        if api.startswith("mx.sym") and rng.random() < 0.5:
            w = None
        elif rng.random() < 0.04:
            w[rng.randrange(len(w))] += 1
        case(f"{name}-{rank}d", api, [rng.choice([1, 1, 2]), cin] + n, w, params, rank=rank)


docs() if MODE == "docs" else sampled()
fx.write()
