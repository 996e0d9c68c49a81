"""Shared by gen_onnx_docs.py and gen_onnx_sampled.py: a one-node ConvTranspose / Conv model (opset 22)
run in ONNX Runtime's CPU provider, and the same model in the ONNX reference evaluator.

`params` are the node's attributes, plus `shape_inference` (not an attribute): true (the default)
declares X's and W's shapes in the graph, as exported models do, so ONNX shape inference checks the
node when the session is created; false declares no shapes, so only the ORT kernel's own checks run
(this is where ORT is lenient: negative pads crop, output_shape may carry N and C).
The case line gets "reference": the reference evaluator's outcome, when it differs from ORT's."""

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper
from onnx.reference import ReferenceEvaluator

from common import error_text

OPSET = 22
VERSIONS = {"onnx": onnx.__version__, "onnxruntime": ort.__version__, "opset": OPSET}
ort.set_default_logger_severity(4)


def request(op, rank, input_shape, weight_shape, attrs):
    return {"framework": "onnx", "op": op, "rank": rank, "api": "ConvTranspose" if op == "conv_transpose" else "Conv",
            "input_shape": list(input_shape), "weight_shape": list(weight_shape), "params": attrs}


def model(req, bias=False):
    attrs = dict(req["params"])
    declared = attrs.pop("shape_inference", True)
    op = "ConvTranspose" if req["op"] == "conv_transpose" else "Conv"
    names = ["X", "W", "B"] if bias else ["X", "W"]
    node = helper.make_node(op, names, ["Y"], **attrs)
    group = attrs.get("group", 1)
    w = req["weight_shape"]
    out_channels = (w[1] * group if op == "ConvTranspose" else w[0]) if len(w) > 1 else 1
    shapes = {"X": req["input_shape"], "W": w, "B": [out_channels]}
    inputs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, shapes[n] if declared else None) for n in names]
    graph = helper.make_graph([node], "g", inputs, [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)])
    m = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    m.ir_version = 10
    return m, shapes


def run_ort(m, feeds):
    options = ort.SessionOptions()
    options.log_severity_level = 4
    session = ort.InferenceSession(m.SerializeToString(), options, providers=["CPUExecutionProvider"])
    (y,) = session.run(None, feeds)
    return y


def outcome(fn):
    try:
        return {"output_shape": [int(d) for d in fn().shape]}
    except Exception as exc:  # every framework error is data here
        return {"error": error_text(exc)}


def add(fx, case_id, req):
    def call():
        m, shapes = model(req)
        feeds = {n: np.zeros(shapes[n], np.float32) for n in ("X", "W")}
        expect = outcome(lambda: run_ort(m, feeds))
        reference = outcome(lambda: ReferenceEvaluator(m).run(None, feeds)[0])
        same = ("error" in expect and "error" in reference) or expect.get("output_shape") == reference.get("output_shape")
        return {"expect": expect, "meta": {} if same else {"reference": reference}}

    fx.run(case_id, req, call)
