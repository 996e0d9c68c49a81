"""Paddle requests written the way Paddle's documentation and users' code write them, recorded from the
real Paddle 3: every public entry point (paddle.nn.Conv{1,2,3}D(Transpose) incl. forward(output_size=),
paddle.nn.functional.conv{1,2,3}d(_transpose)), every data_format spelling (and wrong ones), padding as
int / list / begin-end list / per-axis pairs incl. batch and channel entries / 'same' / 'valid' in any
case, output_size and output_padding forms, padding_mode limits, None, unbatched inputs (refused),
zero sizes, zero and negative channels / kernels / groups, weight_shape beside module arguments.
-> tests/fixtures/paddle_docs.jsonl"""

from common import Fixtures
from paddle_cases import FORMATS, VERSIONS, add

fx = Fixtures("paddle_docs", VERSIONS)
M, FN = "module", "functional"
T, C = "conv_transpose", "conv"

# --- the documentation's examples ---------------------------------------------------------------
add(fx, "doc-Conv1D", C, 1, M, [1, 3, 4], {"in_channels": 3, "out_channels": 2, "kernel_size": 3})
add(fx, "doc-Conv2D", C, 2, M, [2, 4, 8, 8], {"in_channels": 4, "out_channels": 6, "kernel_size": [3, 3]})
add(fx, "doc-Conv3D", C, 3, M, [2, 4, 8, 8, 8], {"in_channels": 4, "out_channels": 6, "kernel_size": [3, 3, 3]})
add(fx, "doc-Conv1DTranspose", T, 1, M, [1, 2, 2], {"in_channels": 2, "out_channels": 1, "kernel_size": 2})
add(fx, "doc-Conv2DTranspose", T, 2, M, [2, 4, 8, 8], {"in_channels": 4, "out_channels": 6, "kernel_size": [3, 3]})
add(fx, "doc-Conv3DTranspose", T, 3, M, [2, 4, 8, 8, 8], {"in_channels": 4, "out_channels": 6, "kernel_size": [3, 3, 3]})
add(fx, "doc-F-conv1d", C, 1, FN, [1, 3, 4], {}, [2, 3, 3])
add(fx, "doc-F-conv2d", C, 2, FN, [8, 3, 8, 8], {}, [6, 3, 3, 3])
add(fx, "doc-F-conv3d", C, 3, FN, [8, 3, 8, 8, 8], {}, [6, 3, 3, 3, 3])
add(fx, "doc-F-conv1d_transpose", T, 1, FN, [1, 2, 4], {}, [2, 1, 2])
add(fx, "doc-F-conv2d_transpose", T, 2, FN, [2, 3, 8, 8], {}, [3, 6, 3, 3])
add(fx, "doc-F-conv3d_transpose", T, 3, FN, [2, 3, 8, 8, 8], {}, [3, 6, 3, 3, 3])

# --- data_format spellings, and layout as Contract 1 writes it -------------------------------------
SPELLINGS = {1: ["NCL", "NLC", "NCW", "NWC", "ncl", "NCHW"], 2: ["NCHW", "NHWC", "nchw", "NCWH", "NCL", "NHW"],
             3: ["NCDHW", "NDHWC", "NCHWD", "NCHW", "ndhwc"]}
for rank in (1, 2, 3):
    for df in SPELLINGS[rank]:
        last = df.endswith("C") and len(df) == rank + 2
        x = [1, 5] + [6] * rank if not last else [1] + [6] * rank + [5]
        for op in (C, T):
            w = ([3, 5] if op == C else [5, 3]) + [3] * rank
            add(fx, f"df-{df}-{op}-{rank}d", op, rank, M, x,
                {"in_channels": 5, "out_channels": 3, "kernel_size": 3, "stride": 2, "data_format": df})
            add(fx, f"df-F-{df}-{op}-{rank}d", op, rank, FN, x, {"stride": 2, "data_format": df}, w)
    for layout in {1: ["NLC", "NWC", "NHC", "NCL", "NCW"], 2: ["NHWC", "NCHW"], 3: ["NDHWC", "NHWDC", "NCDHW"]}[rank]:
        last = layout.endswith("C")
        x = [1, 5] + [6] * rank if not last else [1] + [6] * rank + [5]
        for op in (C, T):
            add(fx, f"layout-{layout}-{op}-{rank}d", op, rank, M, x,
                {"in_channels": 5, "out_channels": 3, "kernel_size": 3}, layout=layout)
    add(fx, f"df-none-{rank}d", C, rank, M, [1, 5] + [6] * rank,
        {"in_channels": 5, "out_channels": 3, "kernel_size": 3, "data_format": None})
    add(fx, f"df-none-F-{rank}d", T, rank, FN, [1, 5] + [6] * rank, {"data_format": None}, [5, 3] + [3] * rank)

# --- padding forms ---------------------------------------------------------------------------
for rank in (1, 2, 3):
    first, last = FORMATS[rank]
    forms = {
        "int": 1, "list": [1, 2, 0][:rank], "tuple-begin-end": [1, 0, 2, 1, 0, 2][:2 * rank],
        "pairs-nc": [[0, 0], [0, 0]] + [[1, 0], [0, 2], [1, 1]][:rank],
        "pairs-nc-nonzero": [[0, 0], [1, 0]] + [[1, 0], [0, 2], [1, 1]][:rank],
        "pairs-rank": [[1, 0], [0, 2], [1, 1]][:rank], "single-list": [1], "negative": -1,
        "negative-list": [-1] + [0] * (rank - 1), "three-per-axis": [1] * (3 * rank),
        "same": "same", "SAME": "SAME", "Same": "Same", "valid": "valid", "VALID": "VALID", "full": "full",
    }
    for tag, padding in forms.items():
        for op in (C, T):
            x = [1, 2] + [7] * rank
            w = ([3, 2] if op == C else [2, 3]) + [3] * rank
            add(fx, f"pad-{tag}-{op}-{rank}d", op, rank, M, x,
                {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "stride": 2, "padding": padding})
            add(fx, f"pad-F-{tag}-{op}-{rank}d", op, rank, FN, x, {"stride": 2, "padding": padding}, w)
    # channel-last per-axis pairs: the batch and channel entries sit first and last
    x = [1] + [7] * rank + [2]
    for tag, padding in (("nhwc-pairs", [[0, 0]] + [[1, 0], [0, 2], [1, 1]][:rank] + [[0, 0]]),
                         ("nhwc-pairs-as-nchw", [[0, 0], [0, 0]] + [[1, 0], [0, 2], [1, 1]][:rank])):
        for op in (C, T):
            add(fx, f"pad-{tag}-{op}-{rank}d", op, rank, M, x,
                {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "padding": padding, "data_format": last})
    for n in (4, 5, 6, 7):
        add(fx, f"same-dilated-n{n}-{rank}d", C, rank, M, [1, 1] + [n] * rank,
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2, "padding": "SAME", "dilation": 2})
        add(fx, f"same-T-n{n}-{rank}d", T, rank, M, [1, 1] + [n] * rank,
            {"in_channels": 1, "out_channels": 1, "kernel_size": 3, "stride": 2, "padding": "same"})

# --- argument forms: stride / dilation / kernel / output_padding / output_size ----------------------
for rank in (1, 2, 3):
    x = [2, 4] + [5] * rank
    for name, values in (("stride", [2, [2] * rank, [2], [1, 2, 3][:rank], None, 0, -1]),
                         ("dilation", [2, [2] * rank, [2], None, 0]),
                         ("kernel_size", [3, [3] * rank, [3], [3, 1, 2][:rank], None, 0, -2])):
        for i, v in enumerate(values):
            for op in (C, T):
                add(fx, f"form-{name}{i}-{op}-{rank}d", op, rank, M, x,
                    dict({"in_channels": 4, "out_channels": 2, "kernel_size": 3}, **{name: v}))
                if name != "kernel_size":
                    w = ([2, 4] if op == C else [4, 2]) + [3] * rank
                    add(fx, f"form-F-{name}{i}-{op}-{rank}d", op, rank, FN, x, {name: v}, w)
    for i, opad in enumerate([1, [1] * rank, [1], None, 0, 2, -1]):
        add(fx, f"form-opad{i}-{rank}d", T, rank, M, x,
            {"in_channels": 4, "out_channels": 2, "kernel_size": 3, "stride": 2, "output_padding": opad})
        add(fx, f"form-F-opad{i}-{rank}d", T, rank, FN, x, {"stride": 2, "output_padding": opad}, [4, 2] + [3] * rank)
    for i, size in enumerate([11, [11] * rank, [12] * rank, [10] * rank, [13] * rank, [2, 2] + [11] * rank, None, [11]]):
        add(fx, f"form-output-size{i}-{rank}d", T, rank, M, x,
            {"in_channels": 4, "out_channels": 2, "kernel_size": 3, "stride": 2, "output_size": size})
        add(fx, f"form-F-output-size{i}-{rank}d", T, rank, FN, x, {"stride": 2, "output_size": size}, [4, 2] + [3] * rank)
    add(fx, f"output-size-and-opad-{rank}d", T, rank, FN, x, {"stride": 2, "output_size": [11] * rank, "output_padding": 1},
        [4, 2] + [3] * rank)
    for name in ("padding", "groups"):
        add(fx, f"none-{name}-{rank}d", C, rank, M, x, {"in_channels": 4, "out_channels": 2, "kernel_size": 3, name: None})
        add(fx, f"none-T-{name}-{rank}d", T, rank, M, x, {"in_channels": 4, "out_channels": 2, "kernel_size": 3, name: None})
        add(fx, f"none-F-{name}-{rank}d", T, rank, FN, x, {name: None}, [4, 2] + [3] * rank)
    for bias in (True, False, None):
        add(fx, f"bias-{bias}-{rank}d", C, rank, M, x, {"in_channels": 4, "out_channels": 2, "kernel_size": 3, "bias": bias})
        add(fx, f"bias-F-{bias}-{rank}d", T, rank, FN, x, {"bias": bias}, [4, 2] + [3] * rank)

# --- padding_mode -------------------------------------------------------------------------------
for mode in ("zeros", "reflect", "replicate", "circular", "mirror", None):
    for rank in (1, 2, 3):
        for n, p in ((3, 2), (3, 3), (2, 4), (1, 1), (1, 0)):
            add(fx, f"mode-{mode}-n{n}-p{p}-{rank}d", C, rank, M, [1, 2] + [n] * rank,
                {"in_channels": 2, "out_channels": 1, "kernel_size": 1, "padding": p, "padding_mode": mode})
        add(fx, f"mode-{mode}-list-{rank}d", C, rank, M, [1, 2] + [4] * rank,
            {"in_channels": 2, "out_channels": 1, "kernel_size": 1, "padding": [1] * rank, "padding_mode": mode})
        add(fx, f"mode-{mode}-same-{rank}d", C, rank, M, [1, 2] + [4] * rank,
            {"in_channels": 2, "out_channels": 1, "kernel_size": 3, "padding": "same", "padding_mode": mode})
        add(fx, f"mode-{mode}-channel-last-{rank}d", C, rank, M, [1] + [3] * rank + [2],
            {"in_channels": 2, "out_channels": 1, "kernel_size": 1, "padding": 2, "padding_mode": mode,
             "data_format": FORMATS[rank][1]})
        add(fx, f"mode-{mode}-spatial0-{rank}d", C, rank, M, [1, 2] + [3] * (rank - 1) + [0],
            {"in_channels": 2, "out_channels": 1, "kernel_size": 1, "padding": 1, "padding_mode": mode})
        add(fx, f"mode-{mode}-transpose-{rank}d", T, rank, M, [1, 2] + [3] * rank,
            {"in_channels": 2, "out_channels": 1, "kernel_size": 1, "padding_mode": mode})
        add(fx, f"mode-{mode}-F-{rank}d", C, rank, FN, [1, 2] + [3] * rank, {"padding_mode": mode}, [1, 2] + [1] * rank)

# --- arguments a call does not take ----------------------------------------------------------------
for rank in (1, 2):
    for op in (C, T):
        x = [1, 2] + [5] * rank
        w = ([3, 2] if op == C else [2, 3]) + [3] * rank
        for extra in ({"in_channels": 2}, {"kernel_size": 3}, {"output_size": [7] * rank}, {"output_padding": 0}):
            key = next(iter(extra))
            add(fx, f"F-given-{key}-{op}-{rank}d", op, rank, FN, x, extra, w)
        add(fx, f"module-given-output-padding-{op}-{rank}d", op, rank, M, x,
            {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "output_padding": 0})

# --- unbatched inputs (Paddle takes none) -------------------------------------------------------
for rank in (1, 2, 3):
    for op in (C, T):
        for with_rank in (True, False):
            tag = "rank" if with_rank else "norank"
            add(fx, f"unbatched-{op}-{tag}-{rank}d", op, rank, M, [3] + [5] * rank,
                {"in_channels": 3, "out_channels": 2, "kernel_size": 3}, with_rank=with_rank)
            add(fx, f"unbatched-F-{op}-{tag}-{rank}d", op, rank, FN, [3] + [5] * rank, {},
                ([2, 3] if op == C else [3, 2]) + [3] * rank, with_rank=with_rank)

# --- zero, negative channels, kernels, groups, sizes -----------------------------------------------
for rank in (1, 2, 3):
    sp = [4] * rank
    for op in (C, T):
        for cin, cout, groups in ((1, -1, 1), (1, -4, 1), (1, 0, 1), (0, 1, 1), (-1, 1, 1), (2, 2, -1), (2, 2, 0),
                                  (2, 3, 2), (2, 1, 2), (4, 6, 2), (0, 0, 1)):
            for bias in (True, False):
                add(fx, f"channels-{cin}-{cout}-g{groups}-bias{bias}-{op}-{rank}d", op, rank, M, [1, max(cin, 0)] + sp,
                    {"in_channels": cin, "out_channels": cout, "kernel_size": 3, "groups": groups, "bias": bias})
        def w(o, i, k=3):
            return ([o, i] if op == C else [i, o]) + [k] * rank
        for tag, x, weight in (("neg-kernel", [1, 2] + sp, w(2, 2, -3)), ("neg-out", [1, 2] + sp, w(-1, 2)),
                               ("zero-out", [1, 2] + sp, w(0, 2)), ("zero-kernel", [1, 2] + sp, w(2, 2, 0)),
                               ("zero-batch", [0, 2] + sp, w(2, 2)), ("zero-cin", [1, 0] + sp, w(2, 0)),
                               ("zero-spatial", [1, 2] + sp[1:] + [0], w(2, 2, 1)),
                               ("zero-spatial-k3", [1, 2] + sp[1:] + [0], w(2, 2)),
                               ("kernel-too-big", [1, 2] + [2] * rank, w(2, 2, 5)),
                               ("neg-input", [1, 2] + sp[1:] + [-1], w(2, 2))):
            add(fx, f"F-{tag}-{op}-{rank}d", op, rank, FN, x, {}, weight)
            add(fx, f"F-{tag}-pad1-{op}-{rank}d", op, rank, FN, x, {"padding": 1}, weight)

# --- weight_shape beside module arguments ---------------------------------------------------------
for rank in (1, 2):
    x = [1, 4] + [6] * rank
    for op in (C, T):
        good = ([8, 4] if op == C else [4, 8]) + [3] * rank
        for tag, weight in {"agrees": good, "kernel": good[:2] + [5] * rank,
                            "out": ([9, 4] if op == C else [4, 9]) + [3] * rank, "negative": [99, -5] + [0] * rank}.items():
            add(fx, f"weight-vs-module-{tag}-{op}-{rank}d", op, rank, M, x,
                {"in_channels": 4, "out_channels": 8, "kernel_size": 3}, weight)

fx.write()
