//! Hit a target size (Contract 5, `convt solve`): every layer a framework accepts that turns
//! the input size into the target size, within limits, ranked for people; the explicit-size
//! argument where the framework has one; for a forward convolution, the transposed one that
//! gives its input size back (the autoencoder pairing).
//!
//! ```text
//! space   kernel 1..=K, stride 1..=S, dilation 1..=D per axis; padding as the framework writes
//!         it: amounts 0..=P, begin/end pairs 0..=P, its mode words; output_padding not given
//!         or 0..=O (transposed only); the call's own output size where it must be given (tf.nn,
//!         Keras 1: the target). Defaults K=16 S=16 D=4 P=16 O=max(S, D)-1.
//! rank    no holes and even overlap, then no holes, then holes; then the fewest arguments
//!         written beyond the framework's defaults; then the smallest kernels
//! ```
//! Every number comes from the framework's dialect: candidates are derived per axis
//! (candidates.rs), combined and counted per class of axes (combine.rs), and every layer shown
//! is resolved once more before it is shown. `tests/solve.rs` checks the count and the set
//! against resolving every layer of a small space, for every framework.

mod candidates;
mod collector;
mod combine;
mod explicit;
mod pair;
mod pair_family;

use crate::conv::app::query::{AppState, Backend};
use crate::conv::compute::views::output_holes;
use crate::conv::dialects::settings::FieldKey;
use crate::conv::dialects::{Framework, Request};
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::Op;
use crate::conv::geometry::layer::Layer;
use crate::conv::resolve;
use candidates::{axis_candidates, layer_state, scatter_view, AxisQuestion, Budget, Form, Names};

pub use candidates::MAX_PROBES;

/// The search space's bounds, per axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    pub kernel_size: i64,
    pub stride: i64,
    pub dilation: i64,
    /// The largest padding value (an amount, or either side of a pair).
    pub padding: i64,
    /// The largest output_padding (and the most cells an output size given to the call may add).
    pub output_padding: i64,
}

impl Limits {
    /// Missing limits: kernels up to 16, strides up to 16, dilation up to 4, padding up to 16,
    /// output_padding up to max(stride, dilation) - 1 (no framework takes more).
    pub const DEFAULT: Limits = Limits { kernel_size: 16, stride: 16, dilation: 4, padding: 16, output_padding: 15 };
    /// The largest limits accepted: larger ones are lowered to these, with a note, so a solve
    /// stays within about a second.
    pub const CAP: Limits = Limits { kernel_size: 64, stride: 64, dilation: 16, padding: 64, output_padding: 63 };
}

/// The largest input or target size per axis (2^40): far beyond any tensor, and every formula
/// on it stays exact.
pub const MAX_SIZE: i64 = 1 << 40;
/// The largest channel count.
pub const MAX_CHANNELS: i64 = 1 << 20;
/// The most solutions listed (the count still counts them all).
pub const MAX_SOLUTIONS: usize = 1000;

/// What the user asks.
#[derive(Debug, Clone, PartialEq)]
pub struct Query {
    pub framework: Framework,
    /// Keras 3 / Keras 1 backend (`None` = the framework's default).
    pub backend: Option<Backend>,
    pub op: Op,
    pub rank: usize,
    pub input_size: Vec<i64>,
    pub output_size: Vec<i64>,
    pub channels_in: i64,
    pub channels_out: i64,
    pub limits: Limits,
    pub max_solutions: usize,
    /// Forward solves: attach to each solution the transposed layer that restores its input size.
    pub pair: bool,
}

impl Query {
    /// A query with one channel in and out, the default limits and 50 solutions.
    pub fn new(framework: Framework, op: Op, input_size: Vec<i64>, output_size: Vec<i64>) -> Query {
        Query {
            framework,
            backend: None,
            op,
            rank: input_size.len(),
            input_size,
            output_size,
            channels_in: 1,
            channels_out: 1,
            limits: Limits::DEFAULT,
            max_solutions: 50,
            pair: false,
        }
    }
}

/// One layer that reaches the target.
#[derive(Debug, Clone, PartialEq)]
pub struct Solution {
    /// In the app's vocabulary: the share link opens it.
    pub state: AppState,
    /// The framework's own request (Contract 1): `params` in its argument names.
    pub request: Request,
    pub code: String,
    /// Output cells (transposed) or input cells (forward) that no (input, tap) pair reaches.
    /// `None` when too large to count.
    pub holes: Option<u128>,
    /// Away from the borders every such cell gets the same number of contributions.
    pub even_overlap: bool,
    /// Input cells whose whole stamp the padding crops (transposed), or output cells that read
    /// only padding (forward): such layers rank with those with holes.
    pub wasted: i128,
    pub notes: Vec<String>,
    /// Forward solves with `pair`: the transposed layer that restores the input size.
    pub inverse: Option<Inverse>,
}

impl Solution {
    /// The share link that opens this layer on the stage (`?fw=keras&in=20…`); the app shows
    /// 1-D and 2-D layers.
    pub fn href(&self) -> Option<String> {
        (self.state.rank <= 2).then(|| format!("?{}", self.state.to_query()))
    }
}

/// The decoder half of the autoencoder pairing.
#[derive(Debug, Clone, PartialEq)]
pub enum Inverse {
    /// The transposed layer, and a note when it could not keep the kernel, stride and dilation.
    Restores(Box<Solution>),
    /// Why no transposed layer within the limits restores the size.
    Impossible(String),
}

/// The explicit-size route: the argument that names the output size.
#[derive(Debug, Clone, PartialEq)]
pub struct Explicit {
    /// The framework's own name (`output_size`, `output_shape`, `target_shape`, `outsize`).
    pub argument: &'static str,
    /// The simplest layer it works with, with the target given to it.
    pub solution: Solution,
    /// Per axis, the sizes that argument accepts with that layer (the others at the target).
    pub accepts: Vec<(i64, i64)>,
}

/// The reachable sizes next to an unreachable target on one axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Nearest {
    pub below: Option<i64>,
    pub above: Option<i64>,
}

/// The answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Answer {
    /// Every layer within the limits that reaches the target.
    pub count: u128,
    /// The best `max_solutions` of them, best first.
    pub solutions: Vec<Solution>,
    /// `None` where the framework has no such argument (Caffe; every forward layer).
    pub explicit: Option<Explicit>,
    /// When `count` is 0: per axis, the nearest sizes some layer reaches.
    pub nearest: Vec<Nearest>,
    /// Limits lowered to their caps, and the like.
    pub notes: Vec<String>,
    /// How many layers the dialect resolved to answer (the cost; see scripts/bench-solve.sh).
    pub resolved: usize,
}

/// The framework's vocabulary for the query: what the candidates are written in.
#[derive(Debug, Clone)]
pub struct Space {
    pub framework: Framework,
    pub backend: Option<Backend>,
    pub op: Op,
    pub rank: usize,
    pub channels_in: i64,
    pub channels_out: i64,
    pub limits: Limits,
    /// The padding forms the framework accepts here (amounts, pairs, its words).
    pub forms: Vec<Form>,
    pub has_output_padding: bool,
    /// The call must be told its output size (tf.nn's and Keras 1's `output_shape`).
    pub required_output: bool,
    /// JAX's transposed padding pads the dilated input (candidates.rs).
    pub jax_transposed: bool,
    /// The name of the explicit-size argument, where the framework has one for this op.
    pub size_argument: Option<&'static str>,
}

fn check_sizes(name: &str, sizes: &[i64], rank: usize) -> ConvResult<()> {
    if sizes.len() != rank {
        return Err(ConvError::malformed(format!(
            "\"{name}\" must have one size per spatial axis: {rank} for rank {rank} (got {})",
            sizes.len()
        )));
    }
    if let Some(bad) = sizes.iter().find(|&&s| !(1..=MAX_SIZE).contains(&s)) {
        return Err(ConvError::malformed(format!("\"{name}\" sizes must be from 1 to 2^40 (got {bad})")));
    }
    Ok(())
}

/// Check the query; limits beyond their caps are lowered, with a note.
fn checked(query: &Query) -> ConvResult<(Query, Vec<String>)> {
    let mut query = query.clone();
    let mut notes = Vec::new();
    if !(1..=3).contains(&query.rank) {
        return Err(ConvError::malformed(format!("\"rank\" must be 1, 2 or 3 (got {})", query.rank)));
    }
    check_sizes("input_size", &query.input_size, query.rank)?;
    check_sizes("output_size", &query.output_size, query.rank)?;
    for (name, value) in [("in_channels", query.channels_in), ("out_channels", query.channels_out)] {
        if !(1..=MAX_CHANNELS).contains(&value) {
            return Err(ConvError::malformed(format!("\"{name}\" must be from 1 to 2^20 (got {value})")));
        }
    }
    let limits = &mut query.limits;
    let caps = Limits::CAP;
    for (name, value, low, cap) in [
        ("kernel_size", &mut limits.kernel_size, 1, caps.kernel_size),
        ("stride", &mut limits.stride, 1, caps.stride),
        ("dilation", &mut limits.dilation, 1, caps.dilation),
        ("padding", &mut limits.padding, 0, caps.padding),
        ("output_padding", &mut limits.output_padding, 0, caps.output_padding),
    ] {
        if *value < low {
            return Err(ConvError::malformed(format!("limits.{name} must be at least {low} (got {value})")));
        }
        if *value > cap {
            notes.push(format!("limits.{name} {value} lowered to {cap}, the largest convt solve searches"));
            *value = cap;
        }
    }
    if query.max_solutions > MAX_SOLUTIONS {
        notes.push(format!(
            "max_solutions {} lowered to {MAX_SOLUTIONS}; the count counts them all",
            query.max_solutions
        ));
        query.max_solutions = MAX_SOLUTIONS;
    }
    if query.backend.is_some_and(|b| !query.framework.backends().contains(&b)) {
        return Err(ConvError::malformed(format!(
            "{} has no backend {}",
            query.framework.display_name(),
            query.backend.map_or("", |b| b.id())
        )));
    }
    Ok((query, notes))
}

/// A plain layer of the query's shape: kernel `k`, stride 1, padding `form`/`pad`, with the
/// size the padding implies (no output size given).
fn sample(space: &Space, query: &Query, form: &Form, kernel: i64, pad: (i64, i64)) -> AppState {
    let choice = candidates::AxisChoice { kernel, stride: 1, dilation: 1, pad, output_padding: None };
    let choices = vec![&choice; space.rank];
    AppState { output_size: None, ..layer_state(space, form, &choices, &query.input_size, &query.output_size) }
}

/// The framework's vocabulary for this op and rank, and whether it can make such a layer at all.
pub fn space_for(query: &Query, op: Op) -> ConvResult<Space> {
    let dialect = query.framework.dialect();
    let fields = (dialect.fields)(op, query.rank);
    let field = |key: FieldKey| fields.iter().find(|f| f.key == key);
    let words: Vec<&'static str> = field(FieldKey::Padding).map(|f| f.words.to_vec()).unwrap_or_default();
    let mut space = Space {
        framework: query.framework,
        backend: query.backend,
        op,
        rank: query.rank,
        channels_in: query.channels_in,
        channels_out: query.channels_out,
        limits: query.limits,
        forms: Vec::new(),
        has_output_padding: op == Op::ConvTranspose && field(FieldKey::OutputPadding).is_some(),
        required_output: false,
        jax_transposed: query.framework == Framework::Jax && op == Op::ConvTranspose,
        size_argument: None,
    };
    // The size argument: required where the request writes it even when not given.
    if op == Op::ConvTranspose {
        if let Some(size_field) = field(FieldKey::OutputSize) {
            let plain = sample(&space, query, &Form::Amounts, 1, (0, 0));
            space.required_output = plain.request().params.get(size_field.name).is_some();
            space.size_argument = Some(size_field.name);
        }
    }
    // The forms it accepts here: any of a few plain layers resolves.
    let mut first_error: Option<String> = None;
    let all = [Form::Amounts, Form::Pairs].into_iter().chain(words.iter().map(|w| Form::Word(w)));
    for form in all {
        let pads: &[(i64, i64)] = match form {
            Form::Amounts => &[(0, 0), (1, 1)],
            Form::Pairs => &[(0, 1), (1, 0), (1, 2)],
            Form::Word(_) => &[(0, 0)],
        };
        let accepted = [1, 2, 3].iter().any(|&kernel| {
            pads.iter().any(|&pad| match resolve(&sample(&space, query, &form, kernel, pad).request()) {
                Ok(_) => true,
                Err(e) => {
                    first_error.get_or_insert(e.message);
                    false
                }
            })
        });
        if accepted {
            space.forms.push(form);
        }
    }
    // A word written like padding 0 (PyTorch's 'valid', its default) is that amount, counted once.
    let zero = sample(&space, query, &Form::Amounts, 3, (0, 0)).code_line();
    if space.forms.contains(&Form::Amounts) {
        let forms = std::mem::take(&mut space.forms);
        space.forms = forms
            .into_iter()
            .filter(|form| !matches!(form, Form::Word(_)) || sample(&space, query, form, 3, (0, 0)).code_line() != zero)
            .collect();
    }
    if space.forms.is_empty() {
        return Err(ConvError::rejected(format!(
            "{} cannot make this layer at all: {}",
            query.framework.display_name(),
            first_error.unwrap_or_default()
        )));
    }
    Ok(space)
}

/// Whether two writings are one call, from the framework's own code lines.
fn sameness(space: &Space, query: &Query) -> combine::Sameness {
    let line = |form: &Form, pad: (i64, i64), output_padding: Option<i64>| {
        let choice = candidates::AxisChoice { kernel: 3, stride: 2, dilation: 1, pad, output_padding };
        layer_state(space, form, &vec![&choice; space.rank], &query.input_size, &query.output_size).code_line()
    };
    combine::Sameness {
        zero_is_not_given: line(&Form::Amounts, (1, 1), None) == line(&Form::Amounts, (1, 1), Some(0)),
        symmetric_pair_is_amount: line(&Form::Amounts, (1, 1), None) == line(&Form::Pairs, (1, 1), None),
    }
}

/// The solution for a resolved layer: holes, overlap, notes, and the framework's request.
pub fn describe(state: AppState, layer: &Layer) -> Solution {
    let views: Vec<_> = layer.axes.iter().map(scatter_view).collect();
    let holes = output_holes(&views);
    let tiled = layer.axes.iter().all(candidates::evenly_tiled);
    let even_overlap = holes == Some(0) && tiled;
    let cells = if layer.op == Op::ConvTranspose { "output" } else { "input" };
    let mut notes = Vec::new();
    match (holes, tiled) {
        (Some(0), true) => {
            let why = if layer.axes.iter().all(|a| a.dilation == 1) {
                "the kernel is a multiple of the stride"
            } else {
                "each stride phase meets as many dilated taps"
            };
            notes.push(format!(
                "no holes, even overlap: away from the borders every {cells} cell gets the same number of \
                 contributions ({why}, so the kernel's copies tile evenly: no checkerboard)"
            ));
        }
        (Some(0), false) => notes.push(format!(
            "no holes, uneven overlap: some {cells} cells get more contributions than others (the kernel is not a \
             multiple of the stride: checkerboard artifacts)"
        )),
        (Some(h), _) => {
            let what = if layer.op == Op::ConvTranspose {
                "get no contribution: the stride is larger than the kernel's reach"
            } else {
                "are never read: the stride skips them"
            };
            notes.push(format!("{h} {cells} cell{} {what} (holes)", if h == 1 { "" } else { "s" }));
        }
        (None, _) => notes.push("holes not counted (the layer is too large to count quickly)".to_string()),
    }
    let wasted: i128 = layer.axes.iter().map(candidates::wasted_cells).sum();
    if wasted > 0 {
        notes.push(match layer.op {
            Op::ConvTranspose => format!(
                "{wasted} input cell{} never reach the output: the padding crops their whole stamp",
                if wasted == 1 { "" } else { "s" }
            ),
            Op::Conv => format!("{wasted} output cell{} read only padding", if wasted == 1 { "" } else { "s" }),
        });
    }
    notes.extend(layer.notes.iter().cloned());
    let request = state.request();
    let code = state.code_line();
    Solution { state, request, code, holes, even_overlap, wasted, notes, inverse: None }
}

/// Every (kernel, stride, dilation, padding, output_padding) of `space` taking `size_in` to
/// `target`: counted, and the `wanted` best in order, not yet confirmed.
fn rank_in(
    space: &Space,
    size_in: &[i64],
    target: &[i64],
    triples: &[Vec<(i64, i64, i64)>],
    sameness: &combine::Sameness,
    wanted: usize,
    budget: &mut Budget,
) -> ConvResult<combine::Ranked> {
    let mut names = Names::default();
    let mut per_axis: Vec<Vec<candidates::AxisCandidate>> = Vec::new();
    for axis in 0..space.rank {
        // Equal axes have equal candidates.
        let same = (0..axis)
            .find(|&a| size_in[a] == size_in[axis] && target[a] == target[axis] && triples[a] == triples[axis]);
        let found = match same {
            Some(a) => per_axis[a].clone(),
            None => {
                let question = AxisQuestion {
                    n: size_in[axis],
                    out: target[axis],
                    triples: &triples[axis],
                    first_only: false,
                    every_member: false,
                };
                axis_candidates(space, &question, &mut names, budget)?
            }
        };
        per_axis.push(found);
    }
    combine::combine(space, per_axis, size_in, target, sameness, wanted, budget)
}

/// The layer of a ranked choice, confirmed by resolving it; `None` if the framework refuses it.
fn confirmed(
    space: &Space,
    (form, chosen): &(Form, Vec<candidates::AxisCandidate>),
    size_in: &[i64],
    target: &[i64],
    budget: &mut Budget,
) -> ConvResult<Option<Solution>> {
    let choices: Vec<&candidates::AxisChoice> = chosen.iter().map(|c| &c.choice).collect();
    let state = layer_state(space, form, &choices, size_in, target);
    Ok(candidates::confirm(&state, target, budget)?.map(|layer| describe(state, &layer)))
}

/// [`rank_in`], with the best confirmed and described.
fn solve_in(
    space: &Space,
    size_in: &[i64],
    target: &[i64],
    triples: &[Vec<(i64, i64, i64)>],
    sameness: &combine::Sameness,
    wanted: usize,
    budget: &mut Budget,
) -> ConvResult<(u128, Vec<Solution>, u128)> {
    let ranked = rank_in(space, size_in, target, triples, sameness, wanted, budget)?;
    let mut solutions = Vec::new();
    let mut failed: u128 = 0;
    for best in &ranked.best {
        match confirmed(space, best, size_in, target, budget)? {
            Some(solution) => solutions.push(solution),
            // (Never seen: the brute-force tests would fail first. Not shown, not counted.)
            None => failed += 1,
        }
    }
    Ok((ranked.count.saturating_sub(failed), solutions, failed))
}

/// The nearest sizes some layer of `space` reaches on each axis, looking up to 64 cells away.
fn nearest(space: &Space, query: &Query, triples: &[(i64, i64, i64)], budget: &mut Budget) -> ConvResult<Vec<Nearest>> {
    let mut out = Vec::new();
    let mut names = Names::default();
    for axis in 0..space.rank {
        let (n, target) = (query.input_size[axis], query.output_size[axis]);
        let mut reaches = |size: i64| -> ConvResult<bool> {
            let question = AxisQuestion { n, out: size, triples, first_only: true, every_member: false };
            Ok(size >= 1 && !axis_candidates(space, &question, &mut names, budget)?.is_empty())
        };
        let mut found = Nearest { below: None, above: None };
        for delta in 1..=64 {
            if found.below.is_none() && target - delta >= 1 && reaches(target - delta)? {
                found.below = Some(target - delta);
            }
            if found.above.is_none() && reaches(target + delta)? {
                found.above = Some(target + delta);
            }
            if found.below.is_some() && found.above.is_some() {
                break;
            }
        }
        out.push(found);
    }
    Ok(out)
}

/// Answer a query.
pub fn solve(query: &Query) -> ConvResult<Answer> {
    let (query, mut notes) = checked(query)?;
    let space = space_for(&query, query.op)?;
    let same = sameness(&space, &query);
    let mut budget = Budget::default();
    let triples = candidates::triples(&query.limits);
    let per_axis_triples = vec![triples.clone(); query.rank];
    let (count, mut solutions, failed) = solve_in(
        &space,
        &query.input_size,
        &query.output_size,
        &per_axis_triples,
        &same,
        query.max_solutions,
        &mut budget,
    )?;
    if failed > 0 {
        notes.push(format!("{failed} layer(s) failed their final check and are not counted"));
    }
    let explicit = match space.size_argument {
        Some(argument) => explicit::find(&space, &query, argument, &triples, &mut budget)?,
        None => None,
    };
    let nearest = if count == 0 { nearest(&space, &query, &triples, &mut budget)? } else { Vec::new() };
    if count == 0 && nearest.iter().any(|n| n.below.is_none() && n.above.is_none()) {
        notes.push(format!(
            "no size within 64 cells of the target is reachable on some axis with these limits (kernel_size ≤ {}, \
             stride ≤ {}, dilation ≤ {}, padding ≤ {}): raise the stride or kernel_size limit for a larger size",
            query.limits.kernel_size, query.limits.stride, query.limits.dilation, query.limits.padding
        ));
    }
    if count == 0 && nearest.iter().zip(&query.output_size).all(|(n, &t)| n.below == Some(t) || n.above == Some(t)) {
        notes.push("each axis alone can reach its size, but not together".to_string());
    }
    if query.pair && query.op == Op::Conv {
        pair::attach(&query, &mut solutions, &mut budget)?;
    }
    Ok(Answer { count, solutions, explicit, nearest, notes, resolved: budget.used })
}
