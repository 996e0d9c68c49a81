//! A Caffe layer as pasted from a prototxt: `layer { type: "Deconvolution" convolution_param { … } }`,
//! the old `layers { type: DECONVOLUTION … }`, or just the fields inside.

use super::{did_you_mean, Paste, Reading};
use crate::conv::dialects::params::{Params, Value};
use crate::conv::dialects::{Framework, Request, Signature};
use crate::conv::port::prototxt::{self, Field, Message};
use crate::conv::port::python::{short, Place, SyntaxError};

/// `LayerParameter`'s (and the old `V1LayerParameter`'s) fields other than the `*_param` messages.
const LAYER_FIELDS: [&str; 15] = [
    "name",
    "type",
    "bottom",
    "top",
    "phase",
    "loss_weight",
    "param",
    "blobs",
    "propagate_down",
    "include",
    "exclude",
    "blobs_lr",
    "weight_decay",
    "blob_share_mode",
    "layer",
];

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
fn layer_message(top: &Message) -> Result<(&Message, Place), SyntaxError> {
    let blocks: Vec<_> = top
        .fields
        .iter()
        .filter_map(|(name, place, field)| match field {
            Field::Message(m) if name == "layer" || name == "layers" => Some((m, *place)),
            _ => None,
        })
        .collect();
    let is_convolution = |m: &Message| m.message("convolution_param").is_some();
    match blocks.iter().find(|(m, _)| is_convolution(m)) {
        Some(found) => Ok(*found),
        None if top.message("convolution_param").is_some() => {
            Ok((top, Place { line: 1, column: 1, ..Place::default() }))
        }
        None => Err(error(
            blocks.first().map(|(_, p)| *p).unwrap_or(Place { line: 1, column: 1, ..Place::default() }),
            "no convolution layer here: a Caffe Convolution or Deconvolution layer has a `convolution_param { … }`",
        )),
    }
}

/// The layer's type (`"Deconvolution"`, the old `DECONVOLUTION` …): Caffe's signature for it.
fn layer_type(layer: &Message, at: Place) -> Result<&'static Signature, SyntaxError> {
    let Some((place, field)) = layer.all("type").next() else {
        return Err(error(at, "the layer has no `type`: write type: \"Deconvolution\" (or \"Convolution\")"));
    };
    let Field::Scalar { text, .. } = field else {
        return Err(error(*place, "`type` is a name, not a message"));
    };
    Framework::Caffe.dialect().calls.iter().find(|s| s.name == text.as_str()).ok_or_else(|| {
        error(
            *place,
            format!(
                "type `{}` is not a convolution: convt-lab reads Deconvolution and Convolution layers",
                short(text)
            ),
        )
    })
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
    let (layer, at) = layer_message(&top)?;
    for (name, place, _) in &layer.fields {
        if !(LAYER_FIELDS.contains(&name.as_str()) || name.ends_with("_param")) {
            let hint = did_you_mean(name, LAYER_FIELDS.iter().copied().chain(["convolution_param"]));
            return Err(error(*place, format!("Caffe's LayerParameter has no field `{}`{hint}", short(name))));
        }
    }
    let signature = layer_type(layer, at)?;
    let fields = signature.parameters;
    let convolution = layer.message("convolution_param").unwrap_or(layer);
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
