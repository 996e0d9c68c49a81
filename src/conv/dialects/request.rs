//! A request in a framework's own words: what a dialect reads.

use super::params::{Params, Value};
use super::Framework;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::Op;

/// One layer as a user would write it: Contract 1's request without the numeric values.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub framework: Framework,
    pub op: Op,
    /// Number of spatial axes: 1, 2 or 3.
    pub rank: usize,
    /// The framework's own input layout name (`NCHW`, `NHWC`, `NCL` …); `None` = its default.
    pub layout: Option<String>,
    /// The call being modelled (module or functional form), when it matters.
    pub api: Option<String>,
    /// Full input shape in `layout` (batch and channels included; PyTorch also takes unbatched).
    pub input_shape: Vec<i64>,
    /// Full weight shape in the framework's weight layout, when the call takes a weight tensor.
    pub weight_shape: Option<Vec<i64>>,
    pub params: Params,
}

/// The largest magnitude any user-given integer may have (2^48). Far beyond any real tensor, and
/// small enough that every dialect's arithmetic on these numbers is exact and cannot overflow.
pub const MAX_ARGUMENT: i64 = 1 << 48;

pub(super) fn check_magnitudes(request: &Request) -> ConvResult<()> {
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
