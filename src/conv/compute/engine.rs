//! Numeric convolution and transposed convolution over the canonical geometry.
//!
//! ```text
//! conv_transpose (the literal scatter):
//!   out[b, g*Cog + co, t] += x[b, g*Cig + ci, i] * w[g*Cig + ci, co, k]   where t = axis.scatter(i, k)
//! conv (the dual gather):
//!   out[b, g*Cog + co, o] += x[b, g*Cig + ci, axis.gather(o, k)] * w[g*Cog + co, ci, k]
//! Cig = C_in / groups, Cog = C_out / groups; bias[c] is added to every output cell of channel c
//! ```
//! Tensors here are canonical (see tensor.rs); `values.rs` moves framework tensors in and out.
//! Lower ranks run as 3-D with unit axes in front, so one loop nest serves ranks 1–3.

use crate::conv::geometry::axis::{Axis, AxisSpec, Op};
use crate::conv::geometry::padding::PaddingMode;

/// Everything the engine needs besides the data.
#[derive(Debug, Clone, PartialEq)]
pub struct Geometry {
    pub op: Op,
    pub batch: usize,
    pub channels_in: usize,
    pub channels_out: usize,
    pub groups: usize,
    /// Spatial axes, 1 to 3.
    pub axes: Vec<Axis>,
    pub padding_mode: PaddingMode,
}

/// A unit axis that maps index 0 to index 0 (pads lower ranks up to 3).
fn unit_axis(op: Op) -> Axis {
    AxisSpec { size_in: 1, kernel_size: 1, stride: 1, dilation: 1, pad_before: 0, pad_after: 0, output_padding: 0 }
        .resolve(op)
        .expect("the unit axis is valid")
}

impl Geometry {
    fn axes3(&self) -> [Axis; 3] {
        let mut axes = [unit_axis(self.op); 3];
        let offset = 3 - self.axes.len().min(3);
        for (slot, axis) in axes[offset..].iter_mut().zip(&self.axes) {
            *slot = *axis;
        }
        axes
    }

    /// Number of multiply–accumulates the loop performs (the taps that land included), saturating:
    /// three axes of 2^49 cells and 2^48 taps each overflow even `u128`.
    pub fn work(&self) -> u128 {
        let per_group = (self.channels_in / self.groups.max(1)) as u128 * self.channels_out as u128;
        self.axes.iter().fold(self.batch as u128 * per_group, |product, a| {
            let cells = if self.op == Op::ConvTranspose { a.size_in } else { a.size_out };
            product.saturating_mul(cells as u128).saturating_mul(a.kernel_size as u128)
        })
    }

    /// Input cells, exactly (a product of user-given sizes: never wraps).
    pub fn input_cells(&self) -> u128 {
        cells(&[self.batch as u128, self.channels_in as u128], self.axes.iter().map(|a| a.size_in))
    }

    /// Output cells, exactly.
    pub fn output_cells(&self) -> u128 {
        cells(&[self.batch as u128, self.channels_out as u128], self.axes.iter().map(|a| a.size_out))
    }

    /// Weight cells, exactly.
    pub fn weight_cells(&self) -> u128 {
        let per_group = match self.op {
            Op::ConvTranspose => (self.channels_out / self.groups.max(1)) as u128 * self.channels_in as u128,
            Op::Conv => (self.channels_in / self.groups.max(1)) as u128 * self.channels_out as u128,
        };
        cells(&[per_group], self.axes.iter().map(|a| a.kernel_size))
    }

    /// Input cells as a length; only for geometries whose sizes `values::compute` admitted
    /// (saturates rather than wraps otherwise).
    pub fn input_len(&self) -> usize {
        usize::try_from(self.input_cells()).unwrap_or(usize::MAX)
    }

    /// Output cells as a length (see [`Geometry::input_len`]).
    pub fn output_len(&self) -> usize {
        usize::try_from(self.output_cells()).unwrap_or(usize::MAX)
    }

    /// Weight cells as a length (see [`Geometry::input_len`]).
    pub fn weight_len(&self) -> usize {
        usize::try_from(self.weight_cells()).unwrap_or(usize::MAX)
    }
}

/// A product of sizes in `u128`, saturating: `u128` holds any product of three 2^48 sizes and
/// two more factors, and saturation keeps the rest comparable with every limit.
fn cells(factors: &[u128], sizes: impl Iterator<Item = i64>) -> u128 {
    factors
        .iter()
        .copied()
        .chain(sizes.map(|s| s.max(0) as u128))
        .fold(1u128, |product, factor| product.saturating_mul(factor))
}

/// Per axis, for each (cell, tap): the partner cell or `None` (scatter target / gather source).
fn tap_tables(geometry: &Geometry, axes: &[Axis; 3]) -> [Vec<Option<usize>>; 3] {
    axes.map(|axis| {
        let k = axis.kernel_size as usize;
        match geometry.op {
            Op::ConvTranspose => (0..axis.size_in)
                .flat_map(|i| (0..k as i64).map(move |t| axis.scatter(i, t).map(|o| o as usize)))
                .collect(),
            Op::Conv => (0..axis.size_out)
                .flat_map(|o| {
                    (0..k as i64).map(move |t| {
                        let p = o as i128 * axis.stride as i128 + t as i128 * axis.dilation as i128
                            - axis.pad_before as i128;
                        geometry.padding_mode.source(p as i64, axis.size_in).map(|i| i as usize)
                    })
                })
                .collect(),
        }
    })
}

/// The reference engine: canonical input and weight in, canonical output out (bias added).
pub fn run(geometry: &Geometry, input: &[f32], weight: &[f32], bias: Option<&[f32]>) -> Vec<f32> {
    let axes = geometry.axes3();
    let tables = tap_tables(geometry, &axes);
    let [n0, n1, n2] = axes.map(|a| a.size_in as usize);
    let [o0, o1, o2] = axes.map(|a| a.size_out as usize);
    let [k0, k1, k2] = axes.map(|a| a.kernel_size as usize);
    let groups = geometry.groups.max(1);
    let (cig, cog) = (geometry.channels_in / groups, geometry.channels_out / groups);
    let in_plane = n0 * n1 * n2;
    let out_plane = o0 * o1 * o2;
    let taps = k0 * k1 * k2;
    let mut out = vec![0.0f32; geometry.output_len()];
    for b in 0..geometry.batch {
        for g in 0..groups {
            for ci in 0..cig {
                let c_in = g * cig + ci;
                let x = &input[(b * geometry.channels_in + c_in) * in_plane..][..in_plane];
                for co in 0..cog {
                    let c_out = g * cog + co;
                    let w = match geometry.op {
                        Op::ConvTranspose => &weight[(c_in * cog + co) * taps..][..taps],
                        Op::Conv => &weight[(c_out * cig + ci) * taps..][..taps],
                    };
                    let y = &mut out[(b * geometry.channels_out + c_out) * out_plane..][..out_plane];
                    match geometry.op {
                        Op::ConvTranspose => scatter_plane(x, w, y, &tables, [n0, n1, n2], [k0, k1, k2], [o1, o2]),
                        Op::Conv => gather_plane(x, w, y, &tables, [o0, o1, o2], [k0, k1, k2], [n1, n2]),
                    }
                }
            }
        }
    }
    if let Some(bias) = bias {
        for (plane, chunk) in out.chunks_mut(out_plane.max(1)).enumerate() {
            let value = bias[plane % geometry.channels_out.max(1)];
            chunk.iter_mut().for_each(|v| *v += value);
        }
    }
    out
}

#[allow(clippy::too_many_arguments)]
fn scatter_plane(
    x: &[f32],
    w: &[f32],
    y: &mut [f32],
    t: &[Vec<Option<usize>>; 3],
    n: [usize; 3],
    k: [usize; 3],
    o: [usize; 2],
) {
    for i0 in 0..n[0] {
        for i1 in 0..n[1] {
            for i2 in 0..n[2] {
                let value = x[(i0 * n[1] + i1) * n[2] + i2];
                for a in 0..k[0] {
                    let Some(t0) = t[0][i0 * k[0] + a] else { continue };
                    for b in 0..k[1] {
                        let Some(t1) = t[1][i1 * k[1] + b] else { continue };
                        for c in 0..k[2] {
                            let Some(t2) = t[2][i2 * k[2] + c] else { continue };
                            y[(t0 * o[0] + t1) * o[1] + t2] += value * w[(a * k[1] + b) * k[2] + c];
                        }
                    }
                }
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn gather_plane(
    x: &[f32],
    w: &[f32],
    y: &mut [f32],
    t: &[Vec<Option<usize>>; 3],
    o: [usize; 3],
    k: [usize; 3],
    n: [usize; 2],
) {
    for p0 in 0..o[0] {
        for p1 in 0..o[1] {
            for p2 in 0..o[2] {
                let mut sum = 0.0f32;
                for a in 0..k[0] {
                    let Some(i0) = t[0][p0 * k[0] + a] else { continue };
                    for b in 0..k[1] {
                        let Some(i1) = t[1][p1 * k[1] + b] else { continue };
                        for c in 0..k[2] {
                            let Some(i2) = t[2][p2 * k[2] + c] else { continue };
                            sum += x[(i0 * n[0] + i1) * n[1] + i2] * w[(a * k[1] + b) * k[2] + c];
                        }
                    }
                }
                y[(p0 * o[1] + p1) * o[2] + p2] += sum;
            }
        }
    }
}

/// The most scratch cells (`f32`) the fast path's column buffer holds at once (16 MiB): the
/// buffer covers a block of positions, so a long 1-D signal or a large image never needs a
/// column buffer of its whole size (a 10^6-cell signal with a 999-tap kernel once took 20 GB).
const SCRATCH_CELLS: usize = 1 << 22;

/// How many positions one block of the column buffer covers when each position needs `rows`
/// cells: as many as fit in [`SCRATCH_CELLS`], at most 4096 (to stay in cache), at least one.
fn block_width(rows: usize, positions: usize) -> usize {
    (SCRATCH_CELLS / rows.max(1)).clamp(1, 4096).min(positions.max(1))
}

/// The fast path for images (no trace): one matrix product per group and block plus a scatter of
/// columns (transposed) or a gather into columns plus one product per group and block (forward).
///
/// ```text
/// conv_transpose: cols[co*taps + k, i] = sum_ci w[ci, co, k] * x[ci, i]   (cols = Wᵀ X)
///                 out[co, scatter(i, k)] += cols[co*taps + k, i]           (col2im)
/// conv:           cols[ci*taps + k, o] = x[ci, gather(o, k)]                (im2col)
///                 out[co, o] = sum w[co, ci*taps + k] * cols[ci*taps + k, o] (out = W cols)
/// ```
/// `i` and `o` run over blocks of flat positions, so the scratch stays within [`SCRATCH_CELLS`]
/// (or one position's column, when that alone is larger).
pub fn run_fast(geometry: &Geometry, input: &[f32], weight: &[f32], bias: Option<&[f32]>) -> Vec<f32> {
    let axes = geometry.axes3();
    let n = axes.map(|a| a.size_in as usize);
    let o = axes.map(|a| a.size_out as usize);
    let k = axes.map(|a| a.kernel_size as usize);
    let groups = geometry.groups.max(1);
    let (cig, cog) = (geometry.channels_in / groups, geometry.channels_out / groups);
    // Saturating: with no channels on a side the checks in values.rs admit any plane (it holds no
    // values), and such a plane is never used (`idle` below).
    let plane = |sizes: [usize; 3]| sizes.iter().fold(1usize, |p, &v| p.saturating_mul(v));
    let (in_plane, out_plane, taps) = (plane(n), plane(o), plane(k));
    let mut out = vec![0.0f32; geometry.output_len()];
    // No multiply-add to do (no batch, no channels on either side, an empty kernel, input or
    // output): the output is its bias alone. Skipping the loops also keeps a batch of 2^48 with
    // an empty output from spinning, and an unbounded kernel with no channels from sizing scratch.
    let idle = geometry.batch == 0 || cig == 0 || cog == 0 || taps == 0 || in_plane == 0 || out_plane == 0;
    match geometry.op {
        _ if idle => {}
        Op::ConvTranspose => {
            let width = block_width(cog * taps, in_plane);
            let mut cols = vec![0.0f32; cog * taps * width];
            for b in 0..geometry.batch {
                for g in 0..groups {
                    let x = &input[(b * geometry.channels_in + g * cig) * in_plane..][..cig * in_plane];
                    // W for this group is [cig, cog*taps] row-major; cols = Wᵀ (cog*taps × cig) · X (cig × block).
                    let w = &weight[g * cig * cog * taps..][..cig * cog * taps];
                    let y = &mut out[(b * geometry.channels_out + g * cog) * out_plane..][..cog * out_plane];
                    for q0 in (0..in_plane).step_by(width) {
                        let q1 = (q0 + width).min(in_plane);
                        let block = &mut cols[..cog * taps * (q1 - q0)];
                        gemm(cog * taps, cig, q1 - q0, w, (1, cog * taps), &x[q0..], (in_plane, 1), block, q1 - q0);
                        col2im(block, y, &axes, q0..q1, n, k, o, cog);
                    }
                }
            }
        }
        Op::Conv => {
            let width = block_width(cig * taps, out_plane);
            let mut cols = vec![0.0f32; cig * taps * width];
            for b in 0..geometry.batch {
                for g in 0..groups {
                    let x = &input[(b * geometry.channels_in + g * cig) * in_plane..][..cig * in_plane];
                    // W for this group is [cog, cig*taps]; out (cog × block) = W · cols.
                    let w = &weight[g * cog * cig * taps..][..cog * cig * taps];
                    let y = &mut out[(b * geometry.channels_out + g * cog) * out_plane..][..cog * out_plane];
                    for p0 in (0..out_plane).step_by(width) {
                        let p1 = (p0 + width).min(out_plane);
                        let block = &mut cols[..cig * taps * (p1 - p0)];
                        im2col(x, block, &axes, geometry.padding_mode, p0..p1, n, k, o, cig);
                        gemm(
                            cog,
                            cig * taps,
                            p1 - p0,
                            w,
                            (cig * taps, 1),
                            block,
                            (p1 - p0, 1),
                            &mut y[p0..],
                            out_plane,
                        );
                    }
                }
            }
        }
    }
    if let Some(bias) = bias {
        for (plane, chunk) in out.chunks_mut(out_plane.max(1)).enumerate() {
            let value = bias[plane % geometry.channels_out.max(1)];
            chunk.iter_mut().for_each(|v| *v += value);
        }
    }
    out
}

/// `c (m × n, rows `c_row` apart) = a (m × k, strides) · b (k × n, strides)`.
#[allow(clippy::too_many_arguments)]
fn gemm(
    m: usize,
    k: usize,
    n: usize,
    a: &[f32],
    a_strides: (usize, usize),
    b: &[f32],
    b_strides: (usize, usize),
    c: &mut [f32],
    c_row: usize,
) {
    if m == 0 || n == 0 {
        return;
    }
    assert!(c_row >= n && c.len() >= (m - 1) * c_row + n, "gemm output buffer too small");
    if k == 0 {
        (0..m).for_each(|row| c[row * c_row..][..n].iter_mut().for_each(|v| *v = 0.0));
        return;
    }
    assert!((m - 1) * a_strides.0 + (k - 1) * a_strides.1 < a.len(), "gemm a out of bounds");
    assert!((k - 1) * b_strides.0 + (n - 1) * b_strides.1 < b.len(), "gemm b out of bounds");
    // SAFETY: the asserts above keep every index matrixmultiply computes inside the three slices.
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            a_strides.0 as isize,
            a_strides.1 as isize,
            b.as_ptr(),
            b_strides.0 as isize,
            b_strides.1 as isize,
            0.0,
            c.as_mut_ptr(),
            c_row as isize,
            1,
        );
    }
}

/// Input cells `lo..hi` whose tap `k` lands inside the output: `t = i*stride + k*dilation - pad_before`.
/// Worked in `i128`: a dilation near 2^48 times a tap index would overflow `i64`.
fn landing_range(axis: &Axis, k: usize) -> (usize, usize, i128) {
    let offset = k as i128 * axis.dilation as i128 - axis.pad_before as i128;
    let s = axis.stride as i128;
    let first_at_or_above =
        |bound: i128| (bound - offset).div_euclid(s) + i128::from((bound - offset).rem_euclid(s) != 0);
    let (lo, hi) = (first_at_or_above(0), first_at_or_above(axis.size_out as i128));
    let clamp = |v: i128| v.clamp(0, axis.size_in as i128) as usize;
    (clamp(lo), clamp(hi), offset)
}

/// Add a block of columns (flat input positions `positions` of every tap) into the output planes.
#[allow(clippy::too_many_arguments)]
fn col2im(
    cols: &[f32],
    y: &mut [f32],
    axes: &[Axis; 3],
    positions: std::ops::Range<usize>,
    n: [usize; 3],
    k: [usize; 3],
    o: [usize; 3],
    cog: usize,
) {
    let width = positions.len();
    let out_plane = o[0] * o[1] * o[2];
    let taps = k[0] * k[1] * k[2];
    let stride2 = axes[2].stride as usize;
    // The rows (i0, i1) the block touches, and in each the columns i2 it holds.
    let first_row = positions.start / n[2].max(1);
    let last_row = (positions.end + n[2] - 1) / n[2].max(1);
    for co in 0..cog {
        let plane = &mut y[co * out_plane..][..out_plane];
        for a in 0..k[0] {
            let (lo0, hi0, off0) = landing_range(&axes[0], a);
            for b in 0..k[1] {
                let (lo1, hi1, off1) = landing_range(&axes[1], b);
                for c in 0..k[2] {
                    let (lo2, hi2, off2) = landing_range(&axes[2], c);
                    if lo2 >= hi2 {
                        continue;
                    }
                    let col = &cols[(co * taps + (a * k[1] + b) * k[2] + c) * width..][..width];
                    for r in first_row..last_row {
                        let (i0, i1) = (r / n[1], r % n[1]);
                        if !(lo0..hi0).contains(&i0) || !(lo1..hi1).contains(&i1) {
                            continue;
                        }
                        let row_start = r * n[2];
                        let from = lo2.max(positions.start.saturating_sub(row_start));
                        let to = hi2.min(positions.end - row_start);
                        if from >= to {
                            continue;
                        }
                        let t0 = (i0 as i128 * axes[0].stride as i128 + off0) as usize;
                        let t1 = (i1 as i128 * axes[1].stride as i128 + off1) as usize;
                        let src = &col[row_start + from - positions.start..][..to - from];
                        let start = (from as i128 * axes[2].stride as i128 + off2) as usize;
                        let dst = &mut plane[(t0 * o[1] + t1) * o[2]..][start..];
                        for (j, value) in src.iter().enumerate() {
                            dst[j * stride2] += value;
                        }
                    }
                }
            }
        }
    }
}

/// The input cell a forward convolution reads for output `p` and tap `t` on one axis, or `None`
/// for a zero (the padding mode decides what a padding cell holds).
fn source(axis: &Axis, mode: PaddingMode, p: usize, t: usize) -> Option<usize> {
    let at = p as i128 * axis.stride as i128 + t as i128 * axis.dilation as i128 - axis.pad_before as i128;
    let at = i64::try_from(at).ok()?;
    mode.source(at, axis.size_in).map(|i| i as usize)
}

/// Output cells `lo..hi` whose tap `k` reads inside the input: `i = o*stride + k*dilation - pad_before`
/// in `0..size_in` (the forward twin of [`landing_range`]), and the offset `k*dilation - pad_before`.
fn reading_range(axis: &Axis, k: usize) -> (std::ops::Range<usize>, i128) {
    let offset = k as i128 * axis.dilation as i128 - axis.pad_before as i128;
    let s = axis.stride as i128;
    let first_at_or_above =
        |bound: i128| (bound - offset).div_euclid(s) + i128::from((bound - offset).rem_euclid(s) != 0);
    let clamp = |v: i128| v.clamp(0, axis.size_out as i128) as usize;
    (clamp(first_at_or_above(0))..clamp(first_at_or_above(axis.size_in as i128)), offset)
}

/// Fill the columns of a block of flat output positions `positions` (every input channel and tap).
#[allow(clippy::too_many_arguments)]
fn im2col(
    x: &[f32],
    cols: &mut [f32],
    axes: &[Axis; 3],
    mode: PaddingMode,
    positions: std::ops::Range<usize>,
    n: [usize; 3],
    k: [usize; 3],
    o: [usize; 3],
    cig: usize,
) {
    let in_plane = n[0] * n[1] * n[2];
    let taps = k[0] * k[1] * k[2];
    let width = positions.len();
    let first_row = positions.start / o[2].max(1);
    let last_row = (positions.end + o[2] - 1) / o[2].max(1);
    let reads: Vec<(std::ops::Range<usize>, i128)> = (0..k[2]).map(|c| reading_range(&axes[2], c)).collect();
    let stride2 = axes[2].stride as i128;
    for ci in 0..cig {
        let plane = &x[ci * in_plane..][..in_plane];
        for a in 0..k[0] {
            for b in 0..k[1] {
                for c in 0..k[2] {
                    let row = &mut cols[(ci * taps + (a * k[1] + b) * k[2] + c) * width..][..width];
                    for r in first_row..last_row {
                        let (p0, p1) = (r / o[1], r % o[1]);
                        let row_start = r * o[2];
                        let from = positions.start.saturating_sub(row_start);
                        let to = o[2].min(positions.end - row_start);
                        let dst = &mut row[row_start + from - positions.start..][..to - from];
                        match (source(&axes[0], mode, p0, a), source(&axes[1], mode, p1, b)) {
                            (Some(i0), Some(i1)) => {
                                let src = &plane[(i0 * n[1] + i1) * n[2]..][..n[2]];
                                // Inside `inside`, tap c reads src[p2*stride + offset] directly;
                                // only the cells outside it ask the padding mode.
                                let (inside, offset) = (reads[c].0.clone(), reads[c].1);
                                for (slot, p2) in dst.iter_mut().zip(from..to) {
                                    *slot = if inside.contains(&p2) {
                                        src[(p2 as i128 * stride2 + offset) as usize]
                                    } else {
                                        source(&axes[2], mode, p2, c).map_or(0.0, |i2| src[i2])
                                    };
                                }
                            }
                            _ => dst.iter_mut().for_each(|v| *v = 0.0),
                        }
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geometry(op: Op, spec: AxisSpec) -> Geometry {
        Geometry {
            op,
            batch: 1,
            channels_in: 1,
            channels_out: 1,
            groups: 1,
            axes: vec![spec.resolve(op).unwrap()],
            padding_mode: PaddingMode::Zeros,
        }
    }

    #[test]
    fn the_worked_reference_scatter() {
        // x = [1,2,3], w = [1,10,100], s = 2: F = [1,10,102,20,203,30,300].
        let spec = AxisSpec {
            size_in: 3,
            kernel_size: 3,
            stride: 2,
            dilation: 1,
            pad_before: 0,
            pad_after: 0,
            output_padding: 1,
        };
        let out = run(&geometry(Op::ConvTranspose, spec), &[1.0, 2.0, 3.0], &[1.0, 10.0, 100.0], None);
        assert_eq!(out, vec![1.0, 10.0, 102.0, 20.0, 203.0, 30.0, 300.0, 0.0]);
        let cropped = AxisSpec { pad_before: 1, pad_after: 1, ..spec };
        let out = run(&geometry(Op::ConvTranspose, cropped), &[1.0, 2.0, 3.0], &[1.0, 10.0, 100.0], Some(&[0.5]));
        assert_eq!(out, vec![10.5, 102.5, 20.5, 203.5, 30.5, 300.5]);
    }

    #[test]
    fn same_padding_forward_reference() {
        // PyTorch padding='same' on arange(1,7) with [1,10,100,1000]: left 1, right 2.
        let spec = AxisSpec {
            size_in: 6,
            kernel_size: 4,
            stride: 1,
            dilation: 1,
            pad_before: 1,
            pad_after: 2,
            output_padding: 0,
        };
        let x: Vec<f32> = (1..=6).map(|v| v as f32).collect();
        let out = run(&geometry(Op::Conv, spec), &x, &[1.0, 10.0, 100.0, 1000.0], None);
        assert_eq!(out, vec![3210.0, 4321.0, 5432.0, 6543.0, 654.0, 65.0]);
    }

    /// Blocks of the column buffer start mid-row and mid-plane once a plane has more than 4096
    /// positions; the fast path must still agree with the reference loop cell for cell.
    #[test]
    fn blocked_fast_path_matches_the_reference() {
        let spec = |size_in, kernel_size, stride, dilation, pad_before, pad_after| AxisSpec {
            size_in,
            kernel_size,
            stride,
            dilation,
            pad_before,
            pad_after,
            output_padding: 0,
        };
        let cases = [
            (Op::ConvTranspose, vec![spec(9001, 5, 3, 2, 4, 1)], PaddingMode::Zeros),
            (Op::Conv, vec![spec(9001, 5, 2, 3, 6, 2)], PaddingMode::Reflect),
            (Op::ConvTranspose, vec![spec(67, 3, 2, 1, 1, 0), spec(71, 4, 3, 1, 2, 1)], PaddingMode::Zeros),
            (Op::Conv, vec![spec(67, 3, 1, 2, 3, 1), spec(71, 4, 1, 1, 2, 1)], PaddingMode::Circular),
            (
                Op::Conv,
                vec![spec(5, 2, 1, 1, 0, 1), spec(19, 3, 1, 1, 1, 1), spec(53, 3, 1, 1, 1, 1)],
                PaddingMode::Replicate,
            ),
        ];
        for (op, specs, padding_mode) in cases {
            let geometry = Geometry {
                op,
                batch: 2,
                channels_in: 2,
                channels_out: 2,
                groups: 1,
                axes: specs.iter().map(|s| s.resolve(op).unwrap()).collect(),
                padding_mode,
            };
            let data = |len: usize, seed: usize| -> Vec<f32> {
                (0..len).map(|i| ((i * 7 + seed) % 11) as f32 - 5.0).collect()
            };
            let (x, w) = (data(geometry.input_len(), 1), data(geometry.weight_len(), 3));
            let bias = [0.5, -1.5];
            assert_eq!(
                run_fast(&geometry, &x, &w, Some(&bias)),
                run(&geometry, &x, &w, Some(&bias)),
                "{op:?} {specs:?}"
            );
        }
    }

    #[test]
    fn padding_modes_read_the_right_cells() {
        assert_eq!(PaddingMode::Reflect.source(-2, 4), Some(2));
        assert_eq!(PaddingMode::Reflect.source(5, 4), Some(1));
        assert_eq!(PaddingMode::Replicate.source(-3, 4), Some(0));
        assert_eq!(PaddingMode::Circular.source(-1, 4), Some(3));
        assert_eq!(PaddingMode::Zeros.source(4, 4), None);
    }
}
