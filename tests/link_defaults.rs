#![cfg(not(target_arch = "wasm32"))]
//! Contract 2: in a share link, a key left out means its framework's own default, the one in the
//! real signature (tests/fixtures/translate/signatures.json, read from the installed frameworks),
//! or the app's where the framework has none. Checked for every framework, both ops and both
//! ranks, key by key, through the request the link's state makes; then hand-written links, as
//! users write them, with the layer each one is.

use std::fs;
use std::path::Path;

use convt_lab::conv::app::query::{axis_text, padding_text, AppState};
use convt_lab::conv::dialects::params::Value as Param;
use convt_lab::conv::dialects::spelling::python;
use convt_lab::conv::dialects::Request;
use convt_lab::conv::{resolve, Framework, Op};
use serde_json::Value;

/// Each framework's key in signatures.json.
fn json_key(framework: Framework) -> &'static str {
    match framework {
        Framework::Pytorch => "torch",
        other => other.id(),
    }
}

/// For each link key, the arguments it becomes in the framework's call (tf.nn.conv1d names its
/// stride `stride`, jax.lax's forward call `window_strides`; ONNX's padding is `pads` or `auto_pad`).
fn arguments(framework: Framework) -> &'static [(&'static str, &'static [&'static str])] {
    match framework {
        Framework::Pytorch | Framework::Paddle => &[
            ("k", &["kernel_size"]),
            ("s", &["stride"]),
            ("p", &["padding"]),
            ("opad", &["output_padding"]),
            ("d", &["dilation"]),
            ("g", &["groups"]),
            ("cin", &["in_channels"]),
            ("cout", &["out_channels"]),
            ("out", &["output_size"]),
        ],
        Framework::Keras | Framework::Keras2 => &[
            ("k", &["kernel_size"]),
            ("s", &["strides"]),
            ("p", &["padding"]),
            ("opad", &["output_padding"]),
            ("d", &["dilation_rate"]),
            ("g", &["groups"]),
            ("cout", &["filters"]),
        ],
        Framework::Keras1 => &[
            ("k", &["nb_row", "nb_col"]),
            ("s", &["subsample"]),
            ("p", &["border_mode"]),
            ("cout", &["nb_filter"]),
            ("out", &["output_shape"]),
        ],
        Framework::Tensorflow => {
            &[("s", &["strides", "stride"]), ("p", &["padding"]), ("d", &["dilations"]), ("out", &["output_shape"])]
        }
        Framework::Jax => &[
            ("s", &["strides", "window_strides"]),
            ("p", &["padding"]),
            ("d", &["rhs_dilation"]),
            ("g", &["feature_group_count"]),
        ],
        Framework::Onnx => &[
            ("s", &["strides"]),
            ("p", &["pads", "auto_pad"]),
            ("opad", &["output_padding"]),
            ("d", &["dilations"]),
            ("g", &["group"]),
            ("out", &["output_shape"]),
        ],
        Framework::Caffe => &[
            ("k", &["kernel_size"]),
            ("s", &["stride"]),
            ("p", &["pad"]),
            ("d", &["dilation"]),
            ("g", &["group"]),
            ("cout", &["num_output"]),
        ],
        Framework::Mxnet => &[
            ("k", &["kernel"]),
            ("s", &["stride"]),
            ("p", &["pad"]),
            ("opad", &["adj"]),
            ("d", &["dilate"]),
            ("g", &["num_group"]),
            ("cout", &["num_filter"]),
            ("out", &["target_shape"]),
        ],
        Framework::Chainer => {
            &[("s", &["stride"]), ("p", &["pad"]), ("d", &["dilate"]), ("g", &["groups"]), ("out", &["outsize"])]
        }
    }
}

/// The call a state's request makes, as signatures.json names it.
fn api(framework: Framework, op: Op, rank: usize, request: &Request) -> String {
    let transposed = op == Op::ConvTranspose;
    match (framework, request.api.as_deref()) {
        (_, Some(api)) => api.to_string(),
        (Framework::Tensorflow, None) => format!("tf.nn.conv{rank}d{}", if transposed { "_transpose" } else { "" }),
        (Framework::Keras | Framework::Keras2, None) => {
            let module = if framework == Framework::Keras { "keras" } else { "tf_keras" };
            format!("{module}.layers.Conv{rank}D{}", if transposed { "Transpose" } else { "" })
        }
        (Framework::Keras1, None) => "keras.layers.Deconvolution2D".to_string(),
        (Framework::Jax, None) => {
            if transposed { "jax.lax.conv_transpose" } else { "jax.lax.conv_general_dilated" }.into()
        }
        (Framework::Onnx, None) => if transposed { "ConvTranspose" } else { "Conv" }.into(),
        (Framework::Caffe, None) => "ConvolutionParameter".into(),
        (Framework::Mxnet, None) => if transposed { "mx.sym.Deconvolution" } else { "mx.sym.Convolution" }.into(),
        (other, None) => panic!("{other:?}'s requests name their call"),
    }
}

/// What a call's signature says of one argument.
#[derive(Debug, PartialEq)]
enum Default {
    /// Python's `repr` of the default.
    Is(String),
    /// Optional with no default value written (an ONNX attribute, a Caffe repeated field).
    Optional,
    Required,
}

/// Every argument of `api` with what its signature says, the module's forward call included
/// (PyTorch's and Paddle's `output_size`) and Chainer's keywords parsed from `**kwargs`.
fn signature(json: &Value, framework: Framework, api: &str) -> Vec<(String, Default)> {
    let entries = json["frameworks"][json_key(framework)].as_array().expect("the framework's entries");
    let entry = |api: &str| entries.iter().find(|e| e["api"] == api);
    let own = entry(api).unwrap_or_else(|| panic!("{api} is in signatures.json"));
    let mut out = Vec::new();
    let mut read = |list: &Value, kwargs: bool| {
        for p in list.as_array().into_iter().flatten() {
            if matches!(p["kind"].as_str(), Some("var-keyword" | "var-positional")) {
                continue;
            }
            let default = match (p.get("default").and_then(Value::as_str), p.get("required")) {
                (Some(repr), _) => Default::Is(repr.to_string()),
                (None, Some(Value::Bool(true))) => Default::Required,
                (None, Some(_)) => Default::Optional,
                (None, None) if kwargs => Default::Optional,
                (None, None) => Default::Required,
            };
            out.push((p["name"].as_str().unwrap_or_default().to_string(), default));
        }
    };
    read(&own["params"], false);
    read(&own["kwargs"], true);
    read(&own["attributes"], true);
    if let Some(forward) = entry(&format!("{api}.forward")) {
        read(&forward["params"], false);
    }
    // Caffe's proto fields are all optional or repeated: none is required.
    for field in own["fields"].as_array().into_iter().flatten() {
        let default = field["default"].as_str().map_or(Default::Optional, |d| Default::Is(d.to_string()));
        out.push((field["name"].as_str().unwrap_or_default().to_string(), default));
    }
    out
}

/// A key's value as a link writes it (`None` for a key the state leaves unset).
fn written(state: &AppState, key: &str) -> Option<String> {
    match key {
        "k" => Some(axis_text(&state.kernel)),
        "s" => Some(axis_text(&state.stride)),
        "d" => Some(axis_text(&state.dilation)),
        "p" => Some(padding_text(&state.padding)),
        "opad" => state.output_padding.as_deref().map(axis_text),
        "out" => state.output_size.as_deref().map(axis_text),
        "g" => Some(state.groups.to_string()),
        "cin" => Some(state.channels_in.to_string()),
        "cout" => Some(state.channels_out.to_string()),
        other => panic!("no key {other}"),
    }
}

/// Whether a passed value is a signature's default: its Python spelling, or the same integer on
/// every axis (`strides=1` is Keras's `strides=(1, 1)`).
fn is_default(value: &Param, repr: &str, rank: usize) -> bool {
    let ints = |text: &str| -> Option<Vec<i64>> {
        let inner = text.trim_matches(|c| matches!(c, '(' | ')' | '[' | ']'));
        inner.split(',').map(str::trim).filter(|t| !t.is_empty()).map(|t| t.parse().ok()).collect()
    };
    let per_axis = |values: Vec<i64>| if values.len() == 1 { vec![values[0]; rank] } else { values };
    python(value) == repr || ints(&python(value)).map(per_axis).is_some_and(|v| ints(repr).map(per_axis) == Some(v))
}

/// Whether a code line passes `name` (`name=…`, or Caffe's `name: …`), not as part of a longer name.
fn names_argument(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(at, _)| {
        let before = line[..at].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
        let after = line[at + name.len()..].trim_start();
        !before && (after.starts_with('=') || after.starts_with(':'))
    })
}

/// Arguments a code line writes even at their default: tf.nn's padding, which its forward calls
/// require, is always spelled out.
fn written_at_its_default(framework: Framework, name: &str) -> bool {
    framework == Framework::Tensorflow && name == "padding"
}

/// The request without one argument: what the framework does when it is not passed.
fn without(request: &Request, name: &str) -> Request {
    let mut request = request.clone();
    request.params.entries.retain(|(n, _)| n != name);
    request
}

/// The frameworks' calls the app draws: Keras 1's dialect models Deconvolution2D alone.
fn modelled(framework: Framework, op: Op, rank: usize) -> bool {
    framework != Framework::Keras1 || (op == Op::ConvTranspose && rank == 2)
}

/// The app's value for an argument the framework requires, where it is not the landing example's.
fn apps_value_for_required(framework: Framework, key: &str) -> Option<&'static str> {
    // tf.nn.conv1d takes no explicit padding: tf.nn's forward calls take its transposed calls' 'SAME'.
    (framework == Framework::Tensorflow && key == "p").then_some("SAME")
}

#[test]
fn a_key_left_out_is_the_frameworks_own_default() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/translate/signatures.json");
    let json: Value = serde_json::from_str(&fs::read_to_string(path).expect("signatures.json")).expect("JSON");
    let mut checked = 0;
    for &framework in Framework::ALL {
        for (op, op_key) in [(Op::ConvTranspose, ""), (Op::Conv, "&op=conv")] {
            for (rank, rank_key) in [(2, ""), (1, "&rank=1")] {
                if !modelled(framework, op, rank) {
                    continue;
                }
                // The link as a user writes it: the framework, and the op and rank when not the defaults.
                let link = format!("?fw={}{op_key}{rank_key}", framework.id());
                let (state, problems) = AppState::from_query(&link);
                assert!(problems.is_empty(), "{link}: {problems:?}");
                assert_eq!((state.framework, state.op, state.rank), (framework, op, rank), "{link}");
                let request = state.request();
                let layer =
                    resolve(&request).unwrap_or_else(|e| panic!("{link} is a layer its framework accepts: {e}"));
                let api = api(framework, op, rank, &request);
                let signature = signature(&json, framework, &api);
                let landing = AppState { op, ..AppState::default() }.with_rank(rank);
                for &(key, names) in arguments(framework) {
                    for &name in names {
                        let Some((_, default)) = signature.iter().find(|(n, _)| n == name) else {
                            continue; // (`stride` is tf.nn.conv1d's, `strides` the other calls')
                        };
                        let what = format!("{link}: `{key}` left out, {api}'s {name}");
                        let passed = request.params.get(name);
                        let line = state.code_line();
                        let defaulted = match default {
                            Default::Required => false,
                            Default::Is(_) | Default::Optional => {
                                passed.is_none() || resolve(&without(&request, name)).is_ok()
                            }
                        };
                        // The state can say "not given" for these two: an argument without a
                        // default value is left so (the form shows it empty).
                        let no_value = matches!(default, Default::Optional)
                            || matches!(default, Default::Is(repr) if repr == "None" || repr == "[]");
                        if no_value && matches!(key, "opad" | "out") && defaulted {
                            assert_eq!(written(&state, key), None, "{what}: not given");
                        }
                        if defaulted && !written_at_its_default(framework, name) {
                            assert!(!names_argument(&line, name), "{what}: the code line names it: {line}");
                        }
                        let the_apps_value = || {
                            let app = apps_value_for_required(framework, key).map(str::to_string);
                            let expected = app.or_else(|| written(&landing, key));
                            assert_eq!(written(&state, key), expected, "{what} is required: the app's value");
                        };
                        match default {
                            Default::Required => the_apps_value(),
                            // A literal default (Keras's padding='valid', PyTorch's stride=1): passed
                            // as it is, or left out.
                            Default::Is(repr) if !matches!(repr.as_str(), "None" | "[]") => {
                                if let Some(value) = passed {
                                    assert!(is_default(value, repr, rank), "{what}: {} is not {repr}", python(value));
                                }
                            }
                            // None, `[]` or no value written down (tf.nn's dilations, an ONNX
                            // attribute): where the request passes it, passing it is leaving it
                            // out, unless the framework refuses the call without it (Caffe's
                            // kernel_size and num_output are optional fields it requires).
                            Default::Is(_) | Default::Optional => {
                                if passed.is_some() {
                                    match resolve(&without(&request, name)) {
                                        Ok(left_out) => assert_eq!(left_out, layer, "{what}: {default:?}"),
                                        Err(_) => the_apps_value(),
                                    }
                                }
                            }
                        }
                        checked += 1;
                    }
                }
                // The Keras backend left out is the framework's default one.
                assert_eq!(state.backend, None, "{link}");
                if let Some(&first) = framework.backends().first() {
                    let named = AppState { backend: Some(first), ..state.clone() };
                    assert_eq!(resolve(&named.request()).as_ref().ok(), Some(&layer), "{link}: be={}", first.id());
                }
            }
        }
    }
    assert!(checked >= 150, "{checked} arguments checked");
}

#[test]
fn hand_written_links_are_the_layers_they_name() {
    // (link, the layer's code line, its output size)
    let cases: &[(&str, &str, &[i64])] = &[
        // The link: Keras's output_padding=None, so 'same' gives n·stride.
        ("?fw=keras&in=20&k=3&s=10&p=same", "keras.layers.Conv2DTranspose(1, 3, strides=10, padding='same')", &[200, 200]),
        ("?fw=keras&in=20&k=3&s=10&p=same&opad=0", "keras.layers.Conv2DTranspose(1, 3, strides=10, padding='same', output_padding=0)", &[191, 191]),
        ("?k=4&s=2&p=1", "nn.ConvTranspose2d(1, 1, kernel_size=4, stride=2, padding=1)", &[6, 6]),
        ("?in=2", "nn.ConvTranspose2d(1, 1, kernel_size=3)", &[4, 4]),
        ("?op=conv&rank=1&in=12&d=2", "nn.Conv1d(1, 1, kernel_size=3, dilation=2)", &[8]),
        ("?fw=paddle&s=2&opad=1", "paddle.nn.Conv2DTranspose(1, 1, kernel_size=3, stride=2, output_padding=1)", &[8, 8]),
        ("?fw=tensorflow&in=5", "tf.nn.conv2d_transpose(x, filters, strides=2, padding='SAME', output_shape=(1, 10, 10, 1))  # filters: (3, 3, 1, 1)", &[10, 10]),
        ("?fw=tensorflow&op=conv&rank=1&in=5", "tf.nn.conv1d(x, filters, stride=2, padding='SAME')  # filters: (3, 1, 1)", &[3]),
        ("?fw=jax&p=VALID", "lax.conv_transpose(x, w, strides=(2, 2), padding='VALID')  # w: (3, 3, 1, 1)", &[7, 7]),
        ("?fw=onnx&s=2&p=SAME_LOWER", "helper.make_node('ConvTranspose', ['X', 'W'], ['Y'], strides=(2, 2), auto_pad='SAME_LOWER')", &[6, 6]),
        ("?fw=caffe&in=28&k=4&s=2&p=1&cin=512&cout=256", "layer { type: \"Deconvolution\" convolution_param { num_output: 256 kernel_size: 4 stride: 2 pad: 1 } }", &[56, 56]),
        ("?fw=mxnet&s=2&p=1&opad=1", "mx.sym.Deconvolution(data, kernel=(3, 3), stride=(2, 2), pad=(1, 1), adj=(1, 1), num_filter=1)", &[6, 6]),
        ("?fw=chainer&s=2&out=7x7", "F.deconvolution_2d(x, W, stride=2, outsize=(7, 7))", &[7, 7]),
        ("?fw=keras2&s=2&p=same", "tf_keras.layers.Conv2DTranspose(1, 3, strides=2, padding='same')", &[6, 6]),
        // Keras 1 must be told its output_shape: the app tells it the size the padding implies.
        ("?fw=keras1&in=14&k=4&s=2&p=same", "Deconvolution2D(nb_filter=1, nb_row=4, nb_col=4, output_shape=[None, 1, 28, 28], border_mode='same', subsample=(2, 2), dim_ordering='th')", &[28, 28]),
    ];
    for &(link, code, size) in cases {
        let (state, problems) = AppState::from_query(link);
        assert!(problems.is_empty(), "{link}: {problems:?}");
        assert_eq!(state.code_line(), code, "{link}");
        let layer = resolve(&state.request()).unwrap_or_else(|e| panic!("{link}: {e}"));
        assert_eq!(layer.spatial_out(), size, "{link}");
        // Written back, the link is the same minimal one (`k=3` is the app's kernel, left out).
        assert_eq!(format!("?{}", state.to_query()), link.replace("&k=3&", "&"), "{link}");
    }
}

#[test]
fn the_landing_example_is_the_page_without_a_query_only() {
    let landing = AppState::default();
    assert_eq!(landing.code_line(), "nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)");
    assert_eq!(AppState::from_query("").0, landing);
    assert_eq!(AppState::from_query("?").0, landing);
    // Any key of the app's, even one that is not the layer's, makes it a link in PyTorch's terms…
    let (gather, _) = AppState::from_query("?view=gather");
    assert_eq!(gather.code_line(), "nn.ConvTranspose2d(1, 1, kernel_size=3)");
    // …so the landing example in another view says its layer.
    let shown = AppState { view: gather.view, ..landing };
    assert_eq!(shown.to_query(), "s=2&p=1&opad=1&view=gather");
}
