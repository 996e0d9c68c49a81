//! What a dialect is: one framework's two directions. Each dialect file exports one `DIALECT`;
//! the registry (mod.rs) lists them.

use super::settings::{Backend, Field, Settings};
use super::Request;
use crate::conv::error::ConvResult;
use crate::conv::geometry::axis::Op;
use crate::conv::geometry::layer::Layer;

/// One framework's dialect.
pub struct Dialect {
    /// The identifier in requests and URLs (`pytorch`, `keras2` …).
    pub id: &'static str,
    /// The name people know it by.
    pub name: &'static str,
    /// The backends it runs on, its default first; empty for frameworks without one.
    pub backends: &'static [Backend],
    /// Read a request in the framework's words into the canonical layer, or the framework's error.
    pub resolve: fn(&Request) -> ConvResult<Layer>,
    /// The reverse: the app's settings as a request in the framework's words.
    pub request: fn(&Settings) -> Request,
    /// The parameter panel's fields for an op and rank, in the order its signature lists them.
    pub fields: fn(Op, usize) -> Vec<Field>,
    /// The line of code a user would write for the settings.
    pub code_line: fn(&Settings) -> String,
    /// Its calls as people write them, for reading pasted code (port/translate).
    pub calls: &'static [Signature],
}

/// One of a framework's calls as written in code: its real signature, for reading a pasted layer.
/// Every argument not named in `tensors` or `ignored` goes into the request under its own name,
/// so the dialect reads it exactly as it reads a Contract 1 request.
#[derive(Debug)]
pub struct Signature {
    /// The call's own name, the last part of its dotted path (`ConvTranspose2d`).
    pub name: &'static str,
    /// For a call that builds several operators (ONNX `make_node`), the first argument that
    /// selects this one (`"ConvTranspose"`); empty otherwise.
    pub selector: &'static str,
    /// Module paths it is written under (`torch.nn`, `nn`), for telling frameworks apart.
    pub paths: &'static [&'static str],
    /// The `api` its requests carry.
    pub api: &'static str,
    pub op: Op,
    /// Spatial axes; 0 when the input's shape tells (N-D calls).
    pub rank: usize,
    /// The parameters in the signature's order.
    pub parameters: &'static [&'static str],
    /// How many leading parameters may be passed by position (the rest are keyword-only).
    pub positional: usize,
    /// How many leading parameters have no default (Python's TypeError when one is left out).
    pub required: usize,
    /// Which parameters are tensors: their shapes, not their values, go into the request.
    pub tensors: Tensors,
    /// Parameters with no bearing on shape or values (`activation`, `name`, `device`).
    pub ignored: &'static [&'static str],
    /// The parameters of calling what it builds (`layer(x, output_size=…)`), the input first;
    /// empty for a function.
    pub applied: &'static [&'static str],
}

/// The tensor parameters of a call, each under every name the call takes it by (TF 1's
/// `conv2d_transpose` takes the input as `value` or `input`); empty = the call has no such parameter.
#[derive(Debug, Clone, Copy)]
pub struct Tensors {
    pub input: &'static [&'static str],
    pub weight: &'static [&'static str],
    /// A bias tensor: given (not `None`) means the layer has a bias.
    pub bias: &'static [&'static str],
    /// A list naming the input, the weight and the bias in that order (ONNX `make_node`'s
    /// `inputs=["X", "W", "B"]`): names, not tensors, so the shapes come with the request.
    pub operands: &'static str,
}

impl Tensors {
    /// A layer constructor: no tensor among its arguments (the input comes when it is applied).
    pub const NONE: Tensors = Tensors { input: &[], weight: &[], bias: &[], operands: "" };
}
