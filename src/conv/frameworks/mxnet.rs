//! MXNet 1.9: `mx.nd.Deconvolution` / `mx.sym.Deconvolution` and `Convolution` (native CPU kernels).
//!
//! ```text
//! K = dilate*(kernel - 1) + 1
//! Deconvolution: size_out = stride*(size_in - 1) + K - 2*pad + adj,   adj <= stride - 1
//! target_shape T (any nonzero entry; pad and adj are then ignored):
//!     t = stride*(size_in - 1) + K - T  (must be >= 0: "too big target shape")
//!     adj = t % 2,  pad = (t + 1) / 2   -> the odd cropped cell is at the START
//! Convolution: size_out = (size_in + 2*pad - K) / stride + 1,  K <= size_in + 2*pad
//! ```
//! Sources: src/operator/nn/deconvolution-inl.h (`DeconvolutionParam`, `InferPad`),
//! deconvolution.cc (`DeconvolutionShape`), convolution.cc; behaviour recorded from mxnet 1.9.1
//! with MXNET_MKLDNN_ENABLED=0. Weights: Deconvolution `(C, num_filter/num_group, k…)`,
//! Convolution `(num_filter, C/num_group, k…)`.

use super::common::{derive, list_text, window_spec};
use crate::conv::axis::{kernel_field, AxisSpec, Op};
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::frameworks::Framework;
use crate::conv::layer::{join_shape, resolve_axes, split_shape, ChannelPosition, Layer, Request, WeightLayout};
use crate::conv::params::{ArgReader, Value};

const NAME: &str = "MXNet";

/// A `Shape` parameter: a tuple of `kernel.len()` ints, or empty for the default.
fn shape_param(reader: &mut ArgReader, name: &str, rank: usize) -> ConvResult<Option<Vec<i64>>> {
    let Some(value) = reader.value(name) else { return Ok(None) };
    let values = match (value, value.as_ints()) {
        (Value::List(_), Some(v)) => v,
        (Value::Int(i), _) => vec![*i],
        _ => return Err(ConvError::rejected(format!("`{name}` must be a tuple of ints (got {})", value.describe()))),
    };
    if values.is_empty() {
        return Ok(None);
    }
    if values.len() != rank {
        return Err(ConvError::rejected(format!(
            "Check failed: param_.kernel.ndim() == param_.{name}.ndim() ({rank} vs. {}): {name} must have as many \
             entries as kernel (got {name}={})",
            values.len(),
            list_text(&values)
        )));
    }
    Ok(Some(values))
}

/// Resolve an MXNet operator call.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    let rank = request.rank;
    let op = request.op;
    let name = if op == Op::ConvTranspose { "Deconvolution" } else { "Convolution" };
    let mut reader = ArgReader::new(NAME, &request.params);
    for neutral in ["workspace", "cudnn_tune", "cudnn_off"] {
        reader.value(neutral);
    }
    let layout = reader.string("layout")?.or(request.layout.clone());
    if let Some(layout) = &layout {
        if !layout.starts_with("NC") {
            return Err(ConvError::rejected(format!(
                "{name} on CPU takes channels-first layouts (NCW, NCHW, NCDHW); got layout {layout:?}"
            )));
        }
    }
    let kernel = shape_param(&mut reader, "kernel", rank)?.ok_or_else(|| {
        ConvError::rejected(format!("Required parameter kernel of Shape(tuple) is not presented in {name}"))
    })?;
    let stride = shape_param(&mut reader, "stride", rank)?.unwrap_or(vec![1; rank]);
    let dilate = shape_param(&mut reader, "dilate", rank)?;
    let pad = shape_param(&mut reader, "pad", rank)?.unwrap_or(vec![0; rank]);
    let (adj, target) = match op {
        Op::ConvTranspose => (
            shape_param(&mut reader, "adj", rank)?.unwrap_or(vec![0; rank]),
            shape_param(&mut reader, "target_shape", rank)?.filter(|t| t.iter().any(|&v| v != 0)),
        ),
        Op::Conv => (vec![0; rank], None),
    };
    let num_filter = reader.int("num_filter")?.ok_or_else(|| {
        ConvError::rejected(format!("Required parameter num_filter of int is not presented in {name}"))
    })?;
    let num_group = reader.int("num_group")?.unwrap_or(1);
    let bias = !reader.boolean("no_bias")?.unwrap_or(op == Op::ConvTranspose);

    if stride.iter().any(|&s| s <= 0) {
        return Err(ConvError::rejected(format!(
            "incorrect stride size: {} (strides must be positive)",
            list_text(&stride)
        )));
    }
    if let Some(d) = &dilate {
        if d.iter().any(|&v| v <= 0) {
            return Err(ConvError::rejected(format!(
                "incorrect dilate size: {} (dilations must be positive)",
                list_text(d)
            )));
        }
        if op == Op::ConvTranspose && rank == 3 {
            return Err(ConvError::rejected("Dilate is not supported in 3d deconvolution"));
        }
    }
    let dilate = dilate.unwrap_or(vec![1; rank]);
    if op == Op::ConvTranspose && rank == 3 {
        return Err(ConvError::rejected(
            "Only 1D or 2D Deconvolution is natively supported (MXNet's native CPU kernels; the default pip build \
             runs 3-D deconvolution through oneDNN instead)",
        ));
    }
    if pad.iter().any(|&p| p < 0) || adj.iter().any(|&a| a < 0) {
        return Err(ConvError::rejected("pad and adj must not be negative"));
    }
    if num_filter <= 0 || num_group <= 0 {
        return Err(ConvError::rejected(format!(
            "num_filter and num_group must be positive (got num_filter={num_filter}, num_group={num_group})"
        )));
    }

    let input = split_shape(&request.input_shape, rank, ChannelPosition::First, false, NAME)?;
    // MXNet 1.x shapes use 0 for "unknown", so a zero-size tensor cannot even be created.
    if input.spatial.contains(&0) || kernel.contains(&0) || input.channels == 0 || input.batch == Some(0) {
        return Err(ConvError::rejected(format!(
            "MXNet 1.x treats a 0 in a shape as unknown, so a tensor of shape {} or a kernel of {} cannot be used",
            list_text(&request.input_shape),
            list_text(&kernel)
        )));
    }
    if input.channels % num_group != 0 {
        return Err(ConvError::rejected(format!(
            "Check failed: dshape[1] % param_.num_group == 0 ({} vs. {num_group}): input num_filter must divide group size",
            input.channels
        )));
    }
    if num_filter % num_group != 0 {
        return Err(ConvError::rejected(format!(
            "Check failed: param_.num_filter % param_.num_group == 0: output num_filter must divide group size \
             ({num_filter} filters, {num_group} groups)"
        )));
    }
    let expected_weight = match op {
        Op::ConvTranspose => [vec![input.channels, num_filter / num_group], kernel.clone()].concat(),
        Op::Conv => [vec![num_filter, input.channels / num_group], kernel.clone()].concat(),
    };
    if let Some(weight) = &request.weight_shape {
        if *weight != expected_weight {
            return Err(ConvError::rejected(format!(
                "Shape inconsistent, Provided = {}, inferred shape={}",
                list_text(weight),
                list_text(&expected_weight)
            )));
        }
    }

    let fields: Vec<i64> = (0..rank).map(|a| kernel_field(kernel[a], dilate[a]).min(i64::MAX as i128) as i64).collect();
    let mut specs = Vec::with_capacity(rank);
    let mut derivations = Vec::with_capacity(rank);
    let mut notes = Vec::new();
    let axis_letter = |axis: usize| ["x", "y", "z"][rank - 1 - axis];
    for axis in 0..rank {
        let (n, s, field) = (input.spatial[axis], stride[axis], fields[axis]);
        match op {
            Op::ConvTranspose => {
                let full = (n as i128 - 1) * s as i128 + field as i128;
                let (p, a) = match &target {
                    Some(t) => {
                        let t_axis = t[axis] as i128;
                        if full < t_axis {
                            return Err(ConvError::rejected(format!(
                                "Check failed: o_pad[i] >= target_shape[i] ({full} vs. {t_axis}): too big target shape \
                                 (the full scatter has only {full} cells on axis {axis})"
                            )));
                        }
                        let extra = full - t_axis;
                        (((extra + 1) / 2) as i64, (extra % 2) as i64)
                    }
                    None => (pad[axis], adj[axis]),
                };
                if a > s - 1 {
                    return Err(ConvError::rejected(format!(
                        "Check failed: param_.stride[{axis}]-1 >= o_adj[{axis}] ({} vs. {a}): adj({}) must be samller than \
                         stride[{axis}]{}",
                        s - 1,
                        axis_letter(axis),
                        if target.is_some() { " (target_shape implies this adj)" } else { "" }
                    )));
                }
                let size_out = full - 2 * p as i128 + a as i128;
                if size_out < 0 {
                    return Err(ConvError::rejected(format!(
                        "Check failed: shape dim size must be >= 0: the output size on axis {axis} would be {size_out}"
                    )));
                }
                let spec = AxisSpec {
                    size_in: n,
                    kernel_size: kernel[axis],
                    stride: s,
                    dilation: dilate[axis],
                    pad_before: p,
                    pad_after: p,
                    output_padding: a,
                };
                let spec = if spec.raw_size_out(op) == size_out {
                    spec
                } else {
                    window_spec(n, kernel[axis], s, dilate[axis], p, size_out as i64)
                };
                let values = [("size_in", n), ("stride", s), ("kernel_field", field), ("pad", p), ("adj", a)];
                derivations.push(derive(
                    "{stride}*({size_in} - 1) + {kernel_field} - 2*{pad} + {adj}",
                    &values,
                    size_out as i64,
                ));
                if target.is_some() && (2 * p - a) % 2 == 1 {
                    notes.push(format!(
                        "axis {axis}: target_shape crops {} cells with the odd one at the start (like ONNX SAME_LOWER and \
                         PyTorch's padding+output_padding, unlike TensorFlow)",
                        2 * p - a
                    ));
                }
                specs.push(spec);
            }
            Op::Conv => {
                let padded = n as i128 + 2 * pad[axis] as i128;
                if (field as i128) > padded {
                    return Err(ConvError::rejected(format!(
                        "Check failed: dilated_ksize <= AddPad(dshape[{}], param_.pad[{axis}]) ({field} vs. {padded}): kernel size exceed input",
                        axis + 2
                    )));
                }
                let spec = AxisSpec {
                    size_in: n,
                    kernel_size: kernel[axis],
                    stride: s,
                    dilation: dilate[axis],
                    pad_before: pad[axis],
                    pad_after: pad[axis],
                    output_padding: 0,
                };
                let values = [("size_in", n), ("stride", s), ("kernel_field", field), ("pad", pad[axis])];
                derivations.push(derive(
                    "({size_in} + 2*{pad} - {kernel_field}) / {stride} + 1",
                    &values,
                    spec.raw_size_out(Op::Conv) as i64,
                ));
                specs.push(spec);
            }
        }
    }
    if op == Op::ConvTranspose && stride.iter().any(|&s| s > 1) && dilate.iter().any(|&d| d > 1) {
        notes.push(
            "MXNet's native CPU Deconvolution computes wrong values when stride and dilate both exceed 1; oneDNN \
             (the default pip build) and GPU compute the scatter shown here"
                .to_string(),
        );
    }
    if target.is_some() && (reader.has("pad") || reader.has("adj")) {
        notes.push("target_shape is set, so pad and adj are ignored".to_string());
    }
    if target.is_some() {
        notes.push(
            "with oneDNN (the default pip build on CPU) a target_shape that needs padding fails with 'could not create a \
             descriptor' unless pad is passed too"
                .to_string(),
        );
    }
    let axes = resolve_axes(&specs, op)?;
    notes.extend(reader.unknown_notes());
    let output_shape = join_shape(
        input.batch,
        num_filter,
        &axes.iter().map(|a| a.size_out).collect::<Vec<_>>(),
        ChannelPosition::First,
    );
    Ok(Layer {
        framework: Framework::Mxnet,
        op,
        axes,
        channel_position: ChannelPosition::First,
        batch: input.batch,
        channels_in: input.channels,
        channels_out: num_filter,
        groups: num_group,
        weight_layout: WeightLayout::channels_first(op),
        weight_shape: expected_weight,
        output_shape,
        kernel_flipped: false,
        bias,
        derivations,
        notes,
        padding_mode: crate::conv::engine::PaddingMode::Zeros,
        explicit_layouts: None,
    })
}
