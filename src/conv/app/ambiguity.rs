//! Why output_padding exists: a stride-s forward convolution maps s neighbouring input sizes to
//! the same output size, so its transpose cannot know which one to give back. This module lists
//! those sizes for one axis, the argument that selects each, and the staircase
//! `forward size → conv size` around them (what the ambiguity plot draws).
//!
//! [`in_framework`] asks the layer's own dialect for every number: which forward sizes its own
//! forward convolution (same padding words) maps to the small size, and which of its own
//! arguments (`output_padding`, `adj`, `output_shape`, `outsize` …) gives each size back. Keras'
//! `'same'` maps 191..200 to 20 at stride 10, where a fixed padding would say 193..202.
//! [`ambiguity`] is the canonical geometry's answer (fixed pads), for the property tests.

use super::query::{AppState, Padding};
use crate::conv::dialects::settings::FieldKey;
use crate::conv::dialects::Framework;
use crate::conv::geometry::axis::{conv_len, kernel_field, Axis, Op};
use crate::conv::geometry::layer::Layer;

/// One size the transposed layer can produce from the same input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Candidate {
    /// The transposed layer's output size (= a forward-conv input size).
    pub size: i64,
    /// The output_padding that selects it.
    pub output_padding: i64,
    /// Does the forward conv map `size` back to the small size? False for output_padding ≥ stride,
    /// which PyTorch allows when dilation > output_padding.
    pub inverts: bool,
    /// The framework's argument that selects this size (`output_padding 9`, `output_shape 200`),
    /// or `None` when it has none (Caffe: one size per layer).
    pub pick: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ambiguity {
    /// The small side: the transposed layer's input size (the forward conv's output size).
    pub small: i64,
    /// The large side of the current layer: the transposed output (or the forward conv's input).
    pub current: i64,
    pub stride: i64,
    pub candidates: Vec<Candidate>,
    /// `(forward input size, forward output size)` over a window around the candidates.
    pub staircase: Vec<(i64, i64)>,
}

/// The ambiguity of one axis, read either way round: for a transposed conv its input is the
/// small side; for a forward conv its output is. `None` when the small side is empty.
pub fn ambiguity(axis: &Axis) -> Option<Ambiguity> {
    let (small, current) = match axis.op {
        Op::ConvTranspose => (axis.size_in, axis.size_out),
        Op::Conv => (axis.size_out, axis.size_in),
    };
    if small < 1 || axis.stride > 64 || axis.dilation > 64 {
        return None;
    }
    let field = kernel_field(axis.kernel_size, axis.dilation);
    let pads = axis.pad_before as i128 + axis.pad_after as i128;
    let forward = |n: i64| conv_len(n as i128 + pads, field, axis.stride) as i64;
    // The smallest forward input giving `small`: output_padding 0.
    let base = (small as i128 - 1) * axis.stride as i128 + field - pads;
    let base = i64::try_from(base).ok()?;
    let choices = axis.stride.max(axis.dilation);
    let candidates: Vec<Candidate> = (0..choices)
        .map(|op| base + op)
        .filter(|&size| size >= 0)
        .map(|size| Candidate {
            size,
            output_padding: size - base,
            inverts: forward(size) == small,
            pick: Some(format!("output_padding {}", size - base)),
        })
        .collect();
    let from = (base - 2 * axis.stride).max(0);
    let to = base + choices + 2 * axis.stride;
    let staircase = (from..=to).map(|n| (n, forward(n))).collect();
    Some(Ambiguity { small, current, stride: axis.stride, candidates, staircase })
}

/// The largest stride or dilation whose sizes are listed (the plot stays readable).
const MAX_CHOICES: i64 = 64;

/// The ambiguity of axis `index` of `layer` (resolved from `state`), every number from the
/// layer's own framework. `None` when the small side is empty or the stride is beyond 64.
pub fn in_framework(state: &AppState, layer: &Layer, index: usize) -> Option<Ambiguity> {
    let axis = layer.axes.get(index)?;
    let (small, current) = match axis.op {
        Op::ConvTranspose => (axis.size_in, axis.size_out),
        Op::Conv => (axis.size_out, axis.size_in),
    };
    if small < 1 || axis.stride > MAX_CHOICES || axis.dilation > MAX_CHOICES {
        return None;
    }
    let forward = |n: i64| forward_size(state, axis, index, n);
    // A window around the canonical smallest forward size: the framework's own rule may move
    // the shared sizes by up to the kernel's field, never by more than the window's margins.
    let field = kernel_field(axis.kernel_size, axis.dilation);
    let base = (small as i128 - 1) * axis.stride as i128 + field - (axis.pad_before as i128 + axis.pad_after as i128);
    let base = i64::try_from(base).ok()?;
    let choices = axis.stride.max(axis.dilation);
    let margin = 3 * axis.stride + field.min(64) as i64;
    let (from, to) = ((base - margin).max(0), base.saturating_add(choices + margin));
    let staircase: Vec<(i64, i64)> = (from..=to).filter_map(|n| Some((n, forward(n)?))).collect();
    let shared: Vec<i64> = staircase.iter().filter(|(_, m)| *m == small).map(|(n, _)| *n).collect();

    // What the framework's transposed form picks, from `small` cells on this axis.
    let transposed = match state.op {
        Op::ConvTranspose => state.clone(),
        Op::Conv => transposed_counterpart(state, layer),
    };
    // The other axes keep what the transposed form has: its output_padding, and its output sizes
    // (a forward layer's input sizes).
    let others = transposed.output_padding.clone().unwrap_or_else(|| vec![0; state.rank]);
    let sizes = match state.op {
        Op::ConvTranspose => layer_sizes(state, layer),
        Op::Conv => state.size_in.clone(),
    };
    let fields = (state.framework.dialect().fields)(Op::ConvTranspose, state.rank);
    let name_of = |key: FieldKey| fields.iter().find(|f| f.key == key).map(|f| f.name);
    let mut picks: Vec<(i64, i64, String)> = Vec::new();
    if let Some(name) = name_of(FieldKey::OutputPadding) {
        for value in 0..choices {
            let trial = AppState {
                output_padding: Some(with_axis(&others, index, value)),
                output_size: None,
                ..transposed.clone()
            };
            if let Some(size) = size_on_axis(&trial, index) {
                if !picks.iter().any(|p| p.0 == size) {
                    picks.push((size, value, format!("{name} {value}")));
                }
            }
        }
    }
    if let Some(name) = name_of(FieldKey::OutputSize) {
        for &size in shared.iter().chain(std::iter::once(&current)) {
            if picks.iter().any(|p| p.0 == size) {
                continue;
            }
            let trial = AppState {
                output_size: Some(with_axis(&sizes, index, size)),
                output_padding: transposed.output_padding.as_ref().map(|_| vec![0; state.rank]),
                ..transposed.clone()
            };
            if size_on_axis(&trial, index) == Some(size) {
                let lowest = shared.first().copied().unwrap_or(size);
                picks.push((size, size - lowest, format!("{name} {size}")));
            }
        }
    }
    let mut sizes: Vec<i64> = shared.clone();
    sizes.extend(picks.iter().map(|p| p.0));
    if !sizes.contains(&current) {
        sizes.push(current);
    }
    sizes.sort_unstable();
    sizes.dedup();
    let lowest = shared.first().copied().unwrap_or(current);
    let candidates = sizes
        .into_iter()
        .map(|size| {
            let pick = picks.iter().find(|p| p.0 == size);
            Candidate {
                size,
                output_padding: pick.map_or(size - lowest, |p| p.1),
                inverts: shared.contains(&size),
                pick: pick.map(|p| p.2.clone()),
            }
        })
        .collect();
    Some(Ambiguity { small, current, stride: axis.stride, candidates, staircase })
}

/// `values` with entry `index` replaced.
fn with_axis(values: &[i64], index: usize, value: i64) -> Vec<i64> {
    let mut values = values.to_vec();
    if let Some(slot) = values.get_mut(index) {
        *slot = value;
    }
    values
}

/// The layer's output sizes as the state's `output_size` would give them.
fn layer_sizes(state: &AppState, layer: &Layer) -> Vec<i64> {
    state.output_size.clone().unwrap_or_else(|| layer.spatial_out())
}

/// The size the framework gives on axis `index` for a state, or `None` when it rejects it.
fn size_on_axis(state: &AppState, index: usize) -> Option<i64> {
    let layer = crate::conv::resolve(&state.request()).ok()?;
    layer.axes.get(index).map(|a| a.size_out)
}

/// The framework's own forward convolution of `n` cells on axis `index`, with the layer's kernel,
/// stride, dilation and padding (its words for words: Keras' `'same'` is ceil(n / s) whatever the
/// kernel). Padding amounts are the canonical pads, which every framework's forward rule shares.
fn forward_size(state: &AppState, axis: &Axis, index: usize, n: i64) -> Option<i64> {
    let fixed = || {
        let padded = n as i128 + axis.pad_before as i128 + axis.pad_after as i128;
        i64::try_from(conv_len(padded, kernel_field(axis.kernel_size, axis.dilation), axis.stride)).ok()
    };
    if state.op == Op::Conv {
        let trial = AppState { size_in: with_axis(&state.size_in, index, n), ..state.clone() };
        return size_on_axis(&trial, index);
    }
    let Padding::Word(word) = &state.padding else { return fixed() };
    let forward = AppState {
        op: Op::Conv,
        size_in: with_axis(&state.size_in, index, n),
        output_padding: None,
        output_size: None,
        ..state.clone()
    };
    // Keras 1's Deconvolution2D has no forward layer of its own: its backend's check is the rule.
    // Theano's: (n + 2*pad - k) // s + 1, pad k // 2 for 'same', k - 1 for 'full', 0 for 'valid'.
    if state.framework == Framework::Keras1 && state.backend == Some(super::query::Backend::Theano) {
        let k = axis.kernel_size as i128;
        let pad = match word.as_str() {
            "same" => k / 2,
            "full" => k - 1,
            _ => 0,
        };
        let size = (n as i128 + 2 * pad - k).div_euclid(axis.stride as i128) + 1;
        return i64::try_from(size).ok().filter(|&m| m >= 0);
    }
    // On TensorFlow it is TensorFlow's, whose words are Keras 1's upper-cased.
    size_on_axis(&forward, index).or_else(|| {
        (state.framework == Framework::Keras1).then_some(())?;
        let tensorflow = AppState {
            framework: Framework::Tensorflow,
            padding: Padding::Word(word.to_ascii_uppercase()),
            ..forward.clone()
        };
        size_on_axis(&tensorflow, index)
    })
}

/// For a forward layer: the same layer transposed in its framework, from its output sizes; where
/// the transposed form does not take the forward padding (PyTorch's `'same'`), the canonical
/// amounts when they are symmetric (else the state's padding, which the framework then refuses,
/// so no argument is said to pick).
fn transposed_counterpart(state: &AppState, layer: &Layer) -> AppState {
    let transposed = AppState {
        op: Op::ConvTranspose,
        size_in: layer.spatial_out(),
        output_padding: None,
        output_size: None,
        channels_in: state.channels_out,
        channels_out: state.channels_in,
        ..state.clone()
    };
    let symmetric = layer.axes.iter().all(|a| a.pad_before == a.pad_after);
    if !symmetric || crate::conv::resolve(&transposed.request()).is_ok() {
        return transposed;
    }
    AppState { padding: Padding::Amounts(layer.axes.iter().map(|a| a.pad_before).collect()), ..transposed }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::geometry::axis::AxisSpec;

    fn transposed(size_in: i64, kernel_size: i64, stride: i64, dilation: i64, pad: i64, op: i64) -> Axis {
        AxisSpec { size_in, kernel_size, stride, dilation, pad_before: pad, pad_after: pad, output_padding: op }
            .resolve(Op::ConvTranspose)
            .unwrap()
    }

    #[test]
    fn default_layer_picks_six_of_five_and_six() {
        let a = ambiguity(&transposed(3, 3, 2, 1, 1, 1)).unwrap();
        let sizes: Vec<(i64, i64, bool)> = a.candidates.iter().map(|c| (c.size, c.output_padding, c.inverts)).collect();
        assert_eq!(sizes, vec![(5, 0, true), (6, 1, true)]);
        assert_eq!((a.small, a.current), (3, 6));
        // The staircase agrees: forward conv k3 s2 p1 maps 5 and 6 to 3, 7 to 4.
        assert!(a.staircase.contains(&(5, 3)) && a.staircase.contains(&(6, 3)) && a.staircase.contains(&(7, 4)));
    }

    #[test]
    fn caffe_28_to_56_and_dilation_larger_than_stride() {
        let a = ambiguity(&transposed(28, 4, 2, 1, 1, 0)).unwrap();
        assert_eq!(a.candidates.iter().map(|c| c.size).collect::<Vec<_>>(), vec![56, 57]);
        // Stride 1, dilation 2: output_padding 1 is allowed by PyTorch but no conv maps it back.
        let a = ambiguity(&transposed(4, 3, 1, 2, 0, 0)).unwrap();
        assert_eq!(
            a.candidates,
            vec![
                Candidate { size: 8, output_padding: 0, inverts: true, pick: Some("output_padding 0".into()) },
                Candidate { size: 9, output_padding: 1, inverts: false, pick: Some("output_padding 1".into()) },
            ]
        );
    }

    #[test]
    fn a_forward_conv_reads_the_other_way() {
        let axis = AxisSpec {
            size_in: 7,
            kernel_size: 3,
            stride: 2,
            dilation: 1,
            pad_before: 1,
            pad_after: 1,
            output_padding: 0,
        }
        .resolve(Op::Conv)
        .unwrap();
        let a = ambiguity(&axis).unwrap();
        assert_eq!((a.small, a.current), (4, 7));
        assert_eq!(a.candidates.iter().map(|c| c.size).collect::<Vec<_>>(), vec![7, 8]);
    }

    fn framework(query: &str, index: usize) -> Ambiguity {
        let (state, problems) = AppState::from_query(query);
        assert!(problems.is_empty(), "{problems:?}");
        let layer = crate::conv::resolve(&state.request()).unwrap();
        in_framework(&state, &layer, index).unwrap()
    }

    fn listed(a: &Ambiguity) -> Vec<(i64, Option<String>, bool)> {
        a.candidates.iter().map(|c| (c.size, c.pick.clone(), c.inverts)).collect()
    }

    /// The example: Keras' Conv2D(…, 'same') maps 191..200 to 20, and output_padding 9
    /// gives 200, as the form on the same page says (a fixed-padding rule said 193..202).
    #[test]
    fn keras_same_shares_191_to_200() {
        let a = framework("fw=keras&in=20&k=3&s=10&p=same", 0);
        let shared: Vec<i64> = a.candidates.iter().filter(|c| c.inverts).map(|c| c.size).collect();
        assert_eq!(shared, (191..=200).collect::<Vec<_>>());
        assert!(listed(&a).contains(&(200, Some("output_padding 9".into()), true)), "{:?}", listed(&a));
        assert_eq!(a.current, 200);
    }

    #[test]
    fn pytorch_matches_the_canonical_rule() {
        let a = framework("", 0);
        assert_eq!(
            listed(&a),
            vec![(5, Some("output_padding 0".into()), true), (6, Some("output_padding 1".into()), true)]
        );
    }

    /// TensorFlow picks with output_shape; Caffe has no argument that picks (one size per layer).
    #[test]
    fn tensorflow_picks_by_output_shape_and_caffe_not_at_all() {
        let a = framework("fw=tensorflow&in=5&k=3&s=2&p=SAME", 0);
        assert_eq!(
            listed(&a),
            vec![(9, Some("output_shape 9".into()), true), (10, Some("output_shape 10".into()), true)]
        );
        let a = framework("fw=caffe&in=28&k=4&s=2&p=1", 0);
        assert!(a.candidates.iter().any(|c| c.size == 56 && c.pick.is_none()), "{:?}", listed(&a));
    }

    /// A forward layer's picks belong to its transposed counterpart from the forward output's
    /// sizes on every axis (TensorFlow's output_shape picks; it once said nothing picks).
    #[test]
    fn forward_layers_pick_through_their_transpose() {
        let a = framework("fw=tensorflow&op=conv&in=7&k=3&s=2&p=SAME", 0);
        assert_eq!(a.small, 4);
        assert!(listed(&a).contains(&(7, Some("output_shape 7".into()), true)), "{:?}", listed(&a));
        let a = framework("op=conv&in=7x5&k=3&s=2x1&p=1", 0);
        assert_eq!(
            listed(&a),
            vec![(7, Some("output_padding 0".into()), true), (8, Some("output_padding 1".into()), true)]
        );
    }

    /// Keras 1 on Theano maps sizes back with Theano's own check, 'full' included.
    #[test]
    fn keras1_on_theano_uses_theanos_rule() {
        let a = framework("fw=keras1&in=5&k=3&s=2&p=full&out=7x7&be=theano", 0);
        assert!(a.candidates.iter().any(|c| c.size == 7 && c.inverts), "{:?}", listed(&a));
        assert!(a.candidates.iter().filter(|c| c.inverts).count() >= 2, "{:?}", listed(&a));
    }
}
