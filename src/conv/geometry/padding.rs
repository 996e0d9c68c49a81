//! Padding, once for every dialect: what a forward convolution's padding cells hold, and the 'same'
//! split (a total padding halved, the odd cell at one end, which is where the frameworks differ).
//!
//! ```text
//! before = total / 2, after = total - before        (odd cell at the end: TensorFlow, Keras, PyTorch, JAX 'SAME', ONNX SAME_UPPER)
//! after = total / 2, before = total - after         (odd cell at the start: ONNX SAME_LOWER, JAX 'SAME_LOWER')
//! ```
//! Sources: tensorflow/core/framework/kernel_shape_util.cc (`GetWindowedOutputSizeVerbose`),
//! onnx/defs/nn/defs.cc (`auto_pad`), jax/_src/lax/lax.py (`padtype_to_pads`).

use std::ops::{Div, Sub};

/// Which end of the axis gets the odd padding cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OddCell {
    /// After the input (bottom/right): `SAME`, `SAME_UPPER`, `'same'`.
    End,
    /// Before the input (top/left): `SAME_LOWER`.
    Start,
}

/// `(before, after)` for a non-negative `total`, the odd cell at `odd`.
pub fn same_split<T>(total: T, odd: OddCell) -> (T, T)
where
    T: Copy + Div<Output = T> + Sub<Output = T> + From<u8>,
{
    let half = total / T::from(2);
    match odd {
        OddCell::End => (half, total - half),
        OddCell::Start => (total - half, half),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_odd_cell_goes_where_asked() {
        assert_eq!(same_split(5i64, OddCell::End), (2, 3));
        assert_eq!(same_split(5i128, OddCell::Start), (3, 2));
        assert_eq!(same_split(4i64, OddCell::Start), (2, 2));
        assert_eq!(same_split(0i64, OddCell::End), (0, 0));
    }
}

/// How a forward convolution fills the cells its padding adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum PaddingMode {
    /// Zeros (every framework's default, and the only mode of transposed convolutions).
    #[default]
    Zeros,
    /// Mirror without repeating the edge: `dcb|abcd|cba`.
    Reflect,
    /// Repeat the edge: `aaa|abcd|ddd`.
    Replicate,
    /// Wrap around: `bcd|abcd|abc`.
    Circular,
}

impl PaddingMode {
    /// The input cell read at padded position `p` (may be outside `0..n`), or `None` for a zero.
    pub fn source(self, p: i64, n: i64) -> Option<i64> {
        if (0..n).contains(&p) {
            return Some(p);
        }
        if n == 0 {
            return None;
        }
        match self {
            PaddingMode::Zeros => None,
            PaddingMode::Replicate => Some(p.clamp(0, n - 1)),
            PaddingMode::Circular => Some(p.rem_euclid(n)),
            PaddingMode::Reflect => {
                if n == 1 {
                    return Some(0);
                }
                let period = 2 * (n - 1);
                let m = p.rem_euclid(period);
                Some(if m < n { m } else { period - m })
            }
        }
    }
}
