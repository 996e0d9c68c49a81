"""A seeded random sample of tf.nn calls: every entry point of tf_calls.ENTRIES, ranks 1-3, both ops,
SAME / VALID / explicit padding, strides and dilations in every form, output_shape inside and
outside the accepted range, degenerate sizes (0, 1, kernel larger than the input), grouped and
mismatched channels, channels-first formats. Executed on CPU tensors.

Writes tests/fixtures/tensorflow_sampled.jsonl (TF_ENABLE_ONEDNN_OPTS=0)."""

from tf_calls import ENTRIES, VERSIONS, call, request, unmodelled  # noqa: E402

from common import Fixtures, Geometry, rng_for  # noqa: E402

fx = Fixtures("tensorflow_sampled", VERSIONS)
rng = rng_for("tensorflow sampled")
FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}
APIS = list(ENTRIES)


def arrange(batch, channels, spatial, first):
    return [batch] + ([channels] + spatial if first else spatial + [channels])


def sequence(values, first):
    n = len(values)
    form = rng.choice(["int", "one", "n", "n", "full", "full"])
    if form == "int" and len(set(values)) == 1:
        return values[0]
    if form == "one" and len(set(values)) == 1:
        return [values[0]]
    if form == "full":
        return [1, 1] + values if first else [1] + values + [1]
    return list(values)


def transposed_range(n, k, s, d, padding):
    field = d * (k - 1) + 1
    if padding == "SAME":
        return (n - 1) * s + 1, n * s
    if padding == "VALID":
        low = (n - 1) * s + field
    else:
        low = (n - 1) * s + field - padding[0] - padding[1]
    return low, low + s - 1


count = 0
while count < 1300:
    api = rng.choice(APIS)
    op, ranks, strides_name = ENTRIES[api]
    n = rng.choice(ranks)
    g = Geometry(rng, n, degenerate=rng.random() < 0.15)
    atrous = "atrous" in api
    depthwise = "depthwise" in api
    if atrous:
        g.stride = [1] * n
        g.dilation = [rng.choice([1, 2, 3])] * n
    elif rng.random() < 0.6:
        g.dilation = [1] * n
    first = rng.random() < 0.15
    fmt_names = FORMATS[n]
    padding_kind = rng.choice(["SAME", "SAME", "VALID", "VALID", "explicit"])
    if atrous and padding_kind == "explicit":
        padding_kind = "SAME"
    pads = [(rng.choice([0, 0, 1, 2]), rng.choice([0, 1, 2])) for _ in range(n)]
    batch = rng.choice([1, 1, 2, 0]) if rng.random() < 0.1 else rng.choice([1, 2])
    cin = rng.choice([1, 2, 3, 4])
    cout = rng.choice([1, 2, 3, 4])
    params = {}
    if strides_name:
        if api.endswith("conv3d") or depthwise:
            params[strides_name] = [1, 1] + g.stride if first else [1] + g.stride + [1]
            if rng.random() < 0.1:
                params[strides_name] = sequence(g.stride, first)
        else:
            params[strides_name] = sequence(g.stride, first)
    if atrous:
        params["rate"] = g.dilation[0]
    elif g.dilation != [1] * n:
        name = "dilation_rate" if api == "tf.compat.v1.nn.convolution" else "dilations"
        if api.endswith("conv3d") or depthwise:
            params[name] = [1, 1] + g.dilation if first else [1] + g.dilation + [1]
        else:
            params[name] = sequence(g.dilation, first)
    if padding_kind == "explicit":
        pairs = [list(p) for p in pads]
        params["padding"] = [[0, 0], [0, 0]] + pairs if first else [[0, 0]] + pairs + [[0, 0]]
    else:
        params["padding"] = padding_kind if rng.random() < 0.9 else padding_kind.lower()
    if first or rng.random() < 0.1:
        params["data_format"] = fmt_names[1] if first else fmt_names[0]
    # channels: mostly consistent, sometimes grouped or mismatched
    filter_in = cin
    if op == "conv" and not depthwise and rng.random() < 0.2:
        filter_in = rng.choice([1, 2, cin])
    if rng.random() < 0.05:
        filter_in = cin + 1
    if depthwise:
        weight = g.kernel + [filter_in, cout]
    elif op == "conv":
        weight = g.kernel + [filter_in, cout]
    else:
        weight = g.kernel + [cout, filter_in]
    input_shape = arrange(batch, cin, g.size_in, first)
    if op == "conv_transpose":
        spec = [pads[i] if padding_kind == "explicit" else padding_kind for i in range(n)]
        sizes = []
        for i in range(n):
            low, high = transposed_range(g.size_in[i], g.kernel[i], g.stride[i], g.dilation[i], spec[i])
            pick = rng.random()
            sizes.append(max(0, low - 1 if pick < 0.1 else high + 1 if pick < 0.2 else rng.randint(min(low, high), high)))
        out_channels = cout if rng.random() < 0.9 else rng.choice([1, 2 * cout])
        params = {"output_shape": arrange(batch, out_channels, sizes, first), **params}
    if atrous and op == "conv_transpose":
        params.pop("data_format", None)
    if atrous:
        params.pop("data_format", None)
    req = request(api, op, n, input_shape, weight, params)
    if unmodelled(api, params):
        continue
    form = rng.choice(["list", "tuple", "tensor"])
    before = len(fx.cases)
    fx.run(f"{api.split('.')[-1]}-{n}d", req, lambda a=api, i=input_shape, w=weight, p=dict(params), f=form:
           call(a, i, w, p, shape_form=f))
    count += len(fx.cases) - before

fx.write()
