"""Run a Contract-1 Paddle request in the real Paddle (CPU, dynamic graph), the way a user's code
would make that call. Shared by gen_paddle_docs.py and gen_paddle_sampled.py.

- `api` names the call: `paddle.nn.Conv2DTranspose` (module: `params` go to the constructor, except
  `output_size`, which goes to `forward`; `bias: false` is `bias_attr=False`), or
  `paddle.nn.functional.conv2d_transpose` (`params` are keyword arguments; `bias: true` passes a
  bias tensor).
- `null` in `params` is passed as Python's None, so Paddle's own error fires.
- Contract 1's `layout` (any spelling that puts N, C and the spatial axes in place: `NWC`, `NHWC`)
  becomes Paddle's `data_format` spelling when `params` has none.
- A module request that also carries `weight_shape` is checked against `layer.weight.shape`; a
  contradiction is recorded as a rejection (the request describes two different layers).
"""

import os
import warnings

os.environ.setdefault("GLOG_minloglevel", "3")
warnings.filterwarnings("ignore")

import paddle  # noqa: E402
import paddle.nn.functional as F  # noqa: E402

paddle.set_device("cpu")
VERSIONS = {"paddlepaddle": paddle.__version__}
FORMATS = {1: ("NCL", "NLC"), 2: ("NCHW", "NHWC"), 3: ("NCDHW", "NDHWC")}


def data_format_of(layout, rank):
    first, last = FORMATS[rank]
    return last if layout.endswith("C") else first


def run_request(request):
    api = request["api"]
    params = dict(request.get("params", {}))
    rank = request.get("rank", len(request["input_shape"]) - 2)
    if request.get("layout") is not None and "data_format" not in params:
        params["data_format"] = data_format_of(request["layout"], rank)
    x = paddle.zeros(request["input_shape"])
    name = api.split(".")[-1]
    if ".functional." in api:
        w = paddle.zeros(request["weight_shape"])
        bias = params.pop("bias", None)
        if bias is True:
            groups = params.get("groups", 1)
            out_channels = w.shape[1] * groups if "transpose" in name else w.shape[0]
            bias = paddle.zeros([out_channels])
        elif bias is False:
            bias = None
        return getattr(F, name)(x, w, bias=bias, **params).shape
    forward = {}
    if "output_size" in params:
        forward["output_size"] = params.pop("output_size")
    if "bias" in params:
        bias = params.pop("bias")
        if bias is False:
            params["bias_attr"] = False
        elif bias is None:
            params["bias_attr"] = None
    layer = getattr(paddle.nn, name)(**params)
    if request.get("weight_shape") is not None and list(request["weight_shape"]) != list(layer.weight.shape):
        raise ValueError(
            f"weight_shape {list(request['weight_shape'])} contradicts the weight {list(layer.weight.shape)} "
            f"that {name}(...) builds from in_channels, out_channels, kernel_size and groups")
    return layer(x, **forward).shape


def api_for(kind, op, rank):
    if kind == "module":
        return f"paddle.nn.Conv{rank}D{'Transpose' if op == 'conv_transpose' else ''}"
    return f"paddle.nn.functional.conv{rank}d{'_transpose' if op == 'conv_transpose' else ''}"


def add(fx, case_id, op, rank, kind, input_shape, params, weight_shape=None, with_rank=True, layout=None):
    request = {"framework": "paddle", "op": op}
    if with_rank:
        request["rank"] = rank
    if layout is not None:
        request["layout"] = layout
    request["api"] = api_for(kind, op, rank)
    request["input_shape"] = list(input_shape)
    if weight_shape is not None:
        request["weight_shape"] = list(weight_shape)
    request["params"] = params
    fx.run(case_id, request, lambda request=request: run_request(request))
