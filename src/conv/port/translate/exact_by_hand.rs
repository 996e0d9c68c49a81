//! What to add to make a framework's nearest layer exact: crop (or zero-pad) the full scatter of
//! its unpadded transposed layer, or zero-pad the input of its unpadded forward one. Each unpadded
//! layer is resolved by the framework's own dialect before it is offered.

use crate::conv::app::query::{AppState, Padding};
use crate::conv::dialects::Framework;
use crate::conv::geometry::axis::{Axis, Op};
use crate::conv::geometry::layer::{ChannelPosition, Layer};
use crate::conv::resolve;

/// The framework's layer with no padding at all (nothing cropped, nothing added), if it has one.
fn unpadded(base: &AppState, framework: Framework, size_in: Vec<i64>) -> Option<(AppState, Layer)> {
    let rank = base.rank;
    let paddings = [Padding::Amounts(vec![0; rank]), Padding::Word("valid".into()), Padding::Word("VALID".into())];
    let output_paddings = [None, Some(vec![0; rank])];
    paddings.iter().flat_map(|p| output_paddings.iter().map(move |o| (p.clone(), o.clone()))).find_map(
        |(padding, output_padding)| {
            let state = AppState {
                padding,
                output_padding,
                output_size: None,
                size_in: size_in.clone(),
                ..base.in_framework(framework)
            };
            let layer = resolve(&state.request()).ok()?;
            let clean = layer.axes.iter().all(|a| a.pad_before == 0 && a.size_out == a.full_len())
                && layer.groups == base.groups;
            clean.then_some((state, layer))
        },
    )
}

/// `[:, :, 1:7, 1:7]` for the window `ranges` in a tensor whose channels sit at `position`.
fn slicing(ranges: &[(i64, i64)], position: ChannelPosition) -> String {
    let spatial: Vec<String> = ranges.iter().map(|(b, e)| format!("{b}:{e}")).collect();
    match position {
        ChannelPosition::First => format!("[:, :, {}]", spatial.join(", ")),
        ChannelPosition::Last => format!("[:, {}, :]", spatial.join(", ")),
    }
}

/// How to cut `target`'s window out of the full scatter in `framework`'s idiom.
fn crop_text(framework: Framework, ranges: &[(i64, i64)], full: &[i64], position: ChannelPosition) -> String {
    let sides: Vec<(i64, i64)> = ranges.iter().zip(full).map(|(&(b, e), &f)| (b, f - e)).collect();
    let pairs = sides.iter().map(|(b, e)| format!("({b}, {e})")).collect::<Vec<_>>().join(", ");
    match framework {
        Framework::Keras1 => format!("Cropping{}D(cropping=({pairs}), dim_ordering='th')", ranges.len()),
        Framework::Keras | Framework::Keras2 => format!("layers.Cropping{}D(({pairs}))", ranges.len()),
        Framework::Caffe => format!(
            "a Crop layer (axis: 2, offset: {}) against a blob of the target size",
            ranges.iter().map(|(b, _)| b.to_string()).collect::<Vec<_>>().join(", ")
        ),
        Framework::Onnx => format!(
            "a Slice node (starts {:?}, ends {:?}, axes {:?})",
            ranges.iter().map(|r| r.0).collect::<Vec<_>>(),
            ranges.iter().map(|r| r.1).collect::<Vec<_>>(),
            (2..2 + ranges.len()).collect::<Vec<_>>()
        ),
        _ => format!("y = y{}", slicing(ranges, position)),
    }
}

/// Making a layer exactly by hand: the framework's unpadded layer, and around it a crop of its
/// output (transposed) or zeros around its input (forward).
#[derive(Debug, Clone, PartialEq)]
pub struct ByHand {
    /// The unpadded layer, in the framework's own arguments.
    pub state: AppState,
    /// Per axis, the cells of its output to keep (transposed; all of them for a forward layer).
    pub keep: Vec<(i64, i64)>,
    /// Per axis, zero cells to add after the kept ones (output_padding's cells past the scatter).
    pub zeros_after: Vec<i64>,
    /// Per axis, zeros around the input before the layer (forward).
    pub pad_input: Vec<(i64, i64)>,
    /// The same in words, in the framework's idiom.
    pub text: String,
}

/// How to make `target` exactly in `framework`, when an unpadded layer of it plus a crop
/// (transposed) or an input padding (forward) does.
pub fn exact_by_hand(base: &AppState, target: &Layer, framework: Framework) -> Option<ByHand> {
    match target.op {
        Op::ConvTranspose => {
            let (state, layer) = unpadded(base, framework, base.size_in.clone())?;
            let full: Vec<i64> = layer.axes.iter().map(Axis::full_len).collect();
            let ranges: Vec<(i64, i64)> =
                target.axes.iter().map(|a| (a.pad_before, a.pad_before + a.size_out)).collect();
            // Cells past the full scatter (output_padding's) receive nothing: zeros to add, not to crop.
            let past: Vec<i64> = ranges.iter().zip(&full).map(|(&(_, e), &f)| (e - f).max(0)).collect();
            if ranges.iter().any(|&(b, _)| b < 0) {
                return None;
            }
            let within: Vec<(i64, i64)> = ranges.iter().zip(&full).map(|(&(b, e), &f)| (b, e.min(f))).collect();
            let mut text = format!(
                "exact with {} then {}",
                state.code_line(),
                crop_text(framework, &within, &full, layer.channel_position)
            );
            if past.iter().any(|&p| p > 0) {
                text.push_str(&format!(
                    ", then zeros added at the end ({} cells per axis; plus the bias, if any)",
                    past.iter().map(|p| p.to_string()).collect::<Vec<_>>().join(", ")
                ));
            }
            let pad_input = vec![(0, 0); within.len()];
            Some(ByHand { state, keep: within, zeros_after: past, pad_input, text })
        }
        Op::Conv => {
            let padded: Vec<i64> = target.axes.iter().map(|a| a.size_in + a.pad_before + a.pad_after).collect();
            if target.axes.iter().any(|a| a.pad_before < 0 || a.pad_after < 0) {
                return None;
            }
            let (state, layer) = unpadded(base, framework, padded)?;
            let same = layer.axes.iter().zip(&target.axes).all(|(a, t)| a.size_out == t.size_out);
            let pad_input: Vec<(i64, i64)> = target.axes.iter().map(|a| (a.pad_before, a.pad_after)).collect();
            let pads = pad_input.iter().map(|(b, a)| format!("({b}, {a})")).collect::<Vec<_>>().join(", ");
            let text = format!("exact with the input zero-padded by {pads} per axis first, then {}", state.code_line());
            let keep = layer.axes.iter().map(|a| (0, a.size_out)).collect();
            let zeros_after = vec![0; pad_input.len()];
            same.then_some(ByHand { state, keep, zeros_after, pad_input, text })
        }
    }
}
