"""Golden VALUES from Keras 3, one backend per process (KERAS_BACKEND is read at import):

    python gen_keras_values.py tensorflow   # tests/fixtures/values/keras.jsonl
    python gen_keras_values.py jax          # tests/fixtures/values/keras_jax.jsonl
    python gen_keras_values.py torch        # tests/fixtures/values/keras_torch.jsonl

Like gen_values.py, but the cases come from all of this backend's shape fixtures (keras*.jsonl,
keras_docs*.jsonl, keras_sampled*.jsonl), so the classes those add are checked for values too:
channels_first, 'same' with and without output_padding, causal, groups, dilation, use_bias=False/None.
The kernel is Keras' own layout on every backend — transposed `(k…, filters, in)`, forward
`(k…, in/groups, filters)` — whatever layout the backend converts it to for the call.
"""

import random

from keras3_common import BACKEND, as_arg, fixtures, layer_class  # noqa: E402  (sets KERAS_BACKEND first)

import json  # noqa: E402
import os  # noqa: E402

import keras  # noqa: E402
import numpy as np  # noqa: E402

from common import FIXTURES  # noqa: E402

rng = random.Random(f"convt-lab keras values {BACKEND}")
tensor_rng = random.Random()
SUFFIX = "" if BACKEND == "tensorflow" else f"_{BACKEND}"
# (fixture file, how many of its accepted small cases)
SOURCES = [(f"keras{SUFFIX}", 70), (f"keras_docs{SUFFIX}", 60), (f"keras_sampled{SUFFIX}", 90)]


def ints(count):
    return [float(tensor_rng.randint(-3, 3)) for _ in range(count)]


def size(shape):
    total = 1
    for d in shape:
        total *= max(int(d), 0)
    return total


def checkable(case):
    """convt computes the convolution and bias; an activation comes after it, and on TensorFlow a
    channels-first output whose last axis has `filters` cells gets its bias along that axis
    (Keras' ops.add picks tf.nn.bias_add "NHWC"; convt notes it) — those are left out."""
    params, shape = case["request"]["params"], case["expect"]["output_shape"]
    if params.get("activation") not in (None, "linear"):
        return False
    first = str(params.get("data_format", "channels_last")).lower() == "channels_first"
    biased = params.get("use_bias", True) not in (False, None)
    filters = params.get("filters")
    return not (BACKEND == "tensorflow" and first and biased and filters and filters > 1 and shape[-1] == filters)


def run(request):
    params = {k: v for k, v in request["params"].items() if k != "backend"}
    layer = layer_class(request["api"])(**{k: as_arg(v) for k, v in params.items()})
    x = np.array(request["input"], dtype="float32").reshape(request["input_shape"])
    layer.build(x.shape)
    weights = [np.array(ints(w.size), dtype="float32").reshape(w.shape) for w in layer.get_weights()]
    layer.set_weights(weights)
    y = keras.ops.convert_to_numpy(layer(x))
    bias = weights[1].flatten().tolist() if len(weights) > 1 else None
    return weights[0].flatten().tolist(), bias, y.flatten().tolist()


def main():
    picked = []
    for stem, limit in SOURCES:
        with open(os.path.join(FIXTURES, f"{stem}.jsonl")) as f:
            f.readline()
            cases = [json.loads(line) for line in f]
        small = [c for c in cases if "output_shape" in c["expect"] and 0 < size(c["expect"]["output_shape"]) <= 3000
                 and 0 < size(c["request"]["input_shape"]) <= 3000 and checkable(c)]
        rng.shuffle(small)
        picked += sorted(small[:limit], key=lambda c: c["id"])

    fx = fixtures("values/keras")
    for case in picked:
        tensor_rng.seed(f"keras {case['id']}")
        request = dict(case["request"], input=ints(size(case["request"]["input_shape"])))

        def call(request=request, seed=f"keras {case['id']} tensors"):
            tensor_rng.seed(seed)
            weight, bias, output = run(request)
            extra = {"weight": [float(v) for v in weight]}
            if bias is not None:
                extra["bias"] = [float(v) for v in bias]
            return {"output": output, "extra": extra}

        fx.run(case["id"], request, call)
    fx.values_only = True
    fx.write()


main()
