"""Run a Contract-1 PyTorch request in the real torch, the way a user's code would make that call.

Shared by gen_pytorch_docs.py and gen_pytorch_sampled.py: the request is the whole description,
so what is recorded is exactly what torch does with the call the request names.

- `api` names the call: `torch.nn.Conv2d` (module: `params` go to the constructor, except
  `output_size`, which goes to `forward`), or `torch.nn.functional.conv2d` (`params` are keyword
  arguments of the function; `bias: true` passes a bias tensor, `false`/`null` passes None).
- `null` in `params` is passed as Python's None, so torch's own TypeError/ValueError fires.
- A module request that also carries `weight_shape` is checked against the weight the module
  built (`layer.weight.shape`); a contradiction is recorded as a rejection, since the request
  describes two different layers (torch itself has no way to take both).
"""

import warnings

import torch
import torch.nn.functional as F

warnings.filterwarnings("ignore")
torch.set_grad_enabled(False)

VERSIONS = {"torch": torch.__version__}


def as_arg(value):
    return tuple(as_arg(v) for v in value) if isinstance(value, list) else value


def run_request(request):
    """Execute the call; returns the output shape, or raises what torch raises."""
    api = request["api"]
    params = dict(request.get("params", {}))
    x = torch.zeros(request["input_shape"])
    name = api.split(".")[-1]
    if ".functional." in api:
        fn = getattr(F, name)
        w = torch.zeros(request["weight_shape"])
        bias = params.pop("bias", None)
        if bias is True:
            out_channels = w.shape[1] * params.get("groups", 1) if "transpose" in name else w.shape[0]
            if not isinstance(out_channels, int):
                raise TypeError("groups must be an int")
            bias = torch.zeros(out_channels)
        elif bias is False:
            bias = None
        return fn(x, w, bias, **{k: as_arg(v) for k, v in params.items()}).shape
    cls = getattr(torch.nn, name)
    forward = {}
    if "output_size" in params and "Transpose" in name:
        forward["output_size"] = as_arg(params.pop("output_size"))
    elif "output_size" in params:
        # Conv*d.forward takes no output_size: the same TypeError torch raises for it
        forward["output_size"] = as_arg(params.pop("output_size"))
    layer = cls(**{k: as_arg(v) for k, v in params.items()})
    if request.get("weight_shape") is not None and list(request["weight_shape"]) != list(layer.weight.shape):
        raise ValueError(
            f"weight_shape {list(request['weight_shape'])} contradicts the weight {list(layer.weight.shape)} "
            f"that {name}(...) builds from in_channels, out_channels, kernel_size and groups")
    return layer(x, **forward).shape


def api_for(kind, op, rank):
    if kind == "module":
        return f"torch.nn.{'ConvTranspose' if op == 'conv_transpose' else 'Conv'}{rank}d"
    return f"torch.nn.functional.{'conv_transpose' if op == 'conv_transpose' else 'conv'}{rank}d"


def add(fx, case_id, op, rank, kind, input_shape, params, weight_shape=None, with_rank=True, layout=None):
    """Queue one request: `kind` is "module" or "functional"."""
    request = {"framework": "pytorch", "op": op}
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
