//! Tensors in a framework's layout, moved to and from the canonical layout the engine uses.
//!
//! ```text
//! canonical activations: [batch, channels, spatial 0, spatial 1, …]
//! canonical weights:     conv_transpose [in_channels, out_channels/groups, k0, k1, …]   (PyTorch's)
//!                        conv           [out_channels, in_channels/groups, k0, k1, …]
//! ```
//! A framework's layout is a list of axis labels in its own order (`NHWC` = Batch, Spatial 0,
//! Spatial 1, Channels), so one permutation routine serves every framework.

use super::axis::Op;
use super::layer::{ChannelPosition, Layer, WeightLayout};

/// One axis of an activation tensor.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Dim {
    Batch,
    Channels,
    Spatial(usize),
}

/// One axis of a weight tensor: the layer's input channels, its output channels, or a kernel axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WeightDim {
    In,
    Out,
    Spatial(usize),
}

/// The axis order of a layer's three tensors, in the framework's own layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layouts {
    pub input: Vec<Dim>,
    pub weight: Vec<WeightDim>,
    pub output: Vec<Dim>,
}

impl Layouts {
    /// Layouts from a channel position, batch presence and weight order.
    pub fn standard(op: Op, rank: usize, batched: bool, position: ChannelPosition, weight: WeightLayout) -> Layouts {
        let spatial: Vec<Dim> = (0..rank).map(Dim::Spatial).collect();
        let mut activation = Vec::with_capacity(rank + 2);
        if batched {
            activation.push(Dim::Batch);
        }
        match position {
            ChannelPosition::First => {
                activation.push(Dim::Channels);
                activation.extend(&spatial);
            }
            ChannelPosition::Last => {
                activation.extend(&spatial);
                activation.push(Dim::Channels);
            }
        }
        let kernel: Vec<WeightDim> = (0..rank).map(WeightDim::Spatial).collect();
        let pair = |a: WeightDim, b: WeightDim| -> Vec<WeightDim> { [vec![a, b], kernel.clone()].concat() };
        let trailing = |a: WeightDim, b: WeightDim| -> Vec<WeightDim> { [kernel.clone(), vec![a, b]].concat() };
        let weight = match weight {
            WeightLayout::InOutSpatial => pair(WeightDim::In, WeightDim::Out),
            WeightLayout::OutInSpatial => pair(WeightDim::Out, WeightDim::In),
            WeightLayout::SpatialOutIn => trailing(WeightDim::Out, WeightDim::In),
            WeightLayout::SpatialInOut => trailing(WeightDim::In, WeightDim::Out),
        };
        let _ = op;
        Layouts { input: activation.clone(), weight, output: activation }
    }

    /// The canonical activation order for `rank` spatial axes.
    pub fn canonical_activation(rank: usize) -> Vec<Dim> {
        [vec![Dim::Batch, Dim::Channels], (0..rank).map(Dim::Spatial).collect()].concat()
    }

    /// The canonical weight order of `op`.
    pub fn canonical_weight(op: Op, rank: usize) -> Vec<WeightDim> {
        let head = match op {
            Op::ConvTranspose => vec![WeightDim::In, WeightDim::Out],
            Op::Conv => vec![WeightDim::Out, WeightDim::In],
        };
        [head, (0..rank).map(WeightDim::Spatial).collect()].concat()
    }
}

impl Layer {
    /// The layouts of this layer's tensors (the dialect's explicit ones, or the standard ones).
    pub fn layouts(&self) -> Layouts {
        self.explicit_layouts.clone().unwrap_or_else(|| {
            Layouts::standard(self.op, self.axes.len(), self.batch.is_some(), self.channel_position, self.weight_layout)
        })
    }
}

/// Reorder a row-major tensor from one axis order to another. `shape` is in `from`'s order and
/// `to` must list the same labels. Returns the data and the shape in `to`'s order.
pub fn permute<L: Copy + PartialEq>(data: &[f32], shape: &[usize], from: &[L], to: &[L]) -> (Vec<f32>, Vec<usize>) {
    let rank = shape.len();
    // position in `from` of each axis of `to`
    let source_axis: Vec<usize> = to.iter().map(|label| from.iter().position(|l| l == label).unwrap_or(0)).collect();
    let to_shape: Vec<usize> = source_axis.iter().map(|&a| shape[a]).collect();
    // An empty tensor has nothing to move, whatever its other sizes (which may multiply past usize).
    if shape.contains(&0) {
        return (Vec::new(), to_shape);
    }
    let mut from_strides = vec![1usize; rank];
    for a in (0..rank.saturating_sub(1)).rev() {
        from_strides[a] = from_strides[a + 1] * shape[a + 1];
    }
    let strides: Vec<usize> = source_axis.iter().map(|&a| from_strides[a]).collect();
    let total: usize = to_shape.iter().product();
    let mut out = Vec::with_capacity(total);
    let mut index = vec![0usize; rank];
    for _ in 0..total {
        let offset: usize = index.iter().zip(&strides).map(|(i, s)| i * s).sum();
        out.push(data[offset]);
        for a in (0..rank).rev() {
            index[a] += 1;
            if index[a] < to_shape[a] {
                break;
            }
            index[a] = 0;
        }
    }
    (out, to_shape)
}

/// Reverse every axis from `first_spatial` on (a 180° rotation of each kernel).
pub fn flip_spatial(data: &[f32], shape: &[usize], first_spatial: usize) -> Vec<f32> {
    let spatial: Vec<usize> = (first_spatial..shape.len()).collect();
    reverse_axes(data, shape, &spatial)
}

/// Reverse the given axes of a row-major tensor (an empty tensor stays empty).
pub fn reverse_axes(data: &[f32], shape: &[usize], reversed: &[usize]) -> Vec<f32> {
    if reversed.is_empty() || data.is_empty() || shape.contains(&0) {
        return if shape.contains(&0) { Vec::new() } else { data.to_vec() };
    }
    let rank = shape.len();
    let mut strides = vec![1usize; rank];
    for a in (0..rank.saturating_sub(1)).rev() {
        strides[a] = strides[a + 1] * shape[a + 1];
    }
    let mut out = vec![0.0; data.len()];
    let mut index = vec![0usize; rank];
    for value in data {
        let offset: usize = (0..rank)
            .map(|a| if reversed.contains(&a) { (shape[a] - 1 - index[a]) * strides[a] } else { index[a] * strides[a] })
            .sum();
        out[offset] = *value;
        for a in (0..rank).rev() {
            index[a] += 1;
            if index[a] < shape[a] {
                break;
            }
            index[a] = 0;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nhwc_to_nchw_and_back() {
        // N=1, H=2, W=3, C=2 with value = 100*h + 10*w + c
        let shape = [1, 2, 3, 2];
        let data: Vec<f32> =
            (0..2).flat_map(|h| (0..3).flat_map(move |w| (0..2).map(move |c| (100 * h + 10 * w + c) as f32))).collect();
        let nhwc = [Dim::Batch, Dim::Spatial(0), Dim::Spatial(1), Dim::Channels];
        let nchw = [Dim::Batch, Dim::Channels, Dim::Spatial(0), Dim::Spatial(1)];
        let (moved, moved_shape) = permute(&data, &shape, &nhwc, &nchw);
        assert_eq!(moved_shape, vec![1, 2, 2, 3]);
        assert_eq!(&moved[..6], &[0.0, 10.0, 20.0, 100.0, 110.0, 120.0]);
        let (back, back_shape) = permute(&moved, &moved_shape, &nchw, &nhwc);
        assert_eq!(back_shape, shape.to_vec());
        assert_eq!(back, data);
    }

    #[test]
    fn flip_reverses_spatial_axes_only() {
        let data: Vec<f32> = (0..12).map(|v| v as f32).collect();
        // shape [2, 2, 3]: flip the last two axes of each of the 2 leading slices
        let flipped = flip_spatial(&data, &[2, 2, 3], 1);
        assert_eq!(&flipped[..6], &[5.0, 4.0, 3.0, 2.0, 1.0, 0.0]);
    }
}
