//! The stage's view-model: what is on screen at a step, as cells, labels and frames; [`display`]
//! turns a scene into the display list the canvas and the exports draw without deciding
//! anything. Pure, so "at step n these cells are lit" is tested natively.
//!
//! Layout (abstract units; the painter scales to the canvas): input grid, kernel, output canvas,
//! left to right. The output canvas is the FULL scatter (plus any cells added past it), each cell
//! marked kept, cropped by padding, re-added by output_padding, or added as zero.

pub mod batch;
mod caption;
mod conv;
pub mod display;
mod gather;
pub mod header;
mod matrix;
pub mod patterns;
pub mod svg;
pub mod text;
pub mod theme;

pub use conv::{conv_scene, conv_steps};
pub use gather::{gather_scene, gather_steps};
pub use matrix::{matrix_scene, matrix_steps, Entry};

use crate::conv::compute::views::{canvas_overlap, CellFate, Window};
use crate::conv::geometry::axis::Axis;
use crate::conv::geometry::padding::PaddingMode;
use crate::i18n::tr;
use text::{text_width, Family};

/// The longest side of any grid the stage draws cell by cell (so at most 128 × 128); past it, a
/// summary instead. A side caps 1-D rows too: a row of 2 000 cells shrunk to the stage's width
/// would be under a pixel tall.
pub const MAX_DRAWN_SIDE: i64 = 128;

/// How many cells a grid with these sides has: exact up to `u64::MAX` and saturating beyond,
/// which is all that deciding what to draw needs. (`side as usize` would wrap on wasm32, whose
/// usize has 32 bits, and let a 2^32-cell axis pass for a small one.)
pub fn cell_count(sides: impl IntoIterator<Item = i64>) -> u64 {
    sides.into_iter().fold(1u64, |n, side| n.saturating_mul(side.max(0) as u64))
}

/// True when a grid with these sides is drawn cell by cell.
pub fn drawable(sides: impl IntoIterator<Item = i64>) -> bool {
    sides.into_iter().all(|side| side <= MAX_DRAWN_SIDE)
}

/// How a cell is drawn; the painter maps tones to the theme's colours and patterns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Tone {
    /// An input cell not yet stamped.
    Input,
    /// An input cell already stamped.
    InputDone,
    /// The input cell stamping now.
    InputActive,
    Kernel,
    /// An output cell (inside the output window).
    Output,
    /// Cut away by padding.
    Cropped,
    /// Given back by output_padding / an explicit size (it keeps its scatter sum).
    Readded,
    /// Added past the scatter as zero.
    AddedZero,
    /// An output cell no (input, tap) pair reaches.
    Hole,
    /// Overlap heat, 1 = one contribution … up to 6.
    Heat(u8),
    /// A zero that is not an input: inserted between inputs, padding, or a zero matrix entry.
    Zero,
}

/// Which grid a cell belongs to, and where in it (row, column; 1-D: column only).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Place {
    Input(i64, i64),
    Kernel(i64, i64),
    /// Full-canvas position (may be negative or past the scatter for added cells).
    Canvas(i64, i64),
    /// A legend swatch for this many contributions.
    Legend(u32),
    /// A cell of the gather view's zero-inserted, padded input.
    Padded(i64, i64),
    /// An output cell (inside the output window).
    Output(i64, i64),
    /// An entry of the matrix view's C or Cᵀ.
    Entry(Entry),
    /// A forward conv's padded input cell, in input coordinates (outside 0..size = padding).
    ConvInput(i64, i64),
    /// A forward conv's output cell.
    ConvOutput(i64, i64),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub x: f64,
    pub y: f64,
    pub size: f64,
    pub tone: Tone,
    pub place: Place,
    /// The number written in the cell. Kept as a number: the painter formats only the cells large
    /// enough to read (a 64×64 scene has ~5 000 cells, most too small for text).
    pub number: Option<i64>,
    /// Drawn with a ring: the active input cell and the cells its stamp lands on.
    pub ring: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    Start,
    Middle,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub x: f64,
    pub y: f64,
    pub text: String,
    pub anchor: Anchor,
}

/// An outline around the output window on the canvas.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    pub width: f64,
    pub height: f64,
    pub cells: Vec<Cell>,
    pub labels: Vec<Label>,
    pub frames: Vec<Frame>,
    /// Shown instead of cells when the problem is too large to draw.
    pub summary: Option<String>,
    /// The step in words, from the same state as the picture: shown under the stage (read out
    /// politely), in present mode, and in every exported picture's header. Empty: none.
    pub caption: String,
}

impl Scene {
    /// The scene's words in the active language (`crate::i18n`): its labels, caption and summary.
    /// The grids' titles are translated before they are laid out (`titles_in_language`), so their
    /// room is the translation's.
    pub fn in_language(mut self) -> Scene {
        for label in &mut self.labels {
            label.text = tr(std::mem::take(&mut label.text));
        }
        self.caption = tr(std::mem::take(&mut self.caption));
        self.summary = self.summary.map(tr);
        self
    }

    /// The cell under a point, for hover.
    pub fn cell_at(&self, x: f64, y: f64) -> Option<&Cell> {
        self.cells.iter().find(|c| x >= c.x && x < c.x + c.size && y >= c.y && y < c.y + c.size)
    }
}

const CELL: f64 = 40.0;
const GAP: f64 = 56.0;
const MARGIN: f64 = 24.0;
const TITLE: f64 = 30.0;
/// Air between the end of a grid's title and the next grid's title, when the title is the wider.
const TITLE_AIR: f64 = 12.0;

/// A label's width as the display list sets it (see [`display::LABEL_SIZE`]), rounded up to whole
/// units so that positions and sizes laid out from it stay whole, as the SVG writes them.
fn label_width(text: &str) -> f64 {
    text_width(text, Family::Sans, display::LABEL_SIZE).ceil()
}

/// Where the next grid starts after a grid `cells` wide at `x` under `title`: a GAP past the
/// grid, or further when the title is the wider ("kernel 1 (taps 2 apart)" over one cell), so a
/// title never runs into the next one.
fn next_column(x: f64, cells: i64, title: &str) -> f64 {
    (x + cells as f64 * CELL + GAP).max(x + label_width(title) + TITLE_AIR)
}

/// The right edge of a grid `cells` wide at `x` under `title`: its last cell or its title's end.
fn column_end(x: f64, cells: i64, title: &str) -> f64 {
    (x + cells as f64 * CELL).max(x + label_width(title))
}

/// (rows, columns) of a grid from per-axis sizes (1-D = one row).
fn grid(sizes: &[i64]) -> (i64, i64) {
    match sizes {
        [n] => (1, *n),
        [h, w, ..] => (*h, *w),
        [] => (0, 0),
    }
}

/// Per-axis canvas range: from the first drawn canvas position to one past the last.
fn canvas_range(axis: &Axis) -> (i64, i64) {
    let w = Window::of(axis);
    (w.start.min(0), (w.start + w.size_out).max(w.full_len))
}

fn fate(axes: &[Axis], position: &[i64]) -> CellFate {
    let fates: Vec<CellFate> = axes.iter().zip(position).map(|(a, &p)| Window::of(a).fate(p)).collect();
    combine(&fates)
}

/// A cell's fate from its axes' fates: cropped on any axis wins, then added as zero, then re-added.
fn combine(fates: &[CellFate]) -> CellFate {
    let any = |f: &dyn Fn(&CellFate) -> bool| fates.iter().any(f);
    if any(&|f| matches!(f, CellFate::CroppedBefore | CellFate::CroppedAfter)) {
        CellFate::CroppedBefore
    } else if any(&|f| *f == CellFate::AddedZero) {
        CellFate::AddedZero
    } else if any(&|f| *f == CellFate::Readded) {
        CellFate::Readded
    } else {
        CellFate::Kept
    }
}

/// Per axis, the fate of every canvas position in `range` (computed once, not per cell).
fn axis_fates(axes: &[Axis], ranges: &[(i64, i64)]) -> Vec<Vec<CellFate>> {
    axes.iter().zip(ranges).map(|(a, &(lo, hi))| (lo..hi).map(|p| Window::of(a).fate(p)).collect()).collect()
}

/// The stage's numbers are integers (typed, randomised or the 1, 2, 3 … defaults), so every sum
/// is exact and checks by hand.
fn number(value: i64) -> String {
    value.to_string()
}

fn size_text(sizes: &[i64]) -> String {
    sizes.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("×")
}

/// Steps of the scatter animation: one per input cell; none when the scene is too large to draw.
pub fn scatter_steps(axes: &[Axis]) -> usize {
    if fits(axes) {
        cell_count(axes.iter().map(|a| a.size_in)) as usize
    } else {
        0
    }
}

/// Whether the input and the full scatter canvas are both small enough to draw.
fn fits(axes: &[Axis]) -> bool {
    let canvas_sides = axes.iter().map(|a| {
        let (start, end) = canvas_range(a);
        end - start
    });
    drawable(canvas_sides) && drawable(axes.iter().map(|a| a.size_in))
}

fn too_large(axes: &[Axis]) -> Option<String> {
    (!fits(axes)).then(|| {
        let sizes_out: Vec<i64> = axes.iter().map(|a| a.size_out).collect();
        let sizes_in: Vec<i64> = axes.iter().map(|a| a.size_in).collect();
        format!(
            "{} → {}: too many cells to draw one by one (the stage draws grids up to 128 cells a side). The shapes, formulas and overlap summary below still apply.",
            size_text(&sizes_in),
            size_text(&sizes_out)
        )
    })
}

struct Layout {
    input: (f64, f64),
    kernel: (f64, f64),
    canvas: (f64, f64),
    width: f64,
    height: f64,
}

/// A room's width over its height, for views that lay grids out: the stage passes its own; the
/// exports and the tests lay the grids out in a row (`WIDE`).
pub const WIDE: f64 = f64::INFINITY;

/// Where a view's three grids (input, kernel, output; (rows, columns) each) go under their
/// `titles`: side by side, or, in a room tall for its width (a phone held upright) where that
/// makes the cells clearly larger, the first two side by side and the third under them.
fn arrange(grids: [(i64, i64); 3], titles: &[String; 3], aspect: f64) -> Layout {
    let [(ir, ic), (kr, kc), (or, oc)] = grids;
    let top = MARGIN + TITLE;
    let kernel_x = next_column(MARGIN, ic, &titles[0]);
    let canvas_x = next_column(kernel_x, kc, &titles[1]);
    let row = Layout {
        input: (MARGIN, top),
        kernel: (kernel_x, top),
        canvas: (canvas_x, top),
        width: column_end(canvas_x, oc, &titles[2]) + MARGIN,
        height: top + ir.max(kr).max(or) as f64 * CELL + MARGIN + TITLE,
    };
    let below = top + ir.max(kr) as f64 * CELL + MARGIN + TITLE;
    let stacked = Layout {
        input: (MARGIN, top),
        kernel: (kernel_x, top),
        canvas: (MARGIN, below),
        width: column_end(kernel_x, kc, &titles[1]).max(column_end(MARGIN, oc, &titles[2])) + MARGIN,
        height: below + or as f64 * CELL + MARGIN + TITLE,
    };
    // The scale each arrangement is drawn at in the room, up to a common factor.
    let fit = |l: &Layout| (aspect / l.width).min(1.0 / l.height);
    if fit(&stacked) > fit(&row) * 1.2 {
        stacked
    } else {
        row
    }
}

/// The three grids' titles, each above its grid.
fn push_titles(scene: &mut Scene, l: &Layout, titles: [String; 3]) {
    for ((x, y), text) in [l.input, l.kernel, l.canvas].into_iter().zip(titles) {
        scene.labels.push(Label { x, y: y - TITLE + 18.0, text, anchor: Anchor::Start });
    }
}

/// The scatter view's grids under their `titles` (input, kernel, output canvas).
fn layout(axes: &[Axis], titles: &[String; 3], aspect: f64) -> Layout {
    let ranges: Vec<(i64, i64)> = axes.iter().map(canvas_range).collect();
    arrange(
        [
            grid(&axes.iter().map(|a| a.size_in).collect::<Vec<_>>()),
            grid(&axes.iter().map(|a| a.kernel_size).collect::<Vec<_>>()),
            grid(&ranges.iter().map(|(a, b)| b - a).collect::<Vec<_>>()),
        ],
        titles,
        aspect,
    )
}

/// The scatter view's titles: input, kernel (with its taps' spacing when dilated), output.
fn scatter_titles(axes: &[Axis]) -> [String; 3] {
    let sizes_in: Vec<i64> = axes.iter().map(|a| a.size_in).collect();
    let sizes_k: Vec<i64> = axes.iter().map(|a| a.kernel_size).collect();
    let spacing: Vec<String> = axes.iter().map(|a| a.dilation.to_string()).collect();
    let kernel = if axes.iter().any(|a| a.dilation != 1) {
        format!("kernel {} (taps {} apart)", size_text(&sizes_k), spacing.join("×"))
    } else {
        format!("kernel {}", size_text(&sizes_k))
    };
    let full: Vec<i64> = axes.iter().map(|a| a.full_len()).collect();
    let out: Vec<i64> = axes.iter().map(|a| a.size_out).collect();
    [
        format!("input {}", size_text(&sizes_in)),
        kernel,
        format!("output {} (full scatter {})", size_text(&out), size_text(&full)),
    ]
    .map(tr)
}

/// The per-axis position of a grid cell given as (row, column): 1-D grids use the column only.
fn position(two_d: bool, (r, c): (i64, i64)) -> Vec<i64> {
    if two_d {
        vec![r, c]
    } else {
        vec![c]
    }
}

/// A cell's name as hover texts write it: `(r, c)` in 2-D, `[i]` in 1-D.
fn cell_name(position: &[i64]) -> String {
    match position {
        [r, c] => format!("({r}, {c})"),
        [i] => format!("[{i}]"),
        // Not `{:?}`: Debug formatting would bring its machinery into the first module.
        _ => format!("({})", position.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")),
    }
}

/// Split a flat per-axis index (row-major) into (row, column).
fn rc(index: usize, cols: i64) -> (i64, i64) {
    (index as i64 / cols.max(1), index as i64 % cols.max(1))
}

/// The scatter view at `step` (0 = nothing stamped; `scatter_steps` = all), its caption included.
/// `input` and `kernel` are one channel each, row-major, the kernel as applied.
pub fn scatter_scene(axes: &[Axis], input: &[i64], kernel: &[i64], step: usize, numbers: bool) -> Scene {
    scatter_scene_worded(axes, input, kernel, step, numbers, Some(scatter_words), WIDE)
}

/// What a scatter step's caption is written from: the step and the canvas the picture drew.
pub struct Stamped<'a> {
    axes: &'a [Axis],
    input: &'a [i64],
    kernel: &'a [i64],
    /// The input cell stamping (row-major) and the step (`pixel + 1`).
    pixel: usize,
    step: usize,
    /// The flat canvas index where input cell `i`'s tap `k` lands.
    place: &'a dyn Fn((i64, i64), (i64, i64)) -> usize,
    sums: &'a [i64],
    reached: &'a [u32],
}

/// Writes the caption of a scatter step after the first (step 0's is short and always there).
pub type ScatterWords = fn(&Stamped) -> String;

/// A stamping step in words, and at the last step what the layer adds up to.
pub fn scatter_words(s: &Stamped) -> String {
    let stamp = stamp_caption(s.axes, s.input, s.kernel, (s.pixel, s.step), s.place, s.sums, s.reached);
    if s.step == scatter_steps(s.axes) {
        format!("{stamp} {}", caption::overlap_result(s.axes))
    } else {
        stamp
    }
}

/// The scatter view with the steps' captions written by `words`: the stage's first module draws
/// the picture and step 0's words, and loads the rest of the words when a step first needs them
/// (`None` until then: the caption stays empty for that moment). `aspect` is the room's (`WIDE`:
/// the grids in a row).
pub fn scatter_scene_worded(
    axes: &[Axis],
    input: &[i64],
    kernel: &[i64],
    step: usize,
    numbers: bool,
    words: Option<ScatterWords>,
    aspect: f64,
) -> Scene {
    if let Some(summary) = too_large(axes) {
        return Scene { summary: Some(summary), width: 800.0, height: 120.0, ..Scene::default() };
    }
    let titles = scatter_titles(axes);
    let l = layout(axes, &titles, aspect);
    let sizes_in: Vec<i64> = axes.iter().map(|a| a.size_in).collect();
    let sizes_k: Vec<i64> = axes.iter().map(|a| a.kernel_size).collect();
    let (_, ic) = grid(&sizes_in);
    let (_, kc) = grid(&sizes_k);
    let ranges: Vec<(i64, i64)> = axes.iter().map(canvas_range).collect();
    let steps = scatter_steps(axes);
    let step = step.min(steps);
    let active = step.checked_sub(1);
    let two_d = axes.len() == 2;

    // Running sums on the full canvas, and where the active stamp lands.
    let canvas_cols = if two_d { ranges[1].1 - ranges[1].0 } else { ranges[0].1 - ranges[0].0 };
    let canvas_rows = if two_d { ranges[0].1 - ranges[0].0 } else { 1 };
    let mut sums = vec![0i64; (canvas_rows * canvas_cols).max(0) as usize];
    // Contributions so far per canvas cell (0: not reached, or a hole at the last step).
    let mut reached = vec![0u32; sums.len()];
    let mut stamped = vec![false; sums.len()];
    // Flat canvas offsets: input cell i lands its tap k at i·stride + k·dilation on each axis.
    let (strides, dilations): (Vec<i64>, Vec<i64>) = axes.iter().map(|a| (a.stride, a.dilation)).unzip();
    let place = |i: (i64, i64), k: (i64, i64)| -> usize {
        let last = axes.len() - 1;
        let col = i.1 * strides[last] + k.1 * dilations[last] - ranges[last].0;
        let row = if two_d { i.0 * strides[0] + k.0 * dilations[0] - ranges[0].0 } else { 0 };
        (row * canvas_cols + col) as usize
    };
    for (pixel, value) in input.iter().enumerate().take(step) {
        let i = rc(pixel, ic);
        for (t, w) in kernel.iter().enumerate() {
            let index = place(i, rc(t, kc));
            sums[index] += value * w;
            reached[index] += 1;
            if Some(pixel) == active {
                stamped[index] = true;
            }
        }
    }

    let mut scene = Scene { width: l.width, height: l.height, ..Scene::default() };
    push_titles(&mut scene, &l, titles);

    for (index, value) in input.iter().enumerate().take(steps) {
        let (r, c) = rc(index, ic);
        let tone = match active {
            Some(a) if a == index => Tone::InputActive,
            _ if index < step => Tone::InputDone,
            _ => Tone::Input,
        };
        scene.cells.push(Cell {
            x: l.input.0 + c as f64 * CELL,
            y: l.input.1 + r as f64 * CELL,
            size: CELL,
            tone,
            place: Place::Input(r, c),
            number: numbers.then_some(*value),
            ring: tone == Tone::InputActive,
        });
    }
    for (index, value) in kernel.iter().enumerate() {
        let (r, c) = rc(index, kc);
        scene.cells.push(Cell {
            x: l.kernel.0 + c as f64 * CELL,
            y: l.kernel.1 + r as f64 * CELL,
            size: CELL,
            tone: Tone::Kernel,
            place: Place::Kernel(r, c),
            number: numbers.then_some(*value),
            ring: active.is_some(),
        });
    }
    let fates = axis_fates(axes, &ranges);
    for index in 0..sums.len() {
        let (r, c) = rc(index, canvas_cols);
        let pos = if two_d { [r + ranges[0].0, c + ranges[1].0] } else { [c + ranges[0].0, 0] };
        let cell_fates = if two_d { [fates[0][r as usize], fates[1][c as usize]] } else { [fates[0][c as usize]; 2] };
        // Once every input has stamped, an output cell nothing reached is a hole, crossed as in
        // the overlap view (before that it is only not reached yet).
        let hole = step == steps && reached[index] == 0;
        let tone = match combine(&cell_fates) {
            CellFate::Kept | CellFate::Readded if hole => Tone::Hole,
            CellFate::Kept => Tone::Output,
            CellFate::Readded => Tone::Readded,
            CellFate::AddedZero => Tone::AddedZero,
            CellFate::CroppedBefore | CellFate::CroppedAfter => Tone::Cropped,
        };
        let (pr, pc) = if two_d { (pos[0], pos[1]) } else { (0, pos[0]) };
        scene.cells.push(Cell {
            x: l.canvas.0 + c as f64 * CELL,
            y: l.canvas.1 + r as f64 * CELL,
            size: CELL,
            tone,
            place: Place::Canvas(pr, pc),
            number: (numbers && reached[index] > 0).then_some(sums[index]),
            ring: stamped[index],
        });
    }
    scene.frames.push(window_frame(axes, &l, &ranges));
    scene.caption = match (active, words) {
        (None, _) => caption::scatter_start(axes),
        (Some(pixel), Some(words)) => {
            words(&Stamped { axes, input, kernel, pixel, step, place: &place, sums: &sums, reached: &reached })
        }
        (Some(_), None) => String::new(),
    };
    scene
}

/// The words for the scatter step that stamps input cell `pixel` (the `step`-th), from the
/// canvas the picture shows: where the stamp lands, and the stamped output cell with the most
/// contributions so far (the first of them in row-major order), its sum written out.
fn stamp_caption(
    axes: &[Axis],
    input: &[i64],
    kernel: &[i64],
    (pixel, step): (usize, usize),
    place: &dyn Fn((i64, i64), (i64, i64)) -> usize,
    sums: &[i64],
    reached: &[u32],
) -> String {
    let two_d = axes.len() == 2;
    let (_, ic) = grid(&axes.iter().map(|a| a.size_in).collect::<Vec<_>>());
    let (_, kc) = grid(&axes.iter().map(|a| a.kernel_size).collect::<Vec<_>>());
    let i = rc(pixel, ic);
    let cell = position(two_d, i);
    // Per axis, the output cells (output coordinates) the stamp's taps land on.
    let mut landed = Vec::new();
    for (a, axis) in axes.iter().enumerate() {
        let start = Window::of(axis).start;
        let inside: Vec<i64> = (0..axis.kernel_size)
            .map(|k| cell[a] * axis.stride + k * axis.dilation - start)
            .filter(|o| (0..axis.size_out).contains(o))
            .collect();
        if let (Some(&first), Some(&last)) = (inside.first(), inside.last()) {
            landed.push((caption::Span { first, last, every: axis.dilation }, inside.len()));
        }
    }
    let taps = kernel.len();
    let kept: usize = landed.iter().map(|(_, n)| n).product();
    if landed.len() < axes.len() {
        return caption::scatter_step(&cell, input[pixel], None, taps, taps, None);
    }
    // The stamped output cell with the most contributions so far.
    let mut best: Option<(usize, Vec<i64>)> = None;
    for t in 0..taps {
        let k = position(two_d, rc(t, kc));
        let out: Vec<i64> = (0..axes.len())
            .map(|a| cell[a] * axes[a].stride + k[a] * axes[a].dilation - Window::of(&axes[a]).start)
            .collect();
        if !out.iter().zip(axes).all(|(o, a)| (0..a.size_out).contains(o)) {
            continue;
        }
        let index = place(i, rc(t, kc));
        if best.as_ref().is_none_or(|(b, _)| reached[index] > reached[*b]) {
            best = Some((index, out));
        }
    }
    let Some((index, out)) = best else { return String::new() };
    let mut addends = Vec::new();
    for (p, value) in input.iter().enumerate().take(step) {
        for (t, w) in kernel.iter().enumerate() {
            if place(rc(p, ic), rc(t, kc)) == index {
                addends.push(value * w);
            }
        }
    }
    let spans: Vec<caption::Span> = landed.iter().map(|(s, _)| *s).collect();
    let holds = caption::Holds { cell: &out, sum: sums[index], addends: &addends, noun: "stamps" };
    caption::scatter_step(&cell, input[pixel], Some(&spans), taps - kept, taps, Some(holds))
}

/// The outline of the output window on the canvas.
fn window_frame(axes: &[Axis], l: &Layout, ranges: &[(i64, i64)]) -> Frame {
    let windows: Vec<Window> = axes.iter().map(Window::of).collect();
    let (row_start, rows) =
        if axes.len() == 2 { (windows[0].start - ranges[0].0, windows[0].size_out) } else { (0, 1) };
    let col_axis = axes.len() - 1;
    let col_start = windows[col_axis].start - ranges[col_axis].0;
    Frame {
        x: l.canvas.0 + col_start as f64 * CELL,
        y: l.canvas.1 + row_start as f64 * CELL,
        w: windows[col_axis].size_out as f64 * CELL,
        h: rows as f64 * CELL,
    }
}

/// The overlap view: how many (input, tap) pairs reach each canvas cell; holes marked.
pub fn overlap_scene(axes: &[Axis]) -> Scene {
    if let Some(summary) = too_large(axes) {
        return Scene { summary: Some(summary), width: 800.0, height: 120.0, ..Scene::default() };
    }
    let counts = canvas_overlap(axes);
    let ranges: Vec<(i64, i64)> = axes.iter().map(canvas_range).collect();
    let two_d = axes.len() == 2;
    let cols = if two_d { ranges[1].1 - ranges[1].0 } else { ranges[0].1 - ranges[0].0 };
    let rows = if two_d { ranges[0].1 - ranges[0].0 } else { 1 };
    let origin = (MARGIN, MARGIN + TITLE);
    let title = "contributions per output cell (full scatter; outline = output)";
    // The grid and room beside it, or the title where that is wider (narrow grids).
    let mut scene = Scene {
        width: (origin.0 + cols as f64 * CELL + 160.0).max(column_end(origin.0, cols, title)) + MARGIN,
        height: origin.1 + rows as f64 * CELL + MARGIN + TITLE,
        ..Scene::default()
    };
    scene.labels.push(Label { x: origin.0, y: MARGIN + 18.0, text: title.to_string(), anchor: Anchor::Start });
    let full_cols = counts.shape.last().copied().unwrap_or(0) as i64;
    for r in 0..rows {
        for c in 0..cols {
            let pos = if two_d { vec![r + ranges[0].0, c + ranges[1].0] } else { vec![c + ranges[0].0] };
            let inside = pos.iter().zip(axes).all(|(&p, a)| (0..a.full_len()).contains(&p));
            let count = if inside {
                let flat = if two_d { pos[0] * full_cols + pos[1] } else { pos[0] };
                counts.values[flat as usize]
            } else {
                0
            };
            let tone = match fate(axes, &pos) {
                CellFate::CroppedBefore | CellFate::CroppedAfter => Tone::Cropped,
                _ if count == 0 => Tone::Hole,
                _ => Tone::Heat(count.clamp(1, 6) as u8),
            };
            let (pr, pc) = if two_d { (pos[0], pos[1]) } else { (0, pos[0]) };
            scene.cells.push(Cell {
                x: origin.0 + c as f64 * CELL,
                y: origin.1 + r as f64 * CELL,
                size: CELL,
                tone,
                place: Place::Canvas(pr, pc),
                number: (count > 0).then_some(i64::from(count)),
                ring: false,
            });
        }
    }
    let l = Layout { input: origin, kernel: origin, canvas: origin, width: scene.width, height: scene.height };
    scene.frames.push(window_frame(axes, &l, &ranges));
    // Legend: one swatch per count present (0 = hole), under the grid.
    let legend_y = origin.1 + rows as f64 * CELL + 14.0;
    scene.labels.push(Label { x: origin.0, y: legend_y + CELL / 2.0, text: "count:".into(), anchor: Anchor::Start });
    for (i, level) in counts.levels().into_iter().enumerate() {
        scene.cells.push(Cell {
            x: origin.0 + 60.0 + i as f64 * (CELL + 8.0),
            y: legend_y,
            size: CELL,
            tone: if level == 0 { Tone::Hole } else { Tone::Heat(level.clamp(1, 6) as u8) },
            place: Place::Legend(level),
            number: (level > 0).then_some(i64::from(level)),
            ring: false,
        });
    }
    scene.height += CELL + 14.0;
    scene.caption = caption::overlap_result(axes);
    scene
}

/// What a hovered cell means at `step`: where an input cell goes, or what an output cell sums.
pub fn explain(axes: &[Axis], input: &[i64], kernel: &[i64], mode: PaddingMode, step: usize, place: Place) -> String {
    let two_d = axes.len() == 2;
    let (_, ic) = grid(&axes.iter().map(|a| a.size_in).collect::<Vec<_>>());
    let (_, kc) = grid(&axes.iter().map(|a| a.kernel_size).collect::<Vec<_>>());
    let to_axes = |cell: (i64, i64)| position(two_d, cell);
    let name = |cell: (i64, i64)| cell_name(&position(two_d, cell));
    match place {
        Place::Input(r, c) => {
            let index = (r * ic + c) as usize;
            let i = to_axes((r, c));
            let landing: Vec<String> = (0..kernel.len())
                .filter_map(|t| {
                    let k = to_axes(rc(t, kc));
                    let out: Option<Vec<i64>> = (0..axes.len()).map(|a| axes[a].scatter(i[a], k[a])).collect();
                    out.map(|o| cell_name(&o))
                })
                .collect();
            format!(
                "input {} = {} stamps the kernel × {} onto {} output cells: {}",
                name((r, c)),
                number(input[index]),
                number(input[index]),
                landing.len(),
                landing.join(" ")
            )
        }
        Place::Kernel(r, c) => {
            format!("kernel tap {} = {} (as applied)", name((r, c)), number(kernel[(r * kc + c) as usize]))
        }
        Place::Legend(0) => "a hole: no (input, tap) pair reaches this cell".to_string(),
        Place::Legend(n) => format!("{n} (input, tap) pair{} reach this cell", if n == 1 { "" } else { "s" }),
        Place::Padded(r, c) => gather::explain_padded(axes, input, (r, c)),
        Place::Output(r, c) => gather::explain_output(axes, input, kernel, (r, c)),
        Place::Entry(entry) => matrix::explain_entry(axes, kernel, entry),
        Place::ConvInput(..) | Place::ConvOutput(..) => conv::explain_conv(axes, input, kernel, mode, place),
        Place::Canvas(r, c) => {
            let target = to_axes((r, c));
            let mut terms = Vec::new();
            let mut sum = 0i64;
            for (pixel, value) in input.iter().enumerate().take(step) {
                let i = to_axes(rc(pixel, ic));
                for (t, w) in kernel.iter().enumerate() {
                    let k = to_axes(rc(t, kc));
                    let hit = (0..axes.len()).all(|a| i[a] * axes[a].stride + k[a] * axes[a].dilation == target[a]);
                    if hit {
                        terms.push(format!("{}·{}", number(*value), number(*w)));
                        sum += value * w;
                    }
                }
            }
            let where_ = match fate(axes, &target) {
                CellFate::Kept => {
                    let out: Vec<i64> = target.iter().zip(axes).map(|(p, a)| p - a.pad_before).collect();
                    format!("output {}", cell_name(&out))
                }
                CellFate::Readded => "re-added by output_padding".to_string(),
                CellFate::AddedZero => "added as zero past the scatter".to_string(),
                _ => "cropped by padding".to_string(),
            };
            if terms.is_empty() {
                format!(
                    "canvas {} ({where_}): nothing has landed here{}",
                    name((r, c)),
                    if step >= input.len() { " — a hole" } else { " yet" }
                )
            } else {
                format!("canvas {} ({where_}) = {} = {}", name((r, c)), terms.join(" + "), number(sum))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::geometry::axis::{AxisSpec, Op};

    /// In a wide room the scatter grids stand in a row; in an upright one (a phone) the output
    /// goes under the input and the kernel, drawn larger than the row would be; the exports' WIDE
    /// is a row.
    #[test]
    fn an_upright_room_stacks_the_grids_where_that_draws_them_larger() {
        let axes = default_axes();
        let (x, w) = ([1; 9], [1; 9]);
        let build = |aspect| scatter_scene_worded(&axes, &x, &w, 0, true, None, aspect);
        let fit = |s: &Scene, aspect: f64| (aspect / s.width).min(1.0 / s.height);
        let canvas_top = |s: &Scene| {
            s.cells.iter().filter(|c| matches!(c.place, Place::Canvas(..))).map(|c| c.y).fold(f64::MAX, f64::min)
        };
        let input_bottom = |s: &Scene| {
            s.cells.iter().filter(|c| matches!(c.place, Place::Input(..))).map(|c| c.y + c.size).fold(0.0, f64::max)
        };
        for aspect in [WIDE, 1.75, 1.4] {
            let row = build(aspect);
            assert!(canvas_top(&row) < input_bottom(&row), "aspect {aspect}: not a row");
        }
        let (row, upright) = (build(WIDE), build(0.6));
        assert!(canvas_top(&upright) > input_bottom(&upright), "not stacked");
        assert!(fit(&upright, 0.6) > fit(&row, 0.6) * 1.5, "stacked is not drawn larger");
        // The titles keep above their grids.
        let output_title = upright.labels.iter().find(|l| l.text.starts_with("output")).unwrap();
        assert!(output_title.y < canvas_top(&upright) && output_title.y > input_bottom(&upright));
    }

    /// The default example's axes: 3×3, kernel 3, stride 2, padding 1, output_padding 1 → 6×6.
    pub(super) fn default_axes() -> Vec<Axis> {
        let axis = AxisSpec {
            size_in: 3,
            kernel_size: 3,
            stride: 2,
            dilation: 1,
            pad_before: 1,
            pad_after: 1,
            output_padding: 1,
        }
        .resolve(Op::ConvTranspose)
        .unwrap();
        vec![axis, axis]
    }

    fn canvas_cell(scene: &Scene, r: i64, c: i64) -> &Cell {
        scene.cells.iter().find(|cell| cell.place == Place::Canvas(r, c)).unwrap()
    }

    #[test]
    fn at_step_one_the_first_pixel_stamps_nine_cells() {
        let axes = default_axes();
        let x: Vec<i64> = (1..=9).map(|v| v as i64).collect();
        let scene = scatter_scene(&axes, &x, &[1; 9], 1, true);
        let ringed: Vec<&Cell> =
            scene.cells.iter().filter(|c| c.ring && matches!(c.place, Place::Canvas(..))).collect();
        assert_eq!(ringed.len(), 9);
        assert!(ringed.iter().all(|c| c.number == Some(1)));
        assert_eq!(scene.cells.iter().filter(|c| c.tone == Tone::InputActive).count(), 1);
        // Row and column 0 of the full canvas are cropped by padding=1.
        assert_eq!(canvas_cell(&scene, 0, 0).tone, Tone::Cropped);
        assert_eq!(canvas_cell(&scene, 1, 1).tone, Tone::Output);
    }

    #[test]
    fn at_the_end_sums_match_the_overlap_and_output_padding_readds_a_row() {
        let axes = default_axes();
        let scene = scatter_scene(&axes, &[1; 9], &[1; 9], scatter_steps(&axes), true);
        // Canvas (2,2) is reached by 4 stamps; (6,6) is the cell output_padding gives back.
        assert_eq!(canvas_cell(&scene, 2, 2).number, Some(4));
        assert_eq!(canvas_cell(&scene, 6, 6).tone, Tone::Readded);
        assert_eq!(canvas_cell(&scene, 6, 0).tone, Tone::Cropped);
        assert_eq!(scene.frames.len(), 1);
        assert_eq!((scene.frames[0].w, scene.frames[0].h), (6.0 * CELL, 6.0 * CELL));
    }

    /// Holes are crossed in the scatter view too, once every input has stamped (k2 s3: canvas
    /// cells 2 and 5 of 0..8 no tap reaches); before the last step they are only not reached yet.
    #[test]
    fn unreached_output_cells_become_holes_at_the_last_step() {
        let axis = AxisSpec {
            size_in: 3,
            kernel_size: 2,
            stride: 3,
            dilation: 1,
            pad_before: 0,
            pad_after: 0,
            output_padding: 1,
        }
        .resolve(Op::ConvTranspose)
        .unwrap();
        let tones = |step| {
            let scene = scatter_scene(&[axis], &[1, 2, 3], &[3, 2], step, true);
            (0..9).map(|c| canvas_cell(&scene, 0, c).tone).collect::<Vec<_>>()
        };
        let (o, h) = (Tone::Output, Tone::Hole);
        assert_eq!(tones(3), vec![o, o, h, o, o, h, o, o, Tone::AddedZero]);
        assert_eq!(tones(2), vec![o; 8].into_iter().chain([Tone::AddedZero]).collect::<Vec<_>>());
    }

    #[test]
    fn hover_explains_sums() {
        let axes = default_axes();
        let x: Vec<i64> = (1..=9).map(|v| v as i64).collect();
        let text = explain(&axes, &x, &[1; 9], PaddingMode::Zeros, 9, Place::Canvas(2, 2));
        assert_eq!(text, "canvas (2, 2) (output (1, 1)) = 1·1 + 2·1 + 4·1 + 5·1 = 12");
        let text = explain(&axes, &x, &[1; 9], PaddingMode::Zeros, 9, Place::Input(0, 0));
        assert!(text.starts_with("input (0, 0) = 1 stamps the kernel × 1 onto 4 output cells"), "{text}");
    }

    #[test]
    fn holes_and_added_zeros() {
        let axis = AxisSpec {
            size_in: 3,
            kernel_size: 2,
            stride: 3,
            dilation: 1,
            pad_before: 0,
            pad_after: 0,
            output_padding: 1,
        }
        .resolve(Op::ConvTranspose)
        .unwrap();
        let scene = overlap_scene(&[axis]);
        let tones: Vec<Tone> =
            scene.cells.iter().filter(|c| matches!(c.place, Place::Canvas(..))).map(|c| c.tone).collect();
        assert_eq!(tones.iter().filter(|t| **t == Tone::Hole).count(), 3, "{tones:?}");
        // The legend lists each count present: 0 (hole) and 1.
        let legend: Vec<Place> =
            scene.cells.iter().filter(|c| matches!(c.place, Place::Legend(_))).map(|c| c.place).collect();
        assert_eq!(legend, vec![Place::Legend(0), Place::Legend(1)]);
    }

    #[test]
    fn conv1d_dilation_two_by_hand() {
        // nn.Conv1d kernel 3, dilation 2 on [1..8]: output 0 reads cells 0, 2, 4.
        let axis = AxisSpec {
            size_in: 8,
            kernel_size: 3,
            stride: 1,
            dilation: 2,
            pad_before: 0,
            pad_after: 0,
            output_padding: 0,
        }
        .resolve(Op::Conv)
        .unwrap();
        let x: Vec<i64> = (1..=8).map(|v| v as i64).collect();
        let scene = conv_scene(&[axis], &x, &[1; 3], PaddingMode::Zeros, 1, true, WIDE);
        let read: Vec<&Cell> = scene.cells.iter().filter(|c| c.ring && c.tone == Tone::Input).collect();
        assert_eq!(read.iter().map(|c| c.number.unwrap()).collect::<Vec<_>>(), vec![1, 3, 5]);
        let out: Vec<&Cell> = scene.cells.iter().filter(|c| c.tone == Tone::InputActive).collect();
        assert_eq!(out[0].number, Some(9));
        assert_eq!(conv_steps(&[axis]), 4);
        let hover = explain(&[axis], &x, &[1; 3], PaddingMode::Zeros, 1, out[0].place);
        assert_eq!(hover, "output [0] = x[0]·1 + x[2]·1 + x[4]·1 = 9");
    }

    #[test]
    fn huge_problems_get_a_summary() {
        let axis = AxisSpec {
            size_in: 400,
            kernel_size: 3,
            stride: 2,
            dilation: 1,
            pad_before: 0,
            pad_after: 0,
            output_padding: 0,
        }
        .resolve(Op::ConvTranspose)
        .unwrap();
        let scene = scatter_scene(&[axis, axis], &vec![1; 160_000], &[1; 9], 0, true);
        assert!(scene.summary.is_some() && scene.cells.is_empty());
        assert_eq!(scatter_steps(&[axis, axis]), 0, "nothing to step through");
    }

    /// A 1-D row of 1 500 inputs and taps once drew a canvas 240 000 units wide: shrunk to the
    /// stage it was under a pixel tall, so nothing showed. A side past 128 cells gets the summary.
    #[test]
    fn long_rows_get_a_summary_too() {
        let row = |n| {
            AxisSpec {
                size_in: n,
                kernel_size: n,
                stride: 1,
                dilation: 1,
                pad_before: 0,
                pad_after: 0,
                output_padding: 0,
            }
            .resolve(Op::ConvTranspose)
            .unwrap()
        };
        assert!(scatter_scene(&[row(1500)], &[], &[], 0, true).summary.is_some());
        assert!(overlap_scene(&[row(1500)]).summary.is_some());
        assert!(gather_scene(&[row(1500)], &[], &[], 0, true, WIDE).summary.is_some());
        // 64 inputs and taps: a 127-cell canvas, drawn.
        let drawn = scatter_scene(&[row(64)], &[1; 64], &[1; 64], 0, true);
        assert!(drawn.summary.is_none() && !drawn.cells.is_empty());
        assert_eq!(scatter_steps(&[row(64)]), 64);
        // A 2-D grid 1 × 2000 is as thin: also a summary, though its 2 000 cells are few.
        let one = row(1);
        assert!(scatter_scene(&[one, row(1000)], &[], &[], 0, true).summary.is_some());
    }

    /// Sizes beyond 32 bits: on wasm32 `as usize` wraps 2^32 + 3 to 3, and the app once tried to
    /// draw such a layer from three input values (and panicked). Every view counts exactly.
    #[test]
    fn sizes_beyond_32_bits_are_too_large_in_every_view() {
        let spec = |size_in, kernel_size, pad| AxisSpec {
            size_in,
            kernel_size,
            stride: 1,
            dilation: 1,
            pad_before: pad,
            pad_after: pad,
            output_padding: 0,
        };
        let wide = spec((1 << 32) + 3, 3, 0).resolve(Op::ConvTranspose).unwrap();
        assert_eq!(cell_count([wide.size_in]), (1 << 32) + 3);
        assert!(!drawable([wide.size_in]));
        for scene in [
            scatter_scene(&[wide], &[], &[], 1, true),
            overlap_scene(&[wide]),
            gather_scene(&[wide], &[], &[], 1, true, WIDE),
            matrix_scene(&[wide], &[], &[], 1, true),
        ] {
            assert!(scene.summary.is_some() && scene.cells.is_empty());
        }
        assert_eq!((scatter_steps(&[wide]), gather_steps(&[wide]), matrix_steps(&[wide])), (0, 0, 0));
        // Counts past u64 saturate for deciding, and the words still give them exactly: 2^66 rows.
        let side = spec(1 << 33, 3, 0).resolve(Op::ConvTranspose).unwrap();
        assert_eq!(cell_count([side.size_in, side.size_in]), u64::MAX);
        let summary = matrix_scene(&[side, side], &[], &[], 1, true).summary.unwrap();
        assert!(summary.starts_with("C would be 73786976294838206464 × "), "{summary}");
        let forward = spec((1 << 32) + 3, 3, 0).resolve(Op::Conv).unwrap();
        assert!(conv_scene(&[forward], &[], &[], PaddingMode::Zeros, 1, true, WIDE).summary.is_some());
        assert_eq!(conv_steps(&[forward]), 0);
        // A kernel of ~10^9 taps cropped by padding to a 3-cell output: C would be 1 × 3, but its
        // taps are too many to place; the matrix view says so instead of visiting them.
        let cropped = spec(1, 999_999_999, 499_999_998).resolve(Op::ConvTranspose).unwrap();
        assert_eq!(cropped.size_out, 3);
        let summary = matrix_scene(&[cropped], &[1], &[], 1, true).summary.unwrap();
        assert!(summary.contains("999999999 taps"), "{summary}");
        assert_eq!(matrix_steps(&[cropped]), 0);
    }
}
