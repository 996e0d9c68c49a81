//! Caffe: `Deconvolution` and `Convolution` layers (`ConvolutionParameter`).
//!
//! ```text
//! kernel_extent = dilation*(kernel_size - 1) + 1
//! Deconvolution: size_out = stride*(size_in - 1) + kernel_extent - 2*pad        (no output_padding, no size knob)
//! Convolution:   size_out = (size_in + 2*pad - kernel_extent) / stride + 1      (C++ division truncates)
//! ```
//! `kernel_size`, `pad`, `stride`, `dilation` are repeated fields: once, or once per spatial axis;
//! 2-D layers may use `kernel_h`/`kernel_w`, `pad_h`/`pad_w`, `stride_h`/`stride_w` instead (not both).
//! Nothing checks that a Deconvolution output is positive: the blob reshape refuses a negative size.
//! Sources: src/caffe/layers/base_conv_layer.cpp (`LayerSetUp`), deconv_layer.cpp / conv_layer.cpp
//! (`compute_output_shape`), src/caffe/proto/caffe.proto; behaviour recorded from the `caffe` tool built
//! from BVLC/caffe@9b891540. Weights: Deconvolution `(C, num_output/group, k…)`, Convolution
//! `(num_output, C/group, k…)`.

use super::common::{derive, list_text};
use crate::conv::dialects::params::ArgReader;
use crate::conv::dialects::Request;
use crate::conv::error::{ConvError, ConvResult};
use crate::conv::geometry::axis::{kernel_field, AxisSpec, Op};
use crate::conv::geometry::layer::{join_shape, resolve_axes, split_shape, ChannelPosition, Layer, WeightLayout};

const NAME: &str = "Caffe";

/// A repeated `uint32` field: absent, once, or once per spatial axis.
fn repeated(reader: &mut ArgReader, name: &str, rank: usize) -> ConvResult<Option<Vec<i64>>> {
    let Some(value) = reader.value(name) else { return Ok(None) };
    let values = value.as_ints().ok_or_else(|| {
        ConvError::rejected(format!("{name} must be an unsigned integer or a list of them (got {})", value.describe()))
    })?;
    if values.iter().any(|&v| v < 0) {
        return Err(ConvError::rejected(format!(
            "{name} is a uint32 field: a negative value ({}) does not parse",
            list_text(&values)
        )));
    }
    match values.len() {
        0 => Ok(None),
        1 => Ok(Some(vec![values[0]; rank])),
        n if n == rank => Ok(Some(values)),
        n => Err(ConvError::rejected(format!(
            "{name} must be specified once, or once per spatial dimension ({name} specified {n} times; {rank} spatial dims)."
        ))),
    }
}

/// `kernel_size` vs `kernel_h`/`kernel_w` (and the same for pad and stride).
fn field_or_hw(reader: &mut ArgReader, name: &str, rank: usize) -> ConvResult<Option<Vec<i64>>> {
    let (h, w) = (format!("{name}_h"), format!("{name}_w"));
    let short = if name == "kernel" { "kernel_size" } else { name };
    if reader.has(&h) || reader.has(&w) {
        if rank != 2 {
            return Err(ConvError::rejected(format!("{h} & {w} can only be used for 2D convolution.")));
        }
        if reader.has(short) {
            return Err(ConvError::rejected(format!("Either {short} or {h}/w should be specified; not both.")));
        }
        let h = reader.int(&h)?;
        let w = reader.int(&w)?;
        return match (h, w) {
            (Some(h), Some(w)) if h >= 0 && w >= 0 => Ok(Some(vec![h, w])),
            (Some(_), Some(_)) => Err(ConvError::rejected(format!("{name}_h and {name}_w are uint32 fields"))),
            _ if name == "kernel" => {
                Err(ConvError::rejected("For non-square filters both kernel_h and kernel_w are required."))
            }
            _ => Err(ConvError::rejected(format!("For non-square {name} both {name}_h and {name}_w are required."))),
        };
    }
    repeated(reader, short, rank)
}

/// Resolve a Caffe layer.
pub fn resolve(request: &Request) -> ConvResult<Layer> {
    let rank = request.rank;
    let op = request.op;
    let mut reader = ArgReader::new(NAME, &request.params);
    for neutral in ["engine", "force_nd_im2col", "weight_filler", "bias_filler", "name"] {
        reader.value(neutral);
    }
    if let Some(axis) = reader.int("axis")? {
        if axis != 1 {
            return Err(ConvError::malformed(format!(
                "convt-lab models Caffe convolutions with axis 1 only (got axis {axis})"
            )));
        }
    }
    let bias = reader.boolean("bias_term")?.unwrap_or(true);
    let num_output = reader.int("num_output")?.unwrap_or(0);
    let group = reader.int("group")?.unwrap_or(1);
    let kernel = field_or_hw(&mut reader, "kernel", rank)?.ok_or_else(|| {
        ConvError::rejected(format!(
            "kernel_size must be specified once, or once per spatial dimension (kernel_size specified 0 times; {rank} spatial dims)."
        ))
    })?;
    let stride = field_or_hw(&mut reader, "stride", rank)?.unwrap_or(vec![1; rank]);
    let pad = field_or_hw(&mut reader, "pad", rank)?.unwrap_or(vec![0; rank]);
    let dilation = repeated(&mut reader, "dilation", rank)?.unwrap_or(vec![1; rank]);
    if let Some(layout) = &request.layout {
        if !layout.starts_with("NC") {
            return Err(ConvError::rejected(format!("Caffe blobs are N x C x spatial… (got layout {layout:?})")));
        }
    }

    if kernel.contains(&0) {
        return Err(ConvError::rejected(format!("Filter dimensions must be nonzero (kernel {}).", list_text(&kernel))));
    }
    if stride.contains(&0) {
        return Err(ConvError::rejected(format!("Stride dimensions must be nonzero (stride {}).", list_text(&stride))));
    }
    let input = split_shape(&request.input_shape, rank, ChannelPosition::First, false, NAME)?;
    if num_output <= 0 {
        return Err(ConvError::rejected(format!("Check failed: num_output_ > 0 (num_output is {num_output})")));
    }
    if group <= 0 || input.channels % group != 0 {
        return Err(ConvError::rejected(format!(
            "Check failed: channels_ % group_ == 0 ({} channels, group {group})",
            input.channels
        )));
    }
    if num_output % group != 0 {
        return Err(ConvError::rejected(format!(
            "Number of output should be multiples of group (num_output {num_output}, group {group})."
        )));
    }
    let weight_shape = match op {
        Op::ConvTranspose => [vec![input.channels, num_output / group], kernel.clone()].concat(),
        Op::Conv => [vec![num_output, input.channels / group], kernel.clone()].concat(),
    };
    if let Some(given) = &request.weight_shape {
        if *given != weight_shape {
            return Err(ConvError::rejected(format!(
                "Incorrect weight shape: expected shape {}; instead, shape was {}",
                list_text(&weight_shape),
                list_text(given)
            )));
        }
    }

    let mut specs = Vec::with_capacity(rank);
    let mut derivations = Vec::with_capacity(rank);
    let mut notes = Vec::new();
    for axis in 0..rank {
        let (n, k, s, p, d) = (input.spatial[axis], kernel[axis], stride[axis], pad[axis], dilation[axis]);
        let extent = kernel_field(k, d);
        let values =
            [("size_in", n), ("stride", s), ("kernel_extent", extent.min(i64::MAX as i128) as i64), ("pad", p)];
        match op {
            Op::ConvTranspose => {
                let out = s as i128 * (n as i128 - 1) + extent - 2 * p as i128;
                if out < 0 {
                    return Err(ConvError::rejected(format!(
                        "Check failed: shape[i] >= 0 ({out} vs. 0): the Deconvolution output on axis {axis} would be \
                         {s}*({n} - 1) + {extent} - 2*{p} = {out}"
                    )));
                }
                derivations.push(derive("{stride}*({size_in} - 1) + {kernel_extent} - 2*{pad}", &values, out as i64));
                specs.push(AxisSpec {
                    size_in: n,
                    kernel_size: k,
                    stride: s,
                    dilation: d,
                    pad_before: p,
                    pad_after: p,
                    output_padding: 0,
                });
            }
            Op::Conv => {
                let padded = n as i128 + 2 * p as i128;
                let out = (padded - extent) / s as i128 + 1;
                if out < 0 {
                    return Err(ConvError::rejected(format!(
                        "Check failed: shape[i] >= 0 ({out} vs. 0): the Convolution output on axis {axis} would be \
                         ({n} + 2*{p} - {extent}) / {s} + 1 = {out}"
                    )));
                }
                // Truncating division: a kernel overhanging by less than a stride still yields a cell,
                // whose reads past the input are zeros (im2col), i.e. extra end padding.
                let overhang = if out > 0 { ((out - 1) * s as i128 + extent - padded).max(0) as i64 } else { 0 };
                if overhang > 0 {
                    notes.push(format!(
                        "axis {axis}: the kernel extent ({extent}) overhangs the padded input by {overhang}; Caffe still \
                         computes {out} cell(s), reading zeros past the end"
                    ));
                }
                derivations.push(derive("({size_in} + 2*{pad} - {kernel_extent}) / {stride} + 1", &values, out as i64));
                specs.push(AxisSpec {
                    size_in: n,
                    kernel_size: k,
                    stride: s,
                    dilation: d,
                    pad_before: p,
                    pad_after: p + overhang,
                    output_padding: 0,
                });
            }
        }
    }
    let axes = resolve_axes(&specs, op)?;
    // Caffe's SyncedMemory cannot hold an empty blob: the forward pass fails on "Check failed: data_".
    let output_sizes: Vec<i64> = axes.iter().map(|a| a.size_out).collect();
    if request.input_shape.contains(&0) || output_sizes.contains(&0) {
        return Err(ConvError::rejected(format!(
            "Check failed: data_ — Caffe cannot allocate an empty blob (input {}, output spatial {})",
            list_text(&request.input_shape),
            list_text(&output_sizes)
        )));
    }
    if op == Op::ConvTranspose {
        notes.push(
            "Caffe's Deconvolution has no output_padding and no output size: to match another framework's size, \
             crop afterwards (a Crop layer) or change pad"
                .to_string(),
        );
    }
    notes.extend(reader.unknown_notes());
    let output_shape = join_shape(
        input.batch,
        num_output,
        &axes.iter().map(|a| a.size_out).collect::<Vec<_>>(),
        ChannelPosition::First,
    );
    Ok(Layer {
        op,
        axes,
        channel_position: ChannelPosition::First,
        batch: input.batch,
        channels_in: input.channels,
        channels_out: num_output,
        groups: group,
        weight_layout: WeightLayout::channels_first(op),
        weight_shape,
        output_shape,
        kernel_flipped: false,
        bias,
        derivations,
        notes,
        padding_mode: crate::conv::geometry::padding::PaddingMode::Zeros,
        explicit_layouts: None,
    })
}

// The reverse: the app's settings as a Caffe layer's `convolution_param`.

use super::params::{Params, Value};
use super::settings::{Field, FieldKey, Settings};
use super::spelling::{as_is, compact, padding_value, python, settings_request, symmetric, DefaultArg};
use super::{Dialect, Framework};

pub const DIALECT: Dialect = Dialect { id: "caffe", name: "Caffe", backends: &[], resolve, request, fields, code_line };

/// Fields with these defaults, left out of the layer.
const DEFAULTS: [(&str, DefaultArg); 4] = [
    ("stride", DefaultArg::Every(1)),
    ("pad", DefaultArg::Every(0)),
    ("dilation", DefaultArg::Every(1)),
    ("group", DefaultArg::Every(1)),
];

fn request(settings: &Settings) -> Request {
    let s = settings;
    let mut params = Params::new();
    params.set("num_output", Value::Int(s.channels_out));
    params.set("kernel_size", compact(s.kernel));
    params.set("stride", compact(s.stride));
    params.set("pad", symmetric(s).map(|p| compact(&p)).unwrap_or_else(|| padding_value(s, as_is)));
    params.set("dilation", compact(s.dilation));
    if s.groups != 1 {
        params.set("group", Value::Int(s.groups));
    }
    settings_request(Framework::Caffe, s, params)
}

fn fields(_op: Op) -> Vec<Field> {
    use FieldKey::*;
    vec![
        Field::new(ChannelsIn, "bottom channels", &[], "input channels"),
        Field::new(ChannelsOut, "num_output", &[], "output channels"),
        Field::new(Kernel, "kernel_size", &[], "or kernel_h / kernel_w"),
        Field::new(Stride, "stride", &[], "or stride_h / stride_w"),
        Field::new(Padding, "pad", &[], "or pad_h / pad_w; Caffe has no output_padding"),
        Field::new(Dilation, "dilation", &[], "kernel dilation"),
        Field::new(Groups, "group", &[], "channel groups"),
    ]
}

/// `layer { type: "Deconvolution" convolution_param { … } }`, a repeated field once per value.
fn code_line(settings: &Settings) -> String {
    let layer = match settings.op {
        Op::ConvTranspose => "Deconvolution",
        Op::Conv => "Convolution",
    };
    let fields: Vec<String> = request(settings)
        .params
        .entries
        .iter()
        .filter(|(name, value)| !DEFAULTS.iter().any(|(n, d)| n == name && d.is(value)))
        .flat_map(|(name, value)| match value {
            Value::List(items) => items.iter().map(|x| format!("{name}: {}", python(x))).collect(),
            other => vec![format!("{name}: {}", python(other))],
        })
        .collect();
    format!("layer {{ type: \"{layer}\" convolution_param {{ {} }} }}", fields.join(" "))
}
