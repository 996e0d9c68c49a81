//! The gather view: the same transposed convolution computed the other way round, as a stride-1
//! correlation of the zero-inserted, padded input with the kernel rotated 180°. Each output cell
//! here is the same cell as in the scatter view's output window, with the same sum (tested), so
//! the two views can be compared cell for cell.

use super::{arrange, caption, cell_count, drawable, push_titles, CELL};
use super::{cell_name, grid, number, position, rc, size_text, Cell, Frame, Place, Scene, Tone};
use crate::conv::compute::views::{gather_view_output, GatherAxis};
use crate::conv::geometry::axis::Axis;

/// Steps of the gather animation: one per output cell; none when too large to draw.
pub fn gather_steps(axes: &[Axis]) -> usize {
    if fits(axes) {
        cell_count(axes.iter().map(|a| a.size_out)) as usize
    } else {
        0
    }
}

/// Whether the zero-inserted, padded input and the output are both small enough to draw.
fn fits(axes: &[Axis]) -> bool {
    drawable(axes.iter().map(|a| GatherAxis::of(a).len)) && drawable(axes.iter().map(|a| a.size_out))
}

fn too_large(axes: &[Axis]) -> Option<String> {
    (!fits(axes)).then(|| {
        let sizes: Vec<i64> = axes.iter().map(|a| GatherAxis::of(a).len).collect();
        format!(
            "The zero-inserted, padded input is {}: too many cells to draw one by one (the stage draws grids up to 128 cells a side).",
            size_text(&sizes)
        )
    })
}

/// The gather view at `step` (0 = nothing computed; `gather_steps` = every output cell).
/// `input` and `kernel` are one channel each, row-major, the kernel as applied in the scatter view;
/// `aspect` is the room's (`WIDE`: the grids in a row).
pub fn gather_scene(axes: &[Axis], input: &[i64], kernel: &[i64], step: usize, numbers: bool, aspect: f64) -> Scene {
    if let Some(summary) = too_large(axes) {
        return Scene { summary: Some(summary), width: 800.0, height: 120.0, ..Scene::default() };
    }
    let two_d = axes.len() == 2;
    let to_axes = |cell: (i64, i64)| position(two_d, cell);
    let gathers: Vec<GatherAxis> = axes.iter().map(GatherAxis::of).collect();
    let (pr, pc) = grid(&gathers.iter().map(|g| g.len).collect::<Vec<_>>());
    let (kr, kc) = grid(&axes.iter().map(|a| a.kernel_size).collect::<Vec<_>>());
    let (or, oc) = grid(&axes.iter().map(|a| a.size_out).collect::<Vec<_>>());
    let (_, ic) = grid(&axes.iter().map(|a| a.size_in).collect::<Vec<_>>());
    let pads: Vec<String> = gathers.iter().map(|g| format!("{}/{}", g.pad_before, g.pad_after)).collect();
    let sizes_out: Vec<i64> = axes.iter().map(|a| a.size_out).collect();
    let titles = [
        format!("input, zeros inserted, padded {}", pads.join(", ")),
        "kernel rotated 180°".to_string(),
        format!("output {} (stride 1)", size_text(&sizes_out)),
    ]
    .map(crate::i18n::tr);
    let l = arrange([(pr, pc), (kr, kc), (or, oc)], &titles, aspect);
    let (origin, kernel_at, out_at) = (l.input, l.kernel, l.canvas);
    let steps = gather_steps(axes);
    let step = step.min(steps);
    let active = step.checked_sub(1).map(|o| to_axes(rc(o, oc)));
    let output = gather_view_output(axes, input, kernel);

    let mut scene = Scene { width: l.width, height: l.height, ..Scene::default() };
    push_titles(&mut scene, &l, titles);

    // Does the active output cell's window read padded position `p`?
    let read = |p: &[i64]| -> bool {
        active.as_ref().is_some_and(|o| {
            (0..axes.len()).all(|a| {
                let offset = p[a] - o[a];
                let d = axes[a].dilation.max(1);
                offset >= 0 && offset % d == 0 && offset / d < axes[a].kernel_size
            })
        })
    };
    for r in 0..pr {
        for c in 0..pc {
            let p = to_axes((r, c));
            let source: Option<Vec<i64>> =
                (0..axes.len()).map(|a| gathers[a].input_at(p[a], axes[a].size_in)).collect();
            let value = source.map(|s| input[(if two_d { s[0] * ic + s[1] } else { s[0] }) as usize]);
            scene.cells.push(Cell {
                x: origin.0 + c as f64 * CELL,
                y: origin.1 + r as f64 * CELL,
                size: CELL,
                tone: if value.is_some() { Tone::Input } else { Tone::Zero },
                place: Place::Padded(r, c),
                number: numbers.then_some(value.unwrap_or(0)),
                ring: read(&p),
            });
        }
    }
    scene.frames.push(inserted_frame(&gathers, axes, origin));
    for r in 0..kr {
        for c in 0..kc {
            // Drawn rotated: the cell at (r, c) holds the tap at (kr-1-r, kc-1-c).
            let (tr, tc) = if two_d { (kr - 1 - r, kc - 1 - c) } else { (0, kc - 1 - c) };
            scene.cells.push(Cell {
                x: kernel_at.0 + c as f64 * CELL,
                y: kernel_at.1 + r as f64 * CELL,
                size: CELL,
                tone: Tone::Kernel,
                place: Place::Kernel(tr, tc),
                number: numbers.then_some(kernel[(tr * kc + tc) as usize]),
                ring: active.is_some(),
            });
        }
    }
    for (index, sum) in output.iter().enumerate() {
        let (r, c) = rc(index, oc);
        let current = active.as_ref() == Some(&to_axes((r, c)));
        scene.cells.push(Cell {
            x: out_at.0 + c as f64 * CELL,
            y: out_at.1 + r as f64 * CELL,
            size: CELL,
            tone: if current { Tone::InputActive } else { Tone::Output },
            place: Place::Output(r, c),
            number: (numbers && index < step).then_some(*sum),
            ring: current,
        });
    }
    scene.caption = match &active {
        None => caption::gather_start(axes, &gathers.iter().map(|g| g.len).collect::<Vec<_>>()),
        Some(o) => {
            let words = window_caption(axes, input, kernel, o, output[step - 1]);
            if step == steps {
                format!("{words} {}", caption::overlap_result(axes))
            } else {
                words
            }
        }
    };
    scene
}

/// The words for computing output cell `o` (= `sum`, the number the picture shows): the rotated
/// kernel's window on the padded input, and the input cells it meets.
fn window_caption(axes: &[Axis], input: &[i64], kernel: &[i64], o: &[i64], sum: i64) -> String {
    let two_d = axes.len() == 2;
    let gathers: Vec<GatherAxis> = axes.iter().map(GatherAxis::of).collect();
    let (_, ic) = grid(&axes.iter().map(|a| a.size_in).collect::<Vec<_>>());
    let (_, kc) = grid(&axes.iter().map(|a| a.kernel_size).collect::<Vec<_>>());
    let window: Vec<caption::Span> = o
        .iter()
        .zip(axes)
        .map(|(&o, a)| caption::Span { first: o, last: o + (a.kernel_size - 1) * a.dilation, every: a.dilation })
        .collect();
    let mut addends = Vec::new();
    for t in 0..kernel.len() {
        let k = position(two_d, rc(t, kc));
        let source: Option<Vec<i64>> =
            (0..axes.len()).map(|a| gathers[a].input_at(o[a] + k[a] * axes[a].dilation, axes[a].size_in)).collect();
        if let Some(s) = source {
            // The rotated kernel's tap here is the tap as applied at the mirrored position.
            let flipped: Vec<i64> = k.iter().zip(axes).map(|(k, a)| a.kernel_size - 1 - k).collect();
            let w = kernel[(if two_d { flipped[0] * kc + flipped[1] } else { flipped[0] }) as usize];
            addends.push(input[(if two_d { s[0] * ic + s[1] } else { s[0] }) as usize] * w);
        }
    }
    let holds = caption::Holds { cell: o, sum, addends: &addends, noun: "input cells" };
    caption::gather_step(&window, addends.len(), holds)
}

/// The outline of the zero-inserted input inside its padding (clipped where padding cuts it).
fn inserted_frame(gathers: &[GatherAxis], axes: &[Axis], origin: (f64, f64)) -> Frame {
    let span = |g: &GatherAxis, a: &Axis| {
        let inserted = if a.size_in == 0 { 0 } else { (a.size_in - 1) * a.stride + 1 };
        let start = g.pad_before.max(0);
        let end = (g.pad_before + inserted).min(g.len);
        (start, (end - start).max(0))
    };
    let (col_start, cols) = span(gathers.last().unwrap(), axes.last().unwrap());
    let (row_start, rows) = if axes.len() == 2 { span(&gathers[0], &axes[0]) } else { (0, 1) };
    Frame {
        x: origin.0 + col_start as f64 * CELL,
        y: origin.1 + row_start as f64 * CELL,
        w: cols as f64 * CELL,
        h: rows as f64 * CELL,
    }
}

/// What a cell of the zero-inserted, padded input is.
pub(super) fn explain_padded(axes: &[Axis], input: &[i64], place: (i64, i64)) -> String {
    let two_d = axes.len() == 2;
    let p = if two_d { vec![place.0, place.1] } else { vec![place.1] };
    let (_, ic) = grid(&axes.iter().map(|a| a.size_in).collect::<Vec<_>>());
    let gathers: Vec<GatherAxis> = axes.iter().map(GatherAxis::of).collect();
    let name = cell_name(&position(two_d, place));
    let source: Option<Vec<i64>> = (0..axes.len()).map(|a| gathers[a].input_at(p[a], axes[a].size_in)).collect();
    if let Some(s) = source {
        let index = if two_d { s[0] * ic + s[1] } else { s[0] };
        let input_name = cell_name(&s);
        return format!("padded {name} = input {input_name} = {}", number(input[index as usize]));
    }
    let inside = (0..axes.len()).all(|a| {
        let q = p[a] - gathers[a].pad_before;
        q >= 0 && q <= (axes[a].size_in - 1) * axes[a].stride
    });
    if inside {
        let gaps: Vec<String> = axes.iter().map(|a| (a.stride - 1).to_string()).collect();
        format!(
            "padded {name} = 0: inserted between inputs (stride puts {} zero(s) between neighbours)",
            gaps.join("×")
        )
    } else {
        format!(
            "padded {name} = 0: padding (kernel_field − 1 − pad = {} zeros before, {} after, output_padding included)",
            gathers.iter().map(|g| g.pad_before.to_string()).collect::<Vec<_>>().join("×"),
            gathers.iter().map(|g| g.pad_after.to_string()).collect::<Vec<_>>().join("×")
        )
    }
}

/// The gather sum of output cell `place`, term by term (the same cell and sum as in the scatter view).
pub(super) fn explain_output(axes: &[Axis], input: &[i64], kernel: &[i64], place: (i64, i64)) -> String {
    let two_d = axes.len() == 2;
    let o = if two_d { vec![place.0, place.1] } else { vec![place.1] };
    let (_, ic) = grid(&axes.iter().map(|a| a.size_in).collect::<Vec<_>>());
    let (_, kc) = grid(&axes.iter().map(|a| a.kernel_size).collect::<Vec<_>>());
    let gathers: Vec<GatherAxis> = axes.iter().map(GatherAxis::of).collect();
    let mut terms = Vec::new();
    let mut sum = 0i64;
    for t in 0..kernel.len() {
        let k = if two_d { vec![t as i64 / kc, t as i64 % kc] } else { vec![t as i64] };
        let source: Option<Vec<i64>> =
            (0..axes.len()).map(|a| gathers[a].input_at(o[a] + k[a] * axes[a].dilation, axes[a].size_in)).collect();
        if let Some(s) = source {
            let flipped: Vec<i64> = k.iter().zip(axes).map(|(k, a)| a.kernel_size - 1 - k).collect();
            let w = kernel[(if two_d { flipped[0] * kc + flipped[1] } else { flipped[0] }) as usize];
            let x = input[(if two_d { s[0] * ic + s[1] } else { s[0] }) as usize];
            terms.push(format!("{}·{}", number(x), number(w)));
            sum += x * w;
        }
    }
    let name = cell_name(&position(two_d, place));
    let canvas: Vec<String> = o.iter().zip(axes).map(|(o, a)| (o + a.pad_before).to_string()).collect();
    let origin = format!("scatter canvas ({})", canvas.join(", "));
    if terms.is_empty() {
        format!("output {name} = 0: its window reads only zeros — a hole ({origin})")
    } else {
        format!("output {name} = {} = {} (the same cell as {origin})", terms.join(" + "), number(sum))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::geometry::axis::{AxisSpec, Op};
    use crate::scene::tests::default_axes;
    use crate::scene::{scatter_scene, scatter_steps, WIDE};

    fn axis(size_in: i64, kernel_size: i64, stride: i64, pad: i64, output_padding: i64) -> Axis {
        AxisSpec { size_in, kernel_size, stride, dilation: 1, pad_before: pad, pad_after: pad, output_padding }
            .resolve(Op::ConvTranspose)
            .unwrap()
    }

    #[test]
    fn default_layer_gather_grid_and_first_window() {
        // 3×3 input, k3 s2 p1 op1: zeros inserted → 5×5, padded 1 before / 2 after → 8×8.
        let axes = default_axes();
        let x: Vec<i64> = (1..=9).map(|v| v as i64).collect();
        let scene = gather_scene(&axes, &x, &[1; 9], 1, true, WIDE);
        let padded: Vec<&Cell> = scene.cells.iter().filter(|c| matches!(c.place, Place::Padded(..))).collect();
        assert_eq!(padded.len(), 64);
        assert_eq!(padded.iter().filter(|c| c.tone == Tone::Input).count(), 9);
        // Output (0, 0) reads padded rows/cols 0..3: only input (0, 0) = 1 is among them.
        let read: Vec<&&Cell> = padded.iter().filter(|c| c.ring).collect();
        assert_eq!(read.len(), 9);
        assert_eq!(read.iter().filter(|c| c.tone == Tone::Input).count(), 1);
        let first = scene.cells.iter().find(|c| c.place == Place::Output(0, 0)).unwrap();
        assert_eq!(first.number, Some(1));
        assert!(first.ring);
    }

    #[test]
    fn every_output_cell_matches_the_scatter_window() {
        let axes = vec![axis(3, 3, 2, 1, 1), axis(4, 2, 3, 0, 2)];
        let x: Vec<i64> = (1..=12).map(|v| v as i64).collect();
        let w: Vec<i64> = (1..=6).map(|v| v as i64).collect();
        let gather = gather_scene(&axes, &x, &w, gather_steps(&axes), true, WIDE);
        let scatter = scatter_scene(&axes, &x, &w, scatter_steps(&axes), true);
        for cell in gather.cells.iter().filter(|c| matches!(c.place, Place::Output(..))) {
            let Place::Output(r, c) = cell.place else { unreachable!() };
            let canvas = Place::Canvas(r + axes[0].pad_before, c + axes[1].pad_before);
            let twin = scatter.cells.iter().find(|s| s.place == canvas).unwrap();
            // Untouched scatter cells (holes, added zeros) show no number; gather shows 0 there.
            assert_eq!(cell.number, Some(twin.number.unwrap_or(0)), "{canvas:?}");
        }
    }

    /// A title moves the next grid right only when it is wider than its own grid: the default
    /// layer's are not, so its layout stands (tests/e2e/app.test.mjs hovers output (1, 1) at
    /// (636, 114) of an 840-unit-wide scene).
    #[test]
    fn the_default_layers_titles_leave_its_layout_alone() {
        let scene = gather_scene(&default_axes(), &[1; 9], &[1; 9], 8, true, WIDE);
        assert_eq!(scene.width, 840.0);
        assert_eq!(scene.cell_at(636.0, 114.0).map(|c| c.place), Some(Place::Output(1, 1)));
    }

    #[test]
    fn hover_names_the_scatter_twin() {
        let axes = default_axes();
        let x: Vec<i64> = (1..=9).map(|v| v as i64).collect();
        let text = explain_output(&axes, &x, &[1; 9], (1, 1));
        assert_eq!(text, "output (1, 1) = 1·1 + 2·1 + 4·1 + 5·1 = 12 (the same cell as scatter canvas (2, 2))");
        assert!(explain_padded(&axes, &x, (1, 2)).contains("inserted"));
        assert!(explain_padded(&axes, &x, (0, 0)).contains("padding"));
        assert_eq!(explain_padded(&axes, &x, (3, 3)), "padded (3, 3) = input (1, 1) = 5");
    }

    /// With the stage's default values the rotation shows: input (1, 1) meets the kernel's first
    /// tap (the only 3), rotated into the window's last corner. tests/e2e/app.test.mjs hovers
    /// this cell and expects these words.
    #[test]
    fn default_values_show_the_rotated_kernel() {
        let (x, w) = crate::conv::compute::defaults::default_values(9, 9);
        let text = explain_output(&default_axes(), &x, &w, (1, 1));
        assert_eq!(text, "output (1, 1) = 1·1 + 2·1 + 4·1 + 5·3 = 22 (the same cell as scatter canvas (2, 2))");
    }
}
