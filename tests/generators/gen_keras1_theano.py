"""Golden fixtures from Keras 1.2.2 `Deconvolution2D` on the Theano backend (Theano-PyMC 1.1.2, CPU).

Keras 1.2.2 predates Python 3.10, so two import shims are applied before it loads: the `collections`
aliases it imports (`collections.Iterable` …), and a placeholder `MRG_RandomStreams` (Keras imports it
for dropout noise; shapes never use it). THEANO_FLAGS="blas__ldflags=" skips Theano's BLAS probe."""

import keras1_shim  # noqa: F401 - must run before Keras 1 is imported (shims for Python 3.11)
import theano  # noqa: E402

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
