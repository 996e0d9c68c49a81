//! The stage's default numbers: small integers, so every sum checks by hand, and a kernel whose
//! orientation shows, so "kernel rotated 180°" (the gather view) visibly moves its taps.
//!
//! ```text
//! input   1, 2, 3, …, 9, 1, 2, …             (row-major, wrapping at 9)
//! kernel  3, 2, 1, 2, 1, 2, …                (the first tap 3; then 2 and 1 alternating)
//! ```
//! Why the kernel is never symmetric: its first tap is the only 3. Rotating a kernel of two or
//! more taps by 180° moves the first tap to the last position; flipping an axis of two or more
//! cells moves it along that axis. Either way a 1 or a 2 lands where the 3 was, whatever the
//! kernel's shape (1-D, 2-D or 3-D), so the shape need not be known here.

/// (input, kernel) for a stage with `cells` input cells and `taps` kernel taps.
pub fn default_values(cells: usize, taps: usize) -> (Vec<i64>, Vec<i64>) {
    let input = (0..cells).map(|i| (i % 9 + 1) as i64).collect();
    let kernel = (0..taps).map(|t| if t == 0 { 3 } else { 1 + (t % 2) as i64 }).collect();
    (input, kernel)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Row-major `values` of a `rows` × `cols` grid with an axis flipped (or both: 180°).
    fn flipped(values: &[i64], cols: usize, flip_rows: bool, flip_cols: bool) -> Vec<i64> {
        let rows = values.len() / cols;
        (0..values.len())
            .map(|index| {
                let (r, c) = (index / cols, index % cols);
                let r = if flip_rows { rows - 1 - r } else { r };
                let c = if flip_cols { cols - 1 - c } else { c };
                values[r * cols + c]
            })
            .collect()
    }

    #[test]
    fn the_kernel_changes_under_every_flip_of_every_shape() {
        for taps in 2..=64 {
            let (_, kernel) = default_values(0, taps);
            // Every 2-D shape rows × cols with this many taps (1-D: rows = 1).
            for cols in (1..=taps).filter(|c| taps % c == 0) {
                let rows = taps / cols;
                let name = format!("{rows}×{cols}");
                assert_ne!(flipped(&kernel, cols, true, true), kernel, "180° on {name}");
                if rows > 1 {
                    assert_ne!(flipped(&kernel, cols, true, false), kernel, "rows flipped on {name}");
                }
                if cols > 1 {
                    assert_ne!(flipped(&kernel, cols, false, true), kernel, "columns flipped on {name}");
                }
            }
        }
    }

    #[test]
    fn small_numbers_as_documented() {
        let (input, kernel) = default_values(11, 9);
        assert_eq!(input, vec![1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2]);
        assert_eq!(kernel, vec![3, 2, 1, 2, 1, 2, 1, 2, 1]);
        assert_eq!(default_values(0, 1).1, vec![3]);
    }
}
