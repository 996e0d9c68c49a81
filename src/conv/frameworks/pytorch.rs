//! PyTorch: `nn.Conv{1,2,3}d`, `nn.ConvTranspose{1,2,3}d` (module form, incl.
//! `forward(output_size=)`) and `torch.nn.functional.conv{,_transpose}{1,2,3}d`.
//!
//! ```text
//! conv_transpose: size_out = (size_in - 1)*stride - 2*padding + dilation*(kernel_size - 1) + output_padding + 1
//!                 output_padding < max(stride, dilation)  (per axis)
//!                 forward(output_size=O): O in [L0, L0 + stride - 1], L0 = the size with output_padding 0
//! conv:           size_out = floor((size_in + 2*padding - dilation*(kernel_size - 1) - 1) / stride) + 1
//!                 padding='same' (stride 1 only): total dilation*(kernel_size - 1), the odd cell at the end
//! ```
//!
//! Sources: torch/nn/modules/conv.py (`_ConvNd.__init__`, `_ConvTransposeNd._output_padding`),
//! aten/src/ATen/native/Convolution.cpp (`check_shape_forward`, `_convolution_mode`),
//! aten/src/ATen/native/NaiveConvolutionTranspose2d.cpp (`slow_conv_transpose2d_shape_check`).
//! Weight layouts: conv `(out, in/groups, k…)`, transposed `(in, out/groups, k…)`.

use super::common::{derive_conv, derive_conv_transpose, list_text};
use crate::conv::axis::{AxisSpec, Op};
use crate::conv::engine::PaddingMode;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::frameworks::Framework;
use crate::conv::layer::{channel_position_of, join_shape, split_shape, ChannelPosition, Layer, Request, WeightLayout};
use crate::conv::numbers::signed_text;
use crate::conv::params::{ArgReader, PerAxis, Value};

const NAME: &str = "PyTorch";

fn layouts(rank: usize) -> &'static [&'static str] {
    match rank {
        1 => &["NCL", "NCW"],
        2 => &["NCHW"],
        _ => &["NCDHW"],
    }
}

fn module_name(op: Op, rank: usize) -> String {
    match op {
        Op::Conv => format!("Conv{rank}d"),
        Op::ConvTranspose => format!("ConvTranspose{rank}d"),
    }
}

/// Whether the request models the `nn` module (it has constructor arguments) or `F.*`.
fn is_module(request: &Request, reader: &ArgReader) -> bool {
    match request.api.as_deref() {
        Some(api) if api.contains("functional") || api.starts_with("F.") => false,
        Some(api) if api.contains("nn.") => true,
        _ => reader.has("kernel_size") || reader.has("in_channels") || reader.has("out_channels"),
    }
}

/// Padding as PyTorch takes it: a per-axis integer, or `'valid'` / `'same'` for forward conv.
enum Padding {
    Explicit(Vec<i64>),
    Valid,
    Same,
}

fn read_padding(reader: &mut ArgReader, rank: usize, op: Op) -> ConvResult<Padding> {
    let Some(value) = reader.value("padding") else {
        return Ok(Padding::Explicit(vec![0; rank]));
    };
    match value {
        Value::Str(s) if op == Op::ConvTranspose => Err(ConvError::rejected(format!(
            "ConvTranspose{rank}d takes no padding string (got '{s}'): its padding is an int or a tuple of ints \
             (PyTorch raises TypeError: argument 'padding' must be tuple of ints); 'same'/'valid' exist only for Conv{rank}d"
        ))),
        Value::Str(s) if s == "valid" => Ok(Padding::Valid),
        Value::Str(s) if s == "same" => Ok(Padding::Same),
        Value::Str(s) => Err(ConvError::rejected(format!(
            "Invalid padding string '{s}', should be one of {{'valid', 'same'}}"
        ))),
        other => reader.expand("padding", other, rank, PerAxis::INT_OR_SINGLE_OR_LIST).map(Padding::Explicit),
    }
}

/// Resolve a PyTorch request.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    let rank = request.rank;
    let op = request.op;
    let position = match &request.layout {
        Some(layout) => channel_position_of(layout, rank, layouts(rank), NAME)?,
        None => ChannelPosition::First,
    };
    let mut reader = ArgReader::new(NAME, &request.params);
    let module = is_module(request, &reader);
    let name = module_name(op, rank);

    let stride = reader.per_axis("stride", rank, PerAxis::INT_OR_SINGLE_OR_LIST)?.unwrap_or(vec![1; rank]);
    let dilation = reader.per_axis("dilation", rank, PerAxis::INT_OR_SINGLE_OR_LIST)?.unwrap_or(vec![1; rank]);
    let padding = read_padding(&mut reader, rank, op)?;
    let output_padding = match op {
        Op::ConvTranspose => {
            reader.per_axis("output_padding", rank, PerAxis::INT_OR_SINGLE_OR_LIST)?.unwrap_or(vec![0; rank])
        }
        Op::Conv => vec![0; rank],
    };
    let groups = reader.int("groups")?.unwrap_or(1);
    let bias = reader.boolean("bias")?.unwrap_or(module);
    let padding_mode = reader.string("padding_mode")?.unwrap_or_else(|| "zeros".to_string());
    let output_size = match op {
        Op::ConvTranspose if module => reader.value("output_size").cloned(),
        _ => None,
    };

    let input = split_shape(&request.input_shape, rank, position, true, NAME)?;

    // The weight: built by the module constructor, or passed to the functional form.
    let weight_shape = if module {
        let in_channels = reader.int("in_channels")?.unwrap_or(input.channels);
        let out_channels = reader
            .int("out_channels")?
            .or_else(|| module_out_channels(request, op, groups))
            .ok_or_else(|| ConvError::malformed(format!("{name} needs out_channels")))?;
        let kernel_size = reader
            .per_axis("kernel_size", rank, PerAxis::INT_OR_LIST)?
            .or_else(|| request.weight_shape.as_ref().filter(|w| w.len() == rank + 2).map(|w| w[2..].to_vec()))
            .ok_or_else(|| ConvError::malformed(format!("{name} needs kernel_size")))?;
        check_module_constructor(&name, op, in_channels, out_channels, groups, &padding, &stride, &padding_mode)?;
        let (first, second) = match op {
            Op::ConvTranspose => (in_channels, out_channels / groups),
            Op::Conv => (out_channels, in_channels / groups),
        };
        let mut shape = vec![first, second];
        shape.extend(&kernel_size);
        shape
    } else {
        request
            .weight_shape
            .clone()
            .ok_or_else(|| ConvError::malformed(format!("the functional form of {name} needs weight_shape")))?
    };

    // C++ `check_shape_forward`, in its order.
    if let Padding::Explicit(p) = &padding {
        if p.iter().any(|&v| v < 0) {
            return Err(ConvError::rejected("negative padding is not supported"));
        }
    }
    if output_padding.iter().any(|&v| v < 0) {
        return Err(ConvError::rejected("negative output_padding is not supported"));
    }
    if stride.iter().any(|&v| v <= 0) {
        return Err(ConvError::rejected(format!(
            "non-positive stride is not supported (stride={})",
            list_text(&stride)
        )));
    }
    if dilation.iter().any(|&v| v <= 0) {
        return Err(ConvError::rejected(format!(
            "dilation should be greater than zero, but got dilation={}",
            list_text(&dilation)
        )));
    }
    if groups <= 0 {
        return Err(ConvError::rejected(format!("non-positive groups is not supported (groups={groups})")));
    }
    if weight_shape.len() != rank + 2 {
        return Err(ConvError::rejected(format!(
            "Expected {}-dimensional input for {}-dimensional weight {}, but got {}-dimensional input",
            weight_shape.len(),
            weight_shape.len(),
            list_text(&weight_shape),
            rank + 2
        )));
    }
    if let Some(&bad) = weight_shape.iter().find(|&&d| d < 0) {
        return Err(ConvError::rejected(format!("weight_shape has a negative dimension ({bad})")));
    }
    if weight_shape[0] < groups || weight_shape[0] % groups != 0 {
        return Err(ConvError::rejected(format!(
            "Given groups={groups}, expected weight to be divisible by {groups} at dimension 0, but got weight of size {}",
            list_text(&weight_shape)
        )));
    }
    let kernel_size = weight_shape[2..].to_vec();
    if let Some(k) = kernel_size.iter().find(|&&k| k <= 0) {
        return Err(ConvError::rejected(format!(
            "kernel size should be greater than zero, but got kernel_size={} ({k})",
            list_text(&kernel_size)
        )));
    }
    if input.spatial.contains(&0) {
        return Err(ConvError::rejected(format!(
            "Expected non-zero spatial sizes for {name}, but got input of size {}",
            list_text(&request.input_shape)
        )));
    }

    let (channels_out, axes_spec) = match op {
        Op::ConvTranspose => {
            if input.channels != weight_shape[0] {
                return Err(ConvError::rejected(format!(
                    "Given transposed=1, weight of size {}, expected input {} to have {} channels, but got {} channels instead",
                    list_text(&weight_shape),
                    list_text(&request.input_shape),
                    weight_shape[0],
                    input.channels
                )));
            }
            let pads = match &padding {
                Padding::Explicit(p) => p.clone(),
                _ => vec![0; rank],
            };
            let output_padding = match &output_size {
                Some(sizes) => output_padding_from_size(&name, sizes, &input, &stride, &pads, &kernel_size, &dilation)?,
                None => output_padding,
            };
            for axis in 0..rank {
                if output_padding[axis] >= stride[axis] && output_padding[axis] >= dilation[axis] {
                    return Err(ConvError::rejected(format!(
                        "output padding must be smaller than either stride or dilation, but got output_padding={} \
                         stride={} dilation={} (axis {axis}: {} is not smaller than max({}, {}) = {})",
                        list_text(&output_padding),
                        list_text(&stride),
                        list_text(&dilation),
                        output_padding[axis],
                        stride[axis],
                        dilation[axis],
                        stride[axis].max(dilation[axis])
                    )));
                }
            }
            let specs: Vec<AxisSpec> = (0..rank)
                .map(|axis| AxisSpec {
                    size_in: input.spatial[axis],
                    kernel_size: kernel_size[axis],
                    stride: stride[axis],
                    dilation: dilation[axis],
                    pad_before: pads[axis],
                    pad_after: pads[axis],
                    output_padding: output_padding[axis],
                })
                .collect();
            (weight_shape[1].checked_mul(groups), specs)
        }
        Op::Conv => {
            if weight_shape[1].checked_mul(groups) != Some(input.channels) {
                return Err(ConvError::rejected(format!(
                    "Given groups={groups}, weight of size {}, expected input {} to have {} channels, but got {} channels instead",
                    list_text(&weight_shape),
                    list_text(&request.input_shape),
                    weight_shape[1].saturating_mul(groups),
                    input.channels
                )));
            }
            let pads: Vec<(i64, i64)> = match &padding {
                Padding::Explicit(p) => p.iter().map(|&p| (p, p)).collect(),
                Padding::Valid => vec![(0, 0); rank],
                Padding::Same => {
                    if stride.iter().any(|&s| s != 1) {
                        return Err(ConvError::rejected("padding='same' is not supported for strided convolutions"));
                    }
                    (0..rank)
                        .map(|axis| {
                            let total = dilation[axis].saturating_mul(kernel_size[axis] - 1);
                            (total / 2, total - total / 2)
                        })
                        .collect()
                }
            };
            let specs: Vec<AxisSpec> = (0..rank)
                .map(|axis| AxisSpec {
                    size_in: input.spatial[axis],
                    kernel_size: kernel_size[axis],
                    stride: stride[axis],
                    dilation: dilation[axis],
                    pad_before: pads[axis].0,
                    pad_after: pads[axis].1,
                    output_padding: 0,
                })
                .collect();
            for spec in &specs {
                if spec.raw_size_out(Op::Conv) <= 0 {
                    let padded: Vec<i64> = specs
                        .iter()
                        .map(|s| s.size_in.saturating_add(s.pad_before).saturating_add(s.pad_after))
                        .collect();
                    let fields: Vec<i64> = specs
                        .iter()
                        .map(|s| {
                            crate::conv::axis::kernel_field(s.kernel_size, s.dilation).min(i64::MAX as i128) as i64
                        })
                        .collect();
                    return Err(ConvError::rejected(format!(
                        "Calculated padded input size per channel: ({}). Kernel size: ({}). Kernel size can't be greater than actual input size",
                        join_x(&padded),
                        join_x(&fields)
                    )));
                }
            }
            (Some(weight_shape[0]), specs)
        }
    };
    let channels_out = channels_out.ok_or_else(|| ConvError::rejected("the number of output channels overflows"))?;

    let mut axes = Vec::with_capacity(rank);
    for spec in &axes_spec {
        if op == Op::ConvTranspose && spec.raw_size_out(op) < 1 {
            let sizes: Vec<String> = axes_spec.iter().map(|s| signed_text(s.raw_size_out(op))).collect();
            return Err(ConvError::rejected(format!(
                "Given input size per channel: ({}). Calculated output size per channel: ({}). Output size is too small",
                join_x(&input.spatial),
                sizes.join(" x ")
            )));
        }
        axes.push(spec.resolve(op)?);
    }

    let derivations = axes
        .iter()
        .map(|axis| match op {
            Op::ConvTranspose => derive_conv_transpose(axis, axis.pad_before == axis.pad_after),
            Op::Conv => derive_conv(axis),
        })
        .collect();

    let mut notes = Vec::new();
    if op == Op::ConvTranspose && output_size.is_some() {
        let a: Vec<i64> = axes.iter().map(|a| a.output_padding).collect();
        notes.push(format!(
            "output_size chose output_padding={} (forward(output_size=) only accepts sizes up to stride - 1 above the \
             smallest, even where output_padding alone may go up to max(stride, dilation) - 1)",
            list_text(&a)
        ));
    }
    if op == Op::ConvTranspose && axes.iter().any(|a| a.output_padding > 0) {
        notes.push(
            "output_padding adds cells at the end (bottom/right) only; they are not zeros — they keep whatever the \
             scatter put there before padding cropped it"
                .to_string(),
        );
    }
    if op == Op::Conv && matches!(padding, Padding::Same) && axes.iter().any(|a| a.pad_before != a.pad_after) {
        notes
            .push("padding='same' with an odd total puts the extra padding cell at the end (bottom/right)".to_string());
    }
    if op == Op::Conv && padding_mode != "zeros" {
        notes.push(format!(
            "padding_mode='{padding_mode}' fills the padding with input values instead of zeros; the shape is the same"
        ));
    }
    notes.extend(reader.unknown_notes());

    let output_shape =
        join_shape(input.batch, channels_out, &axes.iter().map(|a| a.size_out).collect::<Vec<_>>(), position);
    Ok(Layer {
        framework: Framework::Pytorch,
        op,
        axes,
        channel_position: position,
        batch: input.batch,
        channels_in: input.channels,
        channels_out,
        groups,
        weight_layout: WeightLayout::channels_first(op),
        weight_shape,
        output_shape,
        kernel_flipped: false,
        bias,
        derivations,
        notes,
        padding_mode: match padding_mode.as_str() {
            "reflect" => PaddingMode::Reflect,
            "replicate" => PaddingMode::Replicate,
            "circular" => PaddingMode::Circular,
            _ => PaddingMode::Zeros,
        },
        explicit_layouts: None,
    })
}

/// Without `out_channels`, a module request may still carry its weight shape.
fn module_out_channels(request: &Request, op: Op, groups: i64) -> Option<i64> {
    let weight = request.weight_shape.as_ref()?;
    match op {
        Op::ConvTranspose => weight.get(1).and_then(|c| c.checked_mul(groups)),
        Op::Conv => weight.first().copied(),
    }
}

/// The checks `_ConvNd.__init__` / `_ConvTransposeNd.__init__` make before any tensor exists.
#[allow(clippy::too_many_arguments)]
fn check_module_constructor(
    name: &str,
    op: Op,
    in_channels: i64,
    out_channels: i64,
    groups: i64,
    padding: &Padding,
    stride: &[i64],
    padding_mode: &str,
) -> ConvResult<()> {
    if groups <= 0 {
        return Err(ConvError::rejected(format!("groups must be a positive integer (got groups={groups})")));
    }
    if in_channels % groups != 0 {
        return Err(ConvError::rejected(format!(
            "in_channels must be divisible by groups ({in_channels} is not divisible by {groups})"
        )));
    }
    if out_channels % groups != 0 {
        return Err(ConvError::rejected(format!(
            "out_channels must be divisible by groups ({out_channels} is not divisible by {groups})"
        )));
    }
    if matches!(padding, Padding::Same) && stride.iter().any(|&s| s != 1) {
        return Err(ConvError::rejected("padding='same' is not supported for strided convolutions"));
    }
    let modes = ["zeros", "reflect", "replicate", "circular"];
    if !modes.contains(&padding_mode) {
        return Err(ConvError::rejected(format!(
            "padding_mode must be one of {{'zeros', 'reflect', 'replicate', 'circular'}}, but got padding_mode='{padding_mode}'"
        )));
    }
    if op == Op::ConvTranspose && padding_mode != "zeros" {
        return Err(ConvError::rejected(format!("Only \"zeros\" padding mode is supported for {name}")));
    }
    Ok(())
}

/// `_ConvTransposeNd._output_padding`: the output_padding that `forward(output_size=)` implies.
fn output_padding_from_size(
    name: &str,
    sizes: &Value,
    input: &crate::conv::layer::SplitShape,
    stride: &[i64],
    padding: &[i64],
    kernel_size: &[i64],
    dilation: &[i64],
) -> ConvResult<Vec<i64>> {
    let rank = stride.len();
    let Some(mut sizes) = sizes.as_ints().filter(|_| matches!(sizes, Value::List(_))) else {
        return Err(ConvError::rejected(format!("output_size must be a list of ints (got {})", sizes.describe())));
    };
    let non_spatial = if input.batch.is_some() { 2 } else { 1 };
    if sizes.len() == rank + non_spatial {
        sizes.drain(..non_spatial);
    }
    if sizes.len() != rank {
        return Err(ConvError::rejected(format!(
            "{name}: for {}D input, output_size must have {} or {} elements (got {})",
            rank + non_spatial,
            rank,
            rank + non_spatial,
            sizes.len()
        )));
    }
    let min: Vec<i64> = (0..rank)
        .map(|d| {
            let field = crate::conv::axis::kernel_field(kernel_size[d], dilation[d]);
            let value = (input.spatial[d] as i128 - 1) * stride[d] as i128 - 2 * padding[d] as i128 + field;
            value.clamp(i64::MIN as i128, i64::MAX as i128) as i64
        })
        .collect();
    let max: Vec<i64> = (0..rank).map(|d| min[d].saturating_add(stride[d] - 1)).collect();
    if (0..rank).any(|d| sizes[d] < min[d] || sizes[d] > max[d]) {
        return Err(ConvError::rejected(format!(
            "requested an output size of {}, but valid sizes range from {} to {} (for an input of {})",
            list_text(&sizes),
            list_text(&min),
            list_text(&max),
            list_text(&input.spatial)
        )));
    }
    Ok((0..rank).map(|d| sizes[d] - min[d]).collect())
}

fn join_x(values: &[i64]) -> String {
    values.iter().map(|v| v.to_string()).collect::<Vec<_>>().join(" x ")
}
