//! The matrix view: the forward convolution this layer transposes as a matrix C (rows = the
//! transposed layer's input cells, columns = its output cells), and the layer itself as y = Cᵀ x.
//! Step n is the scatter view's step n: input cell n−1 is row n−1 of C and column n−1 of Cᵀ,
//! and y holds the same running sums as the scatter view's output window.

use super::{
    caption, cell_count, cell_name, drawable, grid, label_width, number, position, rc, Anchor, Cell, Label, Place,
    Scene, Tone,
};
use super::{MARGIN, TITLE};
use crate::conv::compute::views::conv_matrix;
use crate::conv::geometry::axis::{Axis, Op};
use crate::conv::geometry::numbers::count_text;

/// Side of one matrix cell, in scene units (smaller than the grids': matrices are wide).
const ENTRY: f64 = 24.0;
/// The most input or output cells a drawn matrix may have.
pub const MAX_MATRIX_SIDE: usize = 144;

/// A matrix entry's place: which matrix, row and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Entry {
    pub transposed: bool,
    pub row: usize,
    pub col: usize,
}

/// (input cells, output cells): the rows and columns of C (saturating past `u64::MAX`).
fn sides(axes: &[Axis]) -> (u64, u64) {
    (cell_count(axes.iter().map(|a| a.size_in)), cell_count(axes.iter().map(|a| a.size_out)))
}

/// A grid's cell count for the summary's words, exact at any size.
fn exact_count(sides: impl Iterator<Item = i64>) -> String {
    count_text(sides.map(|side| side.max(0) as u128).product())
}

/// Whether C is drawn entry by entry: few enough rows and columns, and few enough kernel taps to
/// spread over them (padding may crop a long kernel to a small output). Decided without words, so
/// counting steps (which the first view does) does not link the summary's formatting.
fn fits(axes: &[Axis]) -> bool {
    let (n_in, n_out) = sides(axes);
    n_in.max(n_out) <= MAX_MATRIX_SIDE as u64 && drawable(axes.iter().map(|a| a.kernel_size))
}

/// Why C is not drawn entry by entry, if it is not.
fn too_large(axes: &[Axis]) -> Option<String> {
    if fits(axes) {
        return None;
    }
    let (n_in, n_out) = sides(axes);
    Some(if n_in.max(n_out) > MAX_MATRIX_SIDE as u64 {
        format!(
            "C would be {} × {}: too large to draw entry by entry (the matrix view draws up to {MAX_MATRIX_SIDE} × {MAX_MATRIX_SIDE}).",
            exact_count(axes.iter().map(|a| a.size_in)),
            exact_count(axes.iter().map(|a| a.size_out))
        )
    } else {
        format!(
            "The kernel has {} taps: too many to place in C one by one.",
            exact_count(axes.iter().map(|a| a.kernel_size))
        )
    })
}

/// Steps of the matrix view: one per input cell (as in the scatter view); none when C is too large
/// to draw.
pub fn matrix_steps(axes: &[Axis]) -> usize {
    if fits(axes) {
        sides(axes).0 as usize
    } else {
        0
    }
}

/// The matrix view at `step` (a step per input cell, as in the scatter view).
pub fn matrix_scene(axes: &[Axis], input: &[i64], kernel: &[i64], step: usize, numbers: bool) -> Scene {
    if let Some(summary) = too_large(axes) {
        return Scene { summary: Some(summary), width: 800.0, height: 120.0, ..Scene::default() };
    }
    let (n_in, n_out) = sides(axes);
    let (n_in, n_out) = (n_in as usize, n_out as usize);
    let c = conv_matrix(axes, Op::ConvTranspose);
    let kernel_shape: Vec<usize> = axes.iter().map(|a| a.kernel_size as usize).collect();
    let (_, ic) = grid(&axes.iter().map(|a| a.size_in).collect::<Vec<_>>());
    let (_, oc) = grid(&axes.iter().map(|a| a.size_out).collect::<Vec<_>>());
    let step = step.min(n_in);
    let active = step.checked_sub(1);
    let tap_value = |tap: &[usize]| {
        let flat = tap.iter().zip(&kernel_shape).fold(0usize, |n, (t, s)| n * s + t);
        kernel[flat]
    };
    // Dense views of C: entry value per (row, col), None where zero.
    let mut dense = vec![None; n_in * n_out];
    for e in &c.entries {
        dense[e.row * n_out + e.col] = Some(tap_value(&e.tap));
    }
    // y after `step` input cells: the scatter view's running sums inside the output window.
    let mut y = vec![0i64; n_out];
    for e in c.entries.iter().filter(|e| e.row < step) {
        y[e.col] += tap_value(&e.tap) * input[e.row];
    }

    let top = (MARGIN, MARGIN + TITLE);
    let c_height = n_in as f64 * ENTRY;
    let lower_y = top.1 + c_height + TITLE + 36.0;
    let x_vector = top.0 + n_in as f64 * ENTRY + 24.0;
    let y_vector = x_vector + ENTRY + 48.0;
    let c_title = format!("C ({n_in} × {n_out}): the forward convolution; row n = input cell n");
    let ct_title = format!("y = Cᵀ x  (Cᵀ is {n_out} × {n_in}; column n = input cell n's stamp)");
    // Wide enough for C, the vectors and both titles (small layers have titles wider than C).
    let widest_title = label_width(&c_title).max(label_width(&ct_title));
    let mut scene = Scene {
        width: (top.0 + n_out as f64 * ENTRY).max(y_vector + ENTRY + 160.0).max(top.0 + widest_title) + MARGIN,
        // Cᵀ and y are n_out tall, x is n_in: tall enough for the longer.
        height: lower_y + n_in.max(n_out) as f64 * ENTRY + MARGIN,
        ..Scene::default()
    };
    scene.labels.push(Label { x: top.0, y: MARGIN + 18.0, text: c_title, anchor: Anchor::Start });
    scene.labels.push(Label { x: top.0, y: lower_y - 36.0, text: ct_title, anchor: Anchor::Start });
    let tone = |value: Option<i64>, lit: bool| match (value.is_some(), lit) {
        (true, true) => Tone::InputActive,
        (true, false) => Tone::Kernel,
        (false, true) => Tone::InputDone,
        (false, false) => Tone::Zero,
    };
    // C row by row, then Cᵀ row by row (the painter merges runs of neighbouring cells).
    for row in 0..n_in {
        for col in 0..n_out {
            let value = dense[row * n_out + col];
            scene.cells.push(Cell {
                x: top.0 + col as f64 * ENTRY,
                y: top.1 + row as f64 * ENTRY,
                size: ENTRY,
                tone: tone(value, Some(row) == active),
                place: Place::Entry(Entry { transposed: false, row, col }),
                number: value.filter(|_| numbers),
                ring: false,
            });
        }
    }
    for col in 0..n_out {
        for row in 0..n_in {
            let value = dense[row * n_out + col];
            scene.cells.push(Cell {
                x: top.0 + row as f64 * ENTRY,
                y: lower_y + col as f64 * ENTRY,
                size: ENTRY,
                tone: tone(value, Some(row) == active),
                place: Place::Entry(Entry { transposed: true, row: col, col: row }),
                number: value.filter(|_| numbers),
                ring: false,
            });
        }
    }
    for (index, value) in input.iter().enumerate().take(n_in) {
        let (r, c) = rc(index, ic);
        let lit = Some(index) == active;
        scene.cells.push(Cell {
            x: x_vector,
            y: lower_y + index as f64 * ENTRY,
            size: ENTRY,
            tone: if lit { Tone::InputActive } else { Tone::Input },
            place: Place::Input(r, c),
            number: numbers.then_some(*value),
            ring: lit,
        });
    }
    for (x, text) in [(x_vector, "x"), (y_vector, "y")] {
        scene.labels.push(Label { x: x + ENTRY / 2.0, y: lower_y - 12.0, text: text.into(), anchor: Anchor::Middle });
    }
    scene.labels.push(Label {
        x: y_vector - 24.0,
        y: lower_y + n_in.min(n_out) as f64 * ENTRY / 2.0,
        text: "=".into(),
        anchor: Anchor::Middle,
    });
    let stamped: Vec<bool> = (0..n_out).map(|col| active.is_some_and(|a| dense[a * n_out + col].is_some())).collect();
    for (index, sum) in y.iter().enumerate() {
        let (r, c) = rc(index, oc);
        let reached = c_reaches(&dense, n_out, index, step);
        scene.cells.push(Cell {
            x: y_vector,
            y: lower_y + index as f64 * ENTRY,
            size: ENTRY,
            tone: Tone::Output,
            place: Place::Output(r, c),
            number: (numbers && reached).then_some(*sum),
            ring: stamped[index],
        });
    }
    scene.caption = match active {
        None => caption::matrix_start(n_in),
        Some(row) => {
            let words = column_caption(axes, input, &dense, &y, (row, step));
            if step == n_in {
                format!("{words} {}", caption::overlap_result(axes))
            } else {
                words
            }
        }
    };
    scene
}

/// The words for step `step`, which multiplies input `row` by its column of Cᵀ: the taps in
/// it, and the y entry it reaches that has the most contributions so far (the first of them).
fn column_caption(
    axes: &[Axis],
    input: &[i64],
    dense: &[Option<i64>],
    y: &[i64],
    (row, step): (usize, usize),
) -> String {
    let n_out = y.len();
    let (_, ic) = grid(&axes.iter().map(|a| a.size_in).collect::<Vec<_>>());
    let (_, oc) = grid(&axes.iter().map(|a| a.size_out).collect::<Vec<_>>());
    let two_d = axes.len() == 2;
    let so_far = |col: usize| (0..step).filter(|r| dense[r * n_out + col].is_some()).count();
    let columns: Vec<usize> = (0..n_out).filter(|&col| dense[row * n_out + col].is_some()).collect();
    let mut best: Option<usize> = None;
    for &col in &columns {
        if best.is_none_or(|b| so_far(col) > so_far(b)) {
            best = Some(col);
        }
    }
    let cell = position(two_d, rc(row, ic));
    let Some(col) = best else { return caption::matrix_step(&cell, input[row], row, 0, None) };
    let addends: Vec<i64> = (0..step).filter_map(|r| dense[r * n_out + col].map(|w| w * input[r])).collect();
    let out = position(two_d, rc(col, oc));
    let holds = caption::Holds { cell: &out, sum: y[col], addends: &addends, noun: "input cells" };
    caption::matrix_step(&cell, input[row], row, columns.len(), Some(holds))
}

/// Has any of the first `step` input cells reached output `col`?
fn c_reaches(dense: &[Option<i64>], n_out: usize, col: usize, step: usize) -> bool {
    (0..step).any(|row| dense[row * n_out + col].is_some())
}

/// What an entry of C or Cᵀ means.
pub(super) fn explain_entry(axes: &[Axis], kernel: &[i64], entry: Entry) -> String {
    let (_, ic) = grid(&axes.iter().map(|a| a.size_in).collect::<Vec<_>>());
    let (_, oc) = grid(&axes.iter().map(|a| a.size_out).collect::<Vec<_>>());
    let two_d = axes.len() == 2;
    let name = |cell: (i64, i64)| cell_name(&position(two_d, cell));
    let (input, output) = if entry.transposed { (entry.col, entry.row) } else { (entry.row, entry.col) };
    let matrix = if entry.transposed { "Cᵀ" } else { "C" };
    let c = conv_matrix(axes, Op::ConvTranspose);
    let kernel_shape: Vec<usize> = axes.iter().map(|a| a.kernel_size as usize).collect();
    let (input_name, output_name) = (name(rc(input, ic)), name(rc(output, oc)));
    match c.entries.iter().find(|e| e.row == input && e.col == output) {
        Some(e) => {
            let flat = e.tap.iter().zip(&kernel_shape).fold(0usize, |n, (t, s)| n * s + t);
            let tap: Vec<String> = e.tap.iter().map(|t| t.to_string()).collect();
            format!(
                "{matrix}[{}, {}] = kernel tap ({}) = {}: input {input_name} sends × {} to output {output_name}",
                entry.row,
                entry.col,
                tap.join(", "),
                number(kernel[flat]),
                number(kernel[flat])
            )
        }
        None => format!(
            "{matrix}[{}, {}] = 0: no kernel tap joins input {input_name} and output {output_name}",
            entry.row, entry.col
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::geometry::axis::AxisSpec;
    use crate::scene::tests::default_axes;

    #[test]
    fn step_lights_row_and_column_and_y_matches_scatter_sums() {
        let axes = default_axes();
        let x: Vec<i64> = (1..=9).map(|v| v as i64).collect();
        let first = matrix_scene(&axes, &x, &[1; 9], 1, true);
        let entries = |transposed: bool| {
            first.cells.iter().filter(move |c| matches!(c.place, Place::Entry(e) if e.transposed == transposed))
        };
        assert_eq!(entries(false).count(), 9 * 36);
        // Input (0, 0) (row 0) keeps 4 of its 9 taps: padding=1 crops the canvas's first row and column.
        let lit: Vec<&Cell> = entries(false).filter(|c| c.tone == Tone::InputActive).collect();
        assert_eq!(lit.len(), 4, "{lit:?}");
        assert_eq!(entries(true).filter(|c| c.tone == Tone::InputActive).count(), 4);
        let scene = matrix_scene(&axes, &x, &[1; 9], 9, true);
        // y at the end = the scatter output: output (1, 1) = 1+2+4+5.
        let y11 = scene.cells.iter().find(|c| c.place == Place::Output(1, 1)).unwrap();
        assert_eq!(y11.number, Some(12));
    }

    #[test]
    fn entries_explain_themselves() {
        let axes = default_axes();
        let text = explain_entry(&axes, &[1; 9], Entry { transposed: true, row: 7, col: 1 });
        assert!(text.starts_with("Cᵀ[7, 1] = kernel tap"), "{text}");
        let zero = explain_entry(&axes, &[1; 9], Entry { transposed: false, row: 0, col: 35 });
        assert!(zero.contains("= 0"), "{zero}");
    }

    #[test]
    fn large_layers_get_a_summary() {
        let axis = AxisSpec {
            size_in: 16,
            kernel_size: 3,
            stride: 2,
            dilation: 1,
            pad_before: 0,
            pad_after: 0,
            output_padding: 0,
        }
        .resolve(Op::ConvTranspose)
        .unwrap();
        let scene = matrix_scene(&[axis, axis], &[1; 256], &[1; 9], 0, true);
        assert!(scene.summary.is_some());
    }
}
