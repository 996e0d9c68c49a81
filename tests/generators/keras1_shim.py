"""Import shims that let Keras 1.2.2 load on Python 3.11 with Theano-PyMC (see gen_keras1_theano.py)."""

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

import theano  # noqa: E402,F401

try:
    from theano.sandbox.rng_mrg import MRG_RandomStreams  # noqa: F401
except ImportError:
    stub = types.ModuleType("theano.sandbox.rng_mrg")

    class MRG_RandomStreams:  # noqa: N801 - the name Keras imports
        def __init__(self, *args, **kwargs):
            pass

    stub.MRG_RandomStreams = MRG_RandomStreams
    sys.modules["theano.sandbox.rng_mrg"] = stub
