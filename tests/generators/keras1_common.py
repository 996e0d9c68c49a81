"""Cases shared by the two Keras 1 generators (Theano and TensorFlow backends)."""

from common import rng_for


def keras1_cases():
    """(case_id, input_shape, params) for Deconvolution2D, deterministic."""
    cases = []
    add = lambda case_id, shape, params: cases.append((case_id, shape, params))
    # The docstring's own example: 3x3, stride 1, valid, 12x12 input, output_shape (None, 3, 14, 14).
    add("docstring-14", [1, 3, 12, 12], {"nb_filter": 3, "nb_row": 3, "nb_col": 3, "output_shape": [None, 3, 14, 14],
                                          "border_mode": "valid", "dim_ordering": "th"})
    add("docstring-stride2-25", [1, 3, 12, 12], {"nb_filter": 3, "nb_row": 3, "nb_col": 3, "output_shape": [None, 3, 25, 25],
                                                  "border_mode": "valid", "subsample": [2, 2], "dim_ordering": "th"})
    # The seed question: what does Keras 1 do with a Caffe-like layer and output_shape 56?
    for subsample in ([1, 1], [2, 2]):
        for size in (28, 55, 56, 57):
            add(f"caffe-like-{subsample[0]}-{size}", [1, 8, 28, 28],
                {"nb_filter": 8, "nb_row": 4, "nb_col": 4, "output_shape": [None, 8, size, size], "border_mode": "same",
                 "subsample": subsample, "dim_ordering": "th"})
    add("ignored-channels", [1, 3, 12, 12], {"nb_filter": 3, "nb_row": 3, "nb_col": 3, "output_shape": [None, 7, 14, 14],
                                              "dim_ordering": "th"})
    add("batch-given", [2, 3, 12, 12], {"nb_filter": 3, "nb_row": 3, "nb_col": 3, "output_shape": [2, 3, 14, 14], "dim_ordering": "th"})
    add("batch-wrong", [2, 3, 12, 12], {"nb_filter": 3, "nb_row": 3, "nb_col": 3, "output_shape": [5, 3, 14, 14], "dim_ordering": "th"})
    add("full", [1, 3, 12, 12], {"nb_filter": 3, "nb_row": 3, "nb_col": 3, "output_shape": [None, 3, 10, 10],
                                  "border_mode": "full", "dim_ordering": "th"})
    add("bad-border", [1, 3, 12, 12], {"nb_filter": 3, "nb_row": 3, "nb_col": 3, "output_shape": [None, 3, 14, 14],
                                        "border_mode": "causal", "dim_ordering": "th"})
    add("tf-ordering", [1, 12, 12, 3], {"nb_filter": 2, "nb_row": 3, "nb_col": 3, "output_shape": [None, 14, 14, 2],
                                         "dim_ordering": "tf"})
    add("same-even-kernel", [1, 1, 5, 5], {"nb_filter": 1, "nb_row": 4, "nb_col": 4, "output_shape": [None, 1, 10, 10],
                                            "border_mode": "same", "subsample": [2, 2], "dim_ordering": "th"})
    rng = rng_for("keras1")
    for index in range(300):
        n = [rng.choice([1, 2, 3, 4, 5, 6, 8]) for _ in range(2)]
        k = [rng.choice([1, 2, 3, 4, 5])] * 2 if rng.random() < 0.6 else [rng.choice([1, 2, 3, 4, 5]) for _ in range(2)]
        s = [rng.choice([1, 1, 2, 3])] * 2 if rng.random() < 0.7 else [rng.choice([1, 2, 3]) for _ in range(2)]
        mode = rng.choice(["valid", "valid", "same", "same", "full"])
        pad = {"valid": [0, 0], "same": [kk // 2 for kk in k], "full": [kk - 1 for kk in k]}[mode]
        sizes = []
        for nn, kk, ss, pp in zip(n, k, s, pad):
            low = (nn - 1) * ss + kk - 2 * pp
            sizes.append(max(1, rng.choice([low - 1, low, low, low + rng.randint(0, ss - 1), low + ss, nn * ss])))
        cin, cout = rng.choice([1, 2, 3]), rng.choice([1, 2, 4])
        th = rng.random() < 0.6
        out_channels = cout if rng.random() < 0.85 else cout + 1
        batch = None if rng.random() < 0.8 else 1
        params = {"nb_filter": cout, "nb_row": k[0], "nb_col": k[1], "border_mode": mode, "subsample": s,
                  "dim_ordering": "th" if th else "tf",
                  "output_shape": [batch, out_channels] + sizes if th else [batch] + sizes + [out_channels]}
        shape = [1, cin] + n if th else [1] + n + [cin]
        add(f"random-{mode}", shape, params)
    return cases
