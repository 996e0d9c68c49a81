#![cfg(not(target_arch = "wasm32"))]
//! `convt translate` against the core, over random layers of every framework:
//! - a layer's own code line, pasted back, reads as the same layer (every dialect's reverse
//!   direction and its call signature agree);
//! - every exact equivalent resolves to the same output shape and, with the weight ported as the
//!   answer says, the same values.

use convt_lab::conv::app::query::AppState;
use convt_lab::conv::compute::values::compute;
use convt_lab::conv::geometry::tensor::permute;
use convt_lab::conv::port::translate::{equivalents, read, Equivalent, Paste};
use convt_lab::conv::port::weights::weight_port;
use convt_lab::conv::{resolve, Framework, Layer, Op};
use proptest::prelude::*;

#[path = "common/layers.rs"]
mod layers;
use layers::{sizes, values};

fn state_strategy() -> impl Strategy<Value = AppState> {
    layers::state_strategy(6, 5, 3, 4)
}

/// The same computation: the same windows, channels and output size.
fn same_layer(a: &Layer, b: &Layer) -> bool {
    a.op == b.op
        && a.spatial_out() == b.spatial_out()
        && a.channels_out == b.channels_out
        && a.axes.iter().zip(&b.axes).all(|(x, y)| {
            (x.size_in, x.kernel_size, x.stride, x.dilation, x.pad_before)
                == (y.size_in, y.kernel_size, y.stride, y.dilation, y.pad_before)
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_code_line_pasted_back_reads_as_its_layer(state in state_strategy()) {
        let framework = state.framework;
        // (A dialect whose call signatures are not written yet cannot read code.)
        if framework.dialect().calls.is_empty() {
            return Ok(());
        }
        let request = state.request();
        let Ok(layer) = resolve(&request) else { return Ok(()) };
        let code = state.code_line();
        let paste = Paste {
            text: &code,
            from: Some(framework),
            input_shape: Some(request.input_shape.clone()),
            weight_shape: request.weight_shape.clone(),
            backend: None,
        };
        let reading = read(&paste).map_err(|e| TestCaseError::fail(format!("{code}\n{e}")))?;
        let read_layer = resolve(&reading.request).map_err(|e| TestCaseError::fail(format!("{code}\n{e}")))?;
        prop_assert!(same_layer(&layer, &read_layer), "{}\n{:?}\n{:?}", code, layer.axes, read_layer.axes);
        // Recognised from the text alone, too (tf.keras reads as Keras 3, its name since TF 2.16).
        let recognised = read(&Paste { from: None, ..paste.clone() }).map_err(|e| TestCaseError::fail(format!("{code}\n{e}")))?;
        let expected = if framework == Framework::Keras2 { Framework::Keras } else { framework };
        prop_assert!(
            recognised.request.framework == framework || recognised.request.framework == expected,
            "{} read as {:?}", code, recognised.request.framework
        );
    }

    #[test]
    fn equivalents_give_the_same_shape_and_values(state in state_strategy(), seed in 0usize..100) {
        let request = state.request();
        let Ok(source) = resolve(&request) else { return Ok(()) };
        let input = values(sizes(&request.input_shape).iter().product(), seed);
        let weight = values(sizes(&source.weight_shape).iter().product(), seed + 1);
        let Ok(expected) = compute(&source, &request.input_shape, &input, &weight, None) else { return Ok(()) };
        for equivalent in equivalents(&request, &source) {
            let Equivalent::Exact { framework, code, request: other, layer: target, .. } = equivalent else { continue };
            let resolved = resolve(&other).map_err(|e| TestCaseError::fail(format!("{framework:?} {code}: {e}")))?;
            prop_assert_eq!(&resolved.output_shape, &target.output_shape);
            prop_assert!(same_layer(&source, &resolved), "{:?}: {}", framework, code);
            let port = weight_port(&source, &resolved);
            let (ported, ported_shape) = port.apply(&weight, &sizes(&source.weight_shape));
            prop_assert_eq!(&ported_shape, &sizes(&resolved.weight_shape), "{:?}: {}", framework, code);
            let (moved, _) = permute(&input, &sizes(&request.input_shape), &source.layouts().input, &resolved.layouts().input);
            let output = compute(&resolved, &other.input_shape, &moved, &ported, None)
                .map_err(|e| TestCaseError::fail(format!("{framework:?}: {e}")))?;
            let (back, _) = permute(&output, &sizes(&resolved.output_shape), &resolved.layouts().output, &source.layouts().output);
            prop_assert_eq!(&back, &expected, "{:?} -> {:?}: {} with {}", state.framework, framework, code, port.numpy());
        }
    }
}

/// The engine values of `layer` on `input`/`weight` (canonical: N, C, spatial…).
fn canonical_values(layer: &Layer, input_shape: &[i64], input: &[f32], weight: &[f32]) -> Option<Vec<f32>> {
    let output = compute(layer, input_shape, input, weight, None).ok()?;
    let rank = layer.axes.len();
    let canonical = convt_lab::conv::geometry::tensor::Layouts::canonical_activation(rank);
    Some(permute(&output, &sizes(&layer.output_shape), &layer.layouts().output, &canonical).0)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    /// "Exact by hand" (a framework's unpadded transposed layer, cropped, plus zeros) gives the
    /// pasted layer's values.
    #[test]
    fn by_hand_crops_give_the_same_values(state in state_strategy(), seed in 0usize..100) {
        prop_assume!(state.op == Op::ConvTranspose);
        let request = state.request();
        let Ok(source) = resolve(&request) else { return Ok(()) };
        let input = values(sizes(&request.input_shape).iter().product(), seed);
        let weight = values(sizes(&source.weight_shape).iter().product(), seed + 1);
        let Some(expected) = canonical_values(&source, &request.input_shape, &input, &weight) else { return Ok(()) };
        let (n, c) = (source.batch.unwrap_or(1) as usize, source.channels_out as usize);
        let target_sizes: Vec<usize> = source.axes.iter().map(|a| a.size_out as usize).collect();
        for equivalent in equivalents(&request, &source) {
            let Equivalent::Impossible { framework, by_hand: Some(by_hand), .. } = equivalent else { continue };
            let other = by_hand.state.request();
            let full = resolve(&other).map_err(|e| TestCaseError::fail(format!("{framework:?}: {e}")))?;
            let port = weight_port(&source, &full);
            let (ported, _) = port.apply(&weight, &sizes(&source.weight_shape));
            let (moved, _) = permute(&input, &sizes(&request.input_shape), &source.layouts().input, &full.layouts().input);
            let Some(got) = canonical_values(&full, &other.input_shape, &moved, &ported) else { continue };
            let full_sizes: Vec<usize> = full.axes.iter().map(|a| a.size_out as usize).collect();
            // Crop each axis to `keep`, then zeros after: built cell by cell in canonical order.
            let cells: usize = target_sizes.iter().product();
            let mut built = Vec::with_capacity(n * c * cells);
            for plane in 0..n * c {
                for cell in 0..cells {
                    let mut rest = cell;
                    let mut at = Vec::with_capacity(target_sizes.len());
                    for size in target_sizes.iter().rev() {
                        at.push(rest % size);
                        rest /= size;
                    }
                    at.reverse();
                    let mut offset = 0usize;
                    let mut inside = true;
                    for (axis, &i) in at.iter().enumerate() {
                        let (begin, end) = by_hand.keep[axis];
                        let source_index = begin + i as i64;
                        if source_index >= end {
                            inside = false;
                        }
                        offset = offset * full_sizes[axis] + source_index.max(0) as usize;
                    }
                    let plane_cells: usize = full_sizes.iter().product();
                    built.push(if inside { got[plane * plane_cells + offset] } else { 0.0 });
                }
            }
            prop_assert_eq!(&built, &expected, "{:?}: {}", framework, by_hand.text);
        }
    }
}
