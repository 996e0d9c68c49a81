//! One dialect per framework: its argument names, defaults, rules and messages, translated once
//! into the canonical geometry by its `resolve` function.

pub mod caffe;
pub mod chainer;
mod common;

pub use common::list_text;
pub mod jax;
pub mod keras;
pub mod keras1;
pub mod keras2;
pub mod mxnet;
pub mod onnx;
pub mod paddle;
pub mod params;
pub mod pytorch;
mod request;
pub mod tensorflow;

use crate::conv::error::{ConvError, ConvResult};
pub use request::Request;

use crate::conv::geometry::layer::Layer;
use params::Value;

/// Every framework (and legacy API) convt-lab speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Framework {
    /// torch.nn / torch.nn.functional
    Pytorch,
    /// tf.nn (CPU kernels)
    Tensorflow,
    /// Keras 3 layers
    Keras,
    /// jax.lax
    Jax,
    /// ONNX operators as ONNX Runtime runs them
    Onnx,
    /// Caffe layers
    Caffe,
    /// MXNet 1.x operators
    Mxnet,
    /// Chainer functions
    Chainer,
    /// PaddlePaddle
    Paddle,
    /// tf.keras 2.x / tf_keras
    Keras2,
    /// Keras 1 Deconvolution2D (TensorFlow or Theano backend)
    Keras1,
}

impl Framework {
    /// In the order the UI and the framework table list them.
    pub const ALL: [Framework; 11] = [
        Framework::Pytorch,
        Framework::Tensorflow,
        Framework::Keras,
        Framework::Jax,
        Framework::Onnx,
        Framework::Caffe,
        Framework::Mxnet,
        Framework::Chainer,
        Framework::Paddle,
        Framework::Keras2,
        Framework::Keras1,
    ];

    /// The identifier used in requests and URLs (`pytorch`, `keras2` …).
    pub fn id(self) -> &'static str {
        match self {
            Framework::Pytorch => "pytorch",
            Framework::Tensorflow => "tensorflow",
            Framework::Keras => "keras",
            Framework::Jax => "jax",
            Framework::Onnx => "onnx",
            Framework::Caffe => "caffe",
            Framework::Mxnet => "mxnet",
            Framework::Chainer => "chainer",
            Framework::Paddle => "paddle",
            Framework::Keras2 => "keras2",
            Framework::Keras1 => "keras1",
        }
    }

    /// The name people know it by.
    pub fn display_name(self) -> &'static str {
        match self {
            Framework::Pytorch => "PyTorch",
            Framework::Tensorflow => "TensorFlow",
            Framework::Keras => "Keras",
            Framework::Jax => "JAX",
            Framework::Onnx => "ONNX",
            Framework::Caffe => "Caffe",
            Framework::Mxnet => "MXNet",
            Framework::Chainer => "Chainer",
            Framework::Paddle => "Paddle",
            Framework::Keras2 => "Keras 2",
            Framework::Keras1 => "Keras 1",
        }
    }

    /// Parse an identifier; `None` when it names no framework convt-lab knows.
    pub fn from_id(id: &str) -> Option<Framework> {
        Framework::ALL.into_iter().find(|f| f.id() == id)
    }
}

/// `resolve` for a PyTorch request the app's form wrote (`form::torch_request`), without linking
/// the other dialects: the browser app's first module carries only this (see ui/lazy.rs and
/// `pytorch::resolve_form`).
pub fn resolve_pytorch(request: &Request) -> ConvResult<Layer> {
    check_magnitudes(request)?;
    pytorch::resolve_form(request)
}

/// The largest magnitude any user-given integer may have (2^48). Far beyond any real tensor, and
/// small enough that every dialect's arithmetic on these numbers is exact and cannot overflow.
pub const MAX_ARGUMENT: i64 = 1 << 48;

fn check_magnitudes(request: &Request) -> ConvResult<()> {
    fn too_big(name: &str, value: i64) -> ConvError {
        ConvError::rejected(format!(
            "{name} = {value} is beyond what convt-lab computes exactly (|value| <= 2^48 = {MAX_ARGUMENT})"
        ))
    }
    fn visit(name: &str, value: &Value) -> ConvResult<()> {
        match value {
            Value::Int(i) if i.unsigned_abs() > MAX_ARGUMENT as u64 => Err(too_big(name, *i)),
            Value::List(items) => items.iter().try_for_each(|v| visit(name, v)),
            _ => Ok(()),
        }
    }
    let shapes = [("input_shape", Some(&request.input_shape)), ("weight_shape", request.weight_shape.as_ref())];
    for (name, shape) in shapes {
        if let Some(&bad) = shape.into_iter().flatten().find(|d| d.unsigned_abs() > MAX_ARGUMENT as u64) {
            return Err(too_big(name, bad));
        }
    }
    request.params.entries.iter().try_for_each(|(name, value)| visit(name, value))
}

/// Resolve a request with its framework's dialect.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    check_magnitudes(request)?;
    match request.framework {
        Framework::Pytorch => pytorch::resolve(request),
        Framework::Tensorflow => tensorflow::resolve(request),
        Framework::Keras => keras::resolve(request),
        Framework::Jax => jax::resolve(request),
        Framework::Onnx => onnx::resolve(request),
        Framework::Caffe => caffe::resolve(request),
        Framework::Mxnet => mxnet::resolve(request),
        Framework::Chainer => chainer::resolve(request),
        Framework::Paddle => paddle::resolve(request),
        Framework::Keras2 => keras2::resolve(request),
        Framework::Keras1 => keras1::resolve(request),
    }
}

/// For the dialects' unit tests: resolve a request written as a Contract 1 JSON line.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn ask(json: &str) -> ConvResult<Layer> {
    let value: serde_json::Value = serde_json::from_str(json).expect("test request is JSON");
    let request = crate::cli::parse_request(value.as_object().expect("an object")).expect("a well-formed request");
    resolve(&request)
}
