//! The same layer in another framework: the simplest arguments that reproduce it exactly, or why
//! none can.
//!
//! "Exactly" means the same output size AND the same window into the full scatter on every axis
//! (so the same values), and the kernel applied the same way round. Candidates are generated in
//! the framework's vocabulary, simplest first, and each is checked by resolving it with that
//! framework's own dialect, so the table can never claim what the core does not confirm.

use super::query::{AppState, Padding};
use crate::conv::dialects::params::Value;
use crate::conv::dialects::{Framework, Request};
use crate::conv::geometry::axis::{Axis, Op};
use crate::conv::geometry::layer::Layer;
use crate::conv::resolve;

/// One row of the framework table.
#[derive(Debug, Clone, PartialEq)]
pub enum Expression {
    /// Arguments that reproduce the layer exactly: the state, its code line, the request that code
    /// means (JAX's with the `transpose_kernel` its line adds) and what that resolves to.
    Exact { state: Box<AppState>, code: String, request: Box<Request>, layer: Box<Layer>, notes: Vec<String> },
    /// The framework cannot produce this layer; the reason, in its terms, and the closest layer it
    /// can make, when one resolved.
    Impossible { reason: String, nearest: Option<Nearest> },
}

/// The closest layer a framework can make when it cannot make this one: the same size with its
/// window moved, else another size. Switching to the framework shows it, saying so.
#[derive(Debug, Clone, PartialEq)]
pub struct Nearest {
    pub state: Box<AppState>,
    /// What to say beside the stage: "Caffe cannot make 6×6 from this layer; showing the nearest, 5×5."
    pub notice: String,
}

/// The canonical description the rows must reproduce.
fn same_window(a: &Axis, b: &Axis) -> bool {
    a.size_in == b.size_in
        && a.kernel_size == b.kernel_size
        && a.stride == b.stride
        && a.dilation == b.dilation
        && a.pad_before == b.pad_before
        && a.size_out == b.size_out
}

fn matches(target: &Layer, layer: &Layer) -> bool {
    layer.op == target.op
        && layer.axes.len() == target.axes.len()
        && layer.axes.iter().zip(&target.axes).all(|(a, b)| same_window(a, b))
        && layer.channels_out == target.channels_out
        // Groups change which inputs feed which outputs (and the weight's shape).
        && layer.groups == target.groups
}

/// Cartesian product of per-axis options.
fn product<T: Clone>(per_axis: &[Vec<T>]) -> Vec<Vec<T>> {
    per_axis.iter().fold(vec![Vec::new()], |acc, options| {
        acc.iter().flat_map(|prefix| options.iter().map(move |o| [prefix.clone(), vec![o.clone()]].concat())).collect()
    })
}

/// Below this many output_padding vectors per padding word, every one is tried.
const WORD_OPADS_TRIED_ALL: i64 = 64;

/// The output_padding vectors to try with a padding word (`state`): those of the full product of
/// 0..min(stride, 16) per axis that can decide the row, in the product's order.
///
/// The full product is 16^rank vectors per word: for a 3-D layer with a large stride, seven words
/// and ten frameworks, 290 000 resolutions (a pasted line took 2 s). But a framework sizes and
/// checks each axis on its own, so what a vector gives is known from each axis's value alone:
/// - a diagonal probe (every axis at v) that resolves gives each axis a value it accepts;
/// - with the others at those, one probe per axis and value says whether the axis accepts it and
///   whether it gives the target's size there.
///
/// Kept per axis: the values giving the size (their combinations are the exact and the "same
/// size, shifted" rows), 0 (the product's first vector: the first rejection), and the first
/// accepted value and the first accepted value of another size (whose combinations contain the
/// product's first vector of another size: the nearest row), each only where no smaller value gives
/// the same size and window (a conv ignores output_padding: 0 alone). When no diagonal probe resolves, the
/// framework takes no output_padding with this word: 0 alone stands for the rejection.
fn word_output_paddings(state: &AppState, target: &Layer) -> Vec<Vec<i64>> {
    let ranges: Vec<i64> = target.axes.iter().map(|a| a.stride.max(a.dilation).clamp(1, 16)).collect();
    let all = || product(&ranges.iter().map(|&r| (0..r).collect::<Vec<_>>()).collect::<Vec<_>>());
    if ranges.iter().product::<i64>() <= WORD_OPADS_TRIED_ALL {
        return all();
    }
    let resolves = |opad: &[i64]| {
        let mut request = AppState { output_padding: Some(opad.to_vec()), ..state.clone() }.request();
        adjust_for_flip(state.framework, &mut request, target.kernel_flipped);
        resolve(&request).ok()
    };
    let zero = vec![0; ranges.len()];
    let longest = ranges.iter().copied().max().unwrap_or(1);
    let Some(accepted) =
        (0..longest).map(|v| ranges.iter().map(|&r| v.min(r - 1)).collect::<Vec<_>>()).find(|p| resolves(p).is_some())
    else {
        return vec![zero];
    };
    let kept: Vec<Vec<i64>> = ranges
        .iter()
        .enumerate()
        .map(|(axis, &range)| {
            // Each value's size and window on this axis, or None where the axis rejects it.
            let outcomes: Vec<Option<(i64, i64)>> = (0..range)
                .map(|value| {
                    let mut probe = accepted.clone();
                    probe[axis] = value;
                    resolves(&probe).and_then(|layer| layer.axes.get(axis).map(|a| (a.size_out, a.pad_before)))
                })
                .collect();
            let outcome = |v: i64| outcomes[v as usize];
            let fits = |v: i64| outcome(v).is_some_and(|(size, _)| size == target.axes[axis].size_out);
            let first_accepted = (0..range).find(|&v| outcome(v).is_some());
            let first_other = (0..range).find(|&v| outcome(v).is_some() && !fits(v));
            // A value whose outcome a smaller one already gives (output_padding ignored, or only
            // moving a window already seen) resolves the same: its vectors come later and add nothing.
            let first_of_its_outcome = |v: i64| outcome(v).is_none() || !(0..v).any(|u| outcome(u) == outcome(v));
            (0..range)
                .filter(|&v| {
                    v == 0
                        || (first_of_its_outcome(v) && (fits(v) || Some(v) == first_accepted || Some(v) == first_other))
                })
                .collect()
        })
        .collect();
    product(&kept)
}

/// Candidate settings, simplest first, in the shared state vocabulary.
fn candidates(base: &AppState, target: &Layer) -> Vec<AppState> {
    let axes = &target.axes;
    let rank = axes.len();
    let pb: Vec<i64> = axes.iter().map(|a| a.pad_before).collect();
    let out: Vec<i64> = axes.iter().map(|a| a.size_out).collect();
    let full: Vec<i64> = axes.iter().map(|a| a.full_len()).collect();
    let with = |padding: Padding, opad: Option<Vec<i64>>, size: Option<Vec<i64>>| AppState {
        padding,
        output_padding: opad,
        output_size: size,
        ..base.clone()
    };
    let mut list = Vec::new();
    // Symmetric padding with output_padding (PyTorch, Paddle, MXNet, ONNX, Caffe, Chainer).
    let symmetric_opad: Vec<i64> = (0..rank).map(|a| out[a] - (full[a] - 2 * pb[a])).collect();
    list.push(with(Padding::Amounts(pb.clone()), Some(symmetric_opad.clone()), None));
    list.push(with(Padding::Amounts(pb.clone()), None, None));
    list.push(with(Padding::Amounts(pb.clone()), Some(vec![0; rank]), Some(out.clone())));
    list.push(with(Padding::Amounts(pb.clone()), None, Some(out.clone())));
    // A window one cell off (the same size, shifted): what symmetric padding reaches when the
    // target's crop is lopsided (TensorFlow's and JAX's 'SAME').
    for delta in [1, -1] {
        let pad: Vec<i64> = pb.iter().map(|p| (p + delta).max(0)).collect();
        let opad: Vec<i64> = (0..rank).map(|a| out[a] - (full[a] - 2 * pad[a])).collect();
        list.push(with(Padding::Amounts(pad), Some(opad), None));
    }
    // Mode words, with output_padding None or any value below the stride, and with the size given.
    for word in ["same", "valid", "SAME", "VALID", "SAME_UPPER", "SAME_LOWER", "full"] {
        list.push(with(Padding::Word(word.into()), None, None));
        list.push(with(Padding::Word(word.into()), None, Some(out.clone())));
        list.push(with(Padding::Word(word.into()), Some(vec![0; rank]), Some(out.clone())));
        for opad in word_output_paddings(&with(Padding::Word(word.into()), None, None), target) {
            list.push(with(Padding::Word(word.into()), Some(opad), None));
        }
    }
    // Explicit begin/end pairs (TensorFlow 2-D, ONNX, Paddle, JAX's own meaning).
    let end: Vec<i64> = (0..rank).map(|a| (full[a] - pb[a] - out[a]).max(0)).collect();
    let end_opad: Vec<i64> = (0..rank).map(|a| (out[a] - (full[a] - pb[a])).max(0)).collect();
    let pairs = |ends: &[i64]| Padding::Pairs((0..rank).map(|a| (pb[a], ends[a])).collect());
    list.push(with(pairs(&end), Some(end_opad.clone()), None));
    list.push(with(pairs(&end), None, Some(out.clone())));
    // JAX's explicit padding pads the stride-dilated input: lo = K - 1 - pad_before.
    let lo: Vec<i64> = axes.iter().map(|a| a.kernel_field() - 1 - a.pad_before).collect();
    let hi: Vec<i64> = axes
        .iter()
        .zip(&lo)
        .map(|(a, lo)| a.size_out - (a.size_in - 1) * a.stride - 2 - lo + a.kernel_field())
        .collect();
    list.push(with(Padding::Pairs(lo.into_iter().zip(hi).collect()), None, None));
    // Each framework's own vocabulary first: mode words where the framework is word-first.
    let words_first = matches!(
        base.framework,
        Framework::Tensorflow | Framework::Keras | Framework::Keras2 | Framework::Keras1 | Framework::Jax
    );
    let rank_of = |state: &AppState| match (&state.padding, words_first) {
        (Padding::Word(_), true) | (Padding::Amounts(_), false) => 0,
        (Padding::Amounts(_), true) | (Padding::Word(_), false) => 1,
        (Padding::Pairs(_), _) => 2,
    };
    // A stable three-way partition by rank (no sort needed for three keys).
    (0..3).flat_map(|rank| list.iter().filter(|s| rank_of(s) == rank).cloned().collect::<Vec<_>>()).collect()
}

/// The kernel orientation a framework's call applies, relative to the canonical scatter.
/// JAX's `transpose_kernel=True` also swaps the kernel's I and O axes: `(k…, out, in)`, so a layer
/// whose channel counts differ needs its weight written that way round (the Caffe question's
/// 512 → 256 layer was once "impossible" in JAX for this reason alone).
fn adjust_for_flip(framework: Framework, request: &mut Request, target_flipped: bool) {
    if framework == Framework::Jax && request.op == Op::ConvTranspose {
        request.params.set("transpose_kernel", Value::Bool(!target_flipped));
        if let Some(weight) = request.weight_shape.as_mut().filter(|w| w.len() >= 2 && !target_flipped) {
            let last = weight.len() - 1;
            weight.swap(last - 1, last);
        }
    }
}

/// Express `target` (resolved from `current`) in `framework`.
pub fn express(current: &AppState, target: &Layer, framework: Framework) -> Expression {
    let base = AppState { step: 0, ..current.in_framework(framework) };
    let mut first_error: Option<String> = None;
    let mut shifted: Option<(AppState, Layer)> = None;
    let mut nearest: Option<(AppState, Layer)> = None;
    for state in candidates(&base, target) {
        let mut request = state.request();
        adjust_for_flip(framework, &mut request, target.kernel_flipped);
        match resolve(&request) {
            Ok(layer) if matches(target, &layer) => {
                let mut notes = Vec::new();
                if layer.kernel_flipped != target.kernel_flipped {
                    notes.push(format!(
                        "{} applies the kernel rotated 180° here: same shape, mirrored kernel",
                        framework.display_name()
                    ));
                }
                let mut code = state.code_line();
                if framework == Framework::Jax && target.op == Op::ConvTranspose && !target.kernel_flipped {
                    code = code.replacen(
                        "lax.conv_transpose(x, w, ",
                        "lax.conv_transpose(x, w, transpose_kernel=True, ",
                        1,
                    );
                    // transpose_kernel=True reads the kernel as (k…, out, in): the comment says
                    // the shape the request (and JAX) takes, not the settings' (k…, in, out).
                    if let (Some(at), Some(weight)) = (code.find("  # w: "), request.weight_shape.as_ref()) {
                        let dims: Vec<String> = weight.iter().map(|d| d.to_string()).collect();
                        let shape =
                            if dims.len() == 1 { format!("({},)", dims[0]) } else { format!("({})", dims.join(", ")) };
                        code = format!("{}  # w: {shape}", &code[..at]);
                    }
                }
                return Expression::Exact {
                    state: Box::new(state),
                    code,
                    request: Box::new(request),
                    layer: Box::new(layer),
                    notes,
                };
            }
            Ok(layer) => {
                let same_size = layer.spatial_out() == target.spatial_out() && layer.op == target.op;
                if same_size && shifted.is_none() {
                    shifted = Some((state, layer));
                } else if !same_size && nearest.is_none() {
                    nearest = Some((state, layer));
                }
            }
            Err(error) => {
                if first_error.is_none() {
                    first_error = Some(error.message);
                }
            }
        }
    }
    let size = target.spatial_out().iter().map(|s| s.to_string()).collect::<Vec<_>>().join("×");
    // A rejection explains best only when no candidate of another size resolved.
    let error = if nearest.is_none() { first_error } else { None };
    let name = framework.display_name();
    match (shifted, error) {
        (Some((state, layer)), _) => {
            let shift = window_shift(&layer, target);
            let code = state.code_line();
            Expression::Impossible {
                reason: format!(
                    "{name} reaches {size} only with its window starting {shift}, so the values shift: {code}"
                ),
                nearest: Some(Nearest {
                    state: Box::new(state),
                    notice: format!(
                        "{name} cannot reproduce this layer exactly: it reaches {size} only with its window \
                         starting {shift}, so the values shift. Showing that layer."
                    ),
                }),
            }
        }
        (None, Some(error)) => {
            Expression::Impossible { reason: format!("cannot produce {size} from this input: {error}"), nearest: None }
        }
        (None, None) => match nearest {
            Some((state, layer)) => {
                let got = layer.spatial_out().iter().map(|s| s.to_string()).collect::<Vec<_>>().join("×");
                Expression::Impossible {
                    reason: format!("no arguments give {size}: the nearest is {got} ({})", state.code_line()),
                    nearest: Some(Nearest {
                        state: Box::new(state),
                        notice: format!("{name} cannot make {size} from this layer; showing the nearest, {got}."),
                    }),
                }
            }
            None => Expression::Impossible { reason: format!("cannot produce {size} from this input"), nearest: None },
        },
    }
}

/// Where `layer`'s window starts relative to `target`'s: "1 cell earlier on each axis".
fn window_shift(layer: &Layer, target: &Layer) -> String {
    let shifts: Vec<i64> = layer.axes.iter().zip(&target.axes).map(|(a, b)| a.pad_before - b.pad_before).collect();
    let describe = |d: i64| match d {
        0 => "the same place".to_string(),
        d if d < 0 => format!("{} cell{} earlier", -d, if d == -1 { "" } else { "s" }),
        d => format!("{d} cell{} later", if d == 1 { "" } else { "s" }),
    };
    if shifts.iter().all(|d| *d == shifts[0]) {
        format!("{} on {}", describe(shifts[0]), if shifts.len() > 1 { "each axis" } else { "the axis" })
    } else {
        shifts.iter().map(|d| describe(*d)).collect::<Vec<_>>().join(" / ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(query: &str) -> (AppState, Layer) {
        let (state, problems) = AppState::from_query(query);
        assert!(problems.is_empty());
        let layer = resolve(&state.request()).unwrap();
        (state, layer)
    }

    fn exact(state: &AppState, layer: &Layer, framework: Framework) -> String {
        match express(state, layer, framework) {
            Expression::Exact { code, .. } => code,
            Expression::Impossible { reason, .. } => panic!("{framework:?}: {reason}"),
        }
    }

    #[test]
    fn the_default_example_everywhere() {
        let (state, layer) = target("");
        assert_eq!(
            exact(&state, &layer, Framework::Pytorch),
            "nn.ConvTranspose2d(1, 1, kernel_size=3, stride=2, padding=1, output_padding=1)"
        );
        // ONNX SAME_LOWER crops the odd cell at the start, like PyTorch's padding=1, output_padding=1.
        assert!(
            exact(&state, &layer, Framework::Onnx).contains("SAME_LOWER")
                || exact(&state, &layer, Framework::Onnx).contains("pads")
        );
        // TensorFlow's SAME crops at the end: the exact window needs explicit padding.
        assert!(exact(&state, &layer, Framework::Tensorflow).contains("padding=[(0, 0), (1, 1), (1, 1), (0, 0)]"));
        // Keras reaches 6×6 only with TensorFlow's window: the one-pixel shift is called out.
        match express(&state, &layer, Framework::Keras) {
            Expression::Impossible { reason, .. } => {
                assert!(reason.contains("window starting 1 cell earlier on each axis"), "{reason}")
            }
            other => panic!("{other:?}"),
        }
        // Caffe has no output_padding: 6×6 with this window is out of reach.
        match express(&state, &layer, Framework::Caffe) {
            Expression::Impossible { reason, .. } => assert!(reason.contains("the nearest is 5×5"), "{reason}"),
            other => panic!("{other:?}"),
        }
        // JAX can, with its own padding meaning and transpose_kernel=True.
        assert!(exact(&state, &layer, Framework::Jax).contains("transpose_kernel=True"));
    }

    #[test]
    fn keras_same_is_tensorflow_same() {
        let (state, layer) = target("fw=keras&in=20&k=3&s=10&p=same");
        assert!(exact(&state, &layer, Framework::Tensorflow).contains("padding='SAME'"));
        let torch = express(&state, &layer, Framework::Pytorch);
        assert!(matches!(torch, Expression::Exact { .. } | Expression::Impossible { .. }));
    }

    #[test]
    fn the_caffe_seed_question() {
        let (state, layer) = target("fw=caffe&in=28&k=4&s=2&p=1");
        assert_eq!(layer.spatial_out(), vec![56, 56]);
        assert!(exact(&state, &layer, Framework::Keras).contains("padding='same'"));
        assert!(exact(&state, &layer, Framework::Pytorch).contains("padding=1"));
    }

    /// With `transpose_kernel=True` JAX's kernel is `(k…, out, in)`: a layer from 512 to 256
    /// channels (VISION's Caffe question) has its JAX row, not "cannot produce".
    #[test]
    fn jax_rows_with_different_channel_counts() {
        for query in ["fw=caffe&in=28&k=4&s=2&p=1&cin=512&cout=256", "s=2&p=1&opad=1&cin=2&cout=3", "k=4&s=2&p=1&cin=3"]
        {
            let (state, layer) = target(query);
            assert!(exact(&state, &layer, Framework::Jax).contains("transpose_kernel=True"), "{query}");
        }
    }

    #[test]
    fn a_framework_without_the_layer_offers_its_nearest_and_says_so() {
        let (state, layer) = target("");
        let Expression::Impossible { nearest: Some(nearest), .. } = express(&state, &layer, Framework::Caffe) else {
            panic!("Caffe has no output_padding")
        };
        assert_eq!(nearest.notice, "Caffe cannot make 6×6 from this layer; showing the nearest, 5×5.");
        assert_eq!(resolve(&nearest.state.request()).unwrap().spatial_out(), vec![5, 5]);
        let Expression::Impossible { nearest: Some(shifted), .. } = express(&state, &layer, Framework::Keras) else {
            panic!("Keras's 'same' window starts elsewhere")
        };
        assert!(
            shifted.notice.starts_with("Keras cannot reproduce this layer exactly: it reaches 6×6"),
            "{}",
            shifted.notice
        );
        assert_eq!(resolve(&shifted.state.request()).unwrap().spatial_out(), vec![6, 6]);
    }
}
