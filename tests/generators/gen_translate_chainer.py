"""Pasted Chainer texts and what Chainer does with them → tests/fixtures/translate/chainer.jsonl.

Run in ../venvs/legacy from the repository root: `python tests/generators/gen_translate_chainer.py`.
Imports in scope: `import chainer`, `import chainer.links as L`, `import chainer.functions as F`,
`import numpy as np`. A link is called on `np.zeros(input_shape, float32)`; a function's `x` / `W`
are zeros of `input_shape` / `weight_shape`."""

import chainer
import chainer.functions as F
import chainer.links as L
import numpy as np

from translate_common import Texts, execute, fmt, per_axis, rng_for

NAMESPACE = {"chainer": chainer, "L": L, "F": F, "np": np}
fx = Texts("chainer", {"chainer": chainer.__version__, "numpy": np.__version__})


def run(case):
    make_input = lambda: np.zeros(case["input_shape"], np.float32)
    make_weight = (lambda: np.zeros(case["weight_shape"], np.float32)) if "weight_shape" in case else None
    value, _, _ = execute(case["text"], NAMESPACE, make_input, make_weight)
    if isinstance(value, chainer.Link):
        value = value(make_input())
    if isinstance(value, chainer.Variable):
        return list(value.shape)
    raise TypeError(f"the text gives a {type(value).__name__}, not a link or a variable")


def add(case_id, text, input_shape, weight_shape=None):
    fx.add(case_id, text, input_shape, run, weight_shape=weight_shape)


def hand():
    x28 = [1, 512, 28, 28]
    add("vision-caffe-port", "L.Deconvolution2D(512, 256, ksize=4, stride=2, pad=1)", x28)
    add("dcgan-chainer", "self.dc1 = L.Deconvolution2D(ch, ch // 2, 4, 2, 1, initialW=w)", [1, 512, 4, 4])
    add("dcgan-chainer-defined", "ch = 512\nwscale = 0.02\nw = chainer.initializers.Normal(wscale)\n"
        "self.dc1 = L.Deconvolution2D(ch, ch // 2, 4, 2, 1, initialW=w)", [1, 512, 4, 4])
    add("in-channels-none", "L.Deconvolution2D(None, 64, 4, stride=2, pad=1)", [1, 128, 8, 8])
    add("shorthand-out-ksize", "L.Deconvolution2D(64, 4, stride=2, pad=1)", [1, 128, 8, 8])
    add("outsize", "L.Deconvolution2D(16, 8, 3, stride=2, pad=1, outsize=(28, 28))", [1, 16, 14, 14])
    add("outsize-odd", "L.Deconvolution2D(16, 8, 3, stride=2, pad=1, outsize=(27, 27))", [1, 16, 14, 14])
    add("nobias-dilate-groups", "L.Deconvolution2D(8, 8, 3, stride=1, pad=2, nobias=True, dilate=2, groups=2)", [1, 8, 6, 6])
    add("nd-1d", "L.DeconvolutionND(1, 4, 2, 5, stride=3, pad=1)", [2, 4, 10])
    add("nd-3d", "L.DeconvolutionND(3, 4, 2, ksize=(2, 4, 4), stride=(1, 2, 2), pad=(0, 1, 1))", [1, 4, 3, 8, 8])
    add("deconvolution-1d-link", "L.Deconvolution1D(4, 2, 4, stride=2, pad=1)", [1, 4, 10])
    add("function-2d", "y = F.deconvolution_2d(x, W, stride=2, pad=1)", [1, 8, 7, 7], [8, 4, 4, 4])
    add("function-2d-outsize", "y = F.deconvolution_2d(x, W, b=None, stride=2, pad=1, outsize=(14, 14))", [1, 8, 7, 7], [8, 4, 3, 3])
    add("function-nd", "F.deconvolution_nd(x, W, stride=(2, 2, 2))", [1, 2, 3, 3, 3], [2, 3, 2, 2, 2])
    add("function-prefix", "chainer.functions.deconvolution_2d(x, W, 2, 1)", [1, 8, 7, 7], [8, 4, 4, 4])
    add("messy", "self.up = L.Deconvolution2D(\n    in_channels=64,\n    out_channels=32,   # halve\n    ksize=4,\n    stride=2,\n    pad=1,\n)", [1, 64, 9, 9])
    add("arith", "h = 14\nL.Deconvolution2D(16, 8, 3, stride=2, pad=1, outsize=(2 * h, 2 * h))", [1, 16, 14, 14])
    add("convolution2d", "L.Convolution2D(3, 64, 3, stride=2, pad=1)", [1, 3, 32, 32])
    add("convolution2d-cover-all", "F.convolution_2d(x, W, stride=2, pad=0, cover_all=True)", [1, 3, 8, 8], [4, 3, 3, 3])
    add("convolution-nd", "L.ConvolutionND(3, 1, 8, 3, stride=2, pad=1)", [1, 1, 9, 9, 9])
    add("err-misspelled", "L.Deconvolution2D(512, 256, ksize=4, strde=2, pad=1)", x28)
    add("err-kernel-size-kw", "L.Deconvolution2D(512, 256, kernel_size=4, stride=2, pad=1)", x28)
    add("err-outsize-wrong", "L.Deconvolution2D(16, 8, 3, stride=2, pad=1, outsize=(30, 30))", [1, 16, 14, 14])
    add("err-channels", "L.Deconvolution2D(256, 128, 4, 2, 1)", x28)
    add("err-function-weight-channels", "F.deconvolution_2d(x, W, stride=2)", [1, 8, 7, 7], [4, 4, 4, 4])
    add("err-nd-missing-ndim", "L.DeconvolutionND(4, 2, 5, stride=3, pad=1)", [2, 4, 10])
    add("err-dilate-function-2d-pos", "F.deconvolution_2d(x, W, 2, 1, None, 2)", [1, 8, 7, 7], [8, 4, 4, 4])


def sampled(count=240):
    rng = rng_for("chainer")
    for index in range(count):
        rank = rng.choice([1, 2, 2, 2, 3])
        transpose = rng.random() < 0.75
        kind = rng.choice(["link", "link", "function"])
        k = [rng.choice([1, 2, 3, 4])] * rank if rng.random() < 0.6 else [rng.choice([1, 2, 3, 4]) for _ in range(rank)]
        s = [rng.choice([1, 2, 2, 3])] * rank if rng.random() < 0.7 else [rng.choice([1, 2, 3]) for _ in range(rank)]
        p = [rng.choice([0, 0, 1, 2])] * rank
        d = [1] * rank if rng.random() < 0.85 else [2] * rank
        groups = rng.choice([1, 1, 2])
        cin, cout = groups * rng.choice([1, 2]), groups * rng.choice([1, 2, 3])
        size = [rng.choice([1, 2, 3, 5, 8])] * rank if rng.random() < 0.6 else [rng.choice([2, 3, 4, 6]) for _ in range(rank)]
        x = [rng.choice([1, 2]), cin] + size
        word = "Deconvolution" if transpose else "Convolution"
        kw = [("stride", per_axis(rng, s), 1), ("pad", per_axis(rng, p), 0)]
        if transpose and rng.random() < 0.15:
            kw.append(("outsize", tuple((n - 1) * st + dd * (kk - 1) + 1 - 2 * pp + rng.choice([0, 0, 1]) for n, st, dd, kk, pp in zip(size, s, d, k, p)), None))
        kw += [("dilate", per_axis(rng, d), 1), ("groups", groups, 1)]
        wshape = None
        if kind == "link":
            nd = rank != 2 or rng.random() < 0.2
            callee = rng.choice(["L.", "chainer.links."]) + (f"{word}ND" if nd else f"{word}2D")
            head = ([str(rank)] if nd else []) + [str(cin) if rng.random() < 0.85 else "None", str(cout)]
            head.append(fmt(per_axis(rng, k), rng) if rng.random() < 0.6 else f"ksize={fmt(per_axis(rng, k), rng)}")
            if rng.random() < 0.2:
                kw.append(("nobias", True, False))
        else:
            nd = rank != 2 or rng.random() < 0.3
            callee = rng.choice(["F.", "chainer.functions."]) + f"{word.lower()}_{'nd' if nd else '2d'}"
            head = ["x", "W"]
            wshape = [cin, cout // groups] + k if transpose else [cout, cin // groups] + k
        if rng.random() < 0.03:
            kw.append((rng.choice(["strides", "padding", "dilation"]), 1, None))
        pieces = head + [f"{n}={fmt(v, rng)}" for n, v, default in kw if v != default or rng.random() < 0.2]
        sep = ", " if rng.random() < 0.75 else ",\n    "
        call = f"{callee}({sep.join(pieces)})"
        add(f"sampled-{index:03d}", rng.choice([call, f"self.up = {call}" if kind == "link" else f"h = {call}", f"y = {call}"]), x, wshape)


hand()
sampled()
fx.write()
