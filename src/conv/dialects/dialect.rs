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
}
