"""PyTorch requests written the way torch's documentation and users' code write them, recorded from
the real torch: every entry point (nn.Conv{1,2,3}d, nn.ConvTranspose{1,2,3}d incl. forward(output_size=),
F.conv{1,2,3}d, F.conv_transpose{1,2,3}d), scalar / tuple / one-element forms, padding strings,
unbatched (C, L) / (C, H, W) / (C, D, H, W) inputs (with and without "rank"), padding_mode limits,
module-only arguments given to F.*, None where users pass None, zero sizes (batch, channels, spatial,
kernel, output), and weight_shape beside module arguments. -> tests/fixtures/pytorch_docs.jsonl"""

from common import Fixtures
from pytorch_cases import VERSIONS, add

fx = Fixtures("pytorch_docs", VERSIONS)
M, FN = "module", "functional"
T, C = "conv_transpose", "conv"

# --- the documentation's own examples --------------------------------------------------------
add(fx, "doc-conv1d", C, 1, M, [20, 16, 50], {"in_channels": 16, "out_channels": 33, "kernel_size": 3, "stride": 2})
add(fx, "doc-conv2d-square", C, 2, M, [20, 16, 50, 100], {"in_channels": 16, "out_channels": 33, "kernel_size": 3, "stride": 2})
add(fx, "doc-conv2d-nonsquare", C, 2, M, [20, 16, 50, 100],
    {"in_channels": 16, "out_channels": 33, "kernel_size": [3, 5], "stride": [2, 1], "padding": [4, 2]})
add(fx, "doc-conv2d-dilation", C, 2, M, [20, 16, 50, 100],
    {"in_channels": 16, "out_channels": 33, "kernel_size": [3, 5], "stride": [2, 1], "padding": [4, 2], "dilation": [3, 1]})
add(fx, "doc-conv3d", C, 3, M, [4, 16, 10, 12, 14], {"in_channels": 16, "out_channels": 33, "kernel_size": 3, "stride": 2})
add(fx, "doc-conv3d-nonsquare", C, 3, M, [4, 16, 10, 12, 14],
    {"in_channels": 16, "out_channels": 33, "kernel_size": [3, 5, 2], "stride": [2, 1, 1], "padding": [4, 2, 0]})
add(fx, "doc-convT1d", T, 1, M, [20, 16, 50], {"in_channels": 16, "out_channels": 33, "kernel_size": 3, "stride": 2})
add(fx, "doc-convT2d-square", T, 2, M, [20, 16, 50, 100], {"in_channels": 16, "out_channels": 33, "kernel_size": 3, "stride": 2})
add(fx, "doc-convT2d-nonsquare", T, 2, M, [20, 16, 50, 100],
    {"in_channels": 16, "out_channels": 33, "kernel_size": [3, 5], "stride": [2, 1], "padding": [4, 2]})
add(fx, "doc-convT3d", T, 3, M, [4, 16, 10, 12, 14], {"in_channels": 16, "out_channels": 33, "kernel_size": 3, "stride": 2})
add(fx, "doc-convT3d-nonsquare", T, 3, M, [4, 16, 10, 12, 14],
    {"in_channels": 16, "out_channels": 33, "kernel_size": [3, 5, 2], "stride": [2, 1, 1], "padding": [0, 4, 2]})
# the upsample example: output_size=input.size() (batch and channels included)
add(fx, "doc-upsample-output-size-full", T, 2, M, [1, 16, 6, 6],
    {"in_channels": 16, "out_channels": 16, "kernel_size": 3, "stride": 2, "padding": 1, "output_size": [1, 16, 12, 12]})
add(fx, "doc-upsample-output-size-spatial", T, 2, M, [1, 16, 6, 6],
    {"in_channels": 16, "out_channels": 16, "kernel_size": 3, "stride": 2, "padding": 1, "output_size": [12, 12]})
add(fx, "doc-F-conv1d", C, 1, FN, [33, 16, 30], {}, [20, 16, 5])
add(fx, "doc-F-conv2d", C, 2, FN, [1, 4, 5, 5], {"padding": 1}, [8, 4, 3, 3])
add(fx, "doc-F-conv3d", C, 3, FN, [2, 16, 10, 8, 9], {}, [33, 16, 3, 3, 3])
add(fx, "doc-F-convT1d", T, 1, FN, [20, 16, 50], {}, [16, 33, 5])
add(fx, "doc-F-convT2d", T, 2, FN, [1, 4, 5, 5], {"padding": 1}, [4, 8, 3, 3])
add(fx, "doc-F-convT3d", T, 3, FN, [2, 16, 10, 8, 9], {}, [16, 33, 3, 3, 3])

# --- argument forms: int, tuple, one-element list, bias flags ----------------------------------
for rank in (1, 2, 3):
    x = [2, 4] + [7] * rank
    for name, values in (("stride", [2, [2] * rank, [2], [1, 2, 3][:rank]]),
                         ("padding", [1, [1] * rank, [1], [0, 1, 2][:rank]]),
                         ("dilation", [2, [2] * rank, [2], [1, 2, 1][:rank]])):
        for i, v in enumerate(values):
            for op in (C, T):
                add(fx, f"form-{name}{i}-{op}-{rank}d", op, rank, M, x,
                    {"in_channels": 4, "out_channels": 6, "kernel_size": 3, name: v})
                w = ([6, 4] if op == C else [4, 6]) + [3] * rank
                add(fx, f"form-F-{name}{i}-{op}-{rank}d", op, rank, FN, x, {name: v}, w)
    add(fx, f"form-kernel-tuple-{rank}d", C, rank, M, x, {"in_channels": 4, "out_channels": 6, "kernel_size": [3, 2, 1][:rank]})
    add(fx, f"form-kernel-single-{rank}d", C, rank, M, x, {"in_channels": 4, "out_channels": 6, "kernel_size": [3]})
    add(fx, f"form-opad-single-{rank}d", T, rank, M, x,
        {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "stride": 2, "output_padding": [1]})
    add(fx, f"form-opad-tuple-{rank}d", T, rank, M, x,
        {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "stride": 2, "output_padding": [1, 0, 1][:rank]})
    add(fx, f"form-F-opad-single-{rank}d", T, rank, FN, x, {"stride": 2, "output_padding": [1]}, [4, 6] + [3] * rank)
    for bias in (True, False, None):
        add(fx, f"bias-{bias}-{rank}d", C, rank, M, x, {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "bias": bias})
        add(fx, f"bias-F-{bias}-{rank}d", T, rank, FN, x, {"bias": bias}, [4, 6] + [3] * rank)
    add(fx, f"groups-{rank}d", T, rank, M, x, {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "groups": 2})
    add(fx, f"groups-F-{rank}d", C, rank, FN, x, {"groups": 2}, [6, 2] + [3] * rank)
    add(fx, f"groups-bad-{rank}d", C, rank, M, x, {"in_channels": 4, "out_channels": 6, "kernel_size": 3, "groups": 4})

# --- padding strings, as users spell them ----------------------------------------------------
for rank in (1, 2, 3):
    x = [1, 2] + [6] * rank
    for p in ("same", "valid", "SAME", "Same", "VALID", "full"):
        add(fx, f"padstr-{p}-{rank}d", C, rank, M, x, {"in_channels": 2, "out_channels": 3, "kernel_size": 4, "padding": p})
        add(fx, f"padstr-F-{p}-{rank}d", C, rank, FN, x, {"padding": p}, [3, 2] + [4] * rank)
        if p in ("same", "valid"):
            add(fx, f"padstr-T-{p}-{rank}d", T, rank, M, x, {"in_channels": 2, "out_channels": 3, "kernel_size": 4, "padding": p})
            add(fx, f"padstr-FT-{p}-{rank}d", T, rank, FN, x, {"padding": p}, [2, 3] + [4] * rank)
    add(fx, f"same-dilated-{rank}d", C, rank, M, x,
        {"in_channels": 2, "out_channels": 3, "kernel_size": 4, "padding": "same", "dilation": 2})
    add(fx, f"same-strided-{rank}d", C, rank, M, x,
        {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "padding": "same", "stride": 2})
    add(fx, f"same-strided-F-{rank}d", C, rank, FN, x, {"padding": "same", "stride": 2}, [3, 2] + [3] * rank)

# --- unbatched inputs: module and functional, with and without "rank" ---------------------------
for rank in (1, 2, 3):
    for with_rank in (True, False):
        tag = "rank" if with_rank else "norank"
        x = [3] + [5] * rank
        add(fx, f"unbatched-conv-{tag}-{rank}d", C, rank, M, x,
            {"in_channels": 3, "out_channels": 2, "kernel_size": 3}, with_rank=with_rank)
        add(fx, f"unbatched-convT-{tag}-{rank}d", T, rank, M, x,
            {"in_channels": 3, "out_channels": 2, "kernel_size": 3, "stride": 2, "output_padding": 1}, with_rank=with_rank)
        add(fx, f"unbatched-F-conv-{tag}-{rank}d", C, rank, FN, x, {"padding": 1}, [2, 3] + [3] * rank, with_rank=with_rank)
        add(fx, f"unbatched-F-convT-{tag}-{rank}d", T, rank, FN, x, {"stride": 2}, [3, 2] + [3] * rank, with_rank=with_rank)
        add(fx, f"unbatched-F-conv-same-{tag}-{rank}d", C, rank, FN, x, {"padding": "same"}, [2, 3] + [4] * rank,
            with_rank=with_rank)
        add(fx, f"unbatched-groups-{tag}-{rank}d", T, rank, M, [4] + [5] * rank,
            {"in_channels": 4, "out_channels": 2, "kernel_size": 2, "stride": 3, "groups": 2}, with_rank=with_rank)
        add(fx, f"unbatched-wrong-channels-{tag}-{rank}d", C, rank, M, [2] + [5] * rank,
            {"in_channels": 3, "out_channels": 2, "kernel_size": 3}, with_rank=with_rank)
        for size in ([9] * rank, [2] + [9] * rank, [1, 2] + [9] * rank, [10] * rank):
            add(fx, f"unbatched-output-size-{len(size)}-{size[-1]}-{tag}-{rank}d", T, rank, M, x,
                {"in_channels": 3, "out_channels": 2, "kernel_size": 3, "stride": 2, "output_size": size},
                with_rank=with_rank)
    add(fx, f"too-few-dims-{rank}d", C, rank, M, [5] * rank, {"in_channels": 5, "out_channels": 2, "kernel_size": 1})
    add(fx, f"too-few-dims-F-{rank}d", T, rank, FN, [5] * rank, {}, [5, 2] + [1] * rank)
    add(fx, f"too-many-dims-{rank}d", C, rank, M, [1, 1, 3] + [5] * rank, {"in_channels": 3, "out_channels": 2, "kernel_size": 1})
    add(fx, f"batched-output-size-3-{rank}d", T, rank, M, [1, 3] + [5] * rank,
        {"in_channels": 3, "out_channels": 2, "kernel_size": 3, "stride": 2, "output_size": [2] + [11] * rank})

# --- padding_mode: the limits per mode and rank -----------------------------------------------
for mode in ("zeros", "reflect", "replicate", "circular"):
    for rank in (1, 2, 3):
        for n in (1, 2, 3):
            for p in (n - 1, n, n + 1):
                if p < 0:
                    continue
                add(fx, f"mode-{mode}-n{n}-p{p}-{rank}d", C, rank, M, [1, 2] + [n] * rank,
                    {"in_channels": 2, "out_channels": 1, "kernel_size": 1, "padding": p, "padding_mode": mode})
        # one axis over the limit, the others inside
        for bad_axis in range(rank):
            pads = [1] * rank
            sizes = [4] * rank
            sizes[bad_axis] = 2
            pads[bad_axis] = 3
            add(fx, f"mode-{mode}-axis{bad_axis}-{rank}d", C, rank, M, [1, 1] + sizes,
                {"in_channels": 1, "out_channels": 1, "kernel_size": 1, "padding": pads, "padding_mode": mode})
        for k in (3, 4, 5):
            add(fx, f"mode-{mode}-same-k{k}-{rank}d", C, rank, M, [1, 1] + [2] * rank,
                {"in_channels": 1, "out_channels": 1, "kernel_size": k, "padding": "same", "padding_mode": mode})
        add(fx, f"mode-{mode}-unbatched-{rank}d", C, rank, M, [1] + [2] * rank,
            {"in_channels": 1, "out_channels": 1, "kernel_size": 1, "padding": 2, "padding_mode": mode})
        add(fx, f"mode-{mode}-batch0-{rank}d", C, rank, M, [0, 1] + [3] * rank,
            {"in_channels": 1, "out_channels": 1, "kernel_size": 1, "padding": 1, "padding_mode": mode})
        add(fx, f"mode-{mode}-chan0-{rank}d", C, rank, M, [1, 0] + [3] * rank,
            {"in_channels": 0, "out_channels": 1, "kernel_size": 1, "padding": 1, "padding_mode": mode})
        add(fx, f"mode-{mode}-spatial0-{rank}d", C, rank, M, [1, 1] + [3] * (rank - 1) + [0],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 1, "padding": 1, "padding_mode": mode})
        add(fx, f"mode-{mode}-spatial0-p0-{rank}d", C, rank, M, [1, 1] + [3] * (rank - 1) + [0],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 1, "padding": 0, "padding_mode": mode})
        add(fx, f"mode-{mode}-valid-spatial0-{rank}d", C, rank, M, [1, 1] + [3] * (rank - 1) + [0],
            {"in_channels": 1, "out_channels": 1, "kernel_size": 1, "padding": "valid", "padding_mode": mode})
        add(fx, f"mode-{mode}-valid-chan0-unbatched-{rank}d", C, rank, M, [0] + [4] * rank,
            {"in_channels": 0, "out_channels": 2, "kernel_size": 3, "padding": "valid", "padding_mode": mode})
        add(fx, f"mode-{mode}-convT-{rank}d", T, rank, M, [1, 1] + [3] * rank,
            {"in_channels": 1, "out_channels": 1, "kernel_size": 1, "padding_mode": mode})
        add(fx, f"mode-{mode}-F-conv-{rank}d", C, rank, FN, [1, 1] + [3] * rank, {"padding_mode": mode}, [1, 1] + [1] * rank)
        add(fx, f"mode-{mode}-F-convT-{rank}d", T, rank, FN, [1, 1] + [3] * rank, {"padding_mode": mode}, [1, 1] + [1] * rank)
    add(fx, f"mode-{mode}-kernel-too-big", C, 1, M, [1, 1, 3],
        {"in_channels": 1, "out_channels": 1, "kernel_size": 9, "padding": 1, "padding_mode": mode})
add(fx, "mode-unknown", C, 2, M, [1, 1, 3, 3], {"in_channels": 1, "out_channels": 1, "kernel_size": 1, "padding_mode": "mirror"})

# --- module-only arguments given to F.*, F-only forms given to modules -------------------------
for rank in (1, 2):
    x = [1, 2] + [5] * rank
    for op in (C, T):
        w = ([3, 2] if op == C else [2, 3]) + [3] * rank
        for extra in ({"output_size": [7] * rank}, {"in_channels": 2}, {"out_channels": 3}, {"kernel_size": 3},
                      {"padding_mode": "zeros"}):
            key = next(iter(extra))
            add(fx, f"F-given-{key}-{op}-{rank}d", op, rank, FN, x, extra, w)
    add(fx, f"conv-given-output-padding-{rank}d", C, rank, M, x,
        {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "output_padding": 0})
    add(fx, f"F-conv-given-output-padding-{rank}d", C, rank, FN, x, {"output_padding": 0}, [3, 2] + [3] * rank)
    add(fx, f"conv-given-output-size-{rank}d", C, rank, M, x,
        {"in_channels": 2, "out_channels": 3, "kernel_size": 3, "output_size": [3] * rank})

# --- None where users pass None -----------------------------------------------------------------
for rank in (1, 2, 3):
    x = [1, 2] + [5] * rank
    base = {"in_channels": 2, "out_channels": 2, "kernel_size": 3}
    for op in (C, T):
        names = ["stride", "padding", "dilation", "groups", "bias", "padding_mode", "kernel_size", "in_channels",
                 "out_channels"] + (["output_padding", "output_size"] if op == T else [])
        for name in names:
            add(fx, f"none-{name}-{op}-{rank}d", op, rank, M, x, dict(base, **{name: None}))
        w = [2, 2] + [3] * rank
        for name in ["stride", "padding", "dilation", "groups", "bias"] + (["output_padding"] if op == T else []):
            add(fx, f"none-F-{name}-{op}-{rank}d", op, rank, FN, x, {name: None}, w)

# --- zero sizes: batch, channels, spatial, kernel, output ---------------------------------------
for rank in (1, 2, 3):
    sp = [3] * rank
    for op in (C, T):
        def w(o, i, k=1):
            return ([o, i] if op == C else [i, o]) + [k] * rank
        add(fx, f"zero-batch-{op}-{rank}d", op, rank, FN, [0, 2] + sp, {}, w(3, 2, 3))
        add(fx, f"zero-batch-module-{op}-{rank}d", op, rank, M, [0, 2] + sp,
            {"in_channels": 2, "out_channels": 3, "kernel_size": 2, "stride": 2})
        add(fx, f"zero-cin-{op}-{rank}d", op, rank, FN, [1, 0] + sp, {}, w(2, 0, 3))
        add(fx, f"zero-cin-module-{op}-{rank}d", op, rank, M, [1, 0] + sp, {"in_channels": 0, "out_channels": 2, "kernel_size": 2})
        add(fx, f"zero-cout-{op}-{rank}d", op, rank, FN, [1, 2] + sp, {}, w(0, 2))
        add(fx, f"zero-cout-module-{op}-{rank}d", op, rank, M, [1, 2] + sp, {"in_channels": 2, "out_channels": 0, "kernel_size": 1})
        add(fx, f"zero-spatial-{op}-{rank}d", op, rank, FN, [1, 2] + sp[1:] + [0], {}, w(2, 2))
        add(fx, f"zero-spatial-pad-{op}-{rank}d", op, rank, FN, [1, 2] + sp[1:] + [0], {"padding": 1}, w(2, 2))
        add(fx, f"zero-spatial-batch0-pad-{op}-{rank}d", op, rank, FN, [0, 2] + sp[1:] + [0], {"padding": 1}, w(2, 2))
        add(fx, f"zero-kernel-{op}-{rank}d", op, rank, FN, [1, 2] + sp, {}, w(2, 2, 1)[:-1] + [0])
        add(fx, f"zero-kernel-batch0-{op}-{rank}d", op, rank, FN, [0, 2] + sp, {}, w(2, 2, 1)[:-1] + [0])
        add(fx, f"zero-cin-kernel0-{op}-{rank}d", op, rank, FN, [1, 0] + sp, {}, w(2, 0, 1)[:-1] + [0])
        add(fx, f"zero-unbatched-cin-{op}-{rank}d", op, rank, FN, [0] + sp, {"stride": 2}, w(2, 0, 2))
        add(fx, f"zero-cin-groups2-{op}-{rank}d", op, rank, FN, [1, 0] + sp, {"groups": 2}, w(2, 0, 2))
        add(fx, f"zero-batch-dilation0-{op}-{rank}d", op, rank, FN, [0, 2] + sp, {"dilation": 0}, w(2, 2, 2))
        add(fx, f"zero-batch-kernel-too-big-{op}-{rank}d", op, rank, FN, [0, 2] + sp, {}, w(2, 2, 5))
    add(fx, f"zero-output-convT-{rank}d", T, rank, FN, [1, 1] + [1] * rank, {"padding": 1}, [1, 1] + [2] * rank)
    add(fx, f"zero-output-convT-batch0-{rank}d", T, rank, FN, [0, 1] + [1] * rank, {"padding": 1}, [1, 1] + [2] * rank)
    add(fx, f"negative-output-convT-batch0-{rank}d", T, rank, FN, [0, 1] + [1] * rank, {"padding": 2}, [1, 1] + [1] * rank)
    add(fx, f"zero-output-one-axis-{rank}d", T, rank, FN, [1, 1] + [3] * (rank - 1) + [1], {"padding": 1},
        [1, 1] + [2] * rank)
    add(fx, f"opad-too-big-batch0-{rank}d", T, rank, FN, [0, 1] + [3] * rank, {"output_padding": 2}, [1, 2] + [3] * rank)
    add(fx, f"opad-too-big-batch0-module-{rank}d", T, rank, M, [0, 1] + [3] * rank,
        {"in_channels": 1, "out_channels": 2, "kernel_size": 3, "output_padding": 2})
    add(fx, f"zero-channels-unbatched-module-{rank}d", C, rank, M, [0] + [4] * rank,
        {"in_channels": 0, "out_channels": 2, "kernel_size": 3})
    add(fx, f"zero-batch-same-{rank}d", C, rank, FN, [0, 1] + [4] * rank, {"padding": "same"}, [2, 1] + [3] * rank)

# --- weight_shape beside module arguments --------------------------------------------------------
for rank in (1, 2):
    x = [1, 4] + [6] * rank
    for op in (C, T):
        good = ([8, 4] if op == C else [4, 8]) + [3] * rank
        cases = {"agrees": good, "kernel": good[:2] + [5] * rank, "out": ([9, 4] if op == C else [4, 9]) + [3] * rank,
                 "in": ([8, 2] if op == C else [2, 8]) + [3] * rank, "negative": [99, -5] + [0] * rank,
                 "rank": good + [3]}
        for tag, weight in cases.items():
            add(fx, f"weight-vs-module-{tag}-{op}-{rank}d", op, rank, M, x,
                {"in_channels": 4, "out_channels": 8, "kernel_size": 3}, weight)
        grouped = ([8, 2] if op == C else [4, 4]) + [3] * rank
        add(fx, f"weight-vs-module-groups-{op}-{rank}d", op, rank, M, x,
            {"in_channels": 4, "out_channels": 8, "kernel_size": 3, "groups": 2}, grouped)

fx.write()
