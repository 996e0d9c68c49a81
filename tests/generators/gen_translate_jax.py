"""Pasted jax.lax texts and what JAX does with them → tests/fixtures/translate/jax.jsonl.

Run in ../venvs/jaxonnx from the repository root: `python tests/generators/gen_translate_jax.py`.
Imports in scope: `import jax`, `import jax.numpy as jnp`, `from jax import lax`, `import numpy as np`.
A text's `x` / `lhs` and `w` / `rhs` / `kernel` are `jnp.zeros` of `input_shape` / `weight_shape`;
the call runs (CPU), so XLA's own checks fire."""

import os

os.environ["JAX_PLATFORMS"] = "cpu"

import jax  # noqa: E402
import jax.numpy as jnp  # noqa: E402
import numpy as np  # noqa: E402
from jax import lax  # noqa: E402

from translate_common import Texts, execute, fmt, load_signatures, render_call, rng_for, sig_of  # noqa: E402

NAMESPACE = {"jax": jax, "jnp": jnp, "lax": lax, "np": np}
fx = Texts("jax", {"jax": jax.__version__, "jaxlib": jax.lib.__version__ if hasattr(jax.lib, "__version__") else jax.__version__})


def run(case):
    make_input = lambda: jnp.zeros(case["input_shape"], jnp.float32)
    make_weight = (lambda: jnp.zeros(case["weight_shape"], jnp.float32)) if "weight_shape" in case else None
    value, _, _ = execute(case["text"], NAMESPACE, make_input, make_weight)
    if isinstance(value, tuple) and all(isinstance(v, int) for v in value):
        return list(value)  # print(y.shape)
    if not hasattr(value, "shape"):
        raise TypeError(f"the text gives a {type(value).__name__}, not an array")
    jax.block_until_ready(value)
    return [int(v) for v in value.shape]


def add(case_id, text, input_shape, weight_shape):
    fx.add(case_id, text, input_shape, run, weight_shape=weight_shape)


def hand():
    nhwc = "('NHWC', 'HWIO', 'NHWC')"
    add("vision-caffe-port", f"y = lax.conv_transpose(x, w, strides=(2, 2), padding='SAME', dimension_numbers={nhwc})", [1, 28, 28, 512], [4, 4, 512, 256])
    add("vision-caffe-port-explicit", f"lax.conv_transpose(x, w, (2, 2), ((2, 2), (2, 2)), dimension_numbers={nhwc})", [1, 28, 28, 512], [4, 4, 512, 256])
    add("default-dimension-numbers", "lax.conv_transpose(lhs, rhs, strides=(2, 2), padding='VALID')", [1, 8, 8, 3], [3, 3, 3, 16])
    add("nchw-oihw", "lax.conv_transpose(x, w, strides=(2, 2), padding='SAME', dimension_numbers=('NCHW', 'OIHW', 'NCHW'))", [1, 3, 8, 8], [16, 3, 3, 3])
    add("transpose-kernel", "lax.conv_transpose(x, w, (2, 2), 'SAME', dimension_numbers=('NCHW', 'OIHW', 'NCHW'), transpose_kernel=True)", [1, 3, 8, 8], [3, 16, 3, 3])
    add("rhs-dilation", "lax.conv_transpose(x, w, strides=(1, 1), padding='VALID', rhs_dilation=(2, 2), dimension_numbers=('NHWC', 'HWIO', 'NHWC'))", [1, 6, 6, 2], [3, 3, 2, 4])
    add("1d", "lax.conv_transpose(x, w, strides=(4,), padding='SAME', dimension_numbers=('NWC', 'WIO', 'NWC'))", [2, 10, 3], [8, 3, 5])
    add("3d", "lax.conv_transpose(x, w, strides=(2, 2, 2), padding='SAME', dimension_numbers=('NDHWC', 'DHWIO', 'NDHWC'))", [1, 4, 4, 4, 2], [3, 3, 3, 2, 4])
    add("padding-lower", "lax.conv_transpose(x, w, strides=(2, 2), padding='same', dimension_numbers=('NHWC', 'HWIO', 'NHWC'))", [1, 5, 5, 1], [4, 4, 1, 1])
    add("padding-same-lower", "lax.conv_transpose(x, w, strides=(2, 2), padding='SAME_LOWER', dimension_numbers=('NHWC', 'HWIO', 'NHWC'))", [1, 5, 5, 1], [4, 4, 1, 1])
    add("flax-style-messy", "y = lax.conv_transpose(\n    x,\n    kernel,          # (kh, kw, in, out)\n    strides=(2, 2),\n"
        "    padding=[(1, 2), (1, 2)],\n    dimension_numbers=('NHWC', 'HWIO', 'NHWC'),\n)", [1, 7, 7, 8], [3, 3, 8, 4])
    add("arith", "s = 2\nk = 4\np = k - 1 - 1\nlax.conv_transpose(x, w, (s, s), [(p, p), (p, p)], dimension_numbers=('NHWC', 'HWIO', 'NHWC'))", [1, 28, 28, 4], [4, 4, 4, 2])
    add("jax-prefix", "jax.lax.conv_transpose(x, w, strides=[2, 2], padding='SAME', dimension_numbers=('NHWC', 'HWIO', 'NHWC'))", [1, 3, 3, 1], [3, 3, 1, 1])
    add("conv-general-dilated", "lax.conv_general_dilated(x, w, window_strides=(2, 2), padding='SAME', dimension_numbers=('NHWC', 'HWIO', 'NHWC'))", [1, 15, 15, 3], [3, 3, 3, 8])
    add("conv-general-lhs-dilation", "lax.conv_general_dilated(lhs, rhs, (1, 1), ((2, 2), (2, 2)), lhs_dilation=(2, 2))", [1, 3, 5, 5], [4, 3, 3, 3])
    add("conv-general-groups", "lax.conv_general_dilated(x, w, (1, 1), 'VALID', feature_group_count=2)", [1, 4, 6, 6], [8, 2, 3, 3])
    add("conv", "lax.conv(x, w, (2, 2), 'SAME')", [1, 3, 9, 9], [8, 3, 3, 3])
    add("conv-with-general-padding", "lax.conv_with_general_padding(x, w, (1, 1), ((1, 1), (1, 1)), (1, 1), (2, 2))", [1, 3, 9, 9], [8, 3, 3, 3])
    add("docs-print", "out = lax.conv_general_dilated(x, w, (1, 1), 'SAME', (1, 1), (1, 1), ('NCHW', 'OIHW', 'NCHW'))\nprint(out.shape)", [1, 1, 5, 5], [1, 1, 3, 3])
    add("err-misspelled", "lax.conv_transpose(x, w, strdes=(2, 2), padding='SAME')", [1, 8, 8, 3], [3, 3, 3, 16])
    add("err-missing-padding", "lax.conv_transpose(x, w, strides=(2, 2))", [1, 8, 8, 3], [3, 3, 3, 16])
    add("err-strides-int", "lax.conv_transpose(x, w, strides=2, padding='SAME')", [1, 8, 8, 3], [3, 3, 3, 16])
    add("err-strides-length", "lax.conv_transpose(x, w, strides=(2, 2, 2), padding='SAME')", [1, 8, 8, 3], [3, 3, 3, 16])
    add("err-channels", "lax.conv_transpose(x, w, strides=(2, 2), padding='SAME', dimension_numbers=('NHWC', 'HWIO', 'NHWC'))", [1, 8, 8, 3], [3, 3, 4, 16])
    add("err-padding-full", "lax.conv_transpose(x, w, strides=(2, 2), padding='FULL')", [1, 8, 8, 3], [3, 3, 3, 16])
    add("err-output-padding-kw", "lax.conv_transpose(x, w, strides=(2, 2), padding='SAME', output_padding=(1, 1))", [1, 8, 8, 3], [3, 3, 3, 16])
    add("err-dimension-numbers-bad", "lax.conv_transpose(x, w, (2, 2), 'SAME', dimension_numbers=('NHWC', 'HWIO'))", [1, 8, 8, 3], [3, 3, 3, 16])
    add("err-negative-size", "lax.conv_transpose(x, w, (1, 1), ((-3, -3), (-3, -3)), dimension_numbers=('NHWC', 'HWIO', 'NHWC'))", [1, 2, 2, 1], [1, 1, 1, 1])


SIG = load_signatures()
LAYOUTS = {1: [("NWC", "WIO", "NWC"), ("NCW", "OIW", "NCW"), ("NCH", "OIH", "NCH")],
           2: [("NHWC", "HWIO", "NHWC"), ("NCHW", "OIHW", "NCHW"), ("NHWC", "OIHW", "NHWC")],
           3: [("NDHWC", "DHWIO", "NDHWC"), ("NCDHW", "OIDHW", "NCDHW")]}


def arrange(spec, sizes, named):
    """A shape in the order a dimension-number string gives (N/C or O/I and the spatial letters)."""
    spatial = iter(sizes)
    return [named[c] if c in named else next(spatial) for c in spec]


def sampled(count=300):
    rng = rng_for("jax")
    for index in range(count):
        rank = rng.choice([1, 2, 2, 3])
        api = rng.choice(["jax.lax.conv_transpose"] * 3 + ["jax.lax.conv_general_dilated", "jax.lax.conv"])
        lhs_spec, rhs_spec, out_spec = rng.choice(LAYOUTS[rank]) if api != "jax.lax.conv" else LAYOUTS[rank][1]
        k = [rng.choice([1, 2, 3, 4])] * rank if rng.random() < 0.6 else [rng.choice([1, 2, 3, 4]) for _ in range(rank)]
        s = [rng.choice([1, 2, 2, 3])] * rank
        size = [rng.choice([1, 2, 3, 5, 8])] * rank if rng.random() < 0.6 else [rng.choice([2, 3, 4, 6]) for _ in range(rank)]
        cin, cout = rng.choice([1, 2, 3]), rng.choice([1, 2, 4])
        x = arrange(lhs_spec, size, {"N": rng.choice([1, 2]), "C": cin})
        transpose_kernel = api == "jax.lax.conv_transpose" and rng.random() < 0.3
        w = arrange(rhs_spec, k, {"O": cin if transpose_kernel else cout, "I": cout if transpose_kernel else cin})
        padding = rng.choice(["SAME", "VALID", "SAME", "explicit"])
        if padding == "explicit":  # per-axis (low, high) pairs, as a list or a tuple of tuples
            inner = ", ".join(f"({rng.randint(0, 3)}, {rng.randint(0, 3)})" for _ in range(rank))
            pad_text = f"[{inner}]" if rng.random() < 0.5 else f"({inner}{',' if rank == 1 else ''})"
        else:
            pad_text = fmt(padding, rng)
        strides_name = "strides" if api == "jax.lax.conv_transpose" else "window_strides"
        args = [("lhs", "x"), ("rhs", "w"), (strides_name, fmt(s, rng, "tuple")), ("padding", pad_text)]
        # Left out only where it is the default: TensorFlow's layout for conv_transpose, NCHW/OIHW for the rest.
        default = LAYOUTS[rank][0] if api == "jax.lax.conv_transpose" else LAYOUTS[rank][1]
        if api != "jax.lax.conv" and ((lhs_spec, rhs_spec, out_spec) != default or rng.random() < 0.7):
            dn = f"({fmt(lhs_spec, rng)}, {fmt(rhs_spec, rng)}, {fmt(out_spec, rng)})"
            args.append(("dimension_numbers", dn))
        if api != "jax.lax.conv" and rng.random() < 0.15 and max(s) == 1:
            args.append(("rhs_dilation", fmt([rng.choice([1, 2])] * rank, rng, "tuple")))
        if transpose_kernel:
            args.append(("transpose_kernel", "True"))
        if rng.random() < 0.03:
            args.append((rng.choice(["stride", "dilation", "output_padding"]), "1"))
        sig = sig_of(SIG, "jax", api)
        order = [q["name"] for q in sig]
        args.sort(key=lambda item: order.index(item[0]) if item[0] in order else len(order))
        callee = rng.choice(["lax.", "lax.", "jax.lax."]) + api.rsplit(".", 1)[1]
        call = render_call(rng, callee, args, sig)
        add(f"sampled-{index:03d}", rng.choice([call, f"y = {call}", f"out = {call}"]), x, w)


hand()
sampled()
fx.write()
