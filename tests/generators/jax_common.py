"""Shared by gen_jax_docs.py and gen_jax_sampled.py: one jax.lax call per request, executed on CPU.

A request names the entry point in `api` (jax.lax.conv_transpose, conv_general_dilated, conv,
conv_with_general_padding) and passes `params` as keywords. JSON lists become tuples; a
`dimension_numbers` written as an object (lhs_spec/rhs_spec/out_spec) or as three lists of ints is a
`lax.ConvDimensionNumbers`, three strings stay the tuple-of-strings form.
"""

import os

os.environ.setdefault("JAX_PLATFORMS", "cpu")

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
from jax import lax  # noqa: E402

VERSIONS = {"jax": jax.__version__, "jaxlib": getattr(jax.lib, "__version__", jax.__version__)}
OP = {"conv_transpose": "conv_transpose", "conv_general_dilated": "conv", "conv": "conv",
      "conv_with_general_padding": "conv"}


def as_arg(name, value):
    if name == "dimension_numbers":
        if isinstance(value, dict):
            return lax.ConvDimensionNumbers(**{k: tuple(v) for k, v in value.items()})
        if isinstance(value, list) and value and all(isinstance(v, list) for v in value):
            return lax.ConvDimensionNumbers(*[tuple(v) for v in value])
    if isinstance(value, list):
        return tuple(as_arg("", v) for v in value)
    return value


def request(api, rank, input_shape, weight_shape, params, layout=None):
    req = {"framework": "jax", "op": OP[api], "rank": rank, "api": f"jax.lax.{api}",
           "input_shape": list(input_shape), "weight_shape": list(weight_shape), "params": params}
    if layout is not None:
        req["layout"] = layout
    return req


def call(req, x=None, w=None):
    fn = getattr(lax, req["api"].split(".")[-1])
    kwargs = {k: as_arg(k, v) for k, v in req["params"].items()}
    x = jnp.zeros(req["input_shape"]) if x is None else x
    w = jnp.zeros(req["weight_shape"]) if w is None else w
    y = fn(x, w, **kwargs)
    jax.block_until_ready(y)
    return y


def add(fx, case_id, req):
    fx.run(case_id, req, lambda: call(req).shape)


def place(canonical, perm):
    """A shape in a layout: canonical = (N or O, C or I, spatial...), perm = the spec (axis of each)."""
    shape = [0] * len(perm)
    for role, axis in enumerate(perm):
        shape[axis] = canonical[role]
    return shape


def perm_of(spec, pair, rhs_spec):
    """conv_general_permutations for one string."""
    spatial_order = [c for c in rhs_spec if c not in "OI"]
    return [spec.index(pair[0]), spec.index(pair[1])] + [spec.index(c) for c in spatial_order]
