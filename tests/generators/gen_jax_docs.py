"""JAX requests as users and the jax.lax docs write them -> tests/fixtures/jax_docs.jsonl.

Every public entry point (conv_transpose, conv_general_dilated, conv, conv_with_general_padding),
dimension_numbers as None, as three strings with any spatial letters and as ConvDimensionNumbers
(object or three lists), the request's `layout` spelled as users spell it (NWC, NCW, NHWC, NCHW,
NDHWC, NCDHW, or any letters placing N and C the same way), padding strings in any case and
(low, high) pairs, lhs/rhs dilation, group counts, precision and preferred_element_type.
Executed on CPU so XLA's checks run."""

from common import Fixtures
from jax_common import VERSIONS, add, perm_of, place, request

fx = Fixtures("jax_docs", VERSIONS)

SIZES = {1: [7], 2: [5, 7], 3: [3, 4, 5]}
KERNELS = {1: [3], 2: [2, 3], 3: [2, 3, 2]}
STRIDES = {1: [2], 2: [1, 2], 3: [2, 1, 3]}


def layout_name(lhs):
    """How a user spells the input layout: N, C and conventional spatial letters."""
    letters = iter({3: "W", 4: "HW", 5: "DHW"}[len(lhs)])
    return "".join(c if c in "NC" else next(letters) for c in lhs)


def shapes(dn, rank, cin, cout, tk=False, fgc=1):
    lhs, rhs, _ = dn
    lp, rp = perm_of(lhs, "NC", rhs), perm_of(rhs, "OI", rhs)
    x = place([2, cin] + SIZES[rank], lp)
    w_canon = [cin, cout] if tk else [cout, cin // fgc]
    return x, place(w_canon + KERNELS[rank], rp), lp, rp, perm_of(dn[2], "NC", rhs)


TRANSPOSE_DNS = {
    1: [("NWC", "WIO", "NWC"), ("NHC", "HIO", "NHC"), ("NLC", "LIO", "NLC"), ("NCW", "OIW", "NCW"),
        ("NCW", "IOW", "NCW"), ("NCH", "OIH", "NCH"), ("NWC", "OIW", "NCW"), ("CNW", "WOI", "WNC")],
    2: [("NHWC", "HWIO", "NHWC"), ("NCHW", "OIHW", "NCHW"), ("NCHW", "IOHW", "NCHW"), ("NHWC", "OIHW", "NHWC"),
        ("NCHW", "HWIO", "NHWC"), ("NWHC", "WHIO", "NWHC"), ("NHWC", "WHIO", "NHWC"), ("NCWH", "OIHW", "NCHW"),
        ("NXYC", "XYIO", "NXYC")],
    3: [("NDHWC", "DHWIO", "NDHWC"), ("NCDHW", "OIDHW", "NCDHW"), ("NHWDC", "HWDIO", "NHWDC"),
        ("NCDHW", "DHWIO", "NDHWC"), ("NDHWC", "WHDIO", "NDHWC")],
}

# --- layouts: every spelling, in every dimension_numbers form ---------------------------------
for api in ("conv_transpose", "conv_general_dilated"):
    for rank, dns in TRANSPOSE_DNS.items():
        for i, dn in enumerate(dns):
            for form in ("strings", "object", "lists", "layout-only"):
                for tk in ((False, True) if api == "conv_transpose" else (False,)):
                    x, w, lp, rp, op = shapes(dn, rank, 3, 2, tk)
                    strides = "strides" if api == "conv_transpose" else "window_strides"
                    params = {strides: STRIDES[rank], "padding": ["SAME", "VALID", [(1, 0)] * rank][i % 3]}
                    if form == "strings":
                        params["dimension_numbers"] = list(dn)
                    elif form == "object":
                        params["dimension_numbers"] = {"lhs_spec": lp, "rhs_spec": rp, "out_spec": op}
                    elif form == "lists":
                        params["dimension_numbers"] = [lp, rp, op]
                    if tk:
                        params["transpose_kernel"] = True
                    default_lhs = {"conv_transpose": {1: "NHC", 2: "NHWC", 3: "NHWDC"}}.get(api, {1: "NCH", 2: "NCHW", 3: "NCHWD"})[rank]
                    if form == "layout-only":
                        if [dn[0].index("N"), dn[0].index("C")] != [default_lhs.index("N"), default_lhs.index("C")]:
                            continue
                        if api == "conv_transpose" and dn[1] != {1: "HIO", 2: "HWIO", 3: "HWDIO"}[rank] and dn[1] != dn[1]:
                            continue
                        # the default kernel layout: HIO/HWIO/HWDIO (transpose) or OI… (forward)
                        default_rhs = ({1: [2, 1, 0], 2: [3, 2, 0, 1], 3: [4, 3, 0, 1, 2]}[rank] if api == "conv_transpose"
                                       else list(range(rank + 2)))
                        canon = [3, 2] if tk else [2, 3]
                        if api != "conv_transpose":
                            canon = [2, 3]
                        x = place([2, 3] + SIZES[rank], perm_of(default_lhs, "NC", default_lhs.replace("N", "").replace("C", "") + "IO"))
                        w = place(canon + KERNELS[rank], default_rhs)
                    layouts = [layout_name(dn[0]), dn[0]] if form != "layout-only" else [layout_name(dn[0]), dn[0], None]
                    for layout in layouts:
                        add(fx, f"{api}-{form}-{dn[0]}-{dn[1]}-tk{int(tk)}-layout{layout}", request(api, rank, x, w, params, layout))

# Default dimension_numbers written out as None, and each default layout spelled by users.
for rank in (1, 2, 3):
    sp = SIZES[rank]
    for layout in ({1: ["NWC", "NHC", "NLC", "NXC"], 2: ["NHWC", "NWHC", "NYXC"], 3: ["NDHWC", "NHWDC"]}[rank]):
        add(fx, f"transpose-layout-{layout}", request("conv_transpose", rank, [1] + sp + [2], KERNELS[rank] + [2, 4],
                                                       {"strides": STRIDES[rank], "padding": "SAME", "dimension_numbers": None}, layout))
    for layout in ({1: ["NCW", "NCH", "NCL"], 2: ["NCHW", "NCWH", "NCYX"], 3: ["NCDHW", "NCHWD"]}[rank]):
        for api in ("conv_general_dilated", "conv", "conv_with_general_padding"):
            params = {"window_strides": STRIDES[rank], "padding": "SAME"}
            if api == "conv_general_dilated":
                params["dimension_numbers"] = None
            if api == "conv_with_general_padding":
                params.update(lhs_dilation=None, rhs_dilation=None)
            add(fx, f"{api}-layout-{layout}", request(api, rank, [1, 2] + sp, [4, 2] + KERNELS[rank], params, layout))

# --- dimension_numbers the framework rejects -----------------------------------------------
bad_dns = [["NHWC", "HWIO"], ["NHWC", "HWIO", "NHWC", "NHWC"], ["NHWC", "HWIO", "NHW"], ["NHWC", "HWIO", "NHWCX"],
           ["NHHC", "HWIO", "NHWC"], ["NHWC", "HWIX", "NHWC"], ["NHWC", "HWIO", "NXWC"], ["nhwc", "hwio", "nhwc"],
           "NHWC", {"lhs_spec": [0, 3, 1, 2], "rhs_spec": [3, 2, 0, 1]},
           {"lhs_spec": [0, 3, 1, 2], "rhs_spec": [3, 2, 0, 1], "out_spec": [0, 3, 1, 4]},
           [[0, 3, 1], [3, 2, 0, 1], [0, 3, 1, 2]]]
for i, dn in enumerate(bad_dns):
    add(fx, f"bad-dimension-numbers-{i}", request("conv_transpose", 2, [1, 5, 7, 3], [2, 3, 3, 2],
                                                  {"strides": [2, 2], "padding": "SAME", "dimension_numbers": dn}))

# --- padding in every form ---------------------------------------------------------------
for strides in ([1], [2]):
    for padding in ("SAME", "VALID", "same", "valid", "Same", "SAME_LOWER", "same_lower", "FULL", [(0, 0)], [(1, 1)],
                    [(2, 0)], [(0, 3)], [(-1, 0)], [(-3, -3)], [(5, 5)]):
        for k in (2, 3, 4):
            for consistent in (None, True, False):
                params = {"strides": strides, "padding": padding}
                if consistent is not None:
                    params["use_consistent_padding"] = consistent
                add(fx, f"transpose-padding-{padding}-k{k}-s{strides[0]}", request("conv_transpose", 1, [1, 5, 1], [k, 1, 1], params))
for padding in ("SAME", "VALID", "SAME_LOWER", "same", "same_lower", "valid", "FULL", [(1, 1)], [(0, 2)], [(-1, -1)],
                [(-3, -3)], [(1, 1), (1, 1)], [(1, 1, 1)], [1, 1]):
    for api in ("conv_general_dilated", "conv", "conv_with_general_padding"):
        params = {"window_strides": [2], "padding": padding}
        if api == "conv_with_general_padding":
            params.update(lhs_dilation=[1], rhs_dilation=[2])
        add(fx, f"{api}-padding-{padding}", request(api, 1, [1, 1, 6], [1, 1, 3], params))

# --- lhs_dilation: conv_general_dilated / conv_with_general_padding as a transposed conv ------
for api in ("conv_general_dilated", "conv_with_general_padding"):
    for ld in ([1], [2], [3], [0], None):
        for padding in ([(2, 2)], [(1, 0)], [(0, 0)], [(-1, 2)], "SAME", "VALID"):
            params = {"window_strides": [1], "padding": padding, "lhs_dilation": ld}
            if api == "conv_with_general_padding":
                params["rhs_dilation"] = None
            add(fx, f"{api}-lhs-dilation-{ld}-{padding}", request(api, 1, [1, 2, 4], [3, 2, 3], params))
    add(fx, f"{api}-lhs-dilation-2d", request(api, 2, [1, 2, 4, 3], [3, 2, 3, 2],
                                              dict({"window_strides": [1, 1], "padding": [(2, 1), (1, 1)], "lhs_dilation": [2, 3]},
                                                   **({"rhs_dilation": [1, 2]} if api == "conv_with_general_padding" else {}))))
add(fx, "conv-with-general-padding-missing-dilations", request("conv_with_general_padding", 1, [1, 2, 4], [3, 2, 3],
                                                              {"window_strides": [1], "padding": "SAME"}))
add(fx, "conv-with-general-padding-missing-rhs", request("conv_with_general_padding", 1, [1, 2, 4], [3, 2, 3],
                                                        {"window_strides": [1], "padding": "SAME", "lhs_dilation": None}))
add(fx, "lhs-dilation-nhwc", request("conv_general_dilated", 2, [1, 4, 3, 2], [3, 2, 2, 5],
                                     {"window_strides": [1, 1], "padding": [(1, 2), (0, 1)], "lhs_dilation": [2, 2],
                                      "rhs_dilation": [1, 2], "dimension_numbers": ["NHWC", "HWIO", "NHWC"]}, "NHWC"))

# --- group counts --------------------------------------------------------------------------
for fgc in (1, 2, 3, 4, 0, -1, None):
    for cin, cout in ((4, 6), (4, 4), (6, 6), (3, 6)):
        add(fx, f"feature-group-{fgc}-{cin}-{cout}", request("conv_general_dilated", 2, [1, cin, 5, 5], [cout, max(cin // (fgc or 1), 1), 3, 3],
                                                           {"window_strides": [1, 1], "padding": "SAME", "feature_group_count": fgc}))
for bgc, batch, cout in ((1, 4, 4), (3, 4, 6), (2, 4, 3), (0, 4, 4), (-2, 4, 4), (None, 4, 4)):
    add(fx, f"batch-group-{bgc}", request("conv_general_dilated", 1, [batch, 2, 5], [cout, 2, 3],
                                          {"window_strides": [1], "padding": "SAME", "batch_group_count": bgc}))
add(fx, "both-groups", request("conv_general_dilated", 1, [4, 4, 5], [4, 2, 3],
                               {"window_strides": [1], "padding": "SAME", "batch_group_count": 2, "feature_group_count": 2}))

# --- argument forms: scalars, None, sibling keywords, types ---------------------------------
forms = [
    ("conv_transpose", {"strides": 2, "padding": "SAME"}),
    ("conv_transpose", {"strides": None, "padding": "SAME"}),
    ("conv_transpose", {"strides": [2], "padding": None}),
    ("conv_transpose", {"strides": [2], "padding": "SAME", "rhs_dilation": None, "dimension_numbers": None,
                        "transpose_kernel": None, "precision": None, "preferred_element_type": None}),
    ("conv_transpose", {"strides": [2], "padding": "SAME", "rhs_dilation": 2}),
    ("conv_transpose", {"strides": [2], "padding": "SAME", "rhs_dilation": [2]}),
    ("conv_transpose", {"strides": [2], "padding": "SAME", "feature_group_count": 1}),
    ("conv_transpose", {"strides": [2], "padding": "SAME", "lhs_dilation": [1]}),
    ("conv_transpose", {"padding": "SAME"}),
    ("conv_transpose", {"strides": [2]}),
    ("conv_transpose", {"strides": [2, 2], "padding": "SAME"}),
    ("conv_transpose", {"strides": [], "padding": "SAME"}),
    ("conv_general_dilated", {"window_strides": 1, "padding": "SAME"}),
    ("conv_general_dilated", {"window_strides": None, "padding": "SAME"}),
    ("conv_general_dilated", {"window_strides": [1], "padding": "SAME", "lhs_dilation": None, "rhs_dilation": None,
                              "dimension_numbers": None, "precision": None, "preferred_element_type": None}),
    ("conv_general_dilated", {"window_strides": [1], "padding": "SAME", "strides": [1]}),
    ("conv_general_dilated", {"strides": [1], "padding": "SAME"}),
    ("conv_general_dilated", {"window_strides": [1], "padding": "SAME", "transpose_kernel": True}),
    ("conv_general_dilated", {"window_strides": [0], "padding": "VALID"}),
    ("conv_general_dilated", {"window_strides": [-1], "padding": "VALID"}),
    ("conv_general_dilated", {"window_strides": [1], "padding": "VALID", "rhs_dilation": [0]}),
    ("conv", {"window_strides": [1], "padding": "SAME", "rhs_dilation": [2]}),
    ("conv", {"window_strides": [1], "padding": "SAME", "dimension_numbers": None}),
    ("conv", {"window_strides": [1], "padding": "SAME", "feature_group_count": 1}),
    ("conv", {"window_strides": [2], "padding": [(1, 1)]}),
    ("conv", {"window_strides": [2]}),
    ("conv_with_general_padding", {"window_strides": [1], "padding": "SAME", "lhs_dilation": None, "rhs_dilation": [2],
                                   "feature_group_count": 1}),
]
for i, (api, params) in enumerate(forms):
    x, w = ([1, 6, 2], [3, 2, 4]) if api == "conv_transpose" else ([1, 2, 6], [4, 2, 3])
    add(fx, f"form-{i}-{api}", request(api, 1, x, w, params))

for api in ("conv_transpose", "conv_general_dilated", "conv", "conv_with_general_padding"):
    x, w = ([1, 6, 2], [3, 2, 4]) if api == "conv_transpose" else ([1, 2, 6], [4, 2, 3])
    base = {"strides" if api == "conv_transpose" else "window_strides": [2], "padding": "SAME"}
    if api == "conv_with_general_padding":
        base.update(lhs_dilation=None, rhs_dilation=None)
    for pet in ("float32", "float64", "float16", "bfloat16", "int32", "int8", "complex64", "bogus", "float"):
        add(fx, f"{api}-preferred-{pet}", request(api, 1, x, w, dict(base, preferred_element_type=pet)))
    for precision in ("highest", "high", "default", "fastest", "float32", "tensorfloat32", "bfloat16", "bfloat16_3x",
                      "DEFAULT", "F32_F32_F32", "BF16_BF16_F32", "HIGHEST", "bogus", ["highest", "default"], ["highest"], 1):
        add(fx, f"{api}-precision-{precision}", request(api, 1, x, w, dict(base, precision=precision)))
    # unbatched input (jax.lax needs the batch axis), a rank mismatch, an empty kernel, empty input
    add(fx, f"{api}-unbatched", request(api, 1, x[1:], w, base))
    add(fx, f"{api}-rank-mismatch", request(api, 1, x, w + [1], base))
    add(fx, f"{api}-kernel-zero", request(api, 1, x, [0] + w[1:] if api == "conv_transpose" else w[:2] + [0], base))
    add(fx, f"{api}-input-zero", request(api, 1, [1, 0, 2] if api == "conv_transpose" else [1, 2, 0], w, base))
    add(fx, f"{api}-batch-zero", request(api, 1, [0] + x[1:], w, base))
    add(fx, f"{api}-channels-zero", request(api, 1, [1, 6, 0] if api == "conv_transpose" else [1, 0, 6],
                                            [3, 0, 4] if api == "conv_transpose" else [4, 0, 3], base))

fx.write()
