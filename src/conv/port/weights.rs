//! Porting a layer's weights: the same kernel in another framework's weight layout.
//!
//! ```text
//! target[j0, j1, …] = source[i0, i1, …]   where axis t of the target is axis axes[t] of the source
//!                                          (labels In, Out, Spatial(k) matched by name), and each
//!                                          spatial axis is reversed when one framework applies the
//!                                          kernel rotated 180° and the other does not (JAX without
//!                                          transpose_kernel, Theano)
//! ```
//! Checked by the engine: the ported weights give the same output values (tests/port_weights.rs).

use crate::conv::geometry::axis::Op;
use crate::conv::geometry::layer::Layer;
use crate::conv::geometry::tensor::{permute, reverse_axes, WeightDim};

/// How a weight moves from one layer to an equivalent one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeightPort {
    /// For each axis of the target weight, the source axis it comes from (numpy's `transpose` axes).
    pub axes: Vec<usize>,
    /// The target's axes to reverse (its spatial axes, when the two apply the kernel opposite ways round).
    pub reversed: Vec<usize>,
    /// The target's weight axes, named: `In`, `Out`, `Spatial(0)` …
    pub target_labels: Vec<WeightDim>,
    /// The source's weight axes, named.
    pub source_labels: Vec<WeightDim>,
}

/// The move from `from`'s weight to `to`'s (two resolutions of the same layer).
pub fn weight_port(from: &Layer, to: &Layer) -> WeightPort {
    let source_labels = from.layouts().weight;
    let target_labels = to.layouts().weight;
    let axes = target_labels.iter().map(|label| source_labels.iter().position(|s| s == label).unwrap_or(0)).collect();
    let reversed = if from.kernel_flipped == to.kernel_flipped {
        Vec::new()
    } else {
        target_labels.iter().enumerate().filter(|(_, l)| matches!(l, WeightDim::Spatial(_))).map(|(i, _)| i).collect()
    };
    WeightPort { axes, reversed, target_labels, source_labels }
}

impl WeightPort {
    /// Whether the weight moves as it is.
    pub fn is_identity(&self) -> bool {
        self.reversed.is_empty() && self.axes.iter().enumerate().all(|(i, &a)| i == a)
    }

    /// The ported weight (row-major) and its shape, from the source weight and its shape.
    pub fn apply(&self, weight: &[f32], shape: &[usize]) -> (Vec<f32>, Vec<usize>) {
        let from: Vec<usize> = (0..shape.len()).collect();
        let (moved, moved_shape) = permute(weight, shape, &from, &self.axes);
        (reverse_axes(&moved, &moved_shape, &self.reversed), moved_shape)
    }

    /// NumPy: `np.transpose(w, (2, 3, 1, 0))[::-1, ::-1]` (`w` when nothing moves).
    pub fn numpy(&self) -> String {
        let mut line = if self.axes.iter().enumerate().all(|(i, &a)| i == a) {
            "w".to_string()
        } else {
            format!("np.transpose(w, ({}))", join(&self.axes))
        };
        line.push_str(&self.numpy_slices());
        line
    }

    /// PyTorch: `w.permute(2, 3, 1, 0).flip(0, 1)` (`w` when nothing moves).
    pub fn torch(&self) -> String {
        let mut line = "w".to_string();
        if self.axes.iter().enumerate().any(|(i, &a)| i != a) {
            line.push_str(&format!(".permute({})", join(&self.axes)));
        }
        if !self.reversed.is_empty() {
            line.push_str(&format!(".flip({})", join(&self.reversed)));
        }
        line
    }

    /// `[:, :, ::-1, ::-1]` for the reversed axes, trailing `:` left out; empty when none.
    fn numpy_slices(&self) -> String {
        let Some(&last) = self.reversed.iter().max() else { return String::new() };
        let parts: Vec<&str> = (0..=last).map(|a| if self.reversed.contains(&a) { "::-1" } else { ":" }).collect();
        format!("[{}]", parts.join(", "))
    }
}

/// A weight layout as people write it: `(C_in, C_out/g, kH, kW)` for a transposed layer, whose
/// output channels are grouped; `(C_out, C_in/g, kH, kW)` for a forward one.
pub fn layout_text(labels: &[WeightDim], op: Op) -> String {
    let rank = labels.iter().filter(|l| matches!(l, WeightDim::Spatial(_))).count();
    let names: Vec<String> = labels
        .iter()
        .map(|label| match (label, op) {
            (WeightDim::In, Op::ConvTranspose) => "C_in".to_string(),
            (WeightDim::In, Op::Conv) => "C_in/g".to_string(),
            (WeightDim::Out, Op::ConvTranspose) => "C_out/g".to_string(),
            (WeightDim::Out, Op::Conv) => "C_out".to_string(),
            (WeightDim::Spatial(axis), _) => {
                let name = match (rank, axis) {
                    (1, _) => "L",
                    (2, 0) | (3, 1) => "H",
                    (2, _) | (3, 2) => "W",
                    _ => "D",
                };
                format!("k{name}")
            }
        })
        .collect();
    format!("({})", names.join(", "))
}

fn join(values: &[usize]) -> String {
    values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn port(axes: &[usize], reversed: &[usize]) -> WeightPort {
        WeightPort {
            axes: axes.to_vec(),
            reversed: reversed.to_vec(),
            target_labels: Vec::new(),
            source_labels: Vec::new(),
        }
    }

    #[test]
    fn one_liners() {
        let torch_to_tf = port(&[2, 3, 1, 0], &[]);
        assert_eq!(torch_to_tf.numpy(), "np.transpose(w, (2, 3, 1, 0))");
        assert_eq!(torch_to_tf.torch(), "w.permute(2, 3, 1, 0)");
        let flipped = port(&[2, 3, 0, 1], &[0, 1]);
        assert_eq!(flipped.numpy(), "np.transpose(w, (2, 3, 0, 1))[::-1, ::-1]");
        assert_eq!(flipped.torch(), "w.permute(2, 3, 0, 1).flip(0, 1)");
        assert_eq!(port(&[0, 1, 2, 3], &[2, 3]).numpy(), "w[:, :, ::-1, ::-1]");
        assert!(port(&[0, 1, 2], &[]).is_identity());
    }

    #[test]
    fn layouts_read_as_people_write_them() {
        use WeightDim::*;
        assert_eq!(layout_text(&[In, Out, Spatial(0), Spatial(1)], Op::ConvTranspose), "(C_in, C_out/g, kH, kW)");
        assert_eq!(layout_text(&[Spatial(0), Spatial(1), Out, In], Op::ConvTranspose), "(kH, kW, C_out/g, C_in)");
        assert_eq!(layout_text(&[Out, In, Spatial(0)], Op::Conv), "(C_out, C_in/g, kL)");
    }

    #[test]
    fn apply_moves_and_reverses() {
        // (2, 3) -> transposed (3, 2), then axis 1 reversed.
        let (data, shape) = port(&[1, 0], &[1]).apply(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], &[2, 3]);
        assert_eq!(shape, vec![3, 2]);
        assert_eq!(data, vec![4.0, 1.0, 5.0, 2.0, 6.0, 3.0]);
    }
}
