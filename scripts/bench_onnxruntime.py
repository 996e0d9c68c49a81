"""ONNX Runtime (CPU, one thread) on the benchmark layers of `convt bench`, same data, same output.

Prints one JSON line per case: median milliseconds over RUNS runs and the output checksum.
"""

import json
import statistics
import sys
import time

import numpy as np
import onnxruntime as ort
from onnx import TensorProto, helper, numpy_helper

CASES = [  # must match src/cli/bench.rs CASES
    ("convT 1x16x64x64 -> 16, k4 s2 p1", 16, 16, 64, 4, 2, 1),
    ("convT 1x3x512x512 -> 3, k4 s2 p1", 3, 3, 512, 4, 2, 1),
]


def data(n, salt):
    i = np.arange(n, dtype=np.int64)
    return (((i * 7 + salt) % 7) - 3).astype(np.float32)


def main(runs):
    for name, cin, cout, size, k, s, p in CASES:
        x = data(cin * size * size, 1).reshape(1, cin, size, size)
        w = data(cin * cout * k * k, 2).reshape(cin, cout, k, k)
        node = helper.make_node("ConvTranspose", ["X", "W"], ["Y"], strides=[s, s], pads=[p, p, p, p])
        graph = helper.make_graph([node], "bench", [helper.make_tensor_value_info("X", TensorProto.FLOAT, list(x.shape))],
                                  [helper.make_tensor_value_info("Y", TensorProto.FLOAT, None)],
                                  initializer=[numpy_helper.from_array(w, "W")])
        model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 22)])
        model.ir_version = 10
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
        (y,) = session.run(None, {"X": x})
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            (y,) = session.run(None, {"X": x})
            times.append((time.perf_counter() - start) * 1000)
        print(json.dumps({"case": name, "ort_ms": round(statistics.median(times), 3), "checksum": float(y.astype(np.float64).sum()),
                          "onnxruntime": ort.__version__}))


main(int(sys.argv[1]) if len(sys.argv) > 1 else 15)
