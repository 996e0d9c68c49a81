"""Pasted ONNX nodes and what ONNX Runtime does with them → tests/fixtures/translate/onnx.jsonl.

Run in ../venvs/jaxonnx from the repository root: `python tests/generators/gen_translate_onnx.py`.
Imports in scope: `import onnx`, `from onnx import helper, TensorProto`, `import numpy as np`.
The text gives a NodeProto (`helper.make_node(…)`); it is put in a one-node model (opset 22, the
node's first input declared with `input_shape`, its second with `weight_shape`, a third (bias) with the
output channels), created as an ONNX Runtime CPU session (so ONNX shape inference checks it, as for
an exported model) and run on zeros; the output's shape is the answer."""

import numpy as np
import onnx
import onnxruntime as ort
from onnx import TensorProto, helper

from translate_common import Texts, execute, fmt, rng_for

OPSET = 22
ort.set_default_logger_severity(4)
NAMESPACE = {"onnx": onnx, "helper": helper, "TensorProto": TensorProto, "np": np}
fx = Texts("onnx", {"onnx": onnx.__version__, "onnxruntime": ort.__version__, "opset": OPSET})


def run(case):
    node, _, _ = execute(case["text"], NAMESPACE, lambda: None)
    if not isinstance(node, onnx.NodeProto):
        raise TypeError(f"the text gives a {type(node).__name__}, not an ONNX node")
    x, w = case["input_shape"], case["weight_shape"]
    group = next((a.i for a in node.attribute if a.name == "group"), 1)
    out_channels = w[1] * group if node.op_type == "ConvTranspose" else w[0]
    shapes = [x, w, [out_channels]]
    names = [n for n in node.input if n]
    inputs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, shapes[i]) for i, n in enumerate(names[:3])]
    outputs = [helper.make_tensor_value_info(n, TensorProto.FLOAT, None) for n in node.output]
    graph = helper.make_graph([node], "pasted", inputs, outputs)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    model.ir_version = 10
    options = ort.SessionOptions()
    options.log_severity_level = 4
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    feeds = {n: np.zeros(shapes[i], np.float32) for i, n in enumerate(names[:3])}
    y = session.run(None, feeds)[0]
    return [int(d) for d in y.shape]


def add(case_id, text, input_shape, weight_shape):
    fx.add(case_id, text, input_shape, run, weight_shape=weight_shape)


def hand():
    x28, w = [1, 512, 28, 28], [512, 256, 4, 4]
    # The ONNX operator docs' ConvTranspose examples (onnx/backend/test/case/node/convtranspose.py), verbatim.
    add("doc-convtranspose", 'node = onnx.helper.make_node("ConvTranspose", ["X", "W"], ["Y"])', [1, 1, 3, 3], [1, 2, 3, 3])
    add("doc-pads", 'node = onnx.helper.make_node(\n    "ConvTranspose", ["X", "W"], ["Y"], strides=[3, 2], pads=[1, 2, 1, 2]\n)', [1, 1, 3, 3], [1, 2, 3, 3])
    add("doc-output-shape", 'node = onnx.helper.make_node(\n    "ConvTranspose", ["X", "W"], ["Y"], strides=[3, 2], output_shape=[10, 8]\n)', [1, 1, 3, 3], [1, 2, 3, 3])
    add("doc-output-padding", 'node = onnx.helper.make_node(\n    "ConvTranspose",\n    ["X", "W"],\n    ["Y"],\n    strides=[3, 2],\n'
        '    output_shape=[10, 8],\n    output_padding=[1, 1],\n)', [1, 1, 3, 3], [1, 2, 3, 3])
    add("doc-kernel-shape", 'node = onnx.helper.make_node(\n    "ConvTranspose",\n    ["X", "W"],\n    ["Y"],\n    strides=[3, 2],\n'
        '    output_shape=[10, 8],\n    kernel_shape=[3, 3],\n    output_padding=[1, 1],\n)', [1, 1, 3, 3], [1, 2, 3, 3])
    add("doc-autopad-same", 'node = onnx.helper.make_node(\n    "ConvTranspose", ["X", "W"], ["Y"], auto_pad="SAME_UPPER", strides=[2, 2]\n)', [1, 1, 3, 3], [1, 2, 3, 3])
    add("doc-dilations", 'node = onnx.helper.make_node(\n    "ConvTranspose", ["X", "W"], ["Y"], dilations=[2, 2]\n)', [1, 1, 3, 3], [1, 1, 2, 2])
    add("doc-1d", 'node = onnx.helper.make_node("ConvTranspose", ["X", "W"], ["Y"])', [1, 1, 3], [1, 2, 3])
    add("doc-3d", 'node = onnx.helper.make_node("ConvTranspose", ["X", "W"], ["Y"])', [1, 1, 3, 4, 5], [1, 2, 3, 3, 3])
    add("vision-caffe-port", "helper.make_node('ConvTranspose', inputs=['x', 'W'], outputs=['y'], kernel_shape=[4, 4], strides=[2, 2], pads=[1, 1, 1, 1])", x28, w)
    add("with-bias-name", "node = helper.make_node(\n    'ConvTranspose',\n    inputs=['input', 'deconv.weight', 'deconv.bias'],\n    outputs=['output'],\n"
        "    name='deconv1',\n    group=1,\n    strides=[2, 2],\n    pads=[1, 1, 1, 1],\n    output_padding=[1, 1],\n)", [1, 16, 7, 7], [16, 8, 3, 3])
    add("auto-pad-same-lower", "helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], auto_pad='SAME_LOWER', strides=[2, 2])", [1, 2, 5, 5], [2, 2, 4, 4])
    add("auto-pad-valid", "helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], auto_pad='VALID', strides=[2, 2])", [1, 2, 5, 5], [2, 2, 4, 4])
    add("output-shape-odd", "helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], strides=[2, 2], output_shape=[11, 11])", [1, 2, 5, 5], [2, 2, 3, 3])
    add("group", "helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], group=4, strides=[2, 2], pads=[1, 1, 1, 1])", [1, 8, 5, 5], [8, 1, 4, 4])
    add("arith", "k = 4\ns = 2\np = (k - s) // 2\nnode = helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], kernel_shape=[k, k], strides=[s, s], pads=[p] * 4)", [1, 3, 10, 10], [3, 3, 4, 4])
    add("conv", "helper.make_node('Conv', ['X', 'W'], ['Y'], kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])", [1, 3, 15, 15], [8, 3, 3, 3])
    add("conv-same-upper", "helper.make_node('Conv', ['X', 'W'], ['Y'], auto_pad='SAME_UPPER', strides=[2, 2])", [1, 3, 15, 15], [8, 3, 3, 3])
    add("err-misspelled-attribute", "helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], stride=[2, 2])", [1, 2, 5, 5], [2, 2, 3, 3])
    add("err-pads-length", "helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], strides=[2, 2], pads=[1, 1])", [1, 2, 5, 5], [2, 2, 3, 3])
    add("err-output-padding-big", "helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], strides=[2, 2], output_padding=[2, 2])", [1, 2, 5, 5], [2, 2, 3, 3])
    add("err-kernel-shape-mismatch", "helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], kernel_shape=[4, 4], strides=[2, 2])", [1, 2, 5, 5], [2, 2, 3, 3])
    add("err-channels", "helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], strides=[2, 2])", [1, 3, 5, 5], [2, 2, 3, 3])
    add("err-auto-pad-lower", "helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], auto_pad='same_upper')", [1, 2, 5, 5], [2, 2, 3, 3])
    add("err-op-typo", "helper.make_node('ConvTransposed', ['X', 'W'], ['Y'], strides=[2, 2])", [1, 2, 5, 5], [2, 2, 3, 3])
    add("err-no-outputs", "helper.make_node('ConvTranspose', ['X', 'W'])", [1, 2, 5, 5], [2, 2, 3, 3])


def sampled(count=260):
    rng = rng_for("onnx")
    for index in range(count):
        rank = rng.choice([1, 2, 2, 2, 3])
        op = rng.choice(["ConvTranspose", "ConvTranspose", "ConvTranspose", "Conv"])
        k = [rng.choice([1, 2, 3, 4])] * rank if rng.random() < 0.6 else [rng.choice([1, 2, 3, 4]) for _ in range(rank)]
        s = [rng.choice([1, 2, 2, 3])] * rank if rng.random() < 0.7 else [rng.choice([1, 2, 3]) for _ in range(rank)]
        d = [1] * rank if rng.random() < 0.85 else [rng.choice([1, 2])] * rank
        group = rng.choice([1, 1, 1, 2])
        cin, cout = group * rng.choice([1, 2]), group * rng.choice([1, 2, 3])
        size = [rng.choice([1, 2, 3, 5, 8])] * rank if rng.random() < 0.6 else [rng.choice([2, 3, 4, 6]) for _ in range(rank)]
        x = [rng.choice([1, 2]), cin] + size
        w = [cin, cout // group] + k if op == "ConvTranspose" else [cout, cin // group] + k
        attrs = []
        if rng.random() < 0.6:
            attrs.append(("kernel_shape", fmt(k, rng, "list")))
        if s != [1] * rank or rng.random() < 0.3:
            attrs.append(("strides", fmt(s, rng, "list")))
        mode = rng.choice(["pads", "pads", "auto_pad", "output_shape", "none"] if op == "ConvTranspose" else ["pads", "auto_pad", "none"])
        if mode == "pads":
            pads = [rng.choice([0, 0, 1, 2]) for _ in range(rank)]
            pads = pads + (pads if rng.random() < 0.7 else [rng.choice([0, 1]) for _ in range(rank)])
            attrs.append(("pads", fmt(pads, rng, "list")))
        elif mode == "auto_pad":
            attrs.append(("auto_pad", fmt(rng.choice(["SAME_UPPER", "SAME_LOWER", "VALID", "NOTSET"]), rng)))
        elif mode == "output_shape":
            out = [(n - 1) * st + dd * (kk - 1) + 1 + rng.choice([0, 0, st - 1, st]) for n, st, dd, kk in zip(size, s, d, k)]
            attrs.append(("output_shape", fmt(out, rng, "list")))
        if op == "ConvTranspose" and mode in ("pads", "none") and max(s) > 1 and rng.random() < 0.3:
            attrs.append(("output_padding", fmt([rng.choice([0, 1]) for _ in range(rank)], rng, "list")))
        if d != [1] * rank:
            attrs.append(("dilations", fmt(d, rng, "list")))
        if group > 1 or rng.random() < 0.1:
            attrs.append(("group", str(group)))
        if rng.random() < 0.03:
            attrs.append((rng.choice(["stride", "pad", "kernel_size"]), "[1]"))
        if rng.random() < 0.3:
            rng.shuffle(attrs)  # attributes in any order
        names = rng.choice([("['X', 'W']", "['Y']"), ('["input", "weight"]', '["output"]'), ("['x', 'w', 'b']", "['y']")])
        keyword_io = rng.random() < 0.4
        head = [f"inputs={names[0]}", f"outputs={names[1]}"] if keyword_io else [names[0], names[1]]
        op_text = fmt(op, rng)
        if rng.random() < 0.6:
            call = f"{rng.choice(['helper.', 'onnx.helper.'])}make_node({op_text}, " + ", ".join(head + [f"{a}={v}" for a, v in attrs]) + ")"
        else:
            body = ",\n".join("    " + p for p in [op_text] + head + [f"{a}={v}" for a, v in attrs])
            call = f"{rng.choice(['helper.', 'onnx.helper.'])}make_node(\n{body},\n)"
        add(f"sampled-{index:03d}", rng.choice([call, f"node = {call}"]), x, w)


hand()
sampled()
fx.write()
