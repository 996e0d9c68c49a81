#![cfg(not(target_arch = "wasm32"))]
//! Properties of the core under random input: the canonical geometry equals a naive model, and no
//! dialect panics on any request, however hostile, while every layer it accepts is self-consistent.

use convt_lab::conv::geometry::axis::{AxisSpec, Op};
use convt_lab::conv::{resolve, Framework, Params, Request, Value};
use proptest::prelude::*;

/// The output length by brute force: place every (input, tap) pair and measure.
fn naive_size(spec: &AxisSpec, op: Op) -> i64 {
    let field = if spec.kernel_size == 0 { 0 } else { spec.dilation * (spec.kernel_size - 1) + 1 };
    match op {
        Op::ConvTranspose => {
            // The full scatter ends after the last stamped tap.
            let mut full = 0;
            for i in 0..spec.size_in {
                for k in 0..spec.kernel_size {
                    full = full.max(i * spec.stride + k * spec.dilation + 1);
                }
            }
            if spec.kernel_size > 0 && spec.size_in > 0 {
                full = full.max((spec.size_in - 1) * spec.stride + field);
            }
            full - spec.pad_before - spec.pad_after + spec.output_padding
        }
        Op::Conv => {
            let padded = spec.pad_before + spec.size_in + spec.pad_after;
            let mut count = 0;
            while count * spec.stride + field <= padded {
                count += 1;
            }
            count
        }
    }
}

fn small_spec() -> impl Strategy<Value = (AxisSpec, Op)> {
    (0i64..12, 1i64..6, 1i64..5, 1i64..4, -3i64..5, -3i64..5, 0i64..4, any::<bool>()).prop_map(
        |(size_in, kernel_size, stride, dilation, pad_before, pad_after, output_padding, transpose)| {
            let op = if transpose { Op::ConvTranspose } else { Op::Conv };
            let output_padding = if transpose { output_padding } else { 0 };
            (AxisSpec { size_in, kernel_size, stride, dilation, pad_before, pad_after, output_padding }, op)
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4000))]

    #[test]
    fn canonical_size_equals_the_naive_model((spec, op) in small_spec()) {
        let naive = naive_size(&spec, op);
        match spec.resolve(op) {
            Ok(axis) => {
                prop_assert_eq!(axis.size_out, naive);
                // Every placement the geometry reports lies inside the output / input.
                for i in 0..axis.size_in.max(axis.size_out) {
                    for k in 0..axis.kernel_size {
                        if let Some(t) = axis.scatter(i, k) { prop_assert!((0..axis.size_out).contains(&t)); }
                        if let Some(x) = axis.gather(i, k) { prop_assert!((0..axis.size_in).contains(&x)); }
                    }
                }
            }
            Err(_) => prop_assert!(naive < 0, "rejected a spec the naive model sizes at {}", naive),
        }
    }

    #[test]
    fn huge_canonical_values_never_panic(
        values in proptest::collection::vec(prop_oneof![any::<i64>(), -5i64..5, Just(1 << 31), Just(i64::MAX), Just(i64::MIN)], 7),
        transpose in any::<bool>(),
    ) {
        let spec = AxisSpec {
            size_in: values[0], kernel_size: values[1], stride: values[2], dilation: values[3],
            pad_before: values[4], pad_after: values[5], output_padding: values[6],
        };
        let _ = spec.resolve(if transpose { Op::ConvTranspose } else { Op::Conv });
    }
}

/// Every argument name any dialect reads, plus some no dialect knows.
const NAMES: &[&str] = &[
    "in_channels",
    "out_channels",
    "kernel_size",
    "stride",
    "strides",
    "padding",
    "output_padding",
    "dilation",
    "dilation_rate",
    "dilations",
    "groups",
    "group",
    "bias",
    "padding_mode",
    "output_size",
    "output_shape",
    "filters",
    "data_format",
    "pads",
    "auto_pad",
    "kernel_shape",
    "window_strides",
    "rhs_dilation",
    "transpose_kernel",
    "use_consistent_padding",
    "feature_group_count",
    "dimension_numbers",
    "kernel",
    "pad",
    "adj",
    "target_shape",
    "num_filter",
    "num_group",
    "dilate",
    "outsize",
    "cover_all",
    "num_output",
    "kernel_h",
    "kernel_w",
    "stride_h",
    "stride_w",
    "pad_h",
    "pad_w",
    "nb_filter",
    "nb_row",
    "nb_col",
    "border_mode",
    "subsample",
    "dim_ordering",
    "backend",
    "filter_size",
    "lhs_dilation",
    "batch_group_count",
    "axis",
    "bogus",
];

const STRINGS: &[&str] = &[
    "same",
    "SAME",
    "valid",
    "VALID",
    "SAME_UPPER",
    "SAME_LOWER",
    "NOTSET",
    "full",
    "causal",
    "zeros",
    "reflect",
    "NCHW",
    "NHWC",
    "NCL",
    "NWC",
    "channels_first",
    "channels_last",
    "th",
    "tf",
    "theano",
    "tensorflow",
    "NHWC",
    "HWIO",
    "",
    "<script>alert(1)</script>",
];

fn int_value() -> impl Strategy<Value = i64> {
    prop_oneof![
        6 => -2i64..9,
        1 => Just(1i64 << 31),
        1 => Just((1i64 << 48) + 1),
        1 => Just(i64::MAX),
        1 => Just(i64::MIN),
        1 => any::<i64>(),
    ]
}

fn value() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        6 => int_value().prop_map(Value::Int),
        2 => proptest::sample::select(STRINGS).prop_map(|s| Value::Str(s.to_string())),
        1 => any::<bool>().prop_map(Value::Bool),
        1 => Just(Value::Null),
        1 => Just(Value::Float("2.5".into())),
    ];
    leaf.prop_recursive(2, 12, 5, |inner| proptest::collection::vec(inner, 0..5).prop_map(Value::List))
}

fn request() -> impl Strategy<Value = Request> {
    (
        proptest::sample::select(Framework::ALL.to_vec()),
        any::<bool>(),
        1usize..4,
        proptest::collection::vec(int_value(), 2..7),
        proptest::option::of(proptest::collection::vec(int_value(), 2..7)),
        proptest::collection::vec((proptest::sample::select(NAMES), value()), 0..8),
        proptest::option::of(proptest::sample::select(STRINGS)),
    )
        .prop_map(|(framework, transpose, rank, input_shape, weight_shape, params, api)| Request {
            framework,
            op: if transpose { Op::ConvTranspose } else { Op::Conv },
            rank,
            layout: None,
            api: api.map(str::to_string),
            input_shape,
            weight_shape,
            params: Params { entries: params.into_iter().map(|(n, v)| (n.to_string(), v)).collect() },
        })
}

/// A request most dialects accept, with one field perturbed, reaches deeper rules than pure noise.
fn plausible_request() -> impl Strategy<Value = Request> {
    (
        proptest::sample::select(Framework::ALL.to_vec()),
        any::<bool>(),
        1usize..4,
        0i64..9,
        1i64..5,
        1i64..4,
        0i64..3,
        proptest::sample::select(NAMES),
        value(),
    )
        .prop_map(|(framework, transpose, rank, n, k, s, p, extra_name, extra_value)| {
            let spatial = vec![n; rank];
            let kernel = vec![k; rank];
            let channels_last =
                matches!(framework, Framework::Tensorflow | Framework::Keras | Framework::Keras2 | Framework::Jax);
            let input_shape = if channels_last {
                [vec![1], spatial.clone(), vec![2]].concat()
            } else {
                [vec![1, 2], spatial.clone()].concat()
            };
            let weight_shape = Some(if channels_last {
                [kernel.clone(), vec![2, 2]].concat()
            } else {
                [vec![2, 2], kernel.clone()].concat()
            });
            let ints = |v: i64| Value::List(vec![Value::Int(v); rank]);
            let mut params = Params::new();
            for (name, v) in [
                ("kernel_size", Value::Int(k)),
                ("stride", Value::Int(s)),
                ("strides", ints(s)),
                ("padding", Value::Int(p)),
                ("filters", Value::Int(2)),
                ("out_channels", Value::Int(2)),
                ("in_channels", Value::Int(2)),
                ("num_output", Value::Int(2)),
                ("num_filter", Value::Int(2)),
                ("kernel", ints(k)),
                ("pad", ints(p)),
                ("window_strides", ints(s)),
                ("nb_filter", Value::Int(2)),
                ("nb_row", Value::Int(k)),
                ("nb_col", Value::Int(k)),
            ] {
                params.set(name, v);
            }
            params.set(extra_name, extra_value);
            Request {
                framework,
                op: if transpose { Op::ConvTranspose } else { Op::Conv },
                rank,
                layout: None,
                api: None,
                input_shape,
                weight_shape,
                params,
            }
        })
}

fn check_layer(request: &Request) -> Result<(), TestCaseError> {
    if let Ok(layer) = resolve(request) {
        prop_assert_eq!(layer.axes.len(), request.rank);
        prop_assert_eq!(layer.derivations.len(), request.rank);
        for axis in &layer.axes {
            prop_assert!(axis.size_out >= 0 && axis.size_in >= 0);
            prop_assert!(
                layer.output_shape.contains(&axis.size_out),
                "output_shape {:?} lacks {}",
                layer.output_shape,
                axis.size_out
            );
            if axis.size_in <= 64 && axis.kernel_size <= 16 {
                for i in 0..axis.size_in.max(axis.size_out).min(64) {
                    for k in 0..axis.kernel_size {
                        if let Some(t) = axis.scatter(i, k) {
                            prop_assert!(t < axis.size_out);
                        }
                        if let Some(x) = axis.gather(i, k) {
                            prop_assert!(x < axis.size_in);
                        }
                    }
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(6000))]

    #[test]
    fn no_dialect_panics_on_noise(request in request()) {
        check_layer(&request)?;
    }

    #[test]
    fn no_dialect_panics_near_valid_layers(request in plausible_request()) {
        check_layer(&request)?;
    }
}

#[test]
fn sizes_of_two_to_the_31_are_exact() {
    let big = 1i64 << 31;
    let spec = AxisSpec {
        size_in: big,
        kernel_size: 3,
        stride: 2,
        dilation: 1,
        pad_before: 1,
        pad_after: 1,
        output_padding: 1,
    };
    assert_eq!(spec.resolve(Op::ConvTranspose).unwrap().size_out, 2 * big);
    let request = Request {
        framework: Framework::Pytorch,
        op: Op::ConvTranspose,
        rank: 1,
        layout: None,
        api: Some("torch.nn.functional.conv_transpose1d".into()),
        input_shape: vec![1, 1, big],
        weight_shape: Some(vec![1, 1, 3]),
        params: Params::new()
            .with("stride", Value::Int(2))
            .with("padding", Value::Int(1))
            .with("output_padding", Value::Int(1)),
    };
    assert_eq!(resolve(&request).unwrap().output_shape, vec![1, 1, 2 * big]);
}
