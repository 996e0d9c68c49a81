"""Golden fixtures from Keras 1.2.2 `Deconvolution2D` on the Theano backend (Theano-PyMC 1.1.2, CPU).

Keras 1.2.2 predates Python 3.10, so two import shims are applied before it loads: the `collections`
aliases it imports (`collections.Iterable` …), and a placeholder `MRG_RandomStreams` (Keras imports it
for dropout noise; shapes never use it). THEANO_FLAGS="blas__ldflags=" skips Theano's BLAS probe."""

import collections
import collections.abc
import os
import sys
import types

os.environ["KERAS_BACKEND"] = "theano"
os.environ.setdefault("THEANO_FLAGS", f"blas__ldflags=,compiledir={os.path.expanduser('~/.cache/convt-theano')}")
for _name in ("Iterable", "Mapping", "MutableMapping", "Sequence", "Callable"):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

import theano  # noqa: E402

try:
    from theano.sandbox.rng_mrg import MRG_RandomStreams  # noqa: F401
except ImportError:
    stub = types.ModuleType("theano.sandbox.rng_mrg")

    class MRG_RandomStreams:  # noqa: N801 - the name Keras imports
        def __init__(self, *args, **kwargs):
            pass

    stub.MRG_RandomStreams = MRG_RandomStreams
    sys.modules["theano.sandbox.rng_mrg"] = stub

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras.layers import Deconvolution2D, Input  # noqa: E402
from keras.models import Model  # noqa: E402

from common import Fixtures  # noqa: E402
from keras1_common import keras1_cases  # noqa: E402

fx = Fixtures("keras1", {"keras": keras.__version__, "backend": "theano", "theano": "Theano-PyMC " + theano.__version__})

for case_id, shape, params in keras1_cases():
    request = {"framework": "keras1", "op": "conv_transpose", "rank": 2, "api": "keras.layers.Deconvolution2D",
               "input_shape": shape, "params": dict(params, backend="theano")}

    def call(shape=shape, params=params):
        kwargs = {k: tuple(v) if isinstance(v, list) else v for k, v in params.items()}
        x = Input(batch_shape=tuple(shape))
        model = Model(x, Deconvolution2D(**kwargs)(x))
        return model.predict(np.zeros(shape, "float32"), batch_size=shape[0]).shape

    fx.run(case_id, request, call)

fx.write()
