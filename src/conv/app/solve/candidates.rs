//! One axis at a time: every (kernel, stride, dilation, padding, output_padding) that gives the
//! target size on that axis, each confirmed by the framework's own dialect.
//!
//! Padding amounts and begin/end pairs are derived from the target, not searched:
//!
//! ```text
//! transposed: size_out = (n - 1)*stride + field - pad_before - pad_after + output_padding
//!             => pad_before + pad_after = (n - 1)*stride + field + output_padding - size_out
//! forward:    size_out = floor((n + pad_before + pad_after - field) / stride) + 1
//!             => pad_before + pad_after in [(size_out - 1)*stride + field - n, … + stride - 1]
//! field = dilation*(kernel - 1) + 1
//! ```
//! JAX's transposed padding pads the stride-dilated input instead: a value `v` crops
//! `field - 1 - v` cells (dialects/jax.rs), so its values are mapped through that. Mode words
//! have each framework's own rule, so they are probed: one resolve per (kernel, stride, dilation)
//! with output_padding not given and one with 0, whose size then says which output_padding
//! reaches the target (output_padding adds at the end, whatever the word).
//!
//! Each candidate is checked by resolving the layer with every axis a copy of this one (the
//! "uniform copy"): the axes of every dialect are read independently, except for rules across
//! axes, which the combination step checks (combine.rs).

use super::collector::Collector;
use super::pair_family::keep_family;
use super::{Limits, Space};
use crate::conv::app::query::{AppState, Padding};
use crate::conv::compute::views::output_holes;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::{kernel_field, Axis, Op};
use crate::conv::resolve;

/// How the layer writes its padding; the same for every axis of one layer.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Form {
    /// One amount per axis.
    Amounts,
    /// A begin/end pair per axis.
    Pairs,
    /// A mode word (`same`, `SAME_LOWER` …).
    Word(&'static str),
}

/// One axis of a layer in the app's vocabulary.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AxisChoice {
    pub kernel: i64,
    pub stride: i64,
    pub dilation: i64,
    /// `(begin, end)` as the framework writes it: equal for amounts, `(0, 0)` under a word.
    pub pad: (i64, i64),
    /// `None` = not given.
    pub output_padding: Option<i64>,
}

/// A confirmed axis choice and what the ranking needs from it.
#[derive(Debug, Clone)]
pub struct AxisCandidate {
    pub form: Form,
    pub choice: AxisChoice,
    /// 0: no holes and even overlap; 1: no holes, uneven; 2: holes.
    pub tier: u8,
    /// The arguments its code line writes beyond the framework's defaults (bits of `Names`).
    pub arguments: u64,
}

/// Argument names seen in code lines, one bit each (a layer has fewer than 64 arguments).
#[derive(Debug, Default)]
pub struct Names(Vec<String>);

impl Names {
    /// The bits of the arguments a code line writes: `name=` in a Python call, `name:` in a Caffe
    /// prototxt. The code line leaves out every argument at its default, so these are exactly
    /// the arguments a user types beyond the defaults (plus the ones every call needs).
    pub fn of(&mut self, code: &str) -> u64 {
        let prototxt = code.trim_start().starts_with("layer {");
        let mark = if prototxt { ':' } else { '=' };
        let bytes = code.as_bytes();
        let mut bits = 0u64;
        for (at, c) in code.char_indices() {
            if c != mark || bytes.get(at + 1) == Some(&b'=') || (at > 0 && bytes[at - 1] == b'=') {
                continue;
            }
            let head = code[..at].trim_end();
            let start = head.rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).map_or(0, |i| i + 1);
            let name = &head[start..];
            if name.is_empty() || name == "layer" || name == "type" {
                continue;
            }
            let index = match self.0.iter().position(|n| n == name) {
                Some(i) => i,
                None => {
                    self.0.push(name.to_string());
                    self.0.len() - 1
                }
            };
            if index < 64 {
                bits |= 1 << index;
            }
        }
        bits
    }
}

#[cfg(test)]
impl Names {
    /// The names of these bits, sorted (tests compare arguments across `Names`).
    pub fn spelled(&self, bits: u64) -> Vec<String> {
        let mut out: Vec<String> =
            self.0.iter().enumerate().filter(|(i, _)| bits >> i & 1 == 1).map(|(_, n)| n.clone()).collect();
        out.sort();
        out
    }
}

/// The most layers one solve resolves (about a second natively): limits that would need more
/// are refused with a message saying which to lower.
pub const MAX_PROBES: usize = 250_000;

/// Counts the resolves of one solve against [`MAX_PROBES`].
#[derive(Debug, Default)]
pub struct Budget {
    pub used: usize,
}

impl Budget {
    pub fn spend(&mut self) -> ConvResult<()> {
        self.used += 1;
        if self.used > MAX_PROBES {
            return Err(ConvError::rejected(format!(
                "these limits allow more than {MAX_PROBES} candidate layers to check; lower \"padding\" or \
                 \"output_padding\" in \"limits\" (begin/end pairs grow with their square), or the kernel, \
                 stride and dilation limits"
            )));
        }
        Ok(())
    }
}

/// The layer state for per-axis choices (one per axis), in `form`, with output_padding given or not.
pub fn layer_state(space: &Space, form: &Form, choices: &[&AxisChoice], size_in: &[i64], target: &[i64]) -> AppState {
    let pick = |f: fn(&AxisChoice) -> i64| choices.iter().map(|c| f(c)).collect::<Vec<i64>>();
    let padding = match form {
        Form::Amounts => Padding::Amounts(pick(|c| c.pad.0)),
        Form::Pairs => Padding::Pairs(choices.iter().map(|c| c.pad).collect()),
        Form::Word(word) => Padding::Word((*word).to_string()),
    };
    let output_padding = choices
        .iter()
        .map(|c| c.output_padding)
        .collect::<Option<Vec<i64>>>()
        .filter(|_| space.op == Op::ConvTranspose);
    AppState {
        framework: space.framework,
        op: space.op,
        rank: space.rank,
        size_in: size_in.to_vec(),
        kernel: pick(|c| c.kernel),
        stride: pick(|c| c.stride),
        dilation: pick(|c| c.dilation),
        padding,
        output_padding,
        // Where the call must be told its output size (tf.nn's and Keras 1's output_shape), it is
        // told the target; elsewhere the size argument is the explicit route, not a solution.
        output_size: space.required_output.then(|| target.to_vec()),
        channels_in: space.channels_in,
        channels_out: space.channels_out,
        groups: 1,
        backend: space.backend,
        ..AppState::default()
    }
}

/// Resolve `state`; its layer when the framework accepts it and gives `target`.
pub fn confirm(state: &AppState, target: &[i64], budget: &mut Budget) -> ConvResult<Option<crate::conv::Layer>> {
    budget.spend()?;
    Ok(resolve(&state.request()).ok().filter(|layer| layer.spatial_out() == target))
}

/// The transposed view of an axis: a forward convolution's input cells are the outputs of its
/// transpose, so holes there are input cells no window reads.
pub fn scatter_view(axis: &Axis) -> Axis {
    match axis.op {
        Op::ConvTranspose => *axis,
        Op::Conv => Axis {
            op: Op::ConvTranspose,
            size_in: axis.size_out,
            size_out: axis.size_in,
            output_padding: 0,
            pad_after: 0,
            ..*axis
        },
    }
}

/// 0: no holes and even overlap; 1: no holes, uneven; 2: holes, or cells the padding makes useless.
pub fn tier(axis: &Axis) -> u8 {
    let view = scatter_view(axis);
    if output_holes(&[view]) != Some(0) || wasted_cells(axis) > 0 {
        2
    } else if evenly_tiled(axis) {
        0
    } else {
        1
    }
}

/// Away from the borders every cell gets the same number of contributions: each residue of the
/// stride meets as many kernel taps (with dilation 1: the kernel is a multiple of the stride).
/// The borders always get fewer; that is the crop's business, not a checkerboard.
pub fn evenly_tiled(axis: &Axis) -> bool {
    let stride = axis.stride.max(1) as i128;
    if axis.kernel_size > 1 << 16 || stride > 1 << 16 {
        return false;
    }
    let mut counts = vec![0u32; stride as usize];
    for tap in 0..axis.kernel_size as i128 {
        counts[((tap * axis.dilation as i128) % stride) as usize] += 1;
    }
    counts.iter().all(|&c| c == counts[0])
}

/// Cells the padding makes useless: input cells whose whole stamp the crop removes (transposed),
/// or output cells that read only padding (forward). Counted at the two ends, where they are.
pub fn wasted_cells(axis: &Axis) -> i128 {
    let (s, reach) = (axis.stride.max(1) as i128, (axis.kernel_size as i128 - 1).max(0) * axis.dilation as i128);
    let (pad, n, out) = (axis.pad_before as i128, axis.size_in as i128, axis.size_out as i128);
    // Positions i·s (+ taps up to `reach`) of `count` cells, against the window [lo, hi).
    let outside = |count: i128, lo: i128, hi: i128| {
        let before = if lo - reach > 0 { (lo - reach + s - 1) / s } else { 0 };
        let after = if hi > 0 { count - (hi + s - 1) / s } else { count };
        (before.clamp(0, count) + after.clamp(0, count)).min(count)
    };
    match axis.op {
        Op::ConvTranspose => outside(n, pad, pad + out),
        Op::Conv => outside(out, pad, pad + n),
    }
}

/// The framework's value for a canonical crop of `pad` cells (and back: the map is its own inverse).
fn value_of(space: &Space, field: i128, pad: i128) -> i128 {
    if space.jax_transposed {
        field - 1 - pad
    } else {
        pad
    }
}

/// The totals `pad_before + pad_after` (canonical) that give `out` from `n`.
fn pad_totals(
    op: Op,
    n: i64,
    out: i64,
    stride: i64,
    field: i128,
    output_padding: i64,
) -> std::ops::RangeInclusive<i128> {
    let (n, out, s) = (n as i128, out as i128, stride as i128);
    match op {
        Op::ConvTranspose => {
            let total = (n - 1) * s + field + output_padding as i128 - out;
            total..=total
        }
        Op::Conv => {
            let low = (out - 1) * s + field - n;
            low..=low + s - 1
        }
    }
}

/// Could a padding word reach `out` at all? Words crop at most the kernel's field less one on
/// each side ('full') and add at most a stride's worth ('same'), plus output_padding:
///
/// ```text
/// transposed: (n - 1)*s - field - s  <=  out  <=  (n - 1)*s + field + s + output_padding limit + 1
/// forward:    n - field - s  <=  (out - 1)*s  <=  n + field + s
/// ```
/// (each a stride wider than any word's rule, so none is filtered out; the brute-force tests
/// check that).
pub fn word_may_reach(op: Op, n: i64, out: i64, stride: i64, field: i128, limits: &Limits) -> bool {
    let (n, out, s) = (n as i128, out as i128, stride as i128);
    match op {
        Op::ConvTranspose => {
            let base = (n - 1) * s;
            (base - field - s..=base + field + s + limits.output_padding as i128 + 1).contains(&out)
        }
        Op::Conv => (n - field - s..=n + field + s).contains(&((out - 1) * s)),
    }
}

/// Every (kernel, stride, dilation) within the limits, or the given ones.
pub fn triples(limits: &Limits) -> Vec<(i64, i64, i64)> {
    let mut out = Vec::new();
    for kernel in 1..=limits.kernel_size {
        for stride in 1..=limits.stride {
            for dilation in 1..=limits.dilation {
                out.push((kernel, stride, dilation));
            }
        }
    }
    out
}

/// What one axis is asked: `n` cells in, `out` cells out, over these (kernel, stride, dilation).
pub struct AxisQuestion<'a> {
    pub n: i64,
    pub out: i64,
    pub triples: &'a [(i64, i64, i64)],
    /// Stop at the first confirmed candidate (the nearest-size search only asks whether one exists).
    pub first_only: bool,
    /// Resolve every member of a begin/end pair family rather than its ends (pair_family.rs;
    /// the tests compare the two).
    pub every_member: bool,
}

/// Every confirmed candidate for one axis, in the order found.
pub fn axis_candidates(
    space: &Space,
    question: &AxisQuestion,
    names: &mut Names,
    budget: &mut Budget,
) -> ConvResult<Vec<AxisCandidate>> {
    let (n, out) = (question.n, question.out);
    let limits = &space.limits;
    let mut c = Collector::new(space, n, out);
    let transposed = space.op == Op::ConvTranspose;
    // output_padding as written (not given, or 0..=limit; a forward layer has none), with the
    // cells it adds. A call told its output size (tf.nn's output_shape) adds them itself: no
    // argument, but the same range of pad totals.
    let mut paddings_out: Vec<(Option<i64>, i64)> = vec![(None, 0)];
    if transposed && space.has_output_padding {
        paddings_out.extend((0..=limits.output_padding).map(|o| (Some(o), o)));
    } else if transposed && space.required_output {
        paddings_out.extend((1..=limits.output_padding).map(|o| (None, o)));
    }
    for &(kernel, stride, dilation) in question.triples {
        if question.first_only && !c.found.is_empty() {
            break;
        }
        let field = kernel_field(kernel, dilation);
        let base = AxisChoice { kernel, stride, dilation, pad: (0, 0), output_padding: None };
        for &(output_padding, added) in &paddings_out {
            for total in pad_totals(space.op, n, out, stride, field, added) {
                // The framework's two values add up to this; beyond 0..=2*limit nothing fits.
                let values_total = if space.jax_transposed { 2 * (field - 1) - total } else { total };
                if !(0..=2 * limits.padding as i128).contains(&values_total) {
                    continue;
                }
                let choice = AxisChoice { output_padding, ..base.clone() };
                if space.forms.contains(&Form::Amounts) && total % 2 == 0 {
                    let value = value_of(space, field, total / 2);
                    if (0..=limits.padding as i128).contains(&value) {
                        let amount = AxisChoice { pad: (value as i64, value as i64), ..choice.clone() };
                        c.keep(&Form::Amounts, amount, None, names, budget)?;
                    }
                }
                if space.forms.contains(&Form::Pairs) {
                    keep_family(&mut c, &choice, values_total as i64, names, budget, question.every_member)?;
                }
            }
        }
        for form in space.forms.iter().filter(|f| matches!(f, Form::Word(_))) {
            if word_may_reach(space.op, n, out, stride, field, limits) {
                keep_word(&mut c, form, &base, names, budget)?;
            }
        }
    }
    Ok(c.found)
}

/// A padding word's candidates for one (kernel, stride, dilation): output_padding not given,
/// then 0, whose size says which output_padding (if any) reaches the target (output_padding
/// adds at the end, whatever the word).
fn keep_word(
    c: &mut Collector,
    form: &Form,
    base: &AxisChoice,
    names: &mut Names,
    budget: &mut Budget,
) -> ConvResult<()> {
    let space = c.space;
    let (out, limits) = (c.out(), &space.limits);
    let with = |output_padding: Option<i64>| AxisChoice { output_padding, ..base.clone() };
    // The uniform copy's size, when the framework takes it.
    let size_with = |c: &mut Collector, output_padding: Option<i64>, budget: &mut Budget| {
        let layer = c.layer(form, &with(output_padding), budget)?;
        let layer = layer.filter(|l| l.spatial_out().windows(2).all(|w| w[0] == w[1]));
        ConvResult::Ok(layer.and_then(|l| Some((l.axes.first()?.size_out, l))))
    };
    if let Some((size, layer)) = size_with(c, None, budget)? {
        if size == out {
            c.keep(form, with(None), Some(layer), names, budget)?;
        }
    }
    if !(space.op == Op::ConvTranspose && space.has_output_padding) {
        return Ok(());
    }
    let Some((zero, zero_layer)) = size_with(c, Some(0), budget)? else {
        // A framework may refuse output_padding 0 and take larger ones (Keras on
        // TensorFlow checks the size against tf.nn's SAME range): 1 says where they land.
        match size_with(c, Some(1), budget)? {
            Some((one, one_layer)) => match out as i128 - one as i128 + 1 {
                1 => c.keep(form, with(Some(1)), Some(one_layer), names, budget)?,
                needed if (2..=limits.output_padding as i128).contains(&needed) => {
                    c.keep(form, with(Some(needed as i64)), None, names, budget)?
                }
                _ => {}
            },
            None => {
                for o in 2..=limits.output_padding {
                    c.keep(form, with(Some(o)), None, names, budget)?;
                }
            }
        }
        return Ok(());
    };
    // output_padding adds cells at the end, one each, up to where a framework may stop the
    // growth (ONNX's SAME_* stops at input*stride, whatever the kernel): the first to reach the
    // target is `out - zero` on, and the ones after it reach it while the size stays there.
    let Some(first) = out.checked_sub(zero).filter(|d| (0..=limits.output_padding).contains(d)) else {
        return Ok(());
    };
    if first == 0 {
        c.keep(form, with(Some(0)), Some(zero_layer), names, budget)?;
    }
    for o in first.max(1)..=limits.output_padding {
        match size_with(c, Some(o), budget)? {
            Some((size, layer)) if size == out => c.keep(form, with(Some(o)), Some(layer), names, budget)?,
            _ => break,
        }
    }
    Ok(())
}
