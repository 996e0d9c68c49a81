//! The app's state in a framework's own words: the request its dialect resolves, and the line of
//! code a user would write (the parameter panel and the copy button show exactly this).

use super::query::{AppState, Backend, Padding};
use crate::conv::dialects::params::{Params, Value};
use crate::conv::dialects::Framework;
use crate::conv::dialects::Request;
use crate::conv::geometry::axis::{kernel_field, Op};

fn ints(values: &[i64]) -> Value {
    Value::List(values.iter().map(|&v| Value::Int(v)).collect())
}

/// An int when all axes agree, else a list (how users write it).
fn compact(values: &[i64]) -> Value {
    if values.iter().all(|v| *v == values[0]) {
        Value::Int(values[0])
    } else {
        ints(values)
    }
}

fn pairs(pairs: &[(i64, i64)]) -> Value {
    Value::List(pairs.iter().map(|&(b, e)| Value::List(vec![Value::Int(b), Value::Int(e)])).collect())
}

/// Python's spelling of a value: `2`, `(3, 5)`, `'same'`, `None`, `[[0, 0], [1, 1]]`.
pub fn python(value: &Value) -> String {
    match value {
        Value::Null => "None".to_string(),
        Value::Bool(b) => if *b { "True" } else { "False" }.to_string(),
        Value::Int(i) => i.to_string(),
        Value::Float(text) => text.clone(),
        Value::Str(s) => format!("'{s}'"),
        Value::List(items) => {
            let inner: Vec<String> = items.iter().map(python).collect();
            if items.iter().all(|v| matches!(v, Value::Int(_))) && items.len() > 1 {
                format!("({})", inner.join(", "))
            } else {
                format!("[{}]", inner.join(", "))
            }
        }
        Value::Map(_) => "{…}".to_string(),
    }
}

fn symmetric(state: &AppState) -> Option<Vec<i64>> {
    match &state.padding {
        Padding::Amounts(values) => Some(values.clone()),
        _ => None,
    }
}

fn padding_pairs(state: &AppState) -> Vec<(i64, i64)> {
    match &state.padding {
        Padding::Amounts(values) => values.iter().map(|&p| (p, p)).collect(),
        Padding::Pairs(p) => p.clone(),
        Padding::Word(_) => vec![(0, 0); state.rank],
    }
}

/// The padding value as this framework would take it.
fn padding_value(state: &AppState, word_case: fn(&str) -> String) -> Value {
    match &state.padding {
        Padding::Amounts(values) => compact(values),
        Padding::Pairs(p) => pairs(p),
        Padding::Word(w) => Value::Str(word_case(w)),
    }
}

fn upper(word: &str) -> String {
    word.to_ascii_uppercase()
}

fn lower(word: &str) -> String {
    word.to_ascii_lowercase()
}

fn as_is(word: &str) -> String {
    word.to_string()
}

/// TensorFlow needs an output_shape; without one the app uses the size the padding implies.
fn natural_output(state: &AppState) -> Vec<i64> {
    (0..state.rank)
        .map(|a| {
            let (n, s) = (state.size_in[a], state.stride[a]);
            let field =
                kernel_field(state.kernel[a].max(0), state.dilation[a].max(0)).clamp(0, i64::MAX as i128) as i64;
            match &state.padding {
                Padding::Word(w) if w.eq_ignore_ascii_case("same") => n.saturating_mul(s),
                Padding::Word(_) => (n - 1).saturating_mul(s).saturating_add(field),
                _ => {
                    let (b, e) = padding_pairs(state)[a];
                    (n - 1).saturating_mul(s).saturating_add(field) - b - e
                }
            }
        })
        .collect()
}

/// Whether the app's first module answers this PyTorch state itself (`pytorch::resolve_form`):
/// every size, kernel, stride, dilation, channel count and group count at least 1, padding amounts
/// (or words) and output_padding not negative. Any other state loads the full dialect first.
pub fn is_plain_torch(state: &AppState) -> bool {
    let positive = |values: &[i64]| values.iter().all(|&v| v >= 1);
    let padding = match &state.padding {
        Padding::Amounts(values) => values.iter().all(|&v| v >= 0),
        // (PyTorch takes no begin/end pairs; its full dialect says so.)
        Padding::Pairs(_) => false,
        Padding::Word(_) => true,
    };
    state.framework == Framework::Pytorch
        && [&state.size_in, &state.kernel, &state.stride, &state.dilation].into_iter().all(|v| positive(v))
        && positive(&[state.channels_in, state.channels_out, state.groups])
        && padding
        // (A forward layer's form writes neither.)
        && (state.op == Op::Conv
            || state.output_padding.iter().flatten().all(|&v| v >= 0)
                && state.output_size.iter().flatten().all(|&v| v >= 1))
}

/// PyTorch's (and Paddle's, which mirrors it) request: the app's first view needs only this, so
/// it stands alone; the other frameworks load with their dialects (ui/lazy.rs).
pub fn torch_request(state: &AppState) -> Request {
    let rank = state.rank;
    let transposed = state.op == Op::ConvTranspose;
    let torch = state.framework == Framework::Pytorch;
    let class = match (torch, transposed) {
        (true, true) => format!("ConvTranspose{rank}d"),
        (true, false) => format!("Conv{rank}d"),
        (false, true) => format!("Conv{rank}DTranspose"),
        (false, false) => format!("Conv{rank}D"),
    };
    let api = Some(format!("{}.nn.{class}", if torch { "torch" } else { "paddle" }));
    let mut params = Params::new();
    params.set("in_channels", Value::Int(state.channels_in));
    params.set("out_channels", Value::Int(state.channels_out));
    params.set("kernel_size", compact(&state.kernel));
    params.set("stride", compact(&state.stride));
    params.set("padding", padding_value(state, if torch { lower } else { upper }));
    if transposed {
        if let Some(a) = &state.output_padding {
            params.set("output_padding", compact(a));
        }
        if let Some(out) = &state.output_size {
            params.set("output_size", ints(out));
        }
    }
    params.set("groups", Value::Int(state.groups));
    params.set("dilation", compact(&state.dilation));
    let input_shape = [vec![1, state.channels_in], state.size_in.clone()].concat();
    Request {
        framework: state.framework,
        op: state.op,
        rank,
        layout: None,
        api,
        input_shape,
        weight_shape: None,
        params,
    }
}

/// The request the state means in its framework.
pub fn request(state: &AppState) -> Request {
    let rank = state.rank;
    let op = state.op;
    let transposed = op == Op::ConvTranspose;
    let (cin, cout, g) = (state.channels_in, state.channels_out, state.groups);
    let channels_first = [vec![1, cin], state.size_in.clone()].concat();
    let channels_last = [vec![1], state.size_in.clone(), vec![cin]].concat();
    let mut params = Params::new();
    let mut weight_shape = None;
    let mut api = None;
    let mut input_shape = channels_first.clone();
    let opad = state.output_padding.clone();
    // The backend is no argument of the layer; the dialect reads it from params (KERAS_BACKEND).
    if let Some(backend) = state.backend.filter(|b| Backend::of(state.framework).contains(b)) {
        params.set("backend", Value::Str(backend.id().to_string()));
    }
    match state.framework {
        Framework::Pytorch | Framework::Paddle => return torch_request(state),
        Framework::Tensorflow => {
            input_shape = channels_last.clone();
            weight_shape = Some(if transposed {
                [state.kernel.clone(), vec![cout, cin]].concat()
            } else {
                [state.kernel.clone(), vec![cin / g.max(1), cout]].concat()
            });
            params.set(if !transposed && rank == 1 { "stride" } else { "strides" }, compact(&state.stride));
            let padding = match &state.padding {
                Padding::Word(w) => Value::Str(w.to_ascii_uppercase()),
                _ => {
                    let mut all = vec![(0, 0)];
                    all.extend(padding_pairs(state));
                    all.push((0, 0));
                    pairs(&all)
                }
            };
            params.set("padding", padding);
            params.set("dilations", compact(&state.dilation));
            if transposed {
                let out = state.output_size.clone().unwrap_or_else(|| natural_output(state));
                params.set("output_shape", ints(&[vec![1], out, vec![cout]].concat()));
            }
        }
        Framework::Keras | Framework::Keras2 => {
            input_shape = channels_last.clone();
            params.set("filters", Value::Int(cout));
            params.set("kernel_size", compact(&state.kernel));
            params.set("strides", compact(&state.stride));
            params.set("padding", padding_value(state, lower));
            if transposed {
                if let Some(a) = &opad {
                    params.set("output_padding", compact(a));
                }
            } else if g != 1 {
                params.set("groups", Value::Int(g));
            }
            params.set("dilation_rate", compact(&state.dilation));
        }
        Framework::Keras1 => {
            params.set("nb_filter", Value::Int(cout));
            params.set("nb_row", Value::Int(state.kernel[0]));
            params.set("nb_col", Value::Int(*state.kernel.last().unwrap_or(&1)));
            let out = state.output_size.clone().unwrap_or_else(|| natural_output(state));
            let mut shape = vec![Value::Null, Value::Int(cout)];
            shape.extend(out.iter().map(|&v| Value::Int(v)));
            params.set("output_shape", Value::List(shape));
            params.set("border_mode", padding_value(state, lower));
            params.set("subsample", ints(&state.stride));
            params.set("dim_ordering", Value::Str("th".into()));
        }
        Framework::Jax => {
            input_shape = channels_last.clone();
            weight_shape = Some(if transposed {
                [state.kernel.clone(), vec![cin, cout]].concat()
            } else {
                [state.kernel.clone(), vec![cin / g.max(1), cout]].concat()
            });
            params.set(if transposed { "strides" } else { "window_strides" }, ints(&state.stride));
            let padding = match &state.padding {
                Padding::Word(w) => Value::Str(w.to_ascii_uppercase()),
                _ => pairs(&padding_pairs(state)),
            };
            params.set("padding", padding);
            params.set("rhs_dilation", ints(&state.dilation));
            if !transposed {
                let spatial = &"HWD"[..rank];
                params.set(
                    "dimension_numbers",
                    Value::List(vec![
                        Value::Str(format!("N{spatial}C")),
                        Value::Str(format!("{spatial}IO")),
                        Value::Str(format!("N{spatial}C")),
                    ]),
                );
                if g != 1 {
                    params.set("feature_group_count", Value::Int(g));
                }
            }
        }
        Framework::Onnx => {
            weight_shape = Some(if transposed {
                [vec![cin, cout / g.max(1)], state.kernel.clone()].concat()
            } else {
                [vec![cout, cin / g.max(1)], state.kernel.clone()].concat()
            });
            params.set("strides", ints(&state.stride));
            match &state.padding {
                Padding::Word(w) => params.set("auto_pad", Value::Str(w.to_ascii_uppercase())),
                _ => {
                    let p = padding_pairs(state);
                    let flat: Vec<i64> = p.iter().map(|x| x.0).chain(p.iter().map(|x| x.1)).collect();
                    if flat.iter().any(|&v| v != 0) {
                        params.set("pads", ints(&flat));
                    }
                }
            }
            params.set("dilations", ints(&state.dilation));
            if transposed {
                if let Some(a) = &opad {
                    params.set("output_padding", ints(a));
                }
                if let Some(out) = &state.output_size {
                    params.set("output_shape", ints(out));
                }
            }
            if g != 1 {
                params.set("group", Value::Int(g));
            }
        }
        Framework::Caffe => {
            params.set("num_output", Value::Int(cout));
            params.set("kernel_size", compact(&state.kernel));
            params.set("stride", compact(&state.stride));
            if let Some(p) = symmetric(state) {
                params.set("pad", compact(&p));
            } else {
                params.set("pad", padding_value(state, as_is));
            }
            params.set("dilation", compact(&state.dilation));
            if g != 1 {
                params.set("group", Value::Int(g));
            }
        }
        Framework::Mxnet => {
            weight_shape = Some(if transposed {
                [vec![cin, cout / g.max(1)], state.kernel.clone()].concat()
            } else {
                [vec![cout, cin / g.max(1)], state.kernel.clone()].concat()
            });
            params.set("kernel", ints(&state.kernel));
            params.set("stride", ints(&state.stride));
            params.set("dilate", ints(&state.dilation));
            params.set("pad", symmetric(state).map(|p| ints(&p)).unwrap_or_else(|| padding_value(state, as_is)));
            if transposed {
                if let Some(a) = &opad {
                    params.set("adj", ints(a));
                }
                if let Some(out) = &state.output_size {
                    params.set("target_shape", ints(out));
                }
            }
            params.set("num_filter", Value::Int(cout));
            if g != 1 {
                params.set("num_group", Value::Int(g));
            }
        }
        Framework::Chainer => {
            weight_shape = Some(if transposed {
                [vec![cin, cout / g.max(1)], state.kernel.clone()].concat()
            } else {
                [vec![cout, cin / g.max(1)], state.kernel.clone()].concat()
            });
            api = Some(format!(
                "chainer.functions.{}{}",
                if transposed { "deconvolution" } else { "convolution" },
                if rank == 2 { "_2d" } else { "_nd" }
            ));
            params.set("stride", compact(&state.stride));
            params.set("pad", symmetric(state).map(|p| compact(&p)).unwrap_or_else(|| padding_value(state, as_is)));
            if transposed {
                if let Some(out) = &state.output_size {
                    params.set("outsize", ints(out));
                }
            }
            params.set("dilate", compact(&state.dilation));
            if g != 1 {
                params.set("groups", Value::Int(g));
            }
        }
    }
    Request { framework: state.framework, op, rank, layout: None, api, input_shape, weight_shape, params }
}

/// Which part of the app state a panel field edits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FieldKey {
    ChannelsIn,
    ChannelsOut,
    Kernel,
    Stride,
    Dilation,
    Padding,
    OutputPadding,
    OutputSize,
    Groups,
    /// The Keras backend (`KERAS_BACKEND`), not an argument of the layer.
    Backend,
}

/// One field of the parameter panel: the framework's own argument name for a part of the state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: FieldKey,
    pub name: &'static str,
    /// Padding words the framework takes (for a hint / datalist).
    pub words: &'static [&'static str],
    /// A one-line explanation in the framework's terms.
    pub help: &'static str,
}

const fn field(key: FieldKey, name: &'static str, words: &'static [&'static str], help: &'static str) -> Field {
    Field { key, name, words, help }
}

/// PyTorch's fields (`torch`), or Paddle's, whose signature mirrors it.
pub fn torch_fields(torch: bool, op: Op) -> Vec<Field> {
    use FieldKey::*;
    let t = op == Op::ConvTranspose;
    let words: &'static [&'static str] = if torch { &["valid", "same"] } else { &["SAME", "VALID"] };
    let mut out = vec![
        field(ChannelsIn, "in_channels", &[], "input channels"),
        field(ChannelsOut, "out_channels", &[], "output channels"),
        field(Kernel, "kernel_size", &[], "int or HxW"),
        field(Stride, "stride", &[], "int or HxW"),
        field(Padding, "padding", words, "cropped from each side of the full scatter (transposed)"),
    ];
    if t {
        out.push(field(OutputPadding, "output_padding", &[], "cells added at the end; < max(stride, dilation)"));
    }
    out.push(field(Groups, "groups", &[], "channel groups"));
    out.push(field(Dilation, "dilation", &[], "spacing between kernel taps"));
    if t {
        out.push(field(OutputSize, "output_size", &[], "forward(x, output_size=): picks output_padding"));
    }
    out
}

/// The panel's fields for a framework and op, in the order its signature lists them.
pub fn fields(framework: Framework, op: Op) -> Vec<Field> {
    use FieldKey::*;
    let t = op == Op::ConvTranspose;
    let mut out = Vec::new();
    let mut push = |f: Field, when: bool| {
        if when {
            out.push(f)
        }
    };
    match framework {
        Framework::Pytorch | Framework::Paddle => return torch_fields(framework == Framework::Pytorch, op),
        Framework::Tensorflow => {
            push(field(ChannelsIn, "in_channels (filters[-1])", &[], "input depth"), true);
            push(field(ChannelsOut, "out_channels (filters[-2])", &[], "output depth"), true);
            push(field(Kernel, "filters (kernel)", &[], "filter height x width"), true);
            push(field(Stride, "strides", &[], "int or HxW"), true);
            push(field(Padding, "padding", &["SAME", "VALID"], "SAME, VALID, or explicit begin-end pairs (2-D)"), true);
            push(field(Dilation, "dilations", &[], "CPU: 1 only for transposed"), true);
            push(
                field(OutputSize, "output_shape", &[], "mandatory for transposed; empty = what the padding implies"),
                t,
            );
        }
        Framework::Keras | Framework::Keras2 => {
            push(field(ChannelsIn, "input channels", &[], "last axis of the input"), true);
            push(field(ChannelsOut, "filters", &[], "output channels"), true);
            push(field(Kernel, "kernel_size", &[], "int or HxW"), true);
            push(field(Stride, "strides", &[], "int or HxW"), true);
            push(field(Padding, "padding", &["valid", "same"], "valid or same"), true);
            push(field(OutputPadding, "output_padding", &[], "empty = None (inferred); must be < strides"), t);
            push(field(Dilation, "dilation_rate", &[], "not with strides > 1"), true);
            push(field(Groups, "groups", &[], "forward layers only"), !t);
            push(
                field(
                    Backend,
                    "backend",
                    &["tensorflow", "jax", "torch"],
                    "KERAS_BACKEND: the same call can pass on one and fail on another",
                ),
                framework == Framework::Keras,
            );
        }
        Framework::Keras1 => {
            push(field(ChannelsIn, "stack size (input channels)", &[], "input channels"), true);
            push(field(ChannelsOut, "nb_filter", &[], "output channels"), true);
            push(field(Kernel, "nb_row x nb_col", &[], "kernel"), true);
            push(field(Stride, "subsample", &[], "strides"), true);
            push(field(Padding, "border_mode", &["valid", "same", "full"], "valid, same or full"), true);
            push(field(OutputSize, "output_shape", &[], "mandatory; rows x cols"), true);
            push(field(Backend, "backend", &["tensorflow", "theano"], "KERAS_BACKEND: tensorflow or theano"), true);
        }
        Framework::Jax => {
            push(field(ChannelsIn, "lhs channels (I)", &[], "input features"), true);
            push(field(ChannelsOut, "rhs O", &[], "output features"), true);
            push(field(Kernel, "rhs spatial (kernel)", &[], "kernel size"), true);
            push(field(Stride, if t { "strides" } else { "window_strides" }, &[], "int or HxW"), true);
            push(
                field(
                    Padding,
                    "padding",
                    &["SAME", "VALID", "SAME_LOWER"],
                    "SAME, VALID or (lo, hi) pairs of the dilated input",
                ),
                true,
            );
            push(field(Dilation, "rhs_dilation", &[], "kernel dilation"), true);
            push(field(Groups, "feature_group_count", &[], "forward only"), !t);
        }
        Framework::Onnx => {
            push(field(ChannelsIn, "C (input channels)", &[], "input channels"), true);
            push(field(ChannelsOut, "M (output channels)", &[], "W.shape[1] * group for ConvTranspose"), true);
            push(field(Kernel, "kernel_shape", &[], "from W"), true);
            push(field(Stride, "strides", &[], "per axis"), true);
            push(
                field(Padding, "pads / auto_pad", &["SAME_UPPER", "SAME_LOWER", "VALID"], "pads, or an auto_pad mode"),
                true,
            );
            push(field(OutputPadding, "output_padding", &[], "< max(stride, dilation)"), t);
            push(field(Dilation, "dilations", &[], "per axis"), true);
            push(field(OutputSize, "output_shape", &[], "overrides pads"), t);
            push(field(Groups, "group", &[], "channel groups"), true);
        }
        Framework::Caffe => {
            push(field(ChannelsIn, "bottom channels", &[], "input channels"), true);
            push(field(ChannelsOut, "num_output", &[], "output channels"), true);
            push(field(Kernel, "kernel_size", &[], "or kernel_h / kernel_w"), true);
            push(field(Stride, "stride", &[], "or stride_h / stride_w"), true);
            push(field(Padding, "pad", &[], "or pad_h / pad_w; Caffe has no output_padding"), true);
            push(field(Dilation, "dilation", &[], "kernel dilation"), true);
            push(field(Groups, "group", &[], "channel groups"), true);
        }
        Framework::Mxnet => {
            push(field(ChannelsIn, "data channels", &[], "input channels"), true);
            push(field(ChannelsOut, "num_filter", &[], "output channels"), true);
            push(field(Kernel, "kernel", &[], "tuple"), true);
            push(field(Stride, "stride", &[], "tuple"), true);
            push(field(Padding, "pad", &[], "tuple"), true);
            push(field(OutputPadding, "adj", &[], "<= stride - 1"), t);
            push(field(Dilation, "dilate", &[], "tuple"), true);
            push(field(OutputSize, "target_shape", &[], "overrides pad and adj"), t);
            push(field(Groups, "num_group", &[], "channel groups"), true);
        }
        Framework::Chainer => {
            push(field(ChannelsIn, "in_channels", &[], "input channels"), true);
            push(field(ChannelsOut, "out_channels", &[], "output channels"), true);
            push(field(Kernel, "ksize", &[], "kernel"), true);
            push(field(Stride, "stride", &[], "int or HxW"), true);
            push(field(Padding, "pad", &[], "int or HxW"), true);
            push(field(Dilation, "dilate", &[], "kernel dilation"), true);
            push(field(OutputSize, "outsize", &[], "may be smaller than the natural size"), t);
            push(field(Groups, "groups", &[], "channel groups"), true);
        }
    }
    out
}

/// Arguments left out of the code line because they are the framework's defaults.
fn is_default(name: &str, value: &Value) -> bool {
    let all = |v: i64| match value {
        Value::Int(i) => *i == v,
        Value::List(items) => items.iter().all(|x| *x == Value::Int(v)),
        _ => false,
    };
    match name {
        "stride" | "strides" | "dilation" | "dilations" | "dilation_rate" | "rhs_dilation" | "dilate" | "groups"
        | "group" | "num_group" | "subsample" | "window_strides" => all(1),
        "padding" | "pad" | "output_padding" | "adj" => all(0) || *value == Value::Str("valid".into()),
        "border_mode" => *value == Value::Str("valid".into()),
        _ => false,
    }
}

/// `name=value` for each argument not in `skip` and not at the framework's default.
fn keyword_args(req: &Request, skip: &[&str]) -> Vec<String> {
    req.params
        .entries
        .iter()
        .filter(|(n, v)| !skip.contains(&n.as_str()) && !is_default(n, v))
        .map(|(n, v)| format!("{n}={}", python(v)))
        .collect()
}

/// PyTorch's (or Paddle's) line of code for the state's layer.
pub fn torch_code_line(state: &AppState) -> String {
    torch_line(state, &torch_request(state))
}

/// PyTorch's (or Paddle's) line of code for `req`, the state's request.
fn torch_line(state: &AppState, req: &Request) -> String {
    let api = req.api.clone().unwrap_or_default();
    let short = if state.framework == Framework::Pytorch { api.replacen("torch.", "", 1) } else { api };
    let mut args = vec![state.channels_in.to_string(), state.channels_out.to_string()];
    args.push(format!("kernel_size={}", python(&compact(&state.kernel))));
    args.extend(keyword_args(req, &["in_channels", "out_channels", "kernel_size", "output_size"]));
    let mut line = format!("{short}({})", args.join(", "));
    if let Some(out) = &state.output_size {
        line.push_str(&format!("\ny = layer(x, output_size={})", python(&ints(out))));
    }
    line
}

/// `  # KERAS_BACKEND=jax` after a Keras line whose backend is not the default.
fn backend_comment(state: &AppState) -> String {
    match state.backend.filter(|b| Backend::of(state.framework).first().is_some_and(|default| default != b)) {
        Some(backend) => format!("  # KERAS_BACKEND={}", backend.id()),
        None => String::new(),
    }
}

/// The line of code for the state's layer, in its framework's syntax.
pub fn code_line(state: &AppState) -> String {
    let req = request(state);
    let transposed = state.op == Op::ConvTranspose;
    let rank = state.rank;
    let kwargs = |skip: &[&str]| keyword_args(&req, skip);
    match state.framework {
        Framework::Pytorch | Framework::Paddle => torch_line(state, &req),
        Framework::Tensorflow => {
            let name = if transposed { format!("conv{rank}d_transpose") } else { format!("conv{rank}d") };
            let filters = req.weight_shape.clone().unwrap_or_default();
            format!("tf.nn.{name}(x, filters, {})  # filters: {}", kwargs(&[]).join(", "), python(&ints(&filters)))
        }
        Framework::Keras | Framework::Keras2 => {
            let prefix = if state.framework == Framework::Keras { "keras.layers" } else { "tf.keras.layers" };
            let class = if transposed { format!("Conv{rank}DTranspose") } else { format!("Conv{rank}D") };
            let mut args = vec![state.channels_out.to_string(), python(&compact(&state.kernel))];
            args.extend(kwargs(&["filters", "kernel_size", "backend"]));
            format!("{prefix}.{class}({}){}", args.join(", "), backend_comment(state))
        }
        Framework::Keras1 => format!("Deconvolution2D({}){}", kwargs(&["backend"]).join(", "), backend_comment(state)),
        Framework::Jax => {
            let name = if transposed { "conv_transpose" } else { "conv_general_dilated" };
            format!(
                "lax.{name}(x, w, {})  # w: {}",
                kwargs(&[]).join(", "),
                python(&ints(&req.weight_shape.clone().unwrap_or_default()))
            )
        }
        Framework::Onnx => {
            let node = if transposed { "ConvTranspose" } else { "Conv" };
            let attrs: Vec<String> = kwargs(&[]);
            format!(
                "helper.make_node('{node}', ['X', 'W'], ['Y']{}{})",
                if attrs.is_empty() { "" } else { ", " },
                attrs.join(", ")
            )
        }
        Framework::Caffe => {
            let layer = if transposed { "Deconvolution" } else { "Convolution" };
            let fields: Vec<String> = req
                .params
                .entries
                .iter()
                .filter(|(n, v)| !is_default(n, v))
                .flat_map(|(n, v)| match v {
                    Value::List(items) => items.iter().map(|x| format!("{n}: {}", python(x))).collect(),
                    other => vec![format!("{n}: {}", python(other))],
                })
                .collect();
            format!("layer {{ type: \"{layer}\" convolution_param {{ {} }} }}", fields.join(" "))
        }
        Framework::Mxnet => {
            let name = if transposed { "Deconvolution" } else { "Convolution" };
            format!("mx.sym.{name}(data, {})", kwargs(&[]).join(", "))
        }
        Framework::Chainer => {
            let api = req.api.clone().unwrap_or_default().replacen("chainer.functions.", "F.", 1);
            let args = kwargs(&[]);
            format!("{api}(x, W{}{})", if args.is_empty() { "" } else { ", " }, args.join(", "))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::resolve;

    #[test]
    fn the_default_example_in_pytorch_words() {
        let state = AppState::default();
        assert_eq!(code_line(&state), "nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)");
        assert_eq!(resolve(&request(&state)).unwrap().output_shape, vec![1, 1, 6, 6]);
    }

    #[test]
    fn every_framework_resolves_its_own_reading_of_a_plain_layer() {
        // k3 s2, no padding, no output_padding: every framework can run it.
        let (base, _) = AppState::from_query("p=0&opad=0");
        for framework in Framework::ALL {
            let mut state = base.clone();
            state.framework = framework;
            if matches!(framework, Framework::Keras | Framework::Keras2 | Framework::Keras1 | Framework::Jax) {
                state.padding = Padding::Word("valid".into());
                state.output_padding = None;
            }
            let layer = resolve(&request(&state)).unwrap_or_else(|e| panic!("{framework:?}: {e}"));
            assert_eq!(layer.spatial_out(), vec![7, 7], "{framework:?}: {}", code_line(&state));
            assert!(!code_line(&state).is_empty());
        }
    }

    #[test]
    fn keras_stride_ten_question() {
        let (state, problems) = AppState::from_query("fw=keras&in=20&k=3&s=10&p=same&opad=none");
        assert!(problems.is_empty());
        assert_eq!(code_line(&state), "keras.layers.Conv2DTranspose(1, 3, strides=10, padding='same')");
        assert_eq!(resolve(&request(&state)).unwrap().spatial_out(), vec![200, 200]);
    }
}
