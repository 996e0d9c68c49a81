//! The 'same' padding split, once for every dialect: a total padding is halved, and the odd cell
//! goes to one end, which is where the frameworks differ.
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
