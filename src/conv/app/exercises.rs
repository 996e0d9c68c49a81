//! Exercises (Contract 2 `mode=practice`, `seed=`): eight questions drawn from a seed, so everyone
//! who opens one link gets the same ones. Each question is a one-channel `nn.ConvTranspose2d` on
//! a small input, resolved by the app's own PyTorch rules; its answer is read off that layer's
//! axes (the ones the stage draws), and checking an answer explains it in the layer's numbers.
//! The stage then shows the layer, at the view and step that show the answer.

use crate::conv::app::query::{AppState, Mode, Padding, View};
use crate::conv::dialects::{pytorch, resolve_pytorch};
use crate::conv::geometry::axis::Axis;

/// Questions per seed: each kind twice.
pub const QUESTIONS: usize = 8;

/// What a question asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The output's height × width.
    OutputSize,
    /// The output cells no input reaches.
    Holes,
    /// The input cells that reach one output cell.
    Reach,
    /// The `output_padding` that gives a target size.
    OutputPadding,
}

const ORDER: [Kind; 4] = [Kind::OutputSize, Kind::Holes, Kind::Reach, Kind::OutputPadding];

/// A cell of a 2-D grid: (row, column).
pub type Cell = (i64, i64);

/// One question, with everything needed to check and explain it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    pub kind: Kind,
    /// The layer as the app's state (PyTorch, one channel) at the view and step that show the
    /// answer; for an `output_padding` question, with the answer filled in.
    pub state: AppState,
    /// The layer as PyTorch code; for an `output_padding` question, without it.
    pub code: String,
    /// The input's shape, N×C×H×W.
    pub input_shape: Vec<i64>,
    /// The layer's two axes (height, width), as resolved.
    pub axes: Vec<Axis>,
    /// A reach question's output cell.
    pub cell: Option<Cell>,
    /// An `output_padding` question's target size.
    pub target: Option<Vec<i64>>,
}

/// A student's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// Height and width.
    Size(Vec<i64>),
    /// The cells selected (output cells for holes, input cells for reach), in any order.
    Cells(Vec<Cell>),
    /// An `output_padding` (the same on both sides).
    Number(i64),
}

/// An answer checked: right or not, and why, one sentence a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    pub right: bool,
    pub lines: Vec<String>,
}

/// A small deterministic generator (SplitMix64): the same seed gives the same questions on every
/// machine and in every browser.
pub struct Draw(u64);

impl Draw {
    pub fn new(seed: u64, question: usize) -> Draw {
        Draw(seed ^ (question as u64 + 1).wrapping_mul(0xD1B5_4A32_D192_ED03))
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A whole number in `low..=high`.
    fn pick(&mut self, low: i64, high: i64) -> i64 {
        low + (self.next() % (high - low + 1) as u64) as i64
    }

    /// True about once in `n` draws.
    fn one_in(&mut self, n: u64) -> bool {
        self.next().is_multiple_of(n)
    }
}

/// The layer's numbers, per axis (height, width).
#[derive(Debug, Clone, PartialEq)]
struct Numbers {
    size_in: Vec<i64>,
    kernel: Vec<i64>,
    stride: Vec<i64>,
    dilation: Vec<i64>,
    padding: Vec<i64>,
    output_padding: Vec<i64>,
}

impl Numbers {
    /// The app's state for these numbers (a plain PyTorch module, one channel in and out).
    fn state(&self) -> AppState {
        AppState {
            size_in: self.size_in.clone(),
            kernel: self.kernel.clone(),
            stride: self.stride.clone(),
            dilation: self.dilation.clone(),
            padding: Padding::Amounts(self.padding.clone()),
            output_padding: Some(self.output_padding.clone()),
            ..AppState::default()
        }
    }

    /// The two axes as the app's PyTorch rules resolve them, when they accept the layer.
    fn axes(&self) -> Option<Vec<Axis>> {
        let state = self.state();
        resolve_pytorch(&pytorch::request(&state.settings())).ok().map(|layer| layer.axes)
    }
}

/// The question at `index` (0…QUESTIONS−1) for `seed`.
pub fn exercise(seed: u64, index: usize) -> Exercise {
    let kind = ORDER[index % ORDER.len()];
    let mut draw = Draw::new(seed, index);
    // A few draws fall outside what the question wants (no output, too large to click through,
    // no hole to find); the next draw is taken. Over 1.6 million seeds and questions none needed
    // more than 10 draws; after 64, a fixed layer made for the kind is asked instead.
    for _ in 0..64 {
        let numbers = numbers_for(kind, &mut draw);
        let Some(axes) = numbers.axes() else { continue };
        if let Some(exercise) = build(kind, numbers, axes, &mut draw) {
            return exercise;
        }
    }
    fallback(kind, &mut draw)
}

/// The question asked when no draw suits: for holes, a stride past a one-tap kernel (2×2 → 3×3
/// with a row and a column of holes); for the rest, the app's default layer (3×3 → 6×6).
pub fn fallback(kind: Kind, draw: &mut Draw) -> Exercise {
    let both = |x: i64| vec![x, x];
    let numbers = match kind {
        Kind::Holes => Numbers {
            size_in: both(2),
            kernel: both(1),
            stride: both(2),
            dilation: both(1),
            padding: both(0),
            output_padding: both(0),
        },
        _ => Numbers {
            size_in: both(3),
            kernel: both(3),
            stride: both(2),
            dilation: both(1),
            padding: both(1),
            output_padding: both(1),
        },
    };
    let axes = numbers.axes().unwrap_or_default();
    // Both layers suit their kinds, whatever cell a reach question picks: one has holes, the
    // other none (tests/exercises.rs asks each kind of it).
    build(kind, numbers, axes, draw).unwrap_or_else(|| std::process::abort())
}

/// All of a seed's questions.
pub fn exercises(seed: u64) -> Vec<Exercise> {
    (0..QUESTIONS).map(|i| exercise(seed, i)).collect()
}

/// Draw a layer's numbers for a kind of question: small enough to work out by hand and to click
/// through, varied enough that the formula (not a habit) gives the answer.
fn numbers_for(kind: Kind, draw: &mut Draw) -> Numbers {
    let n = draw.pick(2, 4);
    let square = !draw.one_in(4);
    let size_in = if square { vec![n, n] } else { vec![n, draw.pick(2, 4)] };
    let (k, s, d) = match kind {
        // Holes come from a stride larger than the kernel's reach, or from a dilation.
        Kind::Holes => {
            if draw.one_in(3) {
                (draw.pick(2, 3), draw.pick(1, 3), 2)
            } else {
                let s = draw.pick(2, 3);
                (draw.pick(1, s - 1), s, 1)
            }
        }
        Kind::OutputPadding => (draw.pick(2, 4), draw.pick(2, 3), 1),
        // A kernel of one tap would make the answer one cell.
        Kind::Reach => (draw.pick(2, 4), draw.pick(1, 3), if draw.one_in(5) { 2 } else { 1 }),
        Kind::OutputSize => (draw.pick(1, 4), draw.pick(1, 3), if draw.one_in(5) { 2 } else { 1 }),
    };
    // Stride may differ between the sides in a size question (the formula holds per side).
    let stride = if kind == Kind::OutputSize && draw.one_in(4) { vec![s, draw.pick(1, 3)] } else { vec![s, s] };
    let p = draw.pick(0, (d * (k - 1)).min(2));
    // PyTorch accepts, on each side, an output_padding below max(stride, dilation).
    let most_output_padding = stride.iter().map(|&s| s.max(d)).min().unwrap_or(1) - 1;
    let output_padding = match kind {
        Kind::OutputSize if draw.one_in(2) => draw.pick(0, most_output_padding),
        Kind::OutputPadding => draw.pick(0, most_output_padding),
        _ => 0,
    };
    let both = |x: i64| vec![x, x];
    Numbers {
        size_in,
        kernel: both(k),
        stride,
        dilation: both(d),
        padding: both(p),
        output_padding: both(output_padding),
    }
}

/// The largest output side a question draws (cells to click stay few).
const MOST_OUT: i64 = 10;

/// The question for drawn numbers, or `None` when they do not suit the kind.
fn build(kind: Kind, numbers: Numbers, axes: Vec<Axis>, draw: &mut Draw) -> Option<Exercise> {
    let out: Vec<i64> = axes.iter().map(|a| a.size_out).collect();
    if axes.len() != 2 || out.iter().any(|&o| !(2..=MOST_OUT).contains(&o)) {
        return None;
    }
    let mut state = numbers.state();
    // The scatter view's last step: every input cell has stamped its kernel.
    let every_input = (numbers.size_in[0] * numbers.size_in[1]) as usize;
    let mut cell = None;
    let mut target = None;
    match kind {
        Kind::OutputSize | Kind::OutputPadding => {
            state.step = every_input;
            if kind == Kind::OutputPadding {
                target = Some(out.clone());
            }
        }
        Kind::Holes => {
            if holes(&axes).is_empty() {
                return None;
            }
            state.step = every_input;
        }
        Kind::Reach => {
            let chosen = (draw.pick(0, out[0] - 1), draw.pick(0, out[1] - 1));
            // A hole now and then (nothing reaches it), but mostly cells with something to find.
            if reaching(&axes, chosen).is_empty() && !draw.one_in(4) {
                return None;
            }
            cell = Some(chosen);
            state.view = View::Gather;
            state.step = (chosen.0 * out[1] + chosen.1 + 1) as usize;
        }
    }
    // The code a question shows: an output_padding question hides the answer.
    let shown =
        if kind == Kind::OutputPadding { AppState { output_padding: None, ..state.clone() } } else { state.clone() };
    let code = pytorch::code_line(&shown.settings());
    let input_shape = vec![1, 1, numbers.size_in[0], numbers.size_in[1]];
    Some(Exercise { kind, state, code, input_shape, axes, cell, target })
}

/// The cells along one axis that some (input, tap) pair reaches.
fn reached(axis: &Axis) -> Vec<bool> {
    let mut hit = vec![false; axis.size_out.max(0) as usize];
    for i in 0..axis.size_in {
        for k in 0..axis.kernel_size {
            if let Some(o) = axis.scatter(i, k) {
                hit[o as usize] = true;
            }
        }
    }
    hit
}

/// The output cells no input reaches (row-major): a cell is reached only if its row and its
/// column both are.
pub fn holes(axes: &[Axis]) -> Vec<Cell> {
    let (rows, cols) = (reached(&axes[0]), reached(&axes[1]));
    let mut out = Vec::new();
    for (r, row_hit) in rows.iter().enumerate() {
        for (c, col_hit) in cols.iter().enumerate() {
            if !(row_hit & col_hit) {
                out.push((r as i64, c as i64));
            }
        }
    }
    out
}

/// The (input cell, tap) pairs whose product lands on output `cell`, by input cell (row-major).
pub fn reaching(axes: &[Axis], cell: Cell) -> Vec<(Cell, Cell)> {
    let along = |axis: &Axis, o: i64| -> Vec<(i64, i64)> {
        (0..axis.size_in)
            .flat_map(|i| (0..axis.kernel_size).map(move |k| (i, k)))
            .filter(|&(i, k)| axis.scatter(i, k) == Some(o))
            .collect()
    };
    let (rows, cols) = (along(&axes[0], cell.0), along(&axes[1], cell.1));
    let mut out = Vec::new();
    for &(i, ki) in &rows {
        for &(j, kj) in &cols {
            out.push(((i, j), (ki, kj)));
        }
    }
    out
}

impl Exercise {
    /// The question, in words (the code and the input shape are shown beside it).
    pub fn question(&self) -> String {
        match self.kind {
            Kind::OutputSize => "What is the output's height × width?".to_string(),
            Kind::Holes => {
                "Which output cells are holes, reached by no input? Select each one (or none, if there are none)."
                    .to_string()
            }
            Kind::Reach => format!(
                "Which input cells add to output cell {}? Select each one (or none, if none does).",
                cell_text(self.cell.unwrap_or_default())
            ),
            Kind::OutputPadding => {
                format!(
                    "Which output_padding makes the output {}?",
                    size_text(self.target.as_deref().unwrap_or_default())
                )
            }
        }
    }

    /// The output's height and width.
    pub fn size_out(&self) -> Vec<i64> {
        self.axes.iter().map(|a| a.size_out).collect()
    }

    /// The right answer.
    pub fn answer(&self) -> Answer {
        match self.kind {
            Kind::OutputSize => Answer::Size(self.size_out()),
            Kind::Holes => Answer::Cells(holes(&self.axes)),
            Kind::Reach => Answer::Cells(self.reaching().into_iter().map(|(input, _)| input).collect()),
            Kind::OutputPadding => Answer::Number(self.axes[0].output_padding),
        }
    }

    fn reaching(&self) -> Vec<(Cell, Cell)> {
        reaching(&self.axes, self.cell.unwrap_or_default())
    }

    /// The grid a cell question is answered on: (rows, columns) of the output for holes, of the
    /// input for reach.
    pub fn grid(&self) -> Option<(i64, i64)> {
        match self.kind {
            Kind::Holes => Some((self.axes[0].size_out, self.axes[1].size_out)),
            Kind::Reach => Some((self.axes[0].size_in, self.axes[1].size_in)),
            _ => None,
        }
    }

    /// The state that shows this question's layer on the stage, keeping the page's own settings
    /// (its mode, seed and language).
    pub fn stage_state(&self, page: &AppState) -> AppState {
        AppState { mode: Some(Mode::Practice), seed: page.seed, lang: page.lang, ..self.state.clone() }
    }

    /// Check an answer and explain the right one.
    pub fn check(&self, answer: &Answer) -> Verdict {
        let (right, mut lines) = match (self.kind, answer) {
            (Kind::OutputSize, Answer::Size(given)) => self.check_size(given),
            (Kind::Holes | Kind::Reach, Answer::Cells(given)) => self.check_cells(given),
            (Kind::OutputPadding, Answer::Number(given)) => self.check_output_padding(*given),
            _ => (false, vec!["That answer is not of the kind this question asks for.".to_string()]),
        };
        lines.extend(self.explanation());
        Verdict { right, lines }
    }

    fn check_size(&self, given: &[i64]) -> (bool, Vec<String>) {
        let out = self.size_out();
        if given == out {
            (true, vec![format!("Right: the output is {}.", size_text(&out))])
        } else {
            (false, vec![format!("Not quite: you wrote {}, and the output is {}.", size_text(given), size_text(&out))])
        }
    }

    fn check_cells(&self, given: &[Cell]) -> (bool, Vec<String>) {
        let Answer::Cells(mut want) = self.answer() else { return (false, Vec::new()) };
        want.sort_unstable();
        let mut given = given.to_vec();
        given.sort_unstable();
        given.dedup();
        let missed: Vec<Cell> = want.iter().copied().filter(|c| !given.contains(c)).collect();
        let extra: Vec<Cell> = given.iter().copied().filter(|c| !want.contains(c)).collect();
        let holes = self.kind == Kind::Holes;
        if missed.is_empty() && extra.is_empty() {
            let right = match (holes, want.len()) {
                (true, 0) => "Right: there are no holes.".to_string(),
                (true, n) => format!("Right: {n} holes."),
                (false, 0) => "Right: no input cell reaches it.".to_string(),
                (false, n) => format!("Right: {n} input cells."),
            };
            return (true, vec![right]);
        }
        let mut lines = vec!["Not quite.".to_string()];
        if !missed.is_empty() {
            let missed = cells_text(&missed);
            lines.push(if holes {
                format!("Holes you left out: {missed}.")
            } else {
                format!("Input cells you left out: {missed}.")
            });
        }
        if !extra.is_empty() {
            let extra = cells_text(&extra);
            lines.push(if holes {
                format!("Cells you selected that an input reaches: {extra}.")
            } else {
                format!("Input cells you selected that do not reach it: {extra}.")
            });
        }
        (false, lines)
    }

    fn check_output_padding(&self, given: i64) -> (bool, Vec<String>) {
        let want = self.axes[0].output_padding;
        if given == want {
            return (true, vec![format!("Right: output_padding={want}.")]);
        }
        let limit = self.output_padding_limit();
        if given < 0 || given >= limit {
            let most = limit - 1;
            return (
                false,
                vec![format!("Not quite: PyTorch rejects output_padding={given}: here it must be 0 to {most}.")],
            );
        }
        let without: Vec<i64> = self.axes.iter().map(|a| a.size_out - a.output_padding + given).collect();
        (false, vec![format!("Not quite: output_padding={given} gives {}.", size_text(&without))])
    }

    /// The right answer worked out in the layer's numbers, one sentence a line.
    pub fn explanation(&self) -> Vec<String> {
        match self.kind {
            Kind::OutputSize => self.size_lines(true),
            Kind::OutputPadding => self.output_padding_lines(),
            Kind::Holes => self.hole_lines(),
            Kind::Reach => self.reach_lines(),
        }
    }

    /// Each side: (in − 1)·stride − 2·padding + dilation·(kernel − 1) + output_padding + 1.
    fn size_lines(&self, with_output_padding: bool) -> Vec<String> {
        let formula = if with_output_padding {
            "Each side is (in − 1)·stride − 2·padding + dilation·(kernel − 1) + output_padding + 1."
        } else {
            "Without output_padding each side is (in − 1)·stride − 2·padding + dilation·(kernel − 1) + 1."
        };
        let side = |a: &Axis| {
            let base = format!(
                "({} − 1)·{} − 2·{} + {}·({} − 1)",
                a.size_in, a.stride, a.pad_before, a.dilation, a.kernel_size
            );
            let a_out = a.size_out - if with_output_padding { 0 } else { a.output_padding };
            if with_output_padding {
                format!("{base} + {} + 1 = {a_out}", a.output_padding)
            } else {
                format!("{base} + 1 = {a_out}")
            }
        };
        let (height, width) = (side(&self.axes[0]), side(&self.axes[1]));
        let mut lines = vec![formula.to_string()];
        if height == width {
            lines.push(format!("Both sides: {height}."));
        } else {
            lines.push(format!("Height: {height}."));
            lines.push(format!("Width: {width}."));
        }
        lines
    }

    fn output_padding_lines(&self) -> Vec<String> {
        let mut lines = self.size_lines(false);
        let a = &self.axes[0];
        let without = a.size_out - a.output_padding;
        lines.push(format!(
            "output_padding adds cells at the bottom and the right: {} − {without} = {}.",
            a.size_out, a.output_padding
        ));
        lines.push(format!(
            "PyTorch accepts an output_padding smaller than max(stride, dilation) = {}.",
            self.output_padding_limit()
        ));
        lines
    }

    /// PyTorch's bound on output_padding: below max(stride, dilation), on every side.
    fn output_padding_limit(&self) -> i64 {
        self.axes.iter().map(|a| a.stride.max(a.dilation)).min().unwrap_or(1)
    }

    fn hole_lines(&self) -> Vec<String> {
        let a = &self.axes[0];
        let mut lines = vec![format!(
            "Input cell i stamps the kernel from cell i·{} − {} on, its taps {} apart.",
            a.stride, a.pad_before, a.dilation
        )];
        let unreached = |axis: &Axis| -> Vec<i64> {
            reached(axis).iter().enumerate().filter(|(_, hit)| !**hit).map(|(i, _)| i as i64).collect()
        };
        let (rows, cols) = (unreached(&self.axes[0]), unreached(&self.axes[1]));
        let list = |cells: &[i64]| {
            if cells.is_empty() {
                "none".to_string()
            } else {
                cells.iter().map(|c| c.to_string()).collect::<Vec<_>>().join(", ")
            }
        };
        lines.push(format!("Rows no tap reaches: {}. Columns no tap reaches: {}.", list(&rows), list(&cols)));
        let count = holes(&self.axes).len();
        lines.push(format!("A cell is a hole when its row or its column is one of those: {count} of them."));
        lines
    }

    fn reach_lines(&self) -> Vec<String> {
        let (r, c) = self.cell.unwrap_or_default();
        let (a, b) = (&self.axes[0], &self.axes[1]);
        let mut lines = vec![format!(
            "Input (i, j) adds through tap (ki, kj) to output (i·{} − {} + ki·{}, j·{} − {} + kj·{}).",
            a.stride, a.pad_before, a.dilation, b.stride, b.pad_before, b.dilation
        )];
        let pairs = self.reaching();
        match pairs.len() {
            0 => lines.push(format!("No input reaches output {}: it is a hole.", cell_text((r, c)))),
            1 => lines.push(format!("Output {} holds one product:", cell_text((r, c)))),
            n => lines.push(format!("Output {} adds up {n} products:", cell_text((r, c)))),
        }
        for (input, tap) in pairs {
            lines.push(format!("input {} × kernel tap {}", cell_text(input), cell_text(tap)));
        }
        lines
    }
}

/// `9×9`.
pub fn size_text(sizes: &[i64]) -> String {
    sizes.iter().map(|s| s.to_string()).collect::<Vec<_>>().join("×")
}

/// `(2, 3)`.
pub fn cell_text((r, c): Cell) -> String {
    format!("({r}, {c})")
}

/// Cells as a list, the first twelve and how many more.
fn cells_text(cells: &[Cell]) -> String {
    let mut shown: Vec<String> = cells.iter().take(12).map(|c| cell_text(*c)).collect();
    if cells.len() > 12 {
        shown.push(format!("… +{}", cells.len() - 12));
    }
    shown.join(", ")
}
