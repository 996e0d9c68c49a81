//! A Caffe layer as pasted from a prototxt: `layer { type: "Deconvolution" convolution_param { … } }`,
//! the old `layers { type: DECONVOLUTION … }`, or just the fields inside.

use super::{did_you_mean, Paste, Reading};
use crate::conv::dialects::params::{Params, Value};
use crate::conv::dialects::{Framework, Request, Signature};
use crate::conv::port::prototxt::{self, Field, Message};
use crate::conv::port::python::{short, Place, SyntaxError};

/// `LayerParameter`'s fields other than the `*_param` messages (caffe.proto).
const LAYER_FIELDS: [&str; 11] =
    ["name", "type", "bottom", "top", "phase", "loss_weight", "param", "blobs", "propagate_down", "include", "exclude"];

/// The old `V1LayerParameter`'s fields other than the `*_param` messages (caffe.proto): no
/// `phase` or `propagate_down`; the learning rates are `blobs_lr` / `weight_decay`, and `param`
/// names a blob (a string) instead of being a `ParamSpec` message.
const V1_LAYER_FIELDS: [&str; 13] = [
    "name",
    "type",
    "bottom",
    "top",
    "loss_weight",
    "param",
    "blobs",
    "include",
    "exclude",
    "blobs_lr",
    "weight_decay",
    "blob_share_mode",
    "layer",
];

/// Which message the layer was written as.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Form {
    /// `layer { type: "Deconvolution" … }` (LayerParameter).
    Layer,
    /// `layers { type: DECONVOLUTION … }` (V1LayerParameter, before 2015).
    V1,
    /// Only the fields inside, without a block: either.
    Bare,
}

impl Form {
    fn fields(self) -> Vec<&'static str> {
        match self {
            Form::Layer => LAYER_FIELDS.to_vec(),
            Form::V1 => V1_LAYER_FIELDS.to_vec(),
            Form::Bare => LAYER_FIELDS.iter().chain(&V1_LAYER_FIELDS).copied().collect(),
        }
    }
    fn message(self) -> &'static str {
        match self {
            Form::V1 => "V1LayerParameter (the old `layers { … }`)",
            Form::Layer | Form::Bare => "LayerParameter",
        }
    }
}

/// Whether the text looks like prototxt rather than Python: its first word is followed by `{`
/// or by `:` (a field), which Python never writes at the start of a statement.
pub fn looks_like_prototxt(text: &str) -> bool {
    let body = text.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with('#')).unwrap_or("");
    let word_end = body.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(body.len());
    word_end > 0 && body[word_end..].trim_start().starts_with(['{', ':'])
}

fn error(place: Place, message: impl Into<String>) -> SyntaxError {
    SyntaxError { place, message: message.into() }
}

/// The layer's message: the `layer`/`layers` block, or the whole text when it is the inside.
fn layer_message(top: &Message) -> Result<(&Message, Place, Form), SyntaxError> {
    let blocks: Vec<_> = top
        .fields
        .iter()
        .filter_map(|(name, place, field)| match field {
            Field::Message(m) if name == "layer" => Some((m, *place, Form::Layer)),
            Field::Message(m) if name == "layers" => Some((m, *place, Form::V1)),
            _ => None,
        })
        .collect();
    let is_convolution = |m: &Message| m.message("convolution_param").is_some();
    match blocks.iter().find(|(m, _, _)| is_convolution(m)) {
        Some(found) => Ok(*found),
        None if top.message("convolution_param").is_some() => {
            Ok((top, Place { line: 1, column: 1, ..Place::default() }, Form::Bare))
        }
        None => Err(error(
            blocks.first().map(|(_, p, _)| *p).unwrap_or(Place { line: 1, column: 1, ..Place::default() }),
            "no convolution layer here: a Caffe Convolution or Deconvolution layer has a `convolution_param { … }`",
        )),
    }
}

/// The layer's type (`"Deconvolution"`, the old `DECONVOLUTION` …): Caffe's signature for it.
/// `layer { … }`'s type is a string, so quoted; `layers { … }`'s is the V1 enum, so a bare
/// word: protobuf refuses the other way round, and so does this.
fn layer_type(layer: &Message, at: Place, form: Form) -> Result<&'static Signature, SyntaxError> {
    let Some((place, field)) = layer.all("type").next() else {
        return Err(error(at, "the layer has no `type`: write type: \"Deconvolution\" (or \"Convolution\")"));
    };
    let Field::Scalar { text, quoted } = field else {
        return Err(error(*place, "`type` is a name, not a message"));
    };
    let v1_name = |name: &str| name.chars().all(|c| c.is_ascii_uppercase() || c == '_');
    match (form, quoted) {
        (Form::V1, true) => {
            return Err(error(
                *place,
                format!(
                    "the old `layers {{ … }}` block takes its type as a V1 enum name, unquoted \
                     (type: DECONVOLUTION); Caffe cannot parse the string \"{}\" there (it is the \
                     new `layer {{ … }}` block's form)",
                    short(text)
                ),
            ))
        }
        (Form::Layer, false) => {
            return Err(error(
                *place,
                format!(
                    "`layer {{ … }}` takes its type as a string (type: \"Deconvolution\"); Caffe cannot parse \
                     the bare word `{}` there{}",
                    short(text),
                    if v1_name(text) { " (the old `layers { … }` block's enum)" } else { "" }
                ),
            ))
        }
        _ => {}
    }
    // A quoted V1 name is no layer type Caffe registers, and a bare word is only a V1 enum name.
    let signature =
        Framework::Caffe.dialect().calls.iter().find(|s| s.name == text.as_str() && v1_name(s.name) != *quoted);
    signature.ok_or_else(|| {
        error(
            *place,
            format!(
                "type `{}` is not a convolution: convt-lab reads Deconvolution and Convolution layers",
                short(text)
            ),
        )
    })
}

/// How many blobs `ParamSpec`s (`param { lr_mult … }`, or the old `blobs_lr` / `weight_decay`
/// lines) the layer specifies: Caffe refuses more than it has blobs (the weight, and the bias
/// unless `bias_term: false`), "Too many params specified for layer".
fn check_param_count(layer: &Message, convolution: &Message, at: Place, form: Form) -> Result<(), SyntaxError> {
    // The V1 upgrade makes one ParamSpec per index any of these lines reaches.
    let names: &[&str] = match form {
        Form::Layer => &["param"],
        Form::V1 | Form::Bare => &["param", "blobs_lr", "weight_decay", "blob_share_mode"],
    };
    let Some((name, count)) = names.iter().map(|n| (*n, layer.all(n).count())).max_by_key(|(_, c)| *c) else {
        return Ok(());
    };
    let bias = !matches!(convolution.scalar("bias_term"), Some("false" | "False" | "f" | "0"));
    let blobs = 1 + usize::from(bias);
    if count <= blobs {
        return Ok(());
    }
    let place = layer.all(name).nth(blobs).map_or(at, |(place, _)| *place);
    let layer_name = layer.scalar("name").map(short).unwrap_or_default();
    Err(error(
        place,
        format!(
            "{count} `{name}` for {blobs} blob{} ({}): Caffe refuses it, \"Too many params specified for layer {layer_name}\"",
            if blobs == 1 { "" } else { "s" },
            if bias { "the weight and the bias" } else { "the weight only, as bias_term is false" },
        ),
    ))
}

/// A scalar as the dialect reads it: an integer, `true`/`false`, else the word.
fn scalar(text: &str, quoted: bool) -> Value {
    if quoted {
        return Value::Str(text.to_string());
    }
    match (text, text.parse::<i64>()) {
        (_, Ok(i)) => Value::Int(i),
        ("true", _) => Value::Bool(true),
        ("false", _) => Value::Bool(false),
        _ if text.starts_with(|c: char| c.is_ascii_digit() || c == '-' || c == '.') => Value::Float(text.to_string()),
        _ => Value::Str(text.to_string()),
    }
}

/// Read a pasted Caffe layer.
pub fn read(paste: &Paste) -> Result<Reading, SyntaxError> {
    let top = prototxt::parse(paste.text)?;
    let (layer, at, form) = layer_message(&top)?;
    let layer_fields = form.fields();
    for (name, place, _) in &layer.fields {
        if !(layer_fields.contains(&name.as_str()) || name.ends_with("_param")) {
            let hint = did_you_mean(name, layer_fields.iter().copied().chain(["convolution_param"]));
            return Err(error(*place, format!("Caffe's {} has no field `{}`{hint}", form.message(), short(name))));
        }
    }
    let signature = layer_type(layer, at, form)?;
    let fields = signature.parameters;
    let convolution = layer.message("convolution_param").unwrap_or(layer);
    check_param_count(layer, convolution, at, form)?;
    let mut params = Params::new();
    let mut read = vec![at];
    for &name in fields.iter().filter(|name| !signature.ignored.contains(name)) {
        let values: Vec<Value> = convolution
            .all(name)
            .filter_map(|(place, field)| match field {
                Field::Scalar { text, quoted } => {
                    read.push(*place);
                    Some(scalar(text, *quoted))
                }
                Field::Message(_) => None,
            })
            .collect();
        match values.len() {
            0 => {}
            1 => params.set(name, values.into_iter().next().unwrap_or(Value::Null)),
            _ => params.set(name, Value::List(values)),
        }
    }
    for (name, place, _) in &convolution.fields {
        if !fields.contains(&name.as_str()) {
            let hint = did_you_mean(name, fields.iter().copied());
            return Err(error(*place, format!("Caffe's ConvolutionParameter has no field `{}`{hint}", short(name))));
        }
    }
    let rank = rank(&params, paste.input_shape.as_deref());
    let input_shape = paste.input_shape.clone().ok_or_else(|| {
        error(
            at,
            "a prototxt layer does not say its input's shape: give input_shape (N, C, H, W), e.g. [1, 512, 28, 28]",
        )
    })?;
    let request = Request {
        framework: Framework::Caffe,
        op: signature.op,
        rank,
        layout: None,
        api: Some(signature.api.to_string()),
        input_shape,
        weight_shape: paste.weight_shape.clone(),
        params,
    };
    Ok(Reading { request, read, notes: Vec::new() })
}

/// The spatial axes: the input's, else 2 (Caffe's usual, and what kernel_h/kernel_w mean).
fn rank(params: &Params, input_shape: Option<&[i64]>) -> usize {
    match input_shape {
        Some(shape) if (3..=5).contains(&shape.len()) => shape.len() - 2,
        _ => match params.get("kernel_size") {
            Some(Value::List(items)) if (1..=3).contains(&items.len()) => items.len(),
            _ => 2,
        },
    }
}
