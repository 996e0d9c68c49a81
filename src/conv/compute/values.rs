//! Output values for a resolved layer: framework tensors in, framework tensor out.
//!
//! The input and weight arrive flat and row-major in the framework's own layouts; they are moved
//! to the canonical layouts (tensor.rs), the kernel is reversed where the framework applies it
//! flipped (JAX by default, Theano), the engine runs, and the output goes back to the framework's layout.

use super::engine::{self, Geometry};
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::layer::Layer;
use crate::conv::geometry::tensor::{flip_spatial, permute, Dim, Layouts, WeightDim};

/// The most multiply–accumulates a request may ask for (keeps every CLI call under a few seconds).
pub const MAX_WORK: u128 = 4_000_000_000;
/// The most output cells a request may ask for: 10^7 cells are 40 MB as `f32`, twice over (the
/// engine's order and the framework's), and about 100 MB of answer text. With the engine's
/// bounded scratch and the CLI's 8 MiB line limit, no request needs more than a few hundred MB.
pub const MAX_OUTPUT: u128 = 10_000_000;

/// Checked before any `usize` product: a shape's cells in `u128`, saturating (2^48-sized axes
/// multiply past `u64`, and a wrapped product once let a 2^64-cell output pass as 0 cells).
fn cells(shape: &[i64]) -> u128 {
    shape.iter().fold(1u128, |product, &d| product.saturating_mul(d.max(0) as u128))
}

fn sizes(shape: &[i64]) -> Vec<usize> {
    shape.iter().map(|&d| d.max(0) as usize).collect()
}

fn check_len(name: &str, data: &[f32], shape: &[i64]) -> ConvResult<()> {
    let want = cells(shape);
    if data.len() as u128 != want {
        return Err(ConvError::malformed(format!(
            "`{name}` has {} values, but its shape {} holds {want}",
            data.len(),
            crate::conv::geometry::numbers::list_text(shape)
        )));
    }
    Ok(())
}

/// The engine geometry of a layer.
pub fn geometry(layer: &Layer) -> Geometry {
    Geometry {
        op: layer.op,
        batch: layer.batch.unwrap_or(1).max(0) as usize,
        channels_in: layer.channels_in.max(0) as usize,
        channels_out: layer.channels_out.max(0) as usize,
        groups: layer.groups.max(1) as usize,
        axes: layer.axes.clone(),
        padding_mode: layer.padding_mode,
    }
}

/// Compute the layer's output for the given tensors (flat, in the framework's layouts).
pub fn compute(
    layer: &Layer,
    input_shape: &[i64],
    input: &[f32],
    weight: &[f32],
    bias: Option<&[f32]>,
) -> ConvResult<Vec<f32>> {
    let rank = layer.axes.len();
    let layouts: Layouts = layer.layouts();
    let geometry = geometry(layer);
    if geometry.work() > MAX_WORK || geometry.output_cells() > MAX_OUTPUT {
        return Err(ConvError::malformed(format!(
            "values not computed: this layer (output shape {}) needs {} multiply-adds for {} output values; \
             convt computes values for up to {MAX_WORK} multiply-adds and {MAX_OUTPUT} output values \
             (without `input` and `weight` the request is answered with its shape)",
            crate::conv::geometry::numbers::list_text(&layer.output_shape),
            geometry.work(),
            geometry.output_cells()
        )));
    }
    // Both tensors arrived as values, so their sizes are bounded by the line; checking them here,
    // before any `usize` product, keeps every length below exact.
    check_len("input", input, input_shape)?;
    check_len("weight", weight, &layer.weight_shape)?;
    if geometry.input_cells() != input.len() as u128 {
        return Err(ConvError::malformed(format!(
            "`input` has {} values; this layer reads {}",
            input.len(),
            geometry.input_cells()
        )));
    }

    // Input: framework order -> [batch, channels, spatial…] (an unbatched input gets batch 1).
    // (check_len above already held the input to its shape, so these products cannot wrap.)
    let mut input_shape = sizes(input_shape);
    // Extra leading batch dimensions (tf.nn.convolution, Keras' forward layers) fold into one batch.
    if input_shape.len() > layouts.input.len() && layouts.input.first() == Some(&Dim::Batch) {
        let extra = input_shape.len() - layouts.input.len() + 1;
        let folded: usize = input_shape[..extra].iter().product();
        input_shape.splice(..extra, [folded]);
    }
    let batched_len = layouts.input.len() + usize::from(!layouts.input.contains(&Dim::Batch));
    if input_shape.len() != layouts.input.len() && input_shape.len() != batched_len {
        return Err(ConvError::malformed(format!(
            "`input_shape` has {} dimensions; this layer's input has {}",
            input_shape.len(),
            layouts.input.len()
        )));
    }
    let mut input_labels = layouts.input.clone();
    let mut input_shape_b = input_shape.clone();
    if !input_labels.contains(&Dim::Batch) {
        input_labels.insert(0, Dim::Batch);
        input_shape_b.insert(0, 1);
    }
    let (canonical_input, _) = permute(input, &input_shape_b, &input_labels, &Layouts::canonical_activation(rank));

    // Weight: framework order -> canonical, reversed where the framework flips the kernel.
    let weight_shape = sizes(&layer.weight_shape);
    let canonical_order: Vec<WeightDim> = Layouts::canonical_weight(layer.op, rank);
    let (mut canonical_weight, canonical_weight_shape) =
        permute(weight, &weight_shape, &layouts.weight, &canonical_order);
    if canonical_weight.len() as u128 != geometry.weight_cells() {
        return Err(ConvError::malformed(format!(
            "the weight holds {} values but this layer uses {} (shape {:?} in canonical order)",
            canonical_weight.len(),
            geometry.weight_cells(),
            canonical_weight_shape
        )));
    }
    if layer.kernel_flipped {
        canonical_weight = flip_spatial(&canonical_weight, &canonical_weight_shape, 2);
    }
    if let Some(bias) = bias {
        if bias.len() != geometry.channels_out {
            return Err(ConvError::malformed(format!(
                "`bias` has {} values; the layer has {} output channels",
                bias.len(),
                geometry.channels_out
            )));
        }
    }

    let output = engine::run_fast(&geometry, &canonical_input, &canonical_weight, bias);

    // Output: [batch, channels, spatial…] -> framework order.
    let mut canonical_shape = vec![geometry.batch, geometry.channels_out];
    canonical_shape.extend(layer.axes.iter().map(|a| a.size_out as usize));
    let mut output_labels = layouts.output.clone();
    let unbatched = !output_labels.contains(&Dim::Batch);
    if unbatched {
        output_labels.insert(0, Dim::Batch);
    }
    let (framework_output, _) =
        permute(&output, &canonical_shape, &Layouts::canonical_activation(rank), &output_labels);
    Ok(framework_output)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::conv::geometry::axis::Op;
    use crate::conv::{resolve, Framework, Params, Request, Value};

    fn request(framework: Framework, input_shape: Vec<i64>, weight_shape: Vec<i64>, params: Params) -> Request {
        Request {
            framework,
            op: Op::ConvTranspose,
            rank: 1,
            layout: None,
            api: None,
            input_shape,
            weight_shape: Some(weight_shape),
            params,
        }
    }

    #[test]
    fn the_one_pixel_shift_between_tensorflow_and_pytorch() {
        let x = [1.0, 2.0, 3.0];
        let w = [1.0, 10.0, 100.0];
        let torch = request(
            Framework::Pytorch,
            vec![1, 1, 3],
            vec![1, 1, 3],
            Params::new()
                .with("stride", Value::Int(2))
                .with("padding", Value::Int(1))
                .with("output_padding", Value::Int(1)),
        );
        let layer = resolve(&torch).unwrap();
        assert_eq!(
            compute(&layer, &torch.input_shape, &x, &w, None).unwrap(),
            vec![10.0, 102.0, 20.0, 203.0, 30.0, 300.0]
        );
        let tf = request(
            Framework::Tensorflow,
            vec![1, 3, 1],
            vec![3, 1, 1],
            Params::new()
                .with("strides", Value::Int(2))
                .with("padding", Value::Str("SAME".into()))
                .with("output_shape", Value::List(vec![Value::Int(1), Value::Int(6), Value::Int(1)])),
        );
        let layer = resolve(&tf).unwrap();
        assert_eq!(compute(&layer, &tf.input_shape, &x, &w, None).unwrap(), vec![1.0, 10.0, 102.0, 20.0, 203.0, 30.0]);
    }

    #[test]
    fn jax_flips_by_default() {
        let jax = request(
            Framework::Jax,
            vec![1, 3, 1],
            vec![3, 1, 1],
            Params::new().with("strides", Value::List(vec![Value::Int(2)])).with("padding", Value::Str("SAME".into())),
        );
        let layer = resolve(&jax).unwrap();
        let out = compute(&layer, &jax.input_shape, &[1.0, 2.0, 3.0], &[1.0, 10.0, 100.0], None).unwrap();
        assert_eq!(out, vec![100.0, 10.0, 201.0, 20.0, 302.0, 30.0]);
    }
}
