"""tf.nn as its documentation and users write it: every public conv / conv-transpose entry point
(tf.nn.convolution, conv1d/2d/3d, conv_transpose, conv1d/2d/3d_transpose, atrous_conv2d(_transpose),
depthwise_conv2d, and their tf.compat.v1 forms), each with its own argument names, strides and
dilations as an int or 1, N or N+2 values, every data_format spelling, 'SAME'/'VALID' in other
cases, explicit padding lists, output_shape as list / tuple / tensor (full, spatial only, wrong batch
or channels), None, missing arguments, unbatched and extra-batch inputs. Executed on CPU tensors.

Writes tests/fixtures/tensorflow_docs.jsonl (TF_ENABLE_ONEDNN_OPTS=0, the default here). With
TF_ENABLE_ONEDNN_OPTS=1 in the environment it writes tensorflow_docs_onednn.jsonl instead: the
same requests under oneDNN, for tests/generators/tf_onednn_diff.py to compare.
"""

from tf_calls import ENTRIES, ONEDNN, VERSIONS, call, request, unmodelled  # noqa: E402

from common import Fixtures  # noqa: E402

ABSENT = object()
fx = Fixtures("tensorflow_docs" if ONEDNN == "0" else "tensorflow_docs_onednn", VERSIONS)
FORMATS = {1: ("NWC", "NCW"), 2: ("NHWC", "NCHW"), 3: ("NDHWC", "NCDHW")}
counter = [0]


def arrange(batch, channels, spatial, first):
    head = [] if batch is None else list(batch)
    return head + ([channels] + spatial if first else spatial + [channels])


def seq(form, v, n, first):
    """A strides / dilations value in one of the forms users write."""
    return {
        "int": v, "one": [v], "n": [v] * n, "full": ([1, 1] + [v] * n) if first else ([1] + [v] * n + [1]),
        "fullbad": [v] * (n + 2), "wrong": [v] * (n + 1), "none": None, "absent": ABSENT, "str": str(v),
        "tuple-n": [v] * n,
    }[form]


def transposed_sizes(n, k, s, d, padding):
    field = d * (k - 1) + 1
    if padding == "VALID":
        return (n - 1) * s + field, (n - 1) * s + field + s - 1
    if isinstance(padding, tuple):
        low = (n - 1) * s + field - padding[0] - padding[1]
        return low, low + s - 1
    return (n - 1) * s + 1, n * s


def case(api, rank, tag, *, s=1, sform="int", d=1, dform="absent", padding="SAME", fmt=ABSENT, first=False,
         spatial=None, kernel=None, cin=2, cout=3, filter_in=None, batch=(2,), out=None, out_form="full",
         out_batch=None, out_channels=None, shape_form=None, unknown=None, drop=(), raw_padding=ABSENT,
         rate=ABSENT, groups=1):
    op, ranks, strides_name = ENTRIES[canonical_api(api)]
    n = rank
    spatial = spatial or [5, 6, 7][:n]
    kernel = kernel or [3, 2, 3][:n]
    v1 = ".v1." in api
    depthwise = "depthwise" in api
    atrous = "atrous" in api
    params = {}
    # strides
    if strides_name is not None:
        value = seq(sform, s, n, first)
        if value is not ABSENT:
            params[strides_name] = value
    if atrous:
        params["rate"] = d if rate is ABSENT else rate
    # padding
    pad_spec = padding
    if raw_padding is not ABSENT:
        params["padding"] = raw_padding
    elif isinstance(padding, tuple):  # explicit: the same (before, after) on every spatial axis
        pairs = [[padding[0], padding[1]] for _ in range(n)]
        params["padding"] = ([[0, 0], [0, 0]] + pairs) if first else ([[0, 0]] + pairs + [[0, 0]])
    elif padding is not ABSENT:
        params["padding"] = padding
    # dilations
    if not atrous:
        name = "dilation_rate" if (v1 and api.endswith("convolution")) else "dilations"
        if v1 and depthwise and dform.startswith("rate:"):
            name, dform = "rate", dform[5:]
        value = seq(dform, d, n, first)
        if value is not ABSENT:
            params[name] = value
    if fmt is not ABSENT:
        params["data_format"] = fmt
    # shapes
    if depthwise:
        weight = kernel + [cin if filter_in is None else filter_in, cout]
    elif op == "conv":
        weight = kernel + [(cin // groups) if filter_in is None else filter_in, cout]
    else:
        weight = kernel + [cout, cin if filter_in is None else filter_in]
    input_shape = arrange(batch, cin, spatial, first)
    if op == "conv_transpose":
        if out is None:
            dd = 1 if dform == "absent" and not atrous else d
            sizes = []
            for i in range(n):
                low, high = transposed_sizes(spatial[i], kernel[i], s if not atrous else 1, dd,
                                             pad_spec if isinstance(pad_spec, (str, tuple)) and pad_spec != "" else "SAME")
                sizes.append(high)
            out = sizes
        ob = batch if out_batch is None else out_batch
        oc = cout if out_channels is None else out_channels
        shape = {"full": arrange(ob, oc, out, first), "spatial": list(out), "short": arrange(ob, oc, out, first)[:-1],
                 "none": None}[out_form]
        if out_form != "absent":
            params = {"output_shape": shape, **params}
    for key in drop:
        params.pop(key, None)
    req = request(api, op, rank, input_shape, weight, params)
    run_params = dict(params)
    if unknown:
        req["params"] = dict(params, **unknown)
    form = shape_form or ["list", "tuple", "tensor"][counter[0] % 3]
    counter[0] += 1
    if unmodelled(api, req["params"]):
        return
    fx.run(tag, req, lambda: call(api, input_shape, weight, run_params, shape_form=form))


def canonical_api(api):
    path = api.split(".")
    if path[0] == "tensorflow":
        path[0] = "tf"
    if path[0] != "tf":
        path = ["tf"] + path
    return ".".join(path)


STRIDE_FORMS = ["int", "one", "n", "full", "fullbad", "wrong", "none", "absent", "str"]
DILATION_FORMS = ["int", "one", "n", "full", "fullbad", "wrong", "none"]

for api, (op, ranks, strides_name) in ENTRIES.items():
    for n in ranks:
        short = api.replace("tf.compat.v1.nn.", "v1.").replace("tf.nn.", "")
        last, first_name = FORMATS[n]
        base_padding = "SAME"
        # strides, each form, stride 1 and 2
        if strides_name is not None:
            for s in (1, 2):
                for form in STRIDE_FORMS:
                    case(api, n, f"{short}-{n}d-strides-{form}-{s}", s=s, sform=form)
            case(api, n, f"{short}-{n}d-strides-zero", s=0, sform="int")
            case(api, n, f"{short}-{n}d-strides-negative", s=-1, sform="n")
            for form in ("int", "n", "full"):
                sform = "full" if api.endswith("conv3d") or "depthwise" in api else form
                case(api, n, f"{short}-{n}d-valid-s2-{form}", s=2, sform=sform, padding="VALID")
        # dilations, with stride 1 and 2
        if "atrous" in api:
            for d in (1, 2, 3):
                for padding in ("SAME", "VALID"):
                    case(api, n, f"{short}-rate{d}-{padding}", d=d, padding=padding)
            case(api, n, f"{short}-rate0", d=0, rate=0)
            case(api, n, f"{short}-rate-list", d=2, rate=[2, 2])
            case(api, n, f"{short}-rate-list-unequal", d=2, rate=[2, 3])
            case(api, n, f"{short}-rate-none", d=1, rate=None)
        else:
            sform = "full" if api.endswith("conv3d") or "depthwise" in api else "int"
            for s in (1, 2):
                for form in DILATION_FORMS:
                    case(api, n, f"{short}-{n}d-dilations-{form}-s{s}", s=s, sform=sform, d=2, dform=form)
            case(api, n, f"{short}-{n}d-dilations-one-valid", sform=sform, d=2, dform="n", padding="VALID")
            case(api, n, f"{short}-{n}d-dilations-zero", sform=sform, d=0, dform="n")
            if api == "tf.compat.v1.nn.depthwise_conv2d":
                case(api, n, f"{short}-rate", sform=sform, d=2, dform="rate:n")
        # padding spellings and explicit lists
        sform = "full" if api.endswith("conv3d") or "depthwise" in api else "int"
        for padding in ("SAME", "VALID", "same", "valid", "Same", "EXPLICIT", "FULL"):
            case(api, n, f"{short}-{n}d-padding-{padding}", sform=sform, s=2, padding=padding)
        case(api, n, f"{short}-{n}d-padding-none", sform=sform, padding=None)
        case(api, n, f"{short}-{n}d-padding-absent", sform=sform, padding=ABSENT)
        for pads in ((1, 1), (0, 2), (2, 0)):
            case(api, n, f"{short}-{n}d-explicit-{pads[0]}{pads[1]}", sform=sform, s=2, padding=pads)
        case(api, n, f"{short}-{n}d-explicit-negative", sform=sform, padding=(-1, 0))
        bad_lists = {
            "batch": [[1, 0]] + [[1, 1]] * n + [[0, 0]],
            "short": [[0, 0]] + [[1, 1]] * n,
            "flat": [1, 1] * n,
            "triples": [[0, 0, 0]] + [[1, 1, 1]] * n + [[0, 0, 0]],
            "int": 1,
        }
        for name, value in bad_lists.items():
            case(api, n, f"{short}-{n}d-explicit-{name}", sform=sform, raw_padding=value)
        # data formats
        spellings = [last, first_name, "channels_last", "channels_first", last.lower(), None,
                     {1: "NHWC", 2: "NWC", 3: "NHWC"}[n], {1: "NCHW", 2: "NCW", 3: "NCHW"}[n]]
        for fmt in spellings:
            channels_first = isinstance(fmt, str) and fmt.upper().startswith("NC") or fmt == "channels_first"
            case(api, n, f"{short}-{n}d-format-{fmt}", sform=sform, fmt=fmt, first=channels_first)
            case(api, n, f"{short}-{n}d-format-{fmt}-s2-valid", sform=sform, s=2, padding="VALID", fmt=fmt,
                 first=channels_first)
        case(api, n, f"{short}-{n}d-nc-explicit", sform=sform, fmt=first_name, first=True, padding=(1, 0))
        case(api, n, f"{short}-{n}d-nc-full-strides", sform="full", s=2, fmt=first_name, first=True)
        case(api, n, f"{short}-{n}d-nc-dilations", sform=sform, d=2, dform="full", fmt=first_name, first=True)
        # batch dimensions: unbatched, extra batch, zero batch
        case(api, n, f"{short}-{n}d-unbatched", sform=sform, batch=())
        case(api, n, f"{short}-{n}d-two-batch-dims", sform=sform, batch=(2, 3))
        case(api, n, f"{short}-{n}d-batch-zero", sform=sform, batch=(0,))
        # channels, kernels, sizes
        case(api, n, f"{short}-{n}d-filter-in-mismatch", sform=sform, filter_in=3)
        case(api, n, f"{short}-{n}d-kernel-larger-valid", sform=sform, padding="VALID", kernel=[7] * n)
        case(api, n, f"{short}-{n}d-kernel-larger-same", sform=sform, kernel=[7] * n)
        case(api, n, f"{short}-{n}d-size-zero", sform=sform, spatial=[0] + [4] * (n - 1))
        case(api, n, f"{short}-{n}d-kernel-zero", sform=sform, kernel=[0] + [2] * (n - 1))
        case(api, n, f"{short}-{n}d-size-one", sform=sform, spatial=[1] * n, s=2, padding="VALID", kernel=[1] * n)
        if op == "conv" and "depthwise" not in api:
            case(api, n, f"{short}-{n}d-grouped", sform=sform, cin=4, cout=6, groups=2)
            case(api, n, f"{short}-{n}d-grouped-out-indivisible", sform=sform, cin=4, cout=3, groups=2)
        # unknown and known-but-unused keys
        case(api, n, f"{short}-{n}d-unknown-key", sform=sform, unknown={"foo": 1})
        case(api, n, f"{short}-{n}d-name", sform=sform, unknown={"name": "layer"})
        case(api, n, f"{short}-{n}d-bias", sform=sform, unknown={"bias": False})
        # missing required arguments
        for key in ("padding", strides_name, "rate"):
            if key:
                case(api, n, f"{short}-{n}d-missing-{key}", sform=sform, drop=(key,))
        if op == "conv_transpose":
            case(api, n, f"{short}-{n}d-missing-output-shape", sform=sform, drop=("output_shape",))
            case(api, n, f"{short}-{n}d-output-shape-none", sform=sform, out_form="none")
            case(api, n, f"{short}-{n}d-output-shape-spatial", sform=sform, out_form="spatial")
            case(api, n, f"{short}-{n}d-output-shape-short", sform=sform, out_form="short")
            case(api, n, f"{short}-{n}d-output-shape-batch", sform=sform, out_batch=(1,))
            case(api, n, f"{short}-{n}d-output-shape-channels", sform=sform, out_channels=6)
            case(api, n, f"{short}-{n}d-output-shape-channels-1", sform=sform, out_channels=1)
            case(api, n, f"{short}-{n}d-output-shape-negative", sform=sform, out=[-1] * n)
            case(api, n, f"{short}-{n}d-output-shape-zero", sform=sform, out=[0] * n)
            for form in ("list", "tuple", "tensor"):
                case(api, n, f"{short}-{n}d-output-shape-{form}-s2-valid", sform=sform, s=2, padding="VALID",
                     out=[(5 - 1) * 2 + 3 + 1] + [(6 - 1) * 2 + 2, 14][: n - 1], shape_form=form)
            # every size around the accepted range, per padding
            for s in (1, 2, 3):
                for padding in ("SAME", "VALID", (1, 0)):
                    atrous = "atrous" in api
                    if atrous and (s != 1 or isinstance(padding, tuple)):
                        continue
                    d = 2 if atrous else 1
                    low, high = transposed_sizes(5, 3, s, d, padding)
                    rest = [transposed_sizes(m, k, s, d, padding)[1] for m, k in zip([6, 7][: n - 1], [2, 3])]
                    for size in sorted({low - 1, low, high, high + 1}):
                        case(api, n, f"{short}-{n}d-range-{padding}-s{s}-{size}", s=s, sform=sform,
                             padding=padding, out=[size] + rest, d=d)

# the same calls spelled without `tf.` or with `tensorflow.`
for api in ("nn.conv2d", "tensorflow.nn.conv2d", "nn.conv2d_transpose", "tensorflow.nn.conv_transpose",
            "nn.convolution", "compat.v1.nn.conv2d_transpose"):
    n = 2
    case(api, n, f"spelling-{api}", s=2, sform="int")
    case(api, n, f"spelling-{api}-valid", s=1, sform="n", padding="VALID")

fx.write()
