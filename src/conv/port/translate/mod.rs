//! `convt translate` (Contract 4): one pasted layer, read as its framework's request, and the same
//! layer in every other framework.
//!
//! Reading goes through each dialect's own call signatures (`Dialect::calls`): the text's
//! arguments are named as the real signature names them and handed to the dialect exactly as a
//! Contract 1 request, so a pasted call and a JSON request can never be read differently.

mod equivalents;
mod exact_by_hand;
pub mod read_caffe;
pub mod read_python;
mod recognise;

pub use equivalents::{equivalents, state_of, with_batch, Equivalent};
pub use exact_by_hand::{exact_by_hand, ByHand};

use crate::conv::dialects::{Framework, Request};
use crate::conv::port::python::SyntaxError;

/// What comes with a pasted text.
#[derive(Debug, Clone, Default)]
pub struct Paste<'a> {
    pub text: &'a str,
    /// The framework, when the user says it (else recognised from the text).
    pub from: Option<Framework>,
    /// The full input shape, when the text does not carry it.
    pub input_shape: Option<Vec<i64>>,
    /// The weight's shape, for a functional call whose kernel is a variable.
    pub weight_shape: Option<Vec<i64>>,
    /// Keras 3's or Keras 1's backend (`tensorflow`, `jax`, `torch`, `theano`).
    pub backend: Option<String>,
}

/// What a text reads as.
#[derive(Debug, Clone, PartialEq)]
pub struct Reading {
    /// The layer as a Contract 1 request in its framework's words.
    pub request: Request,
    /// Where the layer was written (the call, its arguments), for highlighting what was read.
    pub read: Vec<crate::conv::port::python::Place>,
    /// What the reader decided that the text did not say.
    pub notes: Vec<String>,
}

/// Read one pasted layer: Caffe prototxt or Python code.
pub fn read(paste: &Paste) -> Result<Reading, SyntaxError> {
    let prototxt = match paste.from {
        Some(framework) => framework == Framework::Caffe,
        None => read_caffe::looks_like_prototxt(paste.text),
    };
    if prototxt {
        read_caffe::read(paste)
    } else {
        read_python::read(paste)
    }
}

/// A pasted layer as the app shows it: what was read, what it computes, and the stage's state.
#[derive(Debug, Clone)]
pub struct Pasted {
    pub reading: Reading,
    /// The layer, or the framework's reason for rejecting the call.
    pub layer: Result<crate::conv::geometry::layer::Layer, crate::conv::error::ConvError>,
    /// The stage's state for the layer in its framework's own arguments; `None` when the stage
    /// cannot draw it (3-D) or the app's settings cannot say it exactly.
    pub state: Option<crate::conv::app::query::AppState>,
}

/// Read a paste for the app: the reading, its layer and the stage's state.
pub fn paste_for_stage(paste: &Paste) -> Result<Pasted, SyntaxError> {
    use crate::conv::app::express::{express, Expression};
    let reading = read(paste)?;
    let layer = crate::conv::resolve(&reading.request);
    let state = layer.as_ref().ok().filter(|l| l.axes.len() <= 2).and_then(|layer| {
        let base = state_of(&reading.request, layer);
        match express(&base, layer, reading.request.framework) {
            Expression::Exact { state, .. } => Some(*state),
            Expression::Impossible { .. } => None,
        }
    });
    Ok(Pasted { reading, layer, state })
}

/// The same call on each of its framework's backends (Keras 3: TensorFlow, JAX, torch; Keras 1:
/// TensorFlow, Theano), which can size or refuse it differently; empty for other frameworks.
pub fn on_backends(
    request: &Request,
) -> Vec<(crate::conv::dialects::settings::Backend, crate::conv::error::ConvResult<crate::conv::geometry::layer::Layer>)>
{
    let backends = request.framework.backends();
    if backends.len() < 2 {
        return Vec::new();
    }
    backends
        .iter()
        .map(|&backend| {
            let mut on = request.clone();
            on.params.set("backend", crate::conv::dialects::params::Value::Str(backend.id().to_string()));
            (backend, crate::conv::resolve(&on))
        })
        .collect()
}

/// "; did you mean `stride`?" when one of `known` is within two edits of `name`, else "".
pub(crate) fn did_you_mean<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> String {
    let closest = known
        .filter(|_| name.len() <= 64)
        .map(|k| (edit_distance(&name.to_ascii_lowercase(), &k.to_ascii_lowercase()), k))
        .filter(|(d, k)| *d <= 2.min(k.len() / 3 + 1))
        .min_by_key(|(d, _)| *d);
    match closest {
        Some((_, k)) => format!("; did you mean `{k}`?"),
        None => String::new(),
    }
}

/// Levenshtein distance (both strings short: callers bound them).
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous + usize::from(ca != *cb);
            previous = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(previous + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn near_names_are_suggested() {
        assert_eq!(did_you_mean("strde", ["stride", "padding"].into_iter()), "; did you mean `stride`?");
        assert_eq!(did_you_mean("kernal_size", ["kernel_size"].into_iter()), "; did you mean `kernel_size`?");
        assert_eq!(did_you_mean("foo", ["stride", "padding"].into_iter()), "");
        assert_eq!(did_you_mean("s", ["stride"].into_iter()), "");
    }
}
