//! A layer as the app's form holds it, in no framework's words, and the form's field type: what
//! each dialect's reverse direction reads (its request, fields and code line for the settings).

use crate::conv::geometry::axis::Op;

/// Padding as a framework writes it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Padding {
    /// One amount per axis (symmetric), e.g. `1` or `1x2`.
    Amounts(Vec<i64>),
    /// Begin/end pairs per axis, e.g. `0-1` or `0-1x1-0`.
    Pairs(Vec<(i64, i64)>),
    /// A mode word: `same`, `valid`, `SAME_LOWER`, `full` …
    Word(String),
}

/// A backend a Keras dialect runs on (the same call can pass on one and fail on another).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Backend {
    Tensorflow,
    Jax,
    Torch,
    Theano,
}

impl Backend {
    pub const ALL: [Backend; 4] = [Backend::Tensorflow, Backend::Jax, Backend::Torch, Backend::Theano];

    /// The name in `be=`, in `params.backend` and in `KERAS_BACKEND`.
    pub fn id(self) -> &'static str {
        match self {
            Backend::Tensorflow => "tensorflow",
            Backend::Jax => "jax",
            Backend::Torch => "torch",
            Backend::Theano => "theano",
        }
    }

    pub fn from_id(id: &str) -> Option<Backend> {
        Backend::ALL.into_iter().find(|b| b.id() == id)
    }
}

/// One layer as the app's form holds it (`AppState::settings`).
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    pub op: Op,
    pub rank: usize,
    pub size_in: &'a [i64],
    pub channels_in: i64,
    pub channels_out: i64,
    pub groups: i64,
    pub kernel: &'a [i64],
    pub stride: &'a [i64],
    pub dilation: &'a [i64],
    pub padding: &'a Padding,
    /// `None` = not given (Keras distinguishes None from 0).
    pub output_padding: Option<&'a [i64]>,
    pub output_size: Option<&'a [i64]>,
    /// One of the dialect's backends, or `None` for its default.
    pub backend: Option<Backend>,
}

/// Which part of the settings a form field edits.
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

/// One field of the parameter panel: the framework's own argument name for a part of the settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    pub key: FieldKey,
    pub name: &'static str,
    /// Padding words the framework takes (for a hint / datalist).
    pub words: &'static [&'static str],
    /// A one-line explanation in the framework's terms.
    pub help: &'static str,
}

impl Field {
    pub const fn new(key: FieldKey, name: &'static str, words: &'static [&'static str], help: &'static str) -> Field {
        Field { key, name, words, help }
    }
}
