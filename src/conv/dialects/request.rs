//! A request in a framework's own words: what a dialect reads.

use super::params::Params;
use super::Framework;
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
