#![cfg(not(target_arch = "wasm32"))]
//! Properties of the stage's scenes under random layers (any padding, including more than the
//! kernel reaches, output_padding or explicit sizes adding zeros, dilation, rank 1 and 2):
//! no view panics at any step, the gather, matrix and scatter views show the same sums and the
//! engine's numbers, captions state the pictures' numbers, and labels never collide.

use convt_lab::conv::app::ambiguity::ambiguity;
use convt_lab::conv::compute::engine::{run, Geometry};
use convt_lab::conv::compute::views::output_overlap;
use convt_lab::conv::geometry::axis::{Axis, AxisSpec, Op};
use convt_lab::conv::geometry::padding::PaddingMode;
use convt_lab::scene::display::LABEL_SIZE;
use convt_lab::scene::text::{text_width, Family};
use convt_lab::scene::{
    conv_scene, conv_steps, explain, gather_scene, gather_steps, matrix_scene, matrix_steps, overlap_scene,
    scatter_scene, scatter_scene_worded, scatter_steps, scatter_words, Anchor, Cell, Label, Place, Scene, Tone, WIDE,
};
use proptest::prelude::*;

fn axis_strategy() -> impl Strategy<Value = Axis> {
    (1i64..6, 1i64..5, 1i64..5, 1i64..3, -2i64..6, -2i64..6, 0i64..5).prop_filter_map(
        "a transposed layer with an output",
        |(size_in, kernel_size, stride, dilation, pad_before, pad_after, output_padding)| {
            AxisSpec { size_in, kernel_size, stride, dilation, pad_before, pad_after, output_padding }
                .resolve(Op::ConvTranspose)
                .ok()
                .filter(|a| a.size_out > 0)
        },
    )
}

fn layer_strategy() -> impl Strategy<Value = Vec<Axis>> {
    prop_oneof![axis_strategy().prop_map(|a| vec![a]), (axis_strategy(), axis_strategy()).prop_map(|(a, b)| vec![a, b])]
}

fn cells_of(axes: &[Axis], size: impl Fn(&Axis) -> i64) -> usize {
    axes.iter().map(|a| size(a) as usize).product()
}

/// The numbers shown in output cells, by output position.
fn output_numbers(scene: &Scene) -> Vec<(Place, Option<i64>)> {
    let mut cells: Vec<&Cell> = scene.cells.iter().filter(|c| matches!(c.place, Place::Output(..))).collect();
    cells.sort_by_key(|c| match c.place {
        Place::Output(r, c) => (r, c),
        _ => unreachable!(),
    });
    cells.into_iter().map(|c| (c.place, c.number)).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1500))]

    #[test]
    fn views_never_panic_and_gather_equals_scatter(axes in layer_strategy(), step in 0usize..40) {
        let input: Vec<i64> = (0..cells_of(&axes, |a| a.size_in)).map(|i| (i % 7) as i64 - 2).collect();
        let kernel: Vec<i64> = (0..cells_of(&axes, |a| a.kernel_size)).map(|i| (i % 3) as i64 + 1).collect();
        let scatter = scatter_scene(&axes, &input, &kernel, step, true);
        let _ = overlap_scene(&axes);
        let gather = gather_scene(&axes, &input, &kernel, step, true, WIDE);
        let matrix = matrix_scene(&axes, &input, &kernel, step, true);
        for scene in [&scatter, &gather, &matrix] {
            for cell in scene.cells.iter().take(50) {
                let _ = explain(&axes, &input, &kernel, PaddingMode::Zeros, step, cell.place);
            }
        }
        // At the end, every gather output equals the scatter canvas cell it names and y = Cᵀx.
        let end_gather = gather_scene(&axes, &input, &kernel, gather_steps(&axes), true, WIDE);
        let end_scatter = scatter_scene(&axes, &input, &kernel, scatter_steps(&axes), true);
        let end_matrix = matrix_scene(&axes, &input, &kernel, scatter_steps(&axes), true);
        for (place, number) in output_numbers(&end_gather) {
            let Place::Output(r, c) = place else { unreachable!() };
            let canvas = if axes.len() == 2 {
                Place::Canvas(r + axes[0].pad_before, c + axes[1].pad_before)
            } else {
                Place::Canvas(0, c + axes[0].pad_before)
            };
            let twin = end_scatter.cells.iter().find(|s| s.place == canvas);
            let scatter_number = twin.and_then(|t| t.number).unwrap_or(0);
            prop_assert_eq!(number.unwrap(), scatter_number, "{:?}", canvas);
            // The matrix view summarises layers over 144 cells a side instead of drawing them.
            if end_matrix.summary.is_none() {
                let y = end_matrix.cells.iter().find(|m| m.place == place).unwrap();
                prop_assert_eq!(y.number.unwrap_or(0), number.unwrap());
            }
        }
        for axis in &axes {
            if let Some(a) = ambiguity(axis) {
                prop_assert!(a.candidates.iter().any(|c| c.size == axis.size_out) || axis.output_padding >= axis.stride.max(axis.dilation));
            }
        }
    }
}

/// A forward layer with an output (padding 0 to 3 on each side).
fn forward_strategy() -> impl Strategy<Value = Vec<Axis>> {
    let axis = (1i64..6, 1i64..5, 1i64..4, 1i64..4, 0i64..4, 0i64..4).prop_filter_map(
        "a forward layer with an output",
        |(size_in, kernel_size, stride, dilation, pad_before, pad_after)| {
            AxisSpec { size_in, kernel_size, stride, dilation, pad_before, pad_after, output_padding: 0 }
                .resolve(Op::Conv)
                .ok()
                .filter(|a| a.size_out > 0)
        },
    );
    prop_oneof![axis.clone().prop_map(|a| vec![a]), (axis.clone(), axis).prop_map(|(a, b)| vec![a, b])]
}

/// What a step's caption says of one cell: "output cell (r, c) now holds N = a + b …" (1-D
/// "[c]") as ((r, c) in output coordinates, N, the written-out addends' sum if there are any).
fn stated(caption: &str) -> Option<((i64, i64), i64, Option<i64>)> {
    let (before, rest) = caption.split_once(" now holds ")?;
    let name = before.rsplit_once("output cell ")?.1;
    let position: Vec<i64> =
        name.trim_matches(|c| "()[]".contains(c)).split(", ").map(|n| n.parse().unwrap()).collect();
    let cell = match position[..] {
        [r, c] => (r, c),
        [c] => (0, c),
        _ => panic!("a cell name: {name}"),
    };
    let end = rest.find(['.', ':', ' ']).unwrap_or(rest.len());
    let held: i64 = rest[..end].parse().unwrap();
    // "= 2 + 3 - 5 + 18." : the addends up to the sentence's end.
    let addends = rest[end..].strip_prefix(" = ").map(|sum| {
        let sum = sum.split(['.', ':']).next().unwrap();
        let mut total = 0;
        let mut sign = 1;
        for word in sum.split(' ') {
            match word {
                "+" => sign = 1,
                "-" => sign = -1,
                n => total += sign * n.parse::<i64>().unwrap_or_else(|_| panic!("{n:?} in {caption}")),
            }
        }
        total
    });
    Some((cell, held, addends))
}

/// The number a scene shows at `place`.
fn shown(scene: &Scene, place: Place) -> Option<i64> {
    scene.cells.iter().find(|c| c.place == place).unwrap_or_else(|| panic!("no cell at {place:?}")).number
}

/// "9 of 36 output cells are holes" / "All 36 output cells are holes" / none: (holes, cells).
fn stated_holes(caption: &str, cells: usize) -> usize {
    if caption.contains(&format!("All {cells} output cells are holes")) {
        return cells;
    }
    match caption.split_once(&format!(" of {cells} output cells are holes")) {
        Some((before, _)) => before.rsplit(' ').next().unwrap().parse().unwrap(),
        None => 0,
    }
}

/// A view under test: its name, its step count, its scene at a step, and where an output cell is.
type View<'a> = (&'a str, usize, &'a dyn Fn(usize) -> Scene, &'a dyn Fn((i64, i64)) -> Place);

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Every step of every view: the cell a caption names holds, in the picture, the number the
    /// caption says, and the addends it writes out add up to it; the holes it counts are the
    /// crossed cells.
    #[test]
    fn captions_state_the_pictures_numbers(axes in layer_strategy(), forward in forward_strategy(), seed in 0i64..50) {
        let input: Vec<i64> = (0..cells_of(&axes, |a| a.size_in)).map(|i| (i as i64 * 7 + seed) % 11 - 4).collect();
        let kernel: Vec<i64> = (0..cells_of(&axes, |a| a.kernel_size)).map(|t| (t as i64 * 5 + seed) % 7 - 2).collect();
        let starts: Vec<i64> = axes.iter().map(|a| a.pad_before).collect();
        let canvas = |(r, c): (i64, i64)| {
            if axes.len() == 2 { Place::Canvas(r + starts[0], c + starts[1]) } else { Place::Canvas(0, c + starts[0]) }
        };
        let views: [View; 3] = [
            ("scatter", scatter_steps(&axes), &|s| scatter_scene(&axes, &input, &kernel, s, true), &canvas),
            ("gather", gather_steps(&axes), &|s| gather_scene(&axes, &input, &kernel, s, true, WIDE), &|(r, c)| Place::Output(r, c)),
            ("matrix", matrix_steps(&axes), &|s| matrix_scene(&axes, &input, &kernel, s, true), &|(r, c)| Place::Output(r, c)),
        ];
        for (view, steps, build, place) in views {
            // A summary says it all; a drawn scene always has words.
            let first = build(0);
            prop_assert_eq!(first.summary.is_some(), first.caption.is_empty(), "{} step 0", view);
            for step in 1..=steps {
                let scene = build(step);
                let Some((cell, held, addends)) = stated(&scene.caption) else {
                    // Only a stamp that lands wholly in cropped cells names no cell.
                    prop_assert!(scene.caption.contains("cropped"), "{} step {}: {}", view, step, scene.caption);
                    continue;
                };
                prop_assert_eq!(shown(&scene, place(cell)).unwrap_or(0), held, "{} step {}: {}", view, step, &scene.caption);
                if let Some(total) = addends {
                    prop_assert_eq!(total, held, "{} step {}: {}", view, step, &scene.caption);
                }
            }
        }
        let overlap = overlap_scene(&axes);
        let output_cells = cells_of(&axes, |a| a.size_out);
        let crossed = overlap.cells.iter().filter(|c| c.tone == Tone::Hole && matches!(c.place, Place::Canvas(..))).count();
        prop_assert_eq!(stated_holes(&overlap.caption, output_cells), crossed, "{}", &overlap.caption);
        let last = scatter_scene(&axes, &input, &kernel, scatter_steps(&axes), true);
        prop_assert!(last.caption.ends_with(&overlap.caption), "{}", &last.caption);

        let input: Vec<i64> = (0..cells_of(&forward, |a| a.size_in)).map(|i| (i as i64 * 3 + seed) % 9 - 3).collect();
        let kernel: Vec<i64> = (0..cells_of(&forward, |a| a.kernel_size)).map(|t| (t as i64 + seed) % 5 - 1).collect();
        for mode in [PaddingMode::Zeros, PaddingMode::Replicate, PaddingMode::Circular, PaddingMode::Reflect] {
            prop_assert!(!conv_scene(&forward, &input, &kernel, mode, 0, true, WIDE).caption.is_empty());
            for step in 1..=conv_steps(&forward) {
                let scene = conv_scene(&forward, &input, &kernel, mode, step, true, WIDE);
                let (cell, held, addends) = stated(&scene.caption).unwrap();
                prop_assert_eq!(shown(&scene, Place::ConvOutput(cell.0, cell.1)), Some(held), "{}", &scene.caption);
                if let Some(total) = addends {
                    prop_assert_eq!(total, held, "{}", &scene.caption);
                }
            }
        }
    }
}

/// Output cell `flat` (row-major over the output) as (row, column); 1-D: row 0.
fn output_cell(axes: &[Axis], flat: usize) -> (i64, i64) {
    let cols = axes.last().unwrap().size_out as usize;
    ((flat / cols) as i64, (flat % cols) as i64)
}

/// Where output cell (r, c) sits on the scatter view's full canvas.
fn canvas_of(axes: &[Axis], (r, c): (i64, i64)) -> Place {
    match axes {
        [rows, cols] => Place::Canvas(r + rows.pad_before, c + cols.pad_before),
        [cols] => Place::Canvas(0, c + cols.pad_before),
        _ => unreachable!("rank 1 or 2"),
    }
}

fn cell_at(scene: &Scene, place: Place) -> &Cell {
    scene.cells.iter().find(|c| c.place == place).unwrap_or_else(|| panic!("no cell at {place:?}"))
}

/// A layer with random integer input and kernel values to go with it.
fn valued(layers: impl Strategy<Value = Vec<Axis>>) -> impl Strategy<Value = (Vec<Axis>, Vec<i64>, Vec<i64>)> {
    layers.prop_flat_map(|axes| {
        let (n, k) = (cells_of(&axes, |a| a.size_in), cells_of(&axes, |a| a.kernel_size));
        (Just(axes), proptest::collection::vec(-4i64..5, n), proptest::collection::vec(-3i64..4, k))
    })
}

/// `engine::run` on the same single-channel layer, the integers as f32 (exact at these sizes).
fn engine(op: Op, axes: &[Axis], padding_mode: PaddingMode, input: &[i64], kernel: &[i64]) -> Vec<f32> {
    let geometry =
        Geometry { op, batch: 1, channels_in: 1, channels_out: 1, groups: 1, axes: axes.to_vec(), padding_mode };
    let floats = |values: &[i64]| values.iter().map(|&v| v as f32).collect::<Vec<f32>>();
    run(&geometry, &floats(input), &floats(kernel), None)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    /// The stage's numbers are the engine's. The scenes compute their sums themselves (not from
    /// the trace), so this pins them to `engine::run`: at the last step every output cell of the
    /// scatter, gather and matrix views holds the engine's transposed convolution of the same
    /// single-channel layer, and every output cell of the forward conv view the engine's conv, in
    /// each padding mode. One channel in and out, so the kernel as applied is the weight as is.
    #[test]
    fn stage_numbers_are_the_engines(
        (axes, input, kernel) in valued(layer_strategy()),
        (forward, x, w) in valued(forward_strategy()),
    ) {
        let expected = engine(Op::ConvTranspose, &axes, PaddingMode::Zeros, &input, &kernel);
        let views = [
            ("scatter", scatter_scene(&axes, &input, &kernel, scatter_steps(&axes), true)),
            ("gather", gather_scene(&axes, &input, &kernel, gather_steps(&axes), true, WIDE)),
            ("matrix", matrix_scene(&axes, &input, &kernel, matrix_steps(&axes), true)),
        ];
        for (view, scene) in &views {
            if scene.summary.is_some() {
                continue;
            }
            for (flat, value) in expected.iter().enumerate() {
                let cell = output_cell(&axes, flat);
                let place = if *view == "scatter" { canvas_of(&axes, cell) } else { Place::Output(cell.0, cell.1) };
                // Cells nothing reached show no number: the engine's 0 there.
                let shown = cell_at(scene, place).number.unwrap_or(0);
                prop_assert_eq!(shown as f32, *value, "{} at output {:?}", view, cell);
            }
        }
        for mode in [PaddingMode::Zeros, PaddingMode::Replicate, PaddingMode::Circular, PaddingMode::Reflect] {
            let scene = conv_scene(&forward, &x, &w, mode, conv_steps(&forward), true, WIDE);
            if scene.summary.is_some() {
                continue;
            }
            for (flat, value) in engine(Op::Conv, &forward, mode, &x, &w).iter().enumerate() {
                let (r, c) = output_cell(&forward, flat);
                let shown = cell_at(&scene, Place::ConvOutput(r, c)).number.unwrap();
                prop_assert_eq!(shown as f32, *value, "conv {:?} at output ({}, {})", mode, r, c);
            }
        }
    }
}

/// A transposed axis with taps 2 apart and a stride of 2 or more: kernel titles wider than their
/// grid ("kernel 1 (taps 2 apart)"), and holes in the scatter and gather views.
fn dilated_axis_strategy() -> impl Strategy<Value = Axis> {
    (1i64..6, 1i64..4, 2i64..5, -1i64..4, -1i64..4, 0i64..3).prop_filter_map(
        "a dilated transposed layer with an output",
        |(size_in, kernel_size, stride, pad_before, pad_after, output_padding)| {
            AxisSpec { size_in, kernel_size, stride, dilation: 2, pad_before, pad_after, output_padding }
                .resolve(Op::ConvTranspose)
                .ok()
                .filter(|a| a.size_out > 0)
        },
    )
}

/// Any layer, or one with dilation 2 on some axis (a third of the cases each, so they are common).
fn label_layer_strategy() -> impl Strategy<Value = Vec<Axis>> {
    prop_oneof![
        layer_strategy(),
        dilated_axis_strategy().prop_map(|a| vec![a]),
        (dilated_axis_strategy(), axis_strategy()).prop_map(|(a, b)| vec![a, b]),
    ]
}

/// A label's text box as the display list sets it (sans at LABEL_SIZE, vertically centred on its
/// y, placed by its anchor): [left, top, right, bottom].
fn label_box(label: &Label) -> [f64; 4] {
    let width = text_width(&label.text, Family::Sans, LABEL_SIZE);
    let left = match label.anchor {
        Anchor::Start => label.x,
        Anchor::Middle => label.x - width / 2.0,
    };
    [left, label.y - LABEL_SIZE / 2.0, left + width, label.y + LABEL_SIZE / 2.0]
}

/// Whether two boxes share some area (touching edges do not count).
fn overlap(a: [f64; 4], b: [f64; 4]) -> bool {
    a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]
}

/// How a scene's labels collide, if they do: two labels' boxes overlap, a label's box overlaps a
/// cell, or a label runs off the scene (an export would cut it).
fn label_collision(scene: &Scene) -> Option<String> {
    let boxes: Vec<[f64; 4]> = scene.labels.iter().map(label_box).collect();
    for (i, (label, a)) in scene.labels.iter().zip(&boxes).enumerate() {
        let text = &label.text;
        if a[0] < 0.0 || a[1] < 0.0 || a[2] > scene.width || a[3] > scene.height {
            return Some(format!("{text:?} {a:?} runs off the {} × {} scene", scene.width, scene.height));
        }
        if let Some((other, b)) = scene.labels.iter().zip(&boxes).skip(i + 1).find(|(_, b)| overlap(*a, **b)) {
            return Some(format!("{text:?} {a:?} overlaps {:?} {b:?}", other.text));
        }
        if let Some(cell) = scene.cells.iter().find(|c| overlap(*a, [c.x, c.y, c.x + c.size, c.y + c.size])) {
            return Some(format!("{text:?} {a:?} overlaps the cell {:?} at ({}, {})", cell.place, cell.x, cell.y));
        }
    }
    None
}

/// Two grids (the cells of one kind of place: input, kernel, canvas, …) whose extents overlap.
fn grids_overlapping(scene: &Scene) -> Option<String> {
    let mut grids: Vec<(std::mem::Discriminant<Place>, [f64; 4])> = Vec::new();
    for c in &scene.cells {
        let kind = std::mem::discriminant(&c.place);
        let cell = [c.x, c.y, c.x + c.size, c.y + c.size];
        match grids.iter_mut().find(|(k, _)| *k == kind) {
            Some((_, b)) => *b = [b[0].min(cell[0]), b[1].min(cell[1]), b[2].max(cell[2]), b[3].max(cell[3])],
            None => grids.push((kind, cell)),
        }
    }
    for (i, (a, x)) in grids.iter().enumerate() {
        if let Some((b, y)) = grids[i + 1..].iter().find(|(_, y)| overlap(*x, *y)) {
            return Some(format!("grid {a:?} {x:?} overlaps grid {b:?} {y:?}"));
        }
    }
    None
}

/// A view's scene at a step.
type Build<'a> = &'a dyn Fn(usize) -> Scene;

/// A room twice as tall as it is wide (a phone held upright): the three-grid views may stack.
const UPRIGHT: f64 = 0.5;

/// Every view of a transposed layer at its first, a middle and its last step, and the overlap view;
/// the three-grid views also as an upright room lays them out.
fn transposed_views(axes: &[Axis], input: &[i64], kernel: &[i64]) -> Vec<(String, Scene)> {
    let mut scenes = vec![("overlap".to_string(), overlap_scene(axes))];
    let views: [(&str, usize, Build); 5] = [
        ("scatter", scatter_steps(axes), &|s| scatter_scene(axes, input, kernel, s, true)),
        ("scatter upright", scatter_steps(axes), &|s| {
            scatter_scene_worded(axes, input, kernel, s, true, Some(scatter_words), UPRIGHT)
        }),
        ("gather", gather_steps(axes), &|s| gather_scene(axes, input, kernel, s, true, WIDE)),
        ("gather upright", gather_steps(axes), &|s| gather_scene(axes, input, kernel, s, true, UPRIGHT)),
        ("matrix", matrix_steps(axes), &|s| matrix_scene(axes, input, kernel, s, true)),
    ];
    for (view, steps, build) in views {
        for step in [steps.min(1), steps / 2, steps] {
            scenes.push((format!("{view} step {step}"), build(step)));
        }
    }
    scenes
}

/// The forward conv view at its first, a middle and its last step.
fn forward_views(axes: &[Axis], input: &[i64], kernel: &[i64]) -> Vec<(String, Scene)> {
    let steps = conv_steps(axes);
    [(WIDE, ""), (UPRIGHT, " upright")]
        .into_iter()
        .flat_map(|(aspect, room)| {
            [steps.min(1), steps / 2, steps].into_iter().map(move |step| {
                (
                    format!("conv{room} step {step}"),
                    conv_scene(axes, input, kernel, PaddingMode::Zeros, step, true, aspect),
                )
            })
        })
        .collect()
}

/// At the scatter view's last step an output cell is crossed exactly when no (input, tap) pair
/// reaches it (counted apart from the scene, by `output_overlap`); a cell added past the scatter
/// keeps its own mark, the dots of an added zero. Before the last step nothing is crossed yet.
fn check_scatter_holes(axes: &[Axis], input: &[i64], kernel: &[i64]) -> Result<(), TestCaseError> {
    let steps = scatter_steps(axes);
    if steps == 0 {
        return Ok(());
    }
    let before = scatter_scene(axes, input, kernel, steps - 1, true);
    prop_assert!(before.cells.iter().all(|c| c.tone != Tone::Hole), "crossed before the last step");
    let last = scatter_scene(axes, input, kernel, steps, true);
    for (flat, &count) in output_overlap(axes).values.iter().enumerate() {
        let cell = output_cell(axes, flat);
        let place = canvas_of(axes, cell);
        let tone = cell_at(&last, place).tone;
        // Past the full scatter on some axis: a zero added by output_padding or an explicit size.
        let position = if axes.len() == 2 { vec![cell.0, cell.1] } else { vec![cell.1] };
        let added = position.iter().zip(axes).any(|(o, a)| !(0..a.full_len()).contains(&(o + a.pad_before)));
        let expected = match (added, count) {
            (true, _) => Some(Tone::AddedZero),
            (false, 0) => Some(Tone::Hole),
            _ => None,
        };
        match expected {
            Some(tone_wanted) => prop_assert_eq!(tone, tone_wanted, "{:?} reached {} times", place, count),
            None => prop_assert_ne!(tone, Tone::Hole, "{:?} reached {} times", place, count),
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// In every view, at its first, a middle and its last step, no two labels' text boxes overlap,
    /// no label overlaps a cell, neither runs off the scene; and the scatter view crosses its holes.
    #[test]
    fn labels_never_collide_and_scatter_crosses_holes(
        (axes, input, kernel) in valued(label_layer_strategy()),
        (forward, x, w) in valued(forward_strategy()),
    ) {
        let scenes = transposed_views(&axes, &input, &kernel).into_iter().chain(forward_views(&forward, &x, &w));
        for (view, scene) in scenes {
            prop_assert_eq!(label_collision(&scene), None, "{}", view);
            // Cells stay on the scene too (the matrix view's x once ran past its bottom).
            let off = scene
                .cells
                .iter()
                .find(|c| c.x < 0.0 || c.y < 0.0 || c.x + c.size > scene.width || c.y + c.size > scene.height);
            prop_assert!(off.is_none(), "{}: {:?} runs off the {} × {} scene", view, off, scene.width, scene.height);
            // The three-grid views' grids keep apart, in a row or stacked (the matrix view's vectors
            // sit inside its matrix's extent by design).
            if !view.starts_with("matrix") && !view.starts_with("overlap") {
                prop_assert_eq!(grids_overlapping(&scene), None, "{}", view);
            }
        }
        check_scatter_holes(&axes, &input, &kernel)?;
    }
}

/// The cases issue 12 names, always checked: taps 2 apart on one- and two-tap kernels (a kernel
/// title wider than its grid) and layers whose scatter and gather views have holes.
#[test]
fn labels_clear_on_dilated_kernels_and_gather_holes() {
    let spec = |size_in, kernel_size, stride, dilation, output_padding| {
        AxisSpec { size_in, kernel_size, stride, dilation, pad_before: 0, pad_after: 0, output_padding }
            .resolve(Op::ConvTranspose)
            .unwrap()
    };
    let one_tap = spec(3, 1, 1, 2, 0);
    let holes_dilated = spec(3, 2, 3, 2, 1);
    let holes = spec(3, 2, 3, 1, 1);
    let layers =
        [vec![one_tap], vec![one_tap, one_tap], vec![holes_dilated, holes_dilated], vec![holes], vec![one_tap, holes]];
    for axes in &layers {
        let input: Vec<i64> = (1..=cells_of(axes, |a| a.size_in) as i64).collect();
        let kernel: Vec<i64> = (1..=cells_of(axes, |a| a.kernel_size) as i64).collect();
        for (view, scene) in transposed_views(axes, &input, &kernel) {
            assert_eq!(label_collision(&scene), None, "{view} of {axes:?}");
        }
        check_scatter_holes(axes, &input, &kernel).unwrap();
    }
    // The hole layers do have holes, in the gather view too: with all ones a sum of 0 is a window
    // that reads only zeros.
    for axes in [vec![holes_dilated, holes_dilated], vec![holes]] {
        assert!(output_overlap(&axes).holes() > 0, "{axes:?}");
        let input = vec![1; cells_of(&axes, |a| a.size_in)];
        let gather =
            gather_scene(&axes, &input, &vec![1; cells_of(&axes, |a| a.kernel_size)], gather_steps(&axes), true, WIDE);
        assert!(gather.cells.iter().any(|c| matches!(c.place, Place::Output(..)) && c.number == Some(0)));
    }
    // A forward conv with a one-cell kernel taps 2 apart, and a one-cell padded input.
    let forward =
        AxisSpec { size_in: 1, kernel_size: 1, stride: 1, dilation: 2, pad_before: 0, pad_after: 0, output_padding: 0 }
            .resolve(Op::Conv)
            .unwrap();
    for (view, scene) in forward_views(&[forward], &[5], &[3]) {
        assert_eq!(label_collision(&scene), None, "{view}");
    }
}
