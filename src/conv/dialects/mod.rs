//! One dialect per framework, each in its own file: its argument names, defaults, rules and
//! messages, read once into the canonical geometry (`resolve`), and the reverse (the app's settings
//! as a request, the form's fields, the code line). The registry below lists them; a new framework
//! is its own file plus two lines here: its `pub mod` and its registry entry. (The modules are
//! declared outside the registry macro so that rustfmt, which does not look into macros, formats
//! them.)

pub mod caffe;
pub mod chainer;
mod common;
mod dialect;
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
pub mod settings;
pub mod spelling;
pub mod tensorflow;

pub use dialect::{Dialect, Signature, Tensors};
pub use request::{Request, MAX_ARGUMENT};

use crate::conv::error::ConvResult;
use crate::conv::geometry::layer::Layer;
use settings::Backend;

/// Declares `Framework` (one variant per dialect module) and its lookups.
macro_rules! registry {
    ($($(#[$doc:meta])* $variant:ident => $module:ident,)*) => {
        /// Every framework (and legacy API) convt-lab speaks.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Framework {
            $($(#[$doc])* $variant,)*
        }

        impl Framework {
            /// In the order the UI and the framework table list them.
            pub const ALL: &'static [Framework] = &[$(Framework::$variant,)*];

            /// The framework's dialect. Whatever calls this links every dialect: the app's first
            /// module never does (ui/lazy.rs).
            pub fn dialect(self) -> &'static Dialect {
                match self {
                    $(Framework::$variant => &$module::DIALECT,)*
                }
            }

            /// The identifier used in requests and URLs (`pytorch`, `keras2` …). Read at compile
            /// time, so it links no dialect.
            pub fn id(self) -> &'static str {
                match self {
                    $(Framework::$variant => const { $module::DIALECT.id },)*
                }
            }

            /// The name people know it by.
            pub fn display_name(self) -> &'static str {
                match self {
                    $(Framework::$variant => const { $module::DIALECT.name },)*
                }
            }

            /// The backends it runs on, its default first.
            pub fn backends(self) -> &'static [Backend] {
                match self {
                    $(Framework::$variant => const { $module::DIALECT.backends },)*
                }
            }
        }
    };
}

registry! {
    /// torch.nn / torch.nn.functional
    Pytorch => pytorch,
    /// tf.nn (CPU kernels)
    Tensorflow => tensorflow,
    /// Keras 3 layers
    Keras => keras,
    /// jax.lax
    Jax => jax,
    /// ONNX operators as ONNX Runtime runs them
    Onnx => onnx,
    /// Caffe layers
    Caffe => caffe,
    /// MXNet 1.x operators
    Mxnet => mxnet,
    /// Chainer functions
    Chainer => chainer,
    /// PaddlePaddle
    Paddle => paddle,
    /// tf.keras 2.x / tf_keras
    Keras2 => keras2,
    /// Keras 1 Deconvolution2D (TensorFlow or Theano backend)
    Keras1 => keras1,
}

impl Framework {
    /// Parse an identifier; `None` when it names no framework convt-lab knows.
    pub fn from_id(id: &str) -> Option<Framework> {
        Framework::ALL.iter().copied().find(|f| f.id() == id)
    }
}

/// Resolve a request with its framework's dialect.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    resolve_with(request.framework.dialect(), request)
}

/// Resolve a request with `dialect` (its framework's), without naming the registry: the browser
/// app's first module resolves this way once the dialects have loaded.
pub fn resolve_with(dialect: &Dialect, request: &Request) -> ConvResult<Layer> {
    request::check_magnitudes(request)?;
    (dialect.resolve)(request)
}

/// `resolve` for a PyTorch request the app's form wrote (`pytorch::request` of plain settings),
/// without linking the other dialects: the browser app's first module carries only this (see
/// ui/lazy.rs and `pytorch::resolve_form`).
pub fn resolve_pytorch(request: &Request) -> ConvResult<Layer> {
    request::check_magnitudes(request)?;
    pytorch::resolve_form(request)
}

/// For the dialects' unit tests: resolve a request written as a Contract 1 JSON line.
#[cfg(all(test, not(target_arch = "wasm32")))]
pub(crate) fn ask(json: &str) -> ConvResult<Layer> {
    let value: serde_json::Value = serde_json::from_str(json).expect("test request is JSON");
    let request = crate::cli::parse_request(value.as_object().expect("an object")).expect("a well-formed request");
    resolve(&request)
}

/// For the dialects' unit tests: a request of `framework` calling `api` with `params`.
#[cfg(test)]
pub(crate) fn test_request(
    framework: Framework,
    op: crate::conv::Op,
    rank: usize,
    api: &str,
    input: &[i64],
    weight: Option<&[i64]>,
    params: &[(&str, params::Value)],
) -> Request {
    let mut p = params::Params::new();
    for (name, value) in params {
        p.set(name, value.clone());
    }
    Request {
        framework,
        op,
        rank,
        layout: None,
        api: Some(api.to_string()),
        input_shape: input.to_vec(),
        weight_shape: weight.map(|w| w.to_vec()),
        params: p,
    }
}

/// For the dialects' unit tests: `in_channels, out_channels, kernel_size`, the constructor
/// arguments PyTorch's and Paddle's modules share.
#[cfg(test)]
pub(crate) fn module_arguments(cin: i64, cout: i64, k: i64) -> Vec<(&'static str, params::Value)> {
    use params::Value::Int;
    vec![("in_channels", Int(cin)), ("out_channels", Int(cout)), ("kernel_size", Int(k))]
}
