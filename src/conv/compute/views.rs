//! What the stage draws besides the animation: overlap and holes, what padding crops and what
//! output_padding adds, the gather view, the matrices C and Cᵀ, and unfold (im2col).
//!
//! ```text
//! overlap(t)   = #{(i, k) : i*stride + k*dilation - pad_before = t}      (per axis; 2-D = product)
//! window       = full-canvas cells [pad_before, pad_before + size_out); before it: cropped;
//!                past full_len - pad_after inside it: re-added by output_padding (still scatter values);
//!                past full_len: added zeros
//! gather view  = the input with stride - 1 zeros between cells, padded by K - 1 - pad_before before and
//!                K - 1 - pad_after + output_padding after (negative = cut), convolved (stride 1, same
//!                dilation) with the kernel rotated 180°; input cell i sits at pad + i*stride
//! C            = the forward convolution from the transposed output back to its input:
//!                C[i][t] = w[k] where t = scatter(i, k);  the transposed convolution is y = Cᵀ x
//! ```
//! Single channel, spatial only: the stage shows one (input, output) channel pair at a time.

use crate::conv::geometry::axis::{Axis, Op};

/// Flat row-major index of a multi-index.
fn ravel(index: &[usize], shape: &[usize]) -> usize {
    index.iter().zip(shape).fold(0, |acc, (i, n)| acc * n + i)
}

fn cells(shape: &[usize]) -> impl Iterator<Item = Vec<usize>> + '_ {
    let total: usize = shape.iter().product();
    (0..total).map(move |mut flat| {
        let mut out = vec![0; shape.len()];
        for a in (0..shape.len()).rev() {
            out[a] = flat % shape[a].max(1);
            flat /= shape[a].max(1);
        }
        out
    })
}

/// Per-axis contribution counts of a transposed convolution: `(output counts, full-canvas counts)`.
pub fn axis_overlap(axis: &Axis) -> (Vec<u32>, Vec<u32>) {
    let mut output = vec![0u32; axis.size_out.max(0) as usize];
    let mut canvas = vec![0u32; axis.full_len().max(0) as usize];
    for i in 0..axis.size_in {
        for k in 0..axis.kernel_size {
            let position = i * axis.stride + k * axis.dilation;
            if let Some(slot) = canvas.get_mut(position as usize) {
                *slot += 1;
            }
            if let Some(t) = axis.scatter(i, k) {
                output[t as usize] += 1;
            }
        }
    }
    (output, canvas)
}

/// A grid of counts (row-major).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Counts {
    pub shape: Vec<usize>,
    pub values: Vec<u32>,
}

impl Counts {
    /// Cells no (input, tap) pair reaches.
    pub fn holes(&self) -> usize {
        self.values.iter().filter(|&&v| v == 0).count()
    }

    pub fn max(&self) -> u32 {
        self.values.iter().copied().max().unwrap_or(0)
    }

    /// The distinct counts, ascending (the heatmap's legend).
    pub fn levels(&self) -> Vec<u32> {
        // A presence table: counts are at most the kernel's tap count, so it stays small.
        let mut present = vec![false; self.max() as usize + 1];
        for &v in &self.values {
            present[v as usize] = true;
        }
        (0..=self.max()).filter(|&v| present[v as usize]).collect()
    }
}

fn outer(per_axis: &[Vec<u32>]) -> Counts {
    let shape: Vec<usize> = per_axis.iter().map(Vec::len).collect();
    let values = cells(&shape).map(|cell| cell.iter().enumerate().map(|(a, &i)| per_axis[a][i]).product()).collect();
    Counts { shape, values }
}

/// Output cells of a transposed convolution that no (input, tap) pair reaches, counted per axis
/// (a cell is reached only if every axis reaches its coordinate), so it is cheap at any size.
/// `None` for axes too large in every direction to count quickly (see [`axis_reached`]), and for
/// a layer whose cells overflow `u128` (three axes near 2^62).
pub fn output_holes(axes: &[Axis]) -> Option<u128> {
    let total = axes.iter().try_fold(1u128, |product, a| product.checked_mul(a.size_out.max(0) as u128))?;
    let reached = axes.iter().map(axis_reached).try_fold(1u128, |product, r| product.checked_mul(r?))?;
    Some(total - reached)
}

/// Residue classes [`axis_reached`] will add up one by one: at 100 000 the count takes
/// milliseconds; beyond it (a stride and a kernel both above 100 000 taps, and a dilation and an
/// input too) the count is left undone rather than freeze the page.
const MAX_CLASSES: i128 = 100_000;

/// Output cells of one transposed axis that some (input, tap) pair reaches, in closed form.
///
/// Input `i` and tap `k` reach canvas cell `i*stride + k*dilation`. With `g = gcd(stride,
/// dilation)` every such cell is `g*x` with `x = i*s + k*d`, where `s = stride/g` and
/// `d = dilation/g` are coprime. Taps `k` and `k + s` land in the same residue class mod `s`, one
/// `d` further along, so the taps of a class cover intervals of `n` (input size) consecutive
/// multiples of `s`, spaced `d` apart: counted in O(1) per class, with `min(s, taps)` classes.
/// The reached set is symmetric in (inputs, stride) and (taps, dilation), so the smaller of the
/// two groupings is counted; `None` when both exceed [`MAX_CLASSES`].
pub fn axis_reached(axis: &Axis) -> Option<u128> {
    let (n, taps) = (axis.size_in as i128, axis.kernel_size as i128);
    if n == 0 || taps == 0 || axis.size_out <= 0 {
        return Some(0);
    }
    let g = gcd(axis.stride as i128, axis.dilation as i128);
    let (s, d) = (axis.stride as i128 / g, axis.dilation as i128 / g);
    // The output window [pad_before, pad_before + size_out) of the canvas, as a range of x.
    let lo = axis.pad_before as i128;
    let hi = lo + axis.size_out as i128 - 1;
    let (x_lo, x_hi) = (ceil_div(lo, g), hi.div_euclid(g));
    if x_hi < x_lo {
        return Some(0);
    }
    if s.min(taps) <= MAX_CLASSES {
        Some(reached_by_class(n, s, taps, d, x_lo, x_hi))
    } else if d.min(n) <= MAX_CLASSES {
        Some(reached_by_class(taps, d, n, s, x_lo, x_hi))
    } else {
        None
    }
}

fn gcd(a: i128, b: i128) -> i128 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

fn ceil_div(a: i128, b: i128) -> i128 {
    -((-a).div_euclid(b))
}

/// How many `x` in `[x_lo, x_hi]` equal `i*s + k*d` for some `i < n`, `k < taps` (s, d coprime),
/// one residue class of `k*d` mod `s` at a time.
fn reached_by_class(n: i128, s: i128, taps: i128, d: i128, x_lo: i128, x_hi: i128) -> u128 {
    (0..s.min(taps))
        .map(|first| {
            // Taps first, first + s, …: x = r + q*s with q in [a + j*d, a + j*d + n - 1].
            let (r, a) = ((first * d).rem_euclid(s), (first * d).div_euclid(s));
            let members = (taps - first + s - 1) / s;
            let (q_lo, q_hi) = (ceil_div(x_lo - r, s), (x_hi - r).div_euclid(s));
            // Covered q up to `q`, counted from the class's first interval.
            let covered_to = |q: i128| -> i128 {
                let t = q - a;
                if t < 0 {
                    0
                } else if d <= n {
                    (t + 1).min((members - 1) * d + n) // the intervals touch: one run
                } else {
                    let (j, rest) = (t / d, t % d);
                    if j >= members {
                        members * n
                    } else {
                        j * n + (rest + 1).min(n)
                    }
                }
            };
            if q_hi < q_lo {
                0
            } else {
                (covered_to(q_hi) - covered_to(q_lo - 1)) as u128
            }
        })
        .sum()
}

/// How many (input, tap) pairs reach canvas cell `t` of a transposed axis: taps `k` with
/// `t - k*dilation` a non-negative multiple of the stride below `size_in * stride`. O(taps).
fn contributions_at(axis: &Axis, t: i128) -> u64 {
    let (s, d, n) = (axis.stride as i128, axis.dilation as i128, axis.size_in as i128);
    (0..axis.kernel_size as i128)
        .filter(|k| {
            let x = t - k * d;
            s > 0 && x >= 0 && x % s == 0 && x / s < n
        })
        .count() as u64
}

/// The edge zones [`uniform_overlap`] reads cell by cell: beyond this, it gives no answer
/// rather than spend seconds.
const MAX_EDGE_CELLS: i128 = 100_000;

/// `Some(c)` when every output cell of a transposed axis receives exactly `c` contributions
/// (even overlap: no holes, no checkerboard), `None` when the counts differ or the axis's edge
/// zones are beyond [`MAX_EDGE_CELLS`].
///
/// ```text
/// count(t) = #{k < taps : t - k*dilation = i*stride, 0 <= i < size_in}     (canvas cell t)
/// interior [ (taps-1)*dilation, (size_in-1)*stride ]: every tap's input exists, so count(t)
///          depends only on t mod stride: one period of it says all
/// edges    [0, (taps-1)*dilation) and ((size_in-1)*stride, full): read cell by cell
/// outside  [0, full): 0 (zeros added by output_padding or an explicit size)
/// ```
/// Cheap at any size (O((edges + stride) * taps)), so the solver can rank huge layers.
pub fn uniform_overlap(axis: &Axis) -> Option<u64> {
    let (lo, hi) = (axis.pad_before as i128, axis.pad_before as i128 + axis.size_out as i128);
    if hi <= lo {
        return Some(0);
    }
    let full = full_len_of(axis);
    let interior = (
        (axis.kernel_size as i128 - 1).max(0) * axis.dilation as i128,
        (axis.size_in as i128 - 1) * axis.stride as i128,
    );
    let mut cells: Vec<(i128, i128)> = Vec::new();
    // Any cell outside the canvas holds 0.
    if lo < 0 || hi > full {
        cells.push(if lo < 0 { (lo, lo + 1) } else { (hi - 1, hi) });
    }
    let clip = |a: i128, b: i128| (a.max(lo).max(0), b.min(hi).min(full));
    let (first_edge, last_edge) = (clip(0, interior.0), clip(interior.1 + 1, full));
    let middle = clip(interior.0, interior.1 + 1);
    let middle = (middle.0, middle.1.min(middle.0 + axis.stride as i128));
    for (a, b) in [first_edge, last_edge] {
        if b - a > MAX_EDGE_CELLS {
            return None;
        }
    }
    cells.extend([first_edge, middle, last_edge]);
    let mut seen: Option<u64> = None;
    for (a, b) in cells {
        for t in a..b {
            let count = if t < 0 || t >= full { 0 } else { contributions_at(axis, t) };
            match seen {
                None => seen = Some(count),
                Some(c) if c != count => return None,
                Some(_) => {}
            }
        }
    }
    seen
}

/// The full scatter's length, from the axis's own numbers (a forward axis read as its transpose
/// has no transposed `full_len`).
fn full_len_of(axis: &Axis) -> i128 {
    crate::conv::geometry::axis::full_scatter_len(axis.size_in, axis.kernel_size, axis.stride, axis.dilation)
}

/// How many (input cell, tap) pairs reach each output cell of a transposed convolution.
pub fn output_overlap(axes: &[Axis]) -> Counts {
    outer(&axes.iter().map(|a| axis_overlap(a).0).collect::<Vec<_>>())
}

/// The same on the full, uncropped canvas.
pub fn canvas_overlap(axes: &[Axis]) -> Counts {
    outer(&axes.iter().map(|a| axis_overlap(a).1).collect::<Vec<_>>())
}

/// What happens to one full-canvas (or beyond) position of a transposed convolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CellFate {
    /// Kept in the output.
    Kept,
    /// Cut away by padding before the output window.
    CroppedBefore,
    /// Cut away by padding after the output window.
    CroppedAfter,
    /// Cut by padding but given back by output_padding / an explicit size (it keeps its scatter sum).
    Readded,
    /// Past the full scatter, added as zero by output_padding / an explicit size.
    AddedZero,
}

/// The output window of one transposed axis on the full canvas.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Window {
    pub full_len: i64,
    /// Canvas position of output cell 0 (negative: zeros added in front).
    pub start: i64,
    pub size_out: i64,
    pub pad_after: i64,
}

impl Window {
    pub fn of(axis: &Axis) -> Window {
        Window { full_len: axis.full_len(), start: axis.pad_before, size_out: axis.size_out, pad_after: axis.pad_after }
    }

    /// The fate of canvas position `p` (any integer; outside `0..full_len` only output cells matter).
    pub fn fate(&self, p: i64) -> CellFate {
        let end = self.start + self.size_out;
        if p < self.start {
            CellFate::CroppedBefore
        } else if p >= end {
            CellFate::CroppedAfter
        } else if p < 0 || p >= self.full_len {
            CellFate::AddedZero
        } else if p >= self.full_len - self.pad_after.max(0) {
            CellFate::Readded
        } else {
            CellFate::Kept
        }
    }

    /// Cells cropped `(before, after)` and added as zeros `(before, after)`.
    pub fn margins(&self) -> ((i64, i64), (i64, i64)) {
        let end = self.start + self.size_out;
        let cropped = (self.start.max(0), (self.full_len - end).max(0));
        let added = ((-self.start).max(0), (end - self.full_len).max(0));
        (cropped, added)
    }
}

/// One axis of the gather view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GatherAxis {
    /// Zeros in front of the first input cell (negative: cells cut).
    pub pad_before: i64,
    pub pad_after: i64,
    /// Length of the zero-inserted, padded input.
    pub len: i64,
    pub stride: i64,
}

impl GatherAxis {
    pub fn of(axis: &Axis) -> GatherAxis {
        let field = axis.kernel_field();
        let inserted = if axis.size_in == 0 { 0 } else { (axis.size_in - 1) * axis.stride + 1 };
        let pad_before = field - 1 - axis.pad_before;
        let pad_after = field - 1 - axis.pad_after + axis.output_padding;
        GatherAxis { pad_before, pad_after, len: inserted + pad_before + pad_after, stride: axis.stride }
    }

    /// Where input cell `i` sits in the gather view.
    pub fn position(&self, i: i64) -> i64 {
        self.pad_before + i * self.stride
    }

    /// Which input cell is at gather-view position `p`, if any (the rest are inserted or padding zeros).
    pub fn input_at(&self, p: i64, size_in: i64) -> Option<i64> {
        let q = p - self.pad_before;
        (q >= 0 && q % self.stride == 0 && q / self.stride < size_in).then(|| q / self.stride)
    }
}

/// The transposed convolution computed as the gather view does it (single channel, canonical kernel):
/// a stride-1 correlation of the zero-inserted, padded input with the 180°-rotated kernel.
/// Generic so the stage sums exact integers while the tests compare floats with the engine.
pub fn gather_view_output<T>(axes: &[Axis], input: &[T], kernel: &[T]) -> Vec<T>
where
    T: Copy + Default + std::ops::Add<Output = T> + std::ops::Mul<Output = T>,
{
    let g: Vec<GatherAxis> = axes.iter().map(GatherAxis::of).collect();
    let out_shape: Vec<usize> = axes.iter().map(|a| a.size_out as usize).collect();
    let in_shape: Vec<usize> = axes.iter().map(|a| a.size_in as usize).collect();
    let k_shape: Vec<usize> = axes.iter().map(|a| a.kernel_size as usize).collect();
    cells(&out_shape)
        .map(|t| {
            let mut sum = T::default();
            for k in cells(&k_shape) {
                let source: Option<Vec<usize>> = (0..axes.len())
                    .map(|a| {
                        let p = t[a] as i64 + k[a] as i64 * axes[a].dilation;
                        g[a].input_at(p, axes[a].size_in).map(|i| i as usize)
                    })
                    .collect();
                if let Some(i) = source {
                    let flipped: Vec<usize> = k.iter().zip(&k_shape).map(|(&k, &n)| n - 1 - k).collect();
                    sum = sum + input[ravel(&i, &in_shape)] * kernel[ravel(&flipped, &k_shape)];
                }
            }
            sum
        })
        .collect()
}

/// One non-zero of a convolution matrix: `row`, `col`, and which kernel tap sits there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatrixEntry {
    pub row: usize,
    pub col: usize,
    pub tap: Vec<usize>,
}

/// A sparse convolution matrix over flattened spatial cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConvMatrix {
    pub rows: usize,
    pub cols: usize,
    pub entries: Vec<MatrixEntry>,
}

impl ConvMatrix {
    /// Cᵀ: rows and columns swapped.
    pub fn transpose(&self) -> ConvMatrix {
        // A bucket pass: the entries are in (row, col) order, so each column's bucket fills in
        // row order, which is the transposed (row, col) order.
        let mut buckets: Vec<Vec<MatrixEntry>> = vec![Vec::new(); self.cols];
        for e in &self.entries {
            buckets[e.col].push(MatrixEntry { row: e.col, col: e.row, tap: e.tap.clone() });
        }
        ConvMatrix { rows: self.cols, cols: self.rows, entries: buckets.concat() }
    }

    /// `M v` with the kernel's tap values.
    pub fn apply(&self, kernel: &[f32], kernel_shape: &[usize], v: &[f32]) -> Vec<f32> {
        let mut out = vec![0.0f32; self.rows];
        for e in &self.entries {
            out[e.row] += kernel[ravel(&e.tap, kernel_shape)] * v[e.col];
        }
        out
    }
}

/// The matrix C of a layer, over flattened spatial cells.
/// Transposed conv: C maps the transposed output back to its input (rows = input cells) and y = Cᵀ x.
/// Forward conv: C maps the input to the output (rows = output cells) and y = C x.
pub fn conv_matrix(axes: &[Axis], op: Op) -> ConvMatrix {
    let in_shape: Vec<usize> = axes.iter().map(|a| a.size_in as usize).collect();
    let out_shape: Vec<usize> = axes.iter().map(|a| a.size_out as usize).collect();
    let k_shape: Vec<usize> = axes.iter().map(|a| a.kernel_size as usize).collect();
    let mut entries = Vec::new();
    match op {
        Op::ConvTranspose => {
            for i in cells(&in_shape) {
                for k in cells(&k_shape) {
                    let t: Option<Vec<usize>> = (0..axes.len())
                        .map(|a| axes[a].scatter(i[a] as i64, k[a] as i64).map(|t| t as usize))
                        .collect();
                    if let Some(t) = t {
                        entries.push(MatrixEntry {
                            row: ravel(&i, &in_shape),
                            col: ravel(&t, &out_shape),
                            tap: k.clone(),
                        });
                    }
                }
            }
            ConvMatrix { rows: in_shape.iter().product(), cols: out_shape.iter().product(), entries }
        }
        Op::Conv => {
            for o in cells(&out_shape) {
                for k in cells(&k_shape) {
                    let i: Option<Vec<usize>> =
                        (0..axes.len()).map(|a| axes[a].gather(o[a] as i64, k[a] as i64).map(|i| i as usize)).collect();
                    if let Some(i) = i {
                        entries.push(MatrixEntry {
                            row: ravel(&o, &out_shape),
                            col: ravel(&i, &in_shape),
                            tap: k.clone(),
                        });
                    }
                }
            }
            ConvMatrix { rows: out_shape.iter().product(), cols: in_shape.iter().product(), entries }
        }
    }
}

/// Unfold (im2col) of a forward convolution: for each output cell, the input cell under each tap
/// (`None` = padding). Rows are output cells, columns taps, both row-major.
pub fn unfold(axes: &[Axis]) -> Vec<Vec<Option<Vec<usize>>>> {
    let out_shape: Vec<usize> = axes.iter().map(|a| a.size_out as usize).collect();
    let k_shape: Vec<usize> = axes.iter().map(|a| a.kernel_size as usize).collect();
    cells(&out_shape)
        .map(|o| {
            cells(&k_shape)
                .map(|k| {
                    (0..axes.len()).map(|a| axes[a].gather(o[a] as i64, k[a] as i64).map(|i| i as usize)).collect()
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::geometry::axis::AxisSpec;

    fn axis(n: i64, k: i64, s: i64, pb: i64, pa: i64, a: i64) -> Axis {
        AxisSpec {
            size_in: n,
            kernel_size: k,
            stride: s,
            dilation: 1,
            pad_before: pb,
            pad_after: pa,
            output_padding: a,
        }
        .resolve(Op::ConvTranspose)
        .unwrap()
    }

    /// The closed form agrees with counting every cell.
    #[test]
    fn uniform_overlap_matches_the_counts() {
        for n in 1..5 {
            for k in 1..6 {
                for s in 1..5 {
                    for d in 1..3 {
                        for pb in -2..5 {
                            for pa in -2..5 {
                                for a in 0..3 {
                                    let spec = AxisSpec {
                                        size_in: n,
                                        kernel_size: k,
                                        stride: s,
                                        dilation: d,
                                        pad_before: pb,
                                        pad_after: pa,
                                        output_padding: a,
                                    };
                                    let Ok(ax) = spec.resolve(Op::ConvTranspose) else { continue };
                                    let counts = axis_overlap(&ax).0;
                                    let even = counts
                                        .first()
                                        .map_or(Some(0), |&c| counts.iter().all(|&x| x == c).then_some(c as u64));
                                    assert_eq!(uniform_overlap(&ax), even, "{ax:?} {counts:?}");
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn checkerboard_counts_for_k3_s2() {
        // Full canvas 1,1,2,1,2,1,1 (the research note's pattern); PyTorch p=1, a=1 keeps 1,2,1,2,1,1.
        let a = axis(3, 3, 2, 1, 1, 1);
        let (output, canvas) = axis_overlap(&a);
        assert_eq!(canvas, vec![1, 1, 2, 1, 2, 1, 1]);
        assert_eq!(output, vec![1, 2, 1, 2, 1, 1]);
        let grid = output_overlap(&[a, a]);
        assert_eq!(grid.levels(), vec![1, 2, 4]);
        assert_eq!(grid.holes(), 0);
    }

    #[test]
    fn stride_above_kernel_leaves_holes() {
        let a = axis(3, 2, 3, 0, 0, 0);
        assert_eq!(axis_overlap(&a).0, vec![1, 1, 0, 1, 1, 0, 1, 1]);
        assert_eq!(output_overlap(&[a]).holes(), 2);
    }

    #[test]
    fn reached_cells_in_closed_form_match_the_count() {
        // Strides and dilations with common factors and without, kernels shorter and longer than
        // the stride, inputs shorter and longer than the dilation, windows cut at either end.
        for n in 1..7 {
            for k in 1..7 {
                for st in 1..7 {
                    for dilation in 1..5 {
                        for (pb, pa, a) in [(0, 0, 0), (1, 2, 0), (2, 0, 1), (0, 3, 2), (3, 1, 0)] {
                            let Ok(ax) = AxisSpec {
                                size_in: n,
                                kernel_size: k,
                                stride: st,
                                dilation,
                                pad_before: pb,
                                pad_after: pa,
                                output_padding: a,
                            }
                            .resolve(Op::ConvTranspose) else {
                                continue;
                            };
                            let counted = axis_overlap(&ax).0.iter().filter(|&&c| c > 0).count() as u128;
                            assert_eq!(axis_reached(&ax), Some(counted), "{ax:?}");
                        }
                    }
                }
            }
        }
    }

    /// A closed form for any size: huge inputs, kernels, strides and dilations count at once.
    #[test]
    fn reached_cells_of_huge_axes_count_without_visiting_them() {
        let resolve = |size_in, kernel_size, stride, dilation| {
            AxisSpec { size_in, kernel_size, stride, dilation, pad_before: 0, pad_after: 0, output_padding: 0 }
                .resolve(Op::ConvTranspose)
                .unwrap()
        };
        // Kernel 3 over stride 2: every cell is reached.
        let dense = resolve(1 << 40, 3, 2, 1);
        assert_eq!(axis_reached(&dense), Some(dense.size_out as u128));
        // A kernel of nearly 2^62 taps on 3 inputs: one solid run (the tab froze on this before).
        let long_kernel = resolve(3, (1 << 62) - 10, 1, 1);
        assert_eq!(axis_reached(&long_kernel), Some(long_kernel.size_out as u128));
        // Stride 2^40 over 3 inputs with kernel 2: 6 cells reached, the rest are holes.
        let sparse = resolve(3, 2, 1 << 40, 1);
        assert_eq!(axis_reached(&sparse), Some(6));
        // Stride and kernel both 2^30, so the taps' classes are too many: counted the other way
        // round, through the three inputs' classes (mod dilation 1): one solid run.
        let wide = resolve(3, 1 << 30, 1 << 30, 1);
        assert_eq!(axis_reached(&wide), Some(3 << 30));
        assert_eq!(axis_reached(&wide), Some(wide.size_out as u128));
        // Five taps 2^20 apart under a coprime stride 2^22 + 1 over 2^18 inputs: all distinct.
        let five = resolve(1 << 18, 5, (1 << 22) + 1, 1 << 20);
        assert_eq!(axis_reached(&five), Some(5 << 18));
        // Every grouping above 100 000 classes (stride 2^20 + 1 and dilation 2^20, coprime, over
        // 2^20 inputs and taps): not counted.
        let coprime = resolve(1 << 20, 1 << 20, (1 << 20) + 1, 1 << 20);
        assert_eq!(axis_reached(&coprime), None);
        assert_eq!(output_holes(&[coprime]), None);
    }

    #[test]
    fn holes_counted_per_axis_agree_with_the_grid() {
        let a = axis(3, 2, 3, 0, 0, 1);
        let b = axis(4, 3, 2, 1, 0, 0);
        assert_eq!(output_holes(&[a, b]), Some(output_overlap(&[a, b]).holes() as u128));
        assert_eq!(output_holes(&[axis(3, 3, 2, 1, 1, 1)]), Some(0));
    }

    #[test]
    fn window_fates_of_the_default_example() {
        let w = Window::of(&axis(3, 3, 2, 1, 1, 1));
        assert_eq!(w.fate(0), CellFate::CroppedBefore);
        assert_eq!(w.fate(1), CellFate::Kept);
        assert_eq!(w.fate(6), CellFate::Readded); // output_padding gives back the cropped last cell
        assert_eq!(w.margins(), ((1, 0), (0, 0)));
        let beyond = Window::of(&axis(3, 3, 2, 0, 0, 1));
        assert_eq!(beyond.fate(7), CellFate::AddedZero);
        assert_eq!(beyond.margins(), ((0, 0), (0, 1)));
    }

    #[test]
    fn matrix_of_the_worked_reference() {
        let a = axis(3, 3, 2, 0, 0, 0);
        let c = conv_matrix(&[a], Op::ConvTranspose);
        assert_eq!((c.rows, c.cols, c.entries.len()), (3, 7, 9));
        let y = c.transpose().apply(&[1.0, 10.0, 100.0], &[3], &[1.0, 2.0, 3.0]);
        assert_eq!(y, vec![1.0, 10.0, 102.0, 20.0, 203.0, 30.0, 300.0]);
    }
}
