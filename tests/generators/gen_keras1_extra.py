"""More golden fixtures from Keras 1.2.2 `Deconvolution2D` on Theano (Theano-PyMC 1.1.2, CPU):
`python gen_keras1_extra.py docs|sampled` (import shims as in gen_keras1_theano.py).

docs    -> tests/fixtures/keras1_docs.jsonl: the layer as Keras 1's docs and users write it — nb_filter, nb_row,
           nb_col, output_shape with a None batch (or a given one), border_mode 'valid'/'same'/'full', subsample,
           dim_ordering 'th'/'tf'/'default'/omitted, bias, the Sequential form with the layer's input_shape, and
           invalid values (zero/negative sizes, odd output_shape forms, None where users might pass it).
sampled -> tests/fixtures/keras1_sampled.jsonl: a seeded random sampler over kernels, subsamples, border modes,
           orderings, output_shape valid and invalid, degenerate sizes and channel mismatches.
Every call runs model.predict on zeros, so Theano's run-time shape checks fire."""

import sys

import keras1_shim  # noqa: F401 - must run before Keras 1 is imported (shims for Python 3.11)
import theano  # noqa: E402

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras.layers import Deconvolution2D, Input  # noqa: E402
from keras.models import Model, Sequential  # noqa: E402

from common import Fixtures, rng_for  # noqa: E402

MODE = sys.argv[1] if len(sys.argv) > 1 else "docs"
fx = Fixtures(f"keras1_{MODE}", {"keras": keras.__version__, "backend": "theano", "theano": "Theano-PyMC " + theano.__version__})
rng = rng_for(f"keras1 {MODE}")


def py(v):
    return tuple(py(x) for x in v) if isinstance(v, list) else v


def case(case_id, shape, params, sequential=False):
    request = {"framework": "keras1", "op": "conv_transpose", "rank": 2, "api": "keras.layers.Deconvolution2D",
               "input_shape": shape, "params": dict(params, backend="theano")}

    def call():
        kwargs = {k: py(v) for k, v in params.items()}
        if sequential:
            model = Sequential()
            model.add(Deconvolution2D(**kwargs))
        else:
            x = Input(batch_shape=tuple(shape))
            model = Model(x, Deconvolution2D(**kwargs)(x))
        return model.predict(np.zeros(shape, "float32"), batch_size=max(shape[0], 1)).shape

    fx.run(case_id, request, call)


def natural(n, k, s, mode):
    pad = {"valid": 0, "same": k // 2, "full": k - 1}.get(mode, 0)
    return (n - 1) * s + k - 2 * pad


def docs():
    # The docstring: Deconvolution2D(3, 3, 3, output_shape=(None, 3, 14, 14), border_mode='valid', input_shape=(3, 12, 12))
    doc = {"nb_filter": 3, "nb_row": 3, "nb_col": 3, "output_shape": [None, 3, 14, 14], "border_mode": "valid"}
    case("doc-th", [1, 3, 12, 12], dict(doc, dim_ordering="th"))
    case("doc-sequential-th", [1, 3, 12, 12], dict(doc, dim_ordering="th", input_shape=[3, 12, 12]), sequential=True)
    case("doc-sequential-default", [1, 12, 12, 3], dict(doc, output_shape=[None, 14, 14, 3], input_shape=[12, 12, 3]), sequential=True)
    case("doc-sequential-mismatch", [1, 3, 12, 13], dict(doc, dim_ordering="th", input_shape=[3, 12, 12]), sequential=True)
    case("doc-sequential-batch-input-shape", [1, 3, 12, 12], dict(doc, dim_ordering="th", batch_input_shape=[None, 3, 12, 12]),
         sequential=True)
    case("doc-default-ordering-th-shapes", [1, 3, 12, 12], doc)
    case("doc-stride-th", [1, 3, 12, 12], dict(doc, output_shape=[None, 3, 25, 25], subsample=[2, 2], dim_ordering="th"))
    case("doc-stride-th-tuple-batch2", [2, 3, 12, 12], dict(doc, output_shape=[2, 3, 25, 25], subsample=[2, 2], dim_ordering="th"))
    for ordering in ("th", "tf", "default", None):
        th = ordering == "th"
        for n in (1, 2, 4, 7, 12, 28):
            for k in (1, 2, 3, 4, 5):
                for s in (1, 2, 3):
                    for mode in ("valid", "same", "full"):
                        if rng.random() < 0.55:
                            continue
                        o = natural(n, k, s, mode) + rng.choice([0, 0, 0, s - 1, -1, 1])
                        cin, cout = rng.choice([(1, 1), (3, 2), (2, 4)])
                        batch = rng.choice([None, None, 1])
                        params = {"nb_filter": cout, "nb_row": k, "nb_col": k, "border_mode": mode,
                                  "output_shape": [batch, cout, o, o] if th else [batch, o, o, cout]}
                        if s > 1 or rng.random() < 0.3:
                            params["subsample"] = [s, s]
                        if ordering is not None:
                            params["dim_ordering"] = ordering
                        case(f"{ordering}-n{n}-k{k}-s{s}-{mode}", [1, cin, n, n] if th else [1, n, n, cin], params)
    th = {"nb_filter": 2, "nb_row": 3, "nb_col": 3, "dim_ordering": "th"}
    x = [1, 3, 6, 6]
    case("rect-kernel", x, dict(th, nb_row=3, nb_col=1, output_shape=[None, 2, 8, 6]))
    case("rect-subsample", x, dict(th, subsample=[2, 1], output_shape=[None, 2, 13, 8]))
    case("subsample-int", x, dict(th, subsample=2, output_shape=[None, 2, 13, 13]))
    case("subsample-none", x, dict(th, subsample=None, output_shape=[None, 2, 8, 8]))
    case("subsample-zero", x, dict(th, subsample=[0, 0], output_shape=[None, 2, 8, 8]))
    case("subsample-long", x, dict(th, subsample=[1, 1, 1], output_shape=[None, 2, 8, 8]))
    case("border-none", x, dict(th, border_mode=None, output_shape=[None, 2, 8, 8]))
    case("border-upper", x, dict(th, border_mode="SAME", output_shape=[None, 2, 6, 6]))
    case("border-causal", x, dict(th, border_mode="causal", output_shape=[None, 2, 8, 8]))
    case("ordering-none", [1, 6, 6, 3], dict(th, dim_ordering=None, output_shape=[None, 8, 8, 2]))
    case("ordering-bad", x, dict(th, dim_ordering="channels_first", output_shape=[None, 2, 8, 8]))
    case("out-tuple3", x, dict(th, output_shape=[2, 8, 8]))
    case("out-tuple5", x, dict(th, output_shape=[None, 2, 8, 8, 1]))
    case("out-tuple5-tf", [1, 6, 6, 3], dict(th, dim_ordering="tf", output_shape=[None, 8, 8, 2, 1]))
    case("out-none-channels-tf", [1, 6, 6, 3], dict(th, dim_ordering="tf", output_shape=[None, 8, 8, None]))
    case("nb-col-zero-tf", [1, 6, 6, 3], dict(th, nb_col=0, dim_ordering="tf", output_shape=[None, 8, 5, 2]))
    case("nb-filter-zero-tf", [1, 6, 6, 3], dict(th, nb_filter=0, dim_ordering="tf", output_shape=[None, 8, 8, 0]))
    case("init-uniform-nb-row-zero", x, dict(th, nb_row=0, init="uniform", output_shape=[None, 2, 5, 8]))
    case("out-none-rows", x, dict(th, output_shape=[None, 2, None, 8]))
    case("out-none-channels", x, dict(th, output_shape=[None, None, 8, 8]))
    case("out-batch-wrong", x, dict(th, output_shape=[4, 2, 8, 8]))
    case("out-channels-wrong", x, dict(th, output_shape=[None, 5, 8, 8]))
    case("out-zero", [1, 3, 1, 1], dict(th, nb_row=1, nb_col=1, output_shape=[None, 2, 0, 0]))
    case("out-neg", x, dict(th, output_shape=[None, 2, -1, 8]))
    case("nb-filter-zero", x, dict(th, nb_filter=0, output_shape=[None, 0, 8, 8]))
    case("nb-filter-neg", x, dict(th, nb_filter=-1, output_shape=[None, -1, 8, 8]))
    case("nb-row-zero", x, dict(th, nb_row=0, output_shape=[None, 2, 5, 8]))
    case("nb-row-neg", x, dict(th, nb_row=-1, output_shape=[None, 2, 4, 8]))
    case("kernel-larger", [1, 3, 2, 2], dict(th, nb_row=5, nb_col=5, output_shape=[None, 2, 6, 6]))
    case("kernel-larger-same", [1, 3, 2, 2], dict(th, nb_row=5, nb_col=5, border_mode="same", output_shape=[None, 2, 2, 2]))
    case("input-zero-channels", [1, 0, 6, 6], dict(th, output_shape=[None, 2, 8, 8]))
    case("input-zero-size", [1, 3, 0, 6], dict(th, output_shape=[None, 2, 2, 8]))
    case("bias-false", x, dict(th, bias=False, output_shape=[None, 2, 8, 8]))
    case("activation", x, dict(th, activation="relu", init="glorot_uniform", output_shape=[None, 2, 8, 8]))
    case("same-even-k2-s2", [1, 1, 5, 5], dict(th, nb_filter=1, nb_row=2, nb_col=2, border_mode="same", subsample=[2, 2],
                                                 output_shape=[None, 1, 8, 8]))
    case("same-even-k4-s1", [1, 1, 5, 5], dict(th, nb_filter=1, nb_row=4, nb_col=4, border_mode="same", output_shape=[None, 1, 4, 4]))


def sampled(count=1100):
    for index in range(count):
        degenerate = rng.random() < 0.12
        n = [rng.choice([1, 2, 3, 5] if degenerate else [1, 2, 3, 4, 5, 6, 8, 10]) for _ in range(2)]
        if rng.random() < 0.5:
            n[1] = n[0]
        kchoices = [1, 2, 3, 4, 5, 7] if degenerate else [1, 2, 3, 4, 5]
        k = [rng.choice(kchoices)] * 2 if rng.random() < 0.6 else [rng.choice(kchoices) for _ in range(2)]
        s = [rng.choice([1, 1, 2, 3, 4])] * 2 if rng.random() < 0.7 else [rng.choice([1, 2, 3]) for _ in range(2)]
        mode = rng.choice(["valid", "valid", "same", "same", "full"])
        sizes = []
        for nn, kk, ss in zip(n, k, s):
            low = natural(nn, kk, ss, mode)
            sizes.append(rng.choice([low - 1, low, low, low, low + rng.randint(0, ss - 1), low + ss, nn * ss, max(low - ss, 0)]))
        cin, cout = rng.choice([1, 2, 3]), rng.choice([1, 2, 4])
        ordering = rng.choice(["th", "th", "tf", "tf", "default", None])
        th = ordering == "th"
        out_channels = cout if rng.random() < 0.85 else cout + 1
        batch = rng.choice([None, None, None, 1, 2])
        params = {"nb_filter": cout, "nb_row": k[0], "nb_col": k[1], "output_shape":
                  [batch, out_channels] + sizes if th else [batch] + sizes + [out_channels]}
        if mode != "valid" or rng.random() < 0.5:
            params["border_mode"] = mode
        if s != [1, 1] or rng.random() < 0.4:
            params["subsample"] = s
        if ordering is not None:
            params["dim_ordering"] = ordering
        if rng.random() < 0.1:
            params["bias"] = False
        shape = [rng.choice([1, 1, 2])] + ([cin] + n if th else n + [cin])
        case(f"random-{mode}", shape, params)


docs() if MODE == "docs" else sampled()
fx.write()
