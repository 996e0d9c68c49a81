"""ONNX requests as the operator spec, its backend tests and exported models write them ->
tests/fixtures/onnx_docs.jsonl: every auto_pad with and without pads / output_shape / output_padding,
missing strides and dilations, kernel_shape (matching, contradicting, zero), output_shape with N and C,
negative pads, group; each with the model's shapes declared (ONNX shape inference runs) and not
declared (`"shape_inference": false`: only ONNX Runtime's kernel checks run). Run in ONNX Runtime; where
the ONNX reference evaluator disagrees, the line carries its outcome as "reference"."""

from common import Fixtures
from onnx_common import VERSIONS, add, request

fx = Fixtures("onnx_docs", VERSIONS)


def both(case_id, op, rank, x, w, attrs):
    add(fx, case_id, request(op, rank, x, w, attrs))
    add(fx, case_id + "-undeclared", request(op, rank, x, w, dict(attrs, shape_inference=False)))


SP = {1: [5], 2: [4, 5], 3: [3, 4, 3]}
K = {1: [3], 2: [3, 2], 3: [2, 3, 2]}
S = {1: [2], 2: [2, 3], 3: [1, 2, 2]}

# --- auto_pad x pads / output_shape / output_padding, every rank ------------------------------
for rank in (1, 2, 3):
    x, wt, wf = [1, 2] + SP[rank], [2, 3] + K[rank], [3, 2] + K[rank]
    full = [(n - 1) * s + k for n, s, k in zip(SP[rank], S[rank], K[rank])]
    for auto_pad in (None, "NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER"):
        extras = [{}, {"pads": [1] * (2 * rank)}, {"pads": [0, 1] * rank}, {"output_shape": full},
                  {"output_shape": [f - 1 for f in full]}, {"output_shape": [f + 1 for f in full]},
                  {"output_shape": [1, 3] + full}, {"output_padding": [1] * rank},
                  {"output_padding": [1] * rank, "pads": [1] * (2 * rank)},
                  {"output_padding": [1] * rank, "output_shape": full}]
        for i, extra in enumerate(extras):
            attrs = dict({"strides": S[rank]}, **extra)
            if auto_pad:
                attrs["auto_pad"] = auto_pad
            both(f"ct-{rank}d-{auto_pad}-{i}", "conv_transpose", rank, x, wt, attrs)
            if "output_shape" not in extra and "output_padding" not in extra:
                both(f"conv-{rank}d-{auto_pad}-{i}", "conv", rank, x, wf, attrs)
    for attrs in ({}, {"dilations": [2] * rank}, {"strides": S[rank], "dilations": [2] * rank, "auto_pad": "SAME_UPPER"},
                  {"dilations": [2] * rank, "auto_pad": "SAME_LOWER"}, {"kernel_shape": K[rank]}, {"group": 1}):
        both(f"ct-{rank}d-defaults-{sorted(attrs)}", "conv_transpose", rank, x, wt, attrs)
        both(f"conv-{rank}d-defaults-{sorted(attrs)}", "conv", rank, x, wf, attrs)

# --- negative pads (a crop in the kernel; shape inference refuses them) -----------------------
for pads in ([-1, 0], [0, -1], [-1, -1], [-2, 1], [-4, -4], [-5, -5], [-6, -6], [1, -3], [-9, 0]):
    both(f"ct-negative-pads-{pads}", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"strides": [2], "pads": pads})
    both(f"conv-negative-pads-{pads}", "conv", 1, [1, 1, 6], [1, 1, 3], {"pads": pads})
    both(f"conv-negative-pads-s2-{pads}", "conv", 1, [1, 1, 6], [1, 1, 3], {"strides": [2], "pads": pads})
both("ct-negative-pads-2d", "conv_transpose", 2, [1, 2, 3, 4], [2, 1, 3, 3], {"strides": [2, 2], "pads": [-1, 0, 1, -2]})
both("conv-negative-pads-2d", "conv", 2, [1, 2, 6, 5], [1, 2, 3, 3], {"pads": [-1, 0, 1, -2]})
both("ct-negative-pads-output-padding", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"strides": [2], "pads": [-1, 0], "output_padding": [1]})

# --- output_shape with N and C, and other lengths --------------------------------------------
for out in ([6], [1, 1, 6], [1, 1, 7], [5, 5, 7], [0, 0, 6], [1, 6], [1, 1, 1, 6], [], [8], [9], [5], [4], [0], [-1],
            [1, 1, 0], [1, 1, 9], [1, 1, -1]):
    for auto_pad in (None, "SAME_UPPER", "SAME_LOWER", "VALID"):
        attrs = {"strides": [2], "output_shape": out}
        if auto_pad:
            attrs["auto_pad"] = auto_pad
        both(f"output-shape-{out}-{auto_pad}", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], attrs)
for out in ([7, 8], [1, 2, 7, 8], [3, 4, 7, 8], [1, 2, 7], [1, 2, 3, 7, 8]):
    both(f"output-shape-2d-{out}", "conv_transpose", 2, [1, 1, 3, 4], [1, 2, 3, 3], {"strides": [2, 2], "output_shape": out})

# --- kernel_shape: matching, contradicting, zero, wrong length ------------------------------
for ks in ([3], [2], [4], [0], [-1], [3, 3], [], [1]):
    both(f"ct-kernel-shape-{ks}", "conv_transpose", 1, [1, 1, 4], [1, 1, 3], {"strides": [2], "kernel_shape": ks})
    both(f"conv-kernel-shape-{ks}", "conv", 1, [1, 1, 6], [1, 1, 3], {"kernel_shape": ks})
both("ct-weight-kernel-zero", "conv_transpose", 1, [1, 1, 4], [1, 1, 0], {"strides": [2]})
both("conv-weight-kernel-zero", "conv", 1, [1, 1, 4], [1, 1, 0], {})
both("ct-kernel-shape-2d-swapped", "conv_transpose", 2, [1, 1, 4, 4], [1, 1, 3, 2], {"kernel_shape": [2, 3]})

# --- strides / dilations: missing, wrong length, zero, negative -------------------------------
for name in ("strides", "dilations"):
    for value in ([1], [2], [0], [-1], [2, 2], [], None):
        attrs = {} if value is None else {name: value}
        both(f"ct-{name}-{value}", "conv_transpose", 1, [1, 1, 4], [1, 1, 3], attrs)
        both(f"conv-{name}-{value}", "conv", 1, [1, 1, 6], [1, 1, 3], attrs)
for value in ([1], [2], [-1], [3], [1, 1], [2, 0]):
    both(f"ct-output-padding-{value}", "conv_transpose", 1, [1, 1, 4], [1, 1, 3], {"strides": [2], "output_padding": value})
    both(f"ct-output-padding-dil-{value}", "conv_transpose", 1, [1, 1, 4], [1, 1, 3], {"dilations": [3], "output_padding": value})
for pads in ([1], [1, 1, 1], [1, 1], []):
    both(f"ct-pads-length-{len(pads)}", "conv_transpose", 1, [1, 1, 4], [1, 1, 3], {"pads": pads})
    both(f"conv-pads-length-{len(pads)}", "conv", 1, [1, 1, 6], [1, 1, 3], {"pads": pads})
for auto_pad in ("SAME", "same_upper", "valid", "NOTSET", ""):
    both(f"auto-pad-{auto_pad}", "conv_transpose", 1, [1, 1, 4], [1, 1, 3], {"auto_pad": auto_pad, "strides": [2]})
    both(f"conv-auto-pad-{auto_pad}", "conv", 1, [1, 1, 6], [1, 1, 3], {"auto_pad": auto_pad, "strides": [2]})

# --- group ------------------------------------------------------------------------------------
for group, cin, wshape in ((1, 4, [4, 3, 3]), (2, 4, [4, 3, 3]), (4, 4, [4, 1, 3]), (3, 4, [4, 1, 3]), (2, 4, [3, 2, 3]),
                           (0, 4, [4, 3, 3]), (-1, 4, [4, 3, 3]), (8, 4, [4, 1, 3])):
    both(f"ct-group-{group}-{wshape}", "conv_transpose", 1, [1, cin, 5], wshape, {"group": group, "strides": [2]})
for group, cin, wshape in ((1, 4, [6, 4, 3]), (2, 4, [6, 2, 3]), (4, 4, [4, 1, 3]), (2, 4, [5, 2, 3]), (3, 4, [6, 1, 3]),
                           (2, 4, [6, 4, 3]), (0, 4, [6, 4, 3])):
    both(f"conv-group-{group}-{wshape}", "conv", 1, [1, cin, 5], wshape, {"group": group})

# --- channel and shape mismatches, unbatched, empty ---------------------------------------------
both("ct-channel-mismatch", "conv_transpose", 1, [1, 3, 4], [2, 1, 3], {})
both("conv-channel-mismatch", "conv", 1, [1, 3, 6], [1, 2, 3], {})
both("ct-unbatched", "conv_transpose", 1, [1, 4], [1, 1, 3], {})
both("conv-unbatched", "conv", 1, [1, 6], [1, 1, 3], {})
both("ct-input-zero", "conv_transpose", 1, [1, 1, 0], [1, 1, 3], {"strides": [2]})
both("ct-batch-zero", "conv_transpose", 1, [0, 1, 4], [1, 1, 3], {"strides": [2]})
both("conv-batch-zero", "conv", 1, [0, 1, 6], [1, 1, 3], {})
both("conv-input-smaller", "conv", 1, [1, 1, 2], [1, 1, 3], {})
both("conv-input-zero", "conv", 1, [1, 1, 0], [1, 1, 3], {"pads": [2, 2]})
both("ct-output-zero", "conv_transpose", 1, [1, 1, 1], [1, 1, 2], {"pads": [1, 1]})
both("ct-output-negative", "conv_transpose", 1, [1, 1, 1], [1, 1, 1], {"pads": [1, 1]})

fx.write()
