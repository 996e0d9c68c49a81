"""Golden fixtures from ONNX Runtime (CPU): one-node ConvTranspose / Conv models (opset 22) with every
attribute form: auto_pad NOTSET/SAME_UPPER/SAME_LOWER/VALID, pads, output_padding, output_shape, kernel_shape,
dilations, group. The model is checked with onnx.checker and run on zeros; shapes and accept/reject."""

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper

from common import Fixtures, Geometry, rng_for

OPSET = 22
fx = Fixtures("onnx", {"onnx": onnx.__version__, "onnxruntime": ort.__version__, "opset": OPSET})
rng = rng_for("onnx")
ort.set_default_logger_severity(4)


def case(case_id, op, rank, input_shape, weight_shape, attrs):
    request = {"framework": "onnx", "op": op, "rank": rank, "api": "ConvTranspose" if op == "conv_transpose" else "Conv",
               "input_shape": input_shape, "weight_shape": weight_shape, "params": attrs}

    def call():
        node = helper.make_node("ConvTranspose" if op == "conv_transpose" else "Conv", ["X", "W"], ["Y"], **attrs)
        graph = helper.make_graph(
            [node], "g",
            [helper.make_tensor_value_info("X", TensorProto.FLOAT, input_shape),
             helper.make_tensor_value_info("W", TensorProto.FLOAT, weight_shape)],
            [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
        model.ir_version = 10
        options = ort.SessionOptions()
        options.log_severity_level = 4
        session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
        (y,) = session.run(None, {"X": np.zeros(input_shape, np.float32), "W": np.zeros(weight_shape, np.float32)})
        return y.shape

    fx.run(case_id, request, call)


# --- classics and the backend node tests ----------------------------------------------------------
case("caffe-28-to-56", "conv_transpose", 2, [1, 8, 28, 28], [8, 8, 4, 4], {"strides": [2, 2], "pads": [1, 1, 1, 1]})
for auto_pad in ("SAME_UPPER", "SAME_LOWER", "VALID", "NOTSET"):
    case(f"reference-{auto_pad}", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"strides": [2], "auto_pad": auto_pad})
for size in (4, 5, 6, 7, 8, 9, 12):
    case(f"reference-output-shape-{size}", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"strides": [2], "output_shape": [size]})
    case(f"reference-output-shape-upper-{size}", "conv_transpose", 1, [1, 1, 3], [1, 1, 3],
         {"strides": [2], "output_shape": [size], "auto_pad": "SAME_UPPER"})
case("k-lt-s-same-upper", "conv_transpose", 1, [1, 1, 3], [1, 1, 2], {"strides": [3], "auto_pad": "SAME_UPPER"})
case("k-lt-s-same-lower", "conv_transpose", 1, [1, 1, 3], [1, 1, 2], {"strides": [3], "auto_pad": "SAME_LOWER"})
case("test_convtranspose", "conv_transpose", 2, [1, 1, 3, 3], [1, 2, 3, 3], {})
case("test_convtranspose_1d", "conv_transpose", 1, [1, 1, 5], [1, 2, 3], {})
case("test_convtranspose_3d", "conv_transpose", 3, [1, 1, 3, 4, 5], [1, 2, 3, 3, 3], {})
case("test_convtranspose_output_shape", "conv_transpose", 2, [1, 1, 3, 3], [1, 2, 3, 3], {"strides": [3, 2], "output_shape": [10, 8]})
case("test_convtranspose_pad", "conv_transpose", 2, [1, 1, 3, 3], [1, 2, 3, 3], {"strides": [3, 2], "output_padding": [1, 1]})
case("test_convtranspose_kernel_shape", "conv_transpose", 2, [1, 1, 3, 3], [1, 2, 3, 3],
     {"strides": [3, 2], "output_shape": [10, 8], "kernel_shape": [3, 3], "output_padding": [1, 1]})
case("test_convtranspose_pads", "conv_transpose", 2, [1, 1, 3, 3], [1, 2, 3, 3], {"strides": [3, 2], "pads": [1, 2, 1, 2]})
case("test_convtranspose_dilations", "conv_transpose", 2, [1, 1, 3, 3], [1, 1, 2, 2], {"dilations": [2, 2]})
case("test_convtranspose_autopad_same", "conv_transpose", 2, [1, 1, 3, 3], [1, 2, 3, 3], {"strides": [2, 2], "auto_pad": "SAME_UPPER"})
case("test_convtranspose_group_2", "conv_transpose", 2, [1, 2, 3, 3], [2, 1, 3, 3], {"group": 2})
case("opad-too-big", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"strides": [2], "output_padding": [2]})
case("opad-dilation", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"strides": [1], "dilations": [2], "output_padding": [1]})
case("opad-same-upper", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"strides": [2], "auto_pad": "SAME_UPPER", "output_padding": [1]})
case("pads-and-auto-pad", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"strides": [2], "auto_pad": "SAME_UPPER", "pads": [1, 1]})
case("pads-negative", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"strides": [2], "pads": [-1, 0]})
case("pads-wrong-length", "conv_transpose", 2, [1, 1, 3, 3], [1, 1, 3, 3], {"pads": [1, 1]})
case("strides-wrong-length", "conv_transpose", 2, [1, 1, 3, 3], [1, 1, 3, 3], {"strides": [2]})
case("stride-zero", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"strides": [0]})
case("dilation-zero", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"dilations": [0]})
case("kernel-shape-mismatch", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"kernel_shape": [2]})
case("group-mismatch", "conv_transpose", 2, [1, 3, 3, 3], [3, 1, 3, 3], {"group": 2})
case("channel-mismatch", "conv_transpose", 2, [1, 3, 3, 3], [2, 1, 3, 3], {})
case("output-negative", "conv_transpose", 1, [1, 1, 1], [1, 1, 1], {"pads": [1, 1]})
case("output-zero", "conv_transpose", 1, [1, 1, 1], [1, 1, 2], {"pads": [1, 1]})
case("input-zero", "conv_transpose", 1, [1, 1, 0], [1, 1, 3], {"strides": [2]})
case("output-shape-smaller-than-input", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"strides": [2], "output_shape": [2]})
case("output-shape-with-batch", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"strides": [2], "output_shape": [1, 1, 6]})
case("bad-auto-pad", "conv_transpose", 1, [1, 1, 3], [1, 1, 3], {"auto_pad": "SAME"})
for size in range(22, 29):
    case(f"conv-k3-s7-same-{size}", "conv", 2, [1, 1, size, size], [1, 1, 3, 3], {"strides": [7, 7], "auto_pad": "SAME_UPPER"})
for dilation in (1, 2):
    case(f"conv1d-8820-dilation{dilation}", "conv", 1, [1, 16, 8820], [16, 16, 3], {"dilations": [dilation]})
case("conv-same-lower", "conv", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"strides": [2, 2], "auto_pad": "SAME_LOWER"})
case("conv-same-dilated", "conv", 1, [1, 1, 6], [1, 1, 3], {"dilations": [2], "auto_pad": "SAME_UPPER"})
case("conv-kernel-larger", "conv", 2, [1, 1, 2, 2], [1, 1, 3, 3], {})
case("conv-asymmetric-pads", "conv", 2, [1, 1, 5, 5], [1, 1, 3, 3], {"strides": [2, 2], "pads": [1, 0, 1, 0]})
case("conv-groups", "conv", 2, [1, 4, 5, 5], [6, 2, 3, 3], {"group": 2})
case("conv-groups-bad", "conv", 2, [1, 4, 5, 5], [6, 3, 3, 3], {"group": 2})
case("conv-depthwise", "conv", 2, [1, 4, 5, 5], [4, 1, 3, 3], {"group": 4})
case("conv-input-zero", "conv", 1, [1, 1, 0], [1, 1, 1], {})

# --- random grids -------------------------------------------------------------------------
for index in range(250):
    rank = rng.choice([1, 1, 2, 2, 2, 3])
    g = Geometry(rng, rank, degenerate=index % 12 == 0)
    groups = rng.choice([1, 1, 1, 2])
    cin, cout = groups * rng.choice([1, 2]), groups * rng.choice([1, 2])
    attrs = {"strides": list(g.stride)}
    if g.dilation != [1] * rank:
        attrs["dilations"] = list(g.dilation)
    if groups > 1:
        attrs["group"] = groups
    if rng.random() < 0.3:
        attrs["kernel_shape"] = list(g.kernel)
    kind = rng.choice(["pads", "pads", "SAME_UPPER", "SAME_LOWER", "VALID", "output_shape", "output_shape"])
    if kind == "pads":
        attrs["pads"] = list(g.padding) + [rng.choice([0, 1, 2]) for _ in range(rank)]
    elif kind == "output_shape":
        base = [(n - 1) * s + d * (k - 1) + 1 for n, s, d, k in zip(g.size_in, g.stride, g.dilation, g.kernel)]
        attrs["output_shape"] = [max(0, b + rng.randint(-3, 2)) for b in base]
        if rng.random() < 0.3:
            attrs["auto_pad"] = rng.choice(["SAME_UPPER", "SAME_LOWER"])
    else:
        attrs["auto_pad"] = kind
    if rng.random() < 0.5:
        limit = [max(s, d) for s, d in zip(g.stride, g.dilation)]
        attrs["output_padding"] = [rng.randint(0, l) if rng.random() < 0.2 else rng.randint(0, l - 1) for l in limit]
    op = "conv_transpose" if index % 4 else "conv"
    if op == "conv":
        attrs.pop("output_padding", None)
        attrs.pop("output_shape", None)
        if "auto_pad" not in attrs and "pads" not in attrs:
            attrs["pads"] = list(g.padding) * 2
        weight = [cout, cin // groups] + g.kernel
    else:
        weight = [cin, cout // groups] + g.kernel
    case(f"{op}-{kind}-{rank}d", op, rank, [1, cin] + g.size_in, weight, attrs)

fx.write()
