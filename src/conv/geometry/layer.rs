//! The layer a dialect resolves a request into: canonical axes plus the framework's shapes.

use super::axis::{Axis, Op};
use crate::conv::error::{ConvError, ConvResult};

/// Where the channel axis sits in the framework's input and output tensors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChannelPosition {
    /// `N, C, spatial…` (NCHW, NCL, NCDHW).
    First,
    /// `N, spatial…, C` (NHWC, NWC, NDHWC).
    Last,
}

/// How the weight tensor's axes are ordered; `O` = output channels of the layer, `I` = input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WeightLayout {
    /// `(I, O/groups, k…)`: PyTorch, ONNX, Caffe, MXNet, Chainer, Paddle transposed.
    InOutSpatial,
    /// `(O, I/groups, k…)`: every channels-first forward convolution.
    OutInSpatial,
    /// `(k…, O, I)`: TensorFlow / Keras transposed.
    SpatialOutIn,
    /// `(k…, I/groups, O)`: TensorFlow / Keras / JAX (HWIO) forward, JAX transposed by default.
    SpatialInOut,
}

impl WeightLayout {
    /// The channels-first weight layout of `op`: `(I, O/g, k…)` transposed, `(O, I/g, k…)` forward.
    pub fn channels_first(op: Op) -> WeightLayout {
        match op {
            Op::ConvTranspose => WeightLayout::InOutSpatial,
            Op::Conv => WeightLayout::OutInSpatial,
        }
    }
}

/// Resolve every axis spec of a layer (the first invalid one is the error).
pub fn resolve_axes(specs: &[crate::conv::geometry::axis::AxisSpec], op: Op) -> ConvResult<Vec<Axis>> {
    specs.iter().map(|spec| spec.resolve(op).map_err(ConvError::from)).collect()
}

/// The formula that gave one axis its size, with the numbers substituted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Derivation {
    /// The framework's formula in its own argument names.
    pub formula: String,
    /// The same formula with this axis's numbers.
    pub substituted: String,
    pub size_out: i64,
}

/// A layer after its dialect resolved it: canonical geometry plus the framework's shapes.
#[derive(Debug, Clone, PartialEq)]
pub struct Layer {
    pub op: Op,
    /// One canonical axis per spatial dimension.
    pub axes: Vec<Axis>,
    pub channel_position: ChannelPosition,
    /// `None` for an unbatched input (PyTorch `(C, L)`).
    pub batch: Option<i64>,
    pub channels_in: i64,
    pub channels_out: i64,
    pub groups: i64,
    pub weight_layout: WeightLayout,
    pub weight_shape: Vec<i64>,
    /// Full output shape in the framework's layout.
    pub output_shape: Vec<i64>,
    /// The framework applies the kernel spatially reversed relative to the canonical scatter.
    pub kernel_flipped: bool,
    pub bias: bool,
    /// One per axis, for the shape panel and `convt shape`.
    pub derivations: Vec<Derivation>,
    /// Non-fatal quirks, shown beside the result.
    pub notes: Vec<String>,
    /// What a forward convolution's padding cells hold (PyTorch / Paddle `padding_mode`).
    pub padding_mode: super::padding::PaddingMode,
    /// Tensor layouts when `channel_position` / `weight_layout` cannot say them (JAX's dimension_numbers).
    pub explicit_layouts: Option<crate::conv::geometry::tensor::Layouts>,
}

impl Layer {
    /// The output's spatial sizes.
    pub fn spatial_out(&self) -> Vec<i64> {
        self.axes.iter().map(|a| a.size_out).collect()
    }
}

/// An input shape split into its parts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SplitShape {
    pub batch: Option<i64>,
    pub channels: i64,
    pub spatial: Vec<i64>,
}

/// Join batch, channels and spatial sizes in the given layout.
pub fn join_shape(batch: Option<i64>, channels: i64, spatial: &[i64], position: ChannelPosition) -> Vec<i64> {
    let mut shape = Vec::with_capacity(spatial.len() + 2);
    shape.extend(batch);
    if position == ChannelPosition::First {
        shape.push(channels);
    }
    shape.extend_from_slice(spatial);
    if position == ChannelPosition::Last {
        shape.push(channels);
    }
    shape
}

/// Split a full input shape; `allow_unbatched` accepts `rank + 1` dimensions (PyTorch).
pub fn split_shape(
    shape: &[i64],
    rank: usize,
    position: ChannelPosition,
    allow_unbatched: bool,
    framework: &str,
) -> ConvResult<SplitShape> {
    let batched = shape.len() == rank + 2;
    if !batched && (!allow_unbatched || shape.len() != rank + 1) {
        let expected = if allow_unbatched {
            format!("{} (unbatched) or {} (batched)", rank + 1, rank + 2)
        } else {
            format!("{}", rank + 2)
        };
        return Err(ConvError::rejected(format!(
            "a {rank}-D convolution in {framework} takes a {expected}-dimensional input, but input_shape has {} dimensions",
            shape.len()
        )));
    }
    if let Some(&bad) = shape.iter().find(|&&d| d < 0) {
        return Err(ConvError::rejected(format!(
            "input_shape has a negative dimension ({bad}); sizes must be at least 0"
        )));
    }
    let (batch, rest) = if batched { (Some(shape[0]), &shape[1..]) } else { (None, shape) };
    let (channels, spatial) = match position {
        ChannelPosition::First => (rest[0], rest[1..].to_vec()),
        ChannelPosition::Last => (rest[rest.len() - 1], rest[..rest.len() - 1].to_vec()),
    };
    Ok(SplitShape { batch, channels, spatial })
}

/// Pick the channel position from a layout name such as `NCHW` or `NHWC`.
pub fn channel_position_of(
    layout: &str,
    rank: usize,
    allowed: &[&str],
    framework: &str,
) -> ConvResult<ChannelPosition> {
    if !allowed.contains(&layout) {
        return Err(ConvError::rejected(format!(
            "{framework} does not take layout '{}' for a {rank}-D convolution; use one of {}",
            layout,
            allowed.join(", ")
        )));
    }
    Ok(if layout.ends_with('C') { ChannelPosition::Last } else { ChannelPosition::First })
}
