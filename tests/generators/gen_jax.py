"""Golden fixtures from JAX: jax.lax.conv_transpose (SAME/VALID, legacy and consistent explicit padding,
transpose_kernel, rhs_dilation, dimension_numbers) and jax.lax.conv_general_dilated, executed on CPU so that XLA's own checks run too."""

import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
from jax import lax  # noqa: E402

from common import Fixtures, Geometry, rng_for  # noqa: E402

fx = Fixtures("jax", {"jax": jax.__version__, "jaxlib": jax.lib.__version__ if hasattr(jax.lib, "__version__") else jax.__version__})
rng = rng_for("jax")

DEFAULT_TRANSPOSE_DN = {1: ("NHC", "HIO", "NHC"), 2: ("NHWC", "HWIO", "NHWC"), 3: ("NHWDC", "HWDIO", "NHWDC")}
CHANNELS_FIRST_DN = {1: ("NCH", "OIH", "NCH"), 2: ("NCHW", "OIHW", "NCHW"), 3: ("NCHWD", "OIHWD", "NCHWD")}


def as_param(value):
    """JSON form of a JAX argument (tuples become lists)."""
    if isinstance(value, (list, tuple)):
        return [as_param(v) for v in value]
    return value


def as_arg(value):
    if isinstance(value, list):
        return tuple(as_arg(v) for v in value)
    return value


def transpose_case(case_id, rank, input_shape, weight_shape, params):
    request = {"framework": "jax", "op": "conv_transpose", "rank": rank, "api": "jax.lax.conv_transpose",
               "input_shape": input_shape, "weight_shape": weight_shape, "params": as_param(params)}

    def call():
        kwargs = {k: as_arg(v) for k, v in params.items()}
        return lax.conv_transpose(jnp.zeros(input_shape), jnp.zeros(weight_shape), **kwargs).shape

    fx.run(case_id, request, call)


def forward_case(case_id, rank, input_shape, weight_shape, params):
    request = {"framework": "jax", "op": "conv", "rank": rank, "api": "jax.lax.conv_general_dilated",
               "input_shape": input_shape, "weight_shape": weight_shape, "params": as_param(params)}

    def call():
        kwargs = {k: as_arg(v) for k, v in params.items()}
        return lax.conv_general_dilated(jnp.zeros(input_shape), jnp.zeros(weight_shape), **kwargs).shape

    fx.run(case_id, request, call)


# --- classics ---------------------------------------------------------------------------------
for padding in ("SAME", "VALID"):
    for tk in (False, True):
        transpose_case(f"reference-{padding}-tk{tk}", 1, [1, 3, 1], [3, 1, 1],
                       {"strides": [2], "padding": padding, "transpose_kernel": tk})
for pads in ([(0, 0)], [(1, 1)], [(2, 2)], [(1, 0)], [(3, 3)], [(4, 0)]):
    for consistent in (False, True):
        transpose_case(f"reference-explicit-{pads}-c{consistent}", 1, [1, 3, 1], [3, 1, 1],
                       {"strides": [2], "padding": pads, "use_consistent_padding": consistent})
transpose_case("issue-17618-506", 2, [1, 256, 256, 1], [3, 3, 1, 1], {"strides": [2, 2], "padding": [(0, 0), (0, 0)]})
transpose_case("k3-s10-same-20", 2, [1, 20, 20, 1], [3, 3, 1, 1], {"strides": [10, 10], "padding": "SAME", "transpose_kernel": True})
transpose_case("k3-s1-valid-12", 2, [1, 12, 12, 3], [3, 3, 3, 3], {"strides": [1, 1], "padding": "VALID"})
transpose_case("caffe-28-same", 2, [1, 28, 28, 8], [4, 4, 8, 8], {"strides": [2, 2], "padding": "SAME"})
for size in range(22, 29):
    forward_case(f"conv-k3-s7-same-{size}", 2, [1, 1, size, size], [1, 1, 3, 3], {"window_strides": [7, 7], "padding": "SAME"})
for dilation in (1, 2):
    forward_case(f"conv1d-8820-dilation{dilation}", 1, [1, 16, 8820], [16, 16, 3],
                 {"window_strides": [1], "padding": "VALID", "rhs_dilation": [dilation]})
transpose_case("same-lower-string", 1, [1, 3, 1], [3, 1, 1], {"strides": [2], "padding": "SAME_LOWER"})
transpose_case("bad-padding-string", 1, [1, 3, 1], [3, 1, 1], {"strides": [2], "padding": "FULL"})
transpose_case("strides-int", 1, [1, 3, 1], [3, 1, 1], {"strides": 2, "padding": "SAME"})
transpose_case("strides-short", 2, [1, 3, 3, 1], [3, 3, 1, 1], {"strides": [2], "padding": "SAME"})
transpose_case("stride-zero", 1, [1, 3, 1], [3, 1, 1], {"strides": [0], "padding": "SAME"})
transpose_case("channel-mismatch", 2, [1, 3, 3, 2], [3, 3, 1, 1], {"strides": [2, 2], "padding": "SAME"})
transpose_case("channel-tk", 2, [1, 3, 3, 2], [3, 3, 4, 2], {"strides": [2, 2], "padding": "SAME", "transpose_kernel": True})
transpose_case("channel-tk-mismatch", 2, [1, 3, 3, 2], [3, 3, 2, 4], {"strides": [2, 2], "padding": "SAME", "transpose_kernel": True})
transpose_case("channels-first", 2, [1, 2, 3, 3], [4, 2, 3, 3], {"strides": [2, 2], "padding": "SAME",
                                                                   "dimension_numbers": ["NCHW", "OIHW", "NCHW"]})
transpose_case("mixed-dn", 2, [1, 3, 3, 2], [2, 4, 3, 3], {"strides": [2, 2], "padding": "VALID",
                                                            "dimension_numbers": ["NHWC", "IOHW", "NCHW"]})
transpose_case("input-zero", 1, [1, 0, 1], [3, 1, 1], {"strides": [2], "padding": "VALID"})
transpose_case("negative-out", 1, [1, 1, 1], [3, 1, 1], {"strides": [1], "padding": [(0, 0)]})
transpose_case("kernel-zero", 1, [1, 3, 1], [0, 1, 1], {"strides": [2], "padding": "SAME"})
transpose_case("rhs-dilation-zero", 1, [1, 3, 1], [3, 1, 1], {"strides": [1], "padding": "SAME", "rhs_dilation": [0]})
transpose_case("pads-wrong-count", 2, [1, 3, 3, 1], [3, 3, 1, 1], {"strides": [2, 2], "padding": [(1, 1)]})
forward_case("groups", 2, [1, 4, 5, 5], [6, 2, 3, 3], {"window_strides": [1, 1], "padding": "SAME", "feature_group_count": 2})
forward_case("groups-bad", 2, [1, 4, 5, 5], [6, 3, 3, 3], {"window_strides": [1, 1], "padding": "SAME", "feature_group_count": 2})
forward_case("groups-out-bad", 2, [1, 4, 5, 5], [5, 2, 3, 3], {"window_strides": [1, 1], "padding": "SAME", "feature_group_count": 2})
forward_case("negative-pad", 1, [1, 1, 6], [1, 1, 3], {"window_strides": [1], "padding": [(-1, -1)]})
forward_case("too-negative-pad", 1, [1, 1, 3], [1, 1, 3], {"window_strides": [1], "padding": [(-2, -2)]})
forward_case("kernel-larger", 1, [1, 1, 2], [1, 1, 5], {"window_strides": [1], "padding": "VALID"})
forward_case("same-lower", 1, [1, 1, 6], [1, 1, 4], {"window_strides": [1], "padding": "SAME_LOWER"})
forward_case("nhwc", 2, [1, 5, 5, 2], [3, 3, 2, 4], {"window_strides": [2, 2], "padding": "SAME",
                                                      "dimension_numbers": ["NHWC", "HWIO", "NHWC"]})
forward_case("stride-zero", 1, [1, 1, 6], [1, 1, 3], {"window_strides": [0], "padding": "VALID"})
forward_case("input-zero", 1, [1, 1, 0], [1, 1, 1], {"window_strides": [1], "padding": "VALID"})

# --- random grids -------------------------------------------------------------------------
for index in range(240):
    rank = rng.choice([1, 1, 2, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 12 == 0)
    cin, cout = rng.choice([1, 2, 3]), rng.choice([1, 2, 4])
    channels_first = rng.random() < 0.2
    tk = rng.random() < 0.4
    kind = rng.choice(["SAME", "VALID", "explicit", "explicit"])
    params = {"strides": list(g.stride)}
    if kind == "explicit":
        consistent = rng.random() < 0.5
        params["padding"] = [(rng.choice([0, 1, 2, 3]), rng.choice([0, 1, 2, 3])) for _ in range(rank)]
        if consistent:
            params["use_consistent_padding"] = True
    else:
        params["padding"] = kind
    if g.dilation != [1] * rank:
        params["rhs_dilation"] = list(g.dilation)
    if tk:
        params["transpose_kernel"] = True
    if channels_first:
        dn = CHANNELS_FIRST_DN[rank]
        params["dimension_numbers"] = list(dn)
        x = [1, cin] + g.size_in
        w = ([cin, cout] if tk else [cout, cin]) + g.kernel  # OIHW: with transpose_kernel, O is the input
    else:
        x = [1] + g.size_in + [cin]
        w = g.kernel + ([cout, cin] if tk else [cin, cout])
    if rng.random() < 0.05:
        w[-1] += 1
    transpose_case(f"transpose-{kind}-{rank}d", rank, x, w, params)

for index in range(90):
    rank = rng.choice([1, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 10 == 0)
    groups = rng.choice([1, 1, 2])
    cin, cout = groups * rng.choice([1, 2]), groups * rng.choice([1, 2])
    kind = rng.choice(["SAME", "VALID", "SAME_LOWER", "explicit"])
    params = {"window_strides": list(g.stride)}
    params["padding"] = [(p, rng.choice([0, 1, -1])) for p in g.padding] if kind == "explicit" else kind
    if g.dilation != [1] * rank:
        params["rhs_dilation"] = list(g.dilation)
    if groups > 1:
        params["feature_group_count"] = groups
    forward_case(f"conv-{kind}-{rank}d", rank, [1, cin] + g.size_in, [cout, cin // groups] + g.kernel, params)

fx.write()
