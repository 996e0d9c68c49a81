//! Why output_padding exists: a stride-s forward convolution maps s neighbouring input sizes to
//! the same output size, so its transpose cannot know which one to give back. This module lists
//! those sizes for one axis, the output_padding that selects each, and the staircase
//! `forward size → conv size` around them (what the ambiguity plot draws).

use super::axis::{conv_len, kernel_field, Axis, Op};

/// One size the transposed layer can produce from the same input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The transposed layer's output size (= a forward-conv input size).
    pub size: i64,
    /// The output_padding that selects it.
    pub output_padding: i64,
    /// Does the forward conv map `size` back to the small size? False for output_padding ≥ stride,
    /// which PyTorch allows when dilation > output_padding.
    pub inverts: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    /// The small side: the transposed layer's input size (the forward conv's output size).
    pub small: i64,
    /// The large side of the current layer: the transposed output (or the forward conv's input).
    pub current: i64,
    pub stride: i64,
    pub candidates: Vec<Candidate>,
    /// `(forward input size, forward output size)` over a window around the candidates.
    pub staircase: Vec<(i64, i64)>,
}

/// The ambiguity of one axis, read either way round: for a transposed conv its input is the
/// small side; for a forward conv its output is. `None` when the small side is empty.
pub fn ambiguity(axis: &Axis) -> Option<Ambiguity> {
    let (small, current) = match axis.op {
        Op::ConvTranspose => (axis.size_in, axis.size_out),
        Op::Conv => (axis.size_out, axis.size_in),
    };
    if small < 1 || axis.stride > 64 || axis.dilation > 64 {
        return None;
    }
    let field = kernel_field(axis.kernel_size, axis.dilation);
    let pads = axis.pad_before as i128 + axis.pad_after as i128;
    let forward = |n: i64| conv_len(n as i128 + pads, field, axis.stride) as i64;
    // The smallest forward input giving `small`: output_padding 0.
    let base = (small as i128 - 1) * axis.stride as i128 + field - pads;
    let base = i64::try_from(base).ok()?;
    let choices = axis.stride.max(axis.dilation);
    let candidates: Vec<Candidate> = (0..choices)
        .map(|op| base + op)
        .filter(|&size| size >= 0)
        .map(|size| Candidate { size, output_padding: size - base, inverts: forward(size) == small })
        .collect();
    let from = (base - 2 * axis.stride).max(0);
    let to = base + choices + 2 * axis.stride;
    let staircase = (from..=to).map(|n| (n, forward(n))).collect();
    Some(Ambiguity { small, current, stride: axis.stride, candidates, staircase })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::axis::AxisSpec;

    fn transposed(size_in: i64, kernel_size: i64, stride: i64, dilation: i64, pad: i64, op: i64) -> Axis {
        AxisSpec { size_in, kernel_size, stride, dilation, pad_before: pad, pad_after: pad, output_padding: op }
            .resolve(Op::ConvTranspose)
            .unwrap()
    }

    #[test]
    fn default_layer_picks_six_of_five_and_six() {
        let a = ambiguity(&transposed(3, 3, 2, 1, 1, 1)).unwrap();
        let sizes: Vec<(i64, i64, bool)> = a.candidates.iter().map(|c| (c.size, c.output_padding, c.inverts)).collect();
        assert_eq!(sizes, vec![(5, 0, true), (6, 1, true)]);
        assert_eq!((a.small, a.current), (3, 6));
        // The staircase agrees: forward conv k3 s2 p1 maps 5 and 6 to 3, 7 to 4.
        assert!(a.staircase.contains(&(5, 3)) && a.staircase.contains(&(6, 3)) && a.staircase.contains(&(7, 4)));
    }

    #[test]
    fn caffe_28_to_56_and_dilation_larger_than_stride() {
        let a = ambiguity(&transposed(28, 4, 2, 1, 1, 0)).unwrap();
        assert_eq!(a.candidates.iter().map(|c| c.size).collect::<Vec<_>>(), vec![56, 57]);
        // Stride 1, dilation 2: output_padding 1 is allowed by PyTorch but no conv maps it back.
        let a = ambiguity(&transposed(4, 3, 1, 2, 0, 0)).unwrap();
        assert_eq!(
            a.candidates,
            vec![
                Candidate { size: 8, output_padding: 0, inverts: true },
                Candidate { size: 9, output_padding: 1, inverts: false },
            ]
        );
    }

    #[test]
    fn a_forward_conv_reads_the_other_way() {
        let axis = AxisSpec {
            size_in: 7,
            kernel_size: 3,
            stride: 2,
            dilation: 1,
            pad_before: 1,
            pad_after: 1,
            output_padding: 0,
        }
        .resolve(Op::Conv)
        .unwrap();
        let a = ambiguity(&axis).unwrap();
        assert_eq!((a.small, a.current), (4, 7));
        assert_eq!(a.candidates.iter().map(|c| c.size).collect::<Vec<_>>(), vec![7, 8]);
    }
}
