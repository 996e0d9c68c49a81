//! How the dialects write the app's settings back in their frameworks' words: Python literals,
//! the compact forms users write (`2` for `(2, 2)`), padding per framework, keyword arguments
//! without the framework's defaults.

use super::params::{Params, Value};
use super::settings::{Backend, Padding, Settings};
use super::{Framework, Request};
use crate::conv::geometry::axis::{kernel_field, Op};

pub fn ints(values: &[i64]) -> Value {
    Value::List(values.iter().map(|&v| Value::Int(v)).collect())
}

/// An int when all axes agree, else a list (how users write it).
pub fn compact(values: &[i64]) -> Value {
    if values.iter().all(|v| *v == values[0]) {
        Value::Int(values[0])
    } else {
        ints(values)
    }
}

pub fn pairs(pairs: &[(i64, i64)]) -> Value {
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

/// The per-axis amounts of a symmetric padding, `None` for pairs or a word.
pub fn symmetric(settings: &Settings) -> Option<Vec<i64>> {
    match settings.padding {
        Padding::Amounts(values) => Some(values.clone()),
        _ => None,
    }
}

/// Begin/end pairs per axis (a word counts as none).
pub fn padding_pairs(settings: &Settings) -> Vec<(i64, i64)> {
    match settings.padding {
        Padding::Amounts(values) => values.iter().map(|&p| (p, p)).collect(),
        Padding::Pairs(p) => p.clone(),
        Padding::Word(_) => vec![(0, 0); settings.rank],
    }
}

/// The padding value as a framework takes it: amounts compact, pairs as lists, the word in the
/// framework's case.
pub fn padding_value(settings: &Settings, word_case: fn(&str) -> String) -> Value {
    match settings.padding {
        Padding::Amounts(values) => compact(values),
        Padding::Pairs(p) => pairs(p),
        Padding::Word(w) => Value::Str(word_case(w)),
    }
}

pub fn upper(word: &str) -> String {
    word.to_ascii_uppercase()
}

pub fn lower(word: &str) -> String {
    word.to_ascii_lowercase()
}

pub fn as_is(word: &str) -> String {
    word.to_string()
}

/// The transposed output size the padding implies, for the calls that must be told one
/// (TensorFlow's and Keras 1's `output_shape`).
pub fn natural_output(settings: &Settings) -> Vec<i64> {
    (0..settings.rank)
        .map(|a| {
            let (n, s) = (settings.size_in[a], settings.stride[a]);
            let field =
                kernel_field(settings.kernel[a].max(0), settings.dilation[a].max(0)).clamp(0, i64::MAX as i128) as i64;
            match settings.padding {
                Padding::Word(w) if w.eq_ignore_ascii_case("same") => n.saturating_mul(s),
                Padding::Word(_) => (n - 1).saturating_mul(s).saturating_add(field),
                _ => {
                    let (b, e) = padding_pairs(settings)[a];
                    (n - 1).saturating_mul(s).saturating_add(field) - b - e
                }
            }
        })
        .collect()
}

/// An argument's default, so a code line can leave it out.
#[derive(Debug, Clone, Copy)]
pub enum DefaultArg {
    /// This int on every axis.
    Every(i64),
    /// This word.
    Word(&'static str),
}

impl DefaultArg {
    pub fn is(self, value: &Value) -> bool {
        match (self, value) {
            (DefaultArg::Every(v), Value::Int(i)) => *i == v,
            (DefaultArg::Every(v), Value::List(items)) => items.iter().all(|x| *x == Value::Int(v)),
            (DefaultArg::Word(w), Value::Str(s)) => s == w,
            _ => false,
        }
    }
}

/// `name=value` for each argument of `request` not in `skip` and not at one of its `defaults`.
pub fn keyword_args(request: &Request, skip: &[&str], defaults: &[(&str, DefaultArg)]) -> Vec<String> {
    request
        .params
        .entries
        .iter()
        .filter(|(name, value)| {
            !skip.contains(&name.as_str()) && !defaults.iter().any(|(n, d)| n == name && d.is(value))
        })
        .map(|(name, value)| format!("{name}={}", python(value)))
        .collect()
}

/// The input shape `(1, C, spatial…)`.
pub fn channels_first_input(settings: &Settings) -> Vec<i64> {
    [vec![1, settings.channels_in], settings.size_in.to_vec()].concat()
}

/// The input shape `(1, spatial…, C)`.
pub fn channels_last_input(settings: &Settings) -> Vec<i64> {
    [vec![1], settings.size_in.to_vec(), vec![settings.channels_in]].concat()
}

/// A channels-first weight, as ONNX, MXNet and Chainer take it: `(out, in/groups, k…)` for a
/// convolution, `(in, out/groups, k…)` for a transposed one.
pub fn channels_first_weight(settings: &Settings) -> Vec<i64> {
    let s = settings;
    let channels = match s.op {
        Op::ConvTranspose => vec![s.channels_in, s.channels_out / s.groups.max(1)],
        Op::Conv => vec![s.channels_out, s.channels_in / s.groups.max(1)],
    };
    [channels, s.kernel.to_vec()].concat()
}

/// `  # KERAS_BACKEND=jax` after a Keras line whose backend is not its default (`backends[0]`).
pub fn backend_comment(settings: &Settings, backends: &[Backend]) -> String {
    match settings.backend.filter(|b| backends.first().is_some_and(|default| default != b)) {
        Some(backend) => format!("  # KERAS_BACKEND={}", backend.id()),
        None => String::new(),
    }
}

/// The request of `framework` for `settings` with `params`: a channels-first input, no weight
/// tensor, the framework's default call (each dialect overrides what its call differs in).
pub fn settings_request(framework: Framework, settings: &Settings, params: Params) -> Request {
    Request {
        framework,
        op: settings.op,
        rank: settings.rank,
        layout: None,
        api: None,
        input_shape: channels_first_input(settings),
        weight_shape: None,
        params,
    }
}
